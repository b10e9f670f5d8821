/** ISO/IEC 15693-3 response error codes (rfid-facts.md §1; FEIG manual Annex C1 lists the same). */
export const TagErrorCode = {
  notSupported: 0x01,
  notRecognised: 0x02,
  optionNotSupported: 0x03,
  unknown: 0x0f,
  blockUnavailable: 0x10,
  alreadyLocked: 0x11,
  locked: 0x12,
  programFailed: 0x13,
  lockFailed: 0x14,
} as const;

const NAMES: Record<number, string> = {
  0x01: 'command not supported',
  0x02: 'command not recognised',
  0x03: 'option not supported',
  0x0f: 'unknown error',
  0x10: 'block not available',
  0x11: 'block already locked',
  0x12: 'block locked, content cannot change',
  0x13: 'block not programmed',
  0x14: 'block not locked',
};

/** Human name of an ISO 15693 error code; A0–DF are manufacturer custom codes. */
export function tagErrorName(code: number): string {
  const n = NAMES[code];
  if (n) return n;
  if (code >= 0xa0 && code <= 0xdf) return `custom error 0x${code.toString(16).toUpperCase()}`;
  return `reserved error 0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
}

/** Errors that mean "this can never succeed", so retrying is pointless. */
export function isPermanentTagError(code: number): boolean {
  return code === 0x01 || code === 0x02 || code === 0x03 || code === 0x10 || code === 0x11 || code === 0x12;
}
