/**
 * The owner-institution (ISIL) compaction of ISO 28560-2 Annex C: three character sets — upper case (5 bits),
 * lower case (5 bits), digits (4 bits) — switched with latch (stay) and shift (one character) codes, starting
 * in upper case, the last byte filled with "1" bits. Vector: "DE-Heu1" → 21 40 8E 16 BF 1F (Annex C.6.1).
 */
import { TagError } from '../types.ts';
import { BitReader, BitWriter } from '../bits.ts';

type CharSet = 'U' | 'L' | 'N';
const WIDTH: Record<CharSet, number> = { U: 5, L: 5, N: 4 };

const UPPER = '-ABCDEFGHIJKLMNOPQRSTUVWXYZ:';
const LOWER = '-abcdefghijklmnopqrstuvwxyz/';
const DIGIT = '0123456789-:';
const CHARS: Record<CharSet, string> = { U: UPPER, L: LOWER, N: DIGIT };

/** Control codes per set: latch/shift to each other set. */
const LATCH: Record<CharSet, Partial<Record<CharSet, number>>> = {
  U: { L: 28, N: 30 },
  L: { U: 28, N: 30 },
  N: { U: 12, L: 14 },
};
const SHIFT: Record<CharSet, Partial<Record<CharSet, number>>> = {
  U: { L: 29, N: 31 },
  L: { U: 29, N: 31 },
  N: { U: 13, L: 15 },
};

function setOf(c: string): CharSet | undefined {
  if (c >= '0' && c <= '9') return 'N';
  if (c >= 'A' && c <= 'Z') return 'U';
  if (c >= 'a' && c <= 'z') return 'L';
  if (c === '/') return 'L';
  if (c === ':') return 'U';
  return undefined;
}

const inSet = (s: CharSet, c: string | undefined): boolean => c !== undefined && CHARS[s].includes(c);

/** True when every character of `isil` has a code (ISIL characters: A–Z a–z 0–9 - / :). */
export function isIsilEncodable(isil: string): boolean {
  return [...isil].every((c) => c === '-' || setOf(c) !== undefined);
}

export function encodeIsil(isil: string): Uint8Array {
  if (!isIsilEncodable(isil))
    throw new TagError('refused', 'an ISIL may only hold A-Z, a-z, 0-9, "-", "/" and ":"', { length: isil.length });
  const w = new BitWriter();
  let cur: CharSet = 'U';
  const chars = [...isil];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (inSet(cur, c)) {
      w.write(CHARS[cur].indexOf(c), WIDTH[cur]);
      continue;
    }
    const target = setOf(c)!;
    // Annex C's rule: latch when the next character is in the new set too, shift for a single one.
    if (inSet(target, chars[i + 1])) {
      w.write(LATCH[cur][target]!, WIDTH[cur]);
      cur = target;
      w.write(CHARS[cur].indexOf(c), WIDTH[cur]);
    } else {
      w.write(SHIFT[cur][target]!, WIDTH[cur]);
      w.write(CHARS[target].indexOf(c), WIDTH[target]);
    }
  }
  return w.finish(0xff);
}

export function decodeIsil(data: Uint8Array): string {
  const r = new BitReader(data);
  let latched: CharSet = 'U';
  let shifted: CharSet | undefined;
  let out = '';
  for (;;) {
    const set: CharSet = shifted ?? latched;
    if (r.remaining < WIDTH[set]) break;
    const v = r.read(WIDTH[set]);
    shifted = undefined;
    const ch = CHARS[set][v];
    if (ch !== undefined) {
      out += ch;
      continue;
    }
    const latchTo: CharSet | undefined = (Object.keys(LATCH[set]) as CharSet[]).find((s) => LATCH[set][s] === v);
    const shiftTo: CharSet | undefined = (Object.keys(SHIFT[set]) as CharSet[]).find((s) => SHIFT[set][s] === v);
    if (latchTo) latched = latchTo;
    else if (shiftTo) shifted = shiftTo;
    else throw new TagError('corrupt', 'undefined ISIL code', { code: v });
  }
  return out;
}
