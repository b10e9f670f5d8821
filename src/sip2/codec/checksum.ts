/**
 * AZ checksum: the 16-bit two's complement of the sum of the characters from the first one up to and including
 * "AZ", as 4 upper-case hex digits (sip2-facts.md "Error detection"). Which "characters" is ambiguous for non-ASCII
 * text, so verification tries the bytes on the wire first and the decoded code points second (quirk 3).
 */
export function checksumOf(units: Iterable<number>): string {
  let sum = 0;
  for (const u of units) sum = (sum + u) & 0xffff;
  return ((0x10000 - sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

function codePoints(s: string): number[] {
  return [...s].map((c) => c.codePointAt(0)!);
}

export type ChecksumResult = 'valid' | 'valid_codepoints' | 'invalid';

/**
 * Checks `digits` against the bytes before them (ending in "AZ") and, failing that, against the decoded text.
 * Lower-case hex is accepted (Evergreen does, [OBS] E6).
 */
export function verifyChecksum(bytesBefore: Uint8Array, textBefore: string, digits: string): ChecksumResult {
  const want = digits.toUpperCase();
  if (checksumOf(bytesBefore) === want) return 'valid';
  if (checksumOf(codePoints(textBefore)) === want) return 'valid_codepoints';
  return 'invalid';
}
