/**
 * Call-number sort keys for shelf-order checking: Dewey (Koha's C4::ClassSortRoutine::Dewey algorithm, reconstructed
 * from its test vectors in rfid-vectors.md §G), Library of Congress (the normal form of Library::CallNumber::LC, tested
 * with its vectors), and a plain fallback (case-folded, digit runs zero-padded so "v.2" sorts before "v.10").
 * Keys compare with plain string comparison (< and >), which is what the order check needs at a million items.
 */
export type Scheme = 'dewey' | 'lc' | 'plain';

/** Dewey: the first digit group is the class; the decimal (the next digit group, when adjacent) is padded to 15 digits. */
export function deweyKey(callNumber: string, item = ''): string {
  let init = `${callNumber} ${item}`.toUpperCase().trim();
  init = init.replace(/\//g, ' ');
  init = init.replace(/^(\p{L}+)/u, '$1 ');
  const tokens = init.split(/\.|\s+/).filter((t) => t !== '');
  let groups = 0;
  let first = -1;
  for (let i = 0; i < tokens.length; i++) {
    if (!/^\d+$/.test(tokens[i]!)) continue;
    groups++;
    if (groups === 1) first = i;
    else {
      if (i - first === 1) tokens[i] = tokens[i]!.slice(0, 15).padEnd(15, '0');
      else tokens[first] += '_000000000000000';
      break;
    }
  }
  if (groups === 1) tokens[first] += '_000000000000000';
  return tokens.join('_').replace(/[^\p{L}\p{N}_]/gu, '');
}

const lcRe = /^([A-Z]{1,3})\s*(\d+)?(?:\.(\d+))?\s*(.*)$/;

/** Library of Congress: class letters, class number left-padded to 4 digits with its decimal appended, then cutters. */
export function lcKey(callNumber: string): string {
  const s = callNumber.toUpperCase().trim();
  const m = lcRe.exec(s);
  if (!m) return plainKey(s);
  const [, letters, num, dec, rest] = m;
  let key = letters!;
  if (num) key += num.padStart(4, '0') + (dec ?? '');
  const tail = (rest ?? '')
    .split(/[\s.]+/)
    .filter((t) => t !== '')
    .map((t) => t.replace(/[^A-Z0-9]/g, ''))
    .filter((t) => t !== '');
  return tail.length ? `${key} ${tail.join(' ')}` : key;
}

/** Fallback: upper case, punctuation to single spaces, digit runs padded to 9 digits. */
export function plainKey(callNumber: string): string {
  return callNumber
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(9, '0'));
}

export function sortKey(scheme: Scheme, callNumber: string): string {
  switch (scheme) {
    case 'dewey':
      return deweyKey(callNumber);
    case 'lc':
      return lcKey(callNumber);
    default:
      return plainKey(callNumber);
  }
}
