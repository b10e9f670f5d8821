/**
 * The generic compaction schemes of ISO/IEC 15962 (no-directory access method), as ISO 28560-2 uses them.
 * Codes are the precursor's bits 6–4 (rfid-facts.md §3). Every scheme is checked by a round trip before the
 * encoder may choose it, so a value the bit-packed schemes cannot hold unambiguously (a trailing character
 * equal to the pad pattern) falls through to the next scheme instead of decoding differently.
 */
import { TagError } from '../types.ts';
import { BitReader, BitWriter } from '../bits.ts';

export const COMPACTION = {
  applicationDefined: 0,
  integer: 1,
  numeric: 2,
  bit5: 3,
  bit6: 4,
  bit7: 5,
  octet: 6,
  utf8: 7,
} as const;
export type CompactionCode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const COMPACTION_NAMES = [
  'application-defined',
  'integer',
  'numeric',
  '5-bit',
  '6-bit',
  '7-bit',
  'octet',
  'utf-8',
] as const;

function corrupt(message: string, info?: Record<string, unknown>): TagError {
  return new TagError('corrupt', message, info);
}

function bigToBytes(n: bigint): Uint8Array {
  const out: number[] = [];
  do {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  return Uint8Array.from(out);
}

function bytesToBig(b: Uint8Array): bigint {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

/*
 * 5-, 6- and 7-bit codes. The 6-bit table is ISO/IEC 646 0x20–0x5F with the low six bits kept, except that
 * 0x21–0x27 carry EOT/FS/US or are reserved (ISO/IEC 15962 table, as in signum-savotta's decoder). 5-bit is
 * 0x40–0x5F (upper-case letters and [\]^_@), 7-bit is US-ASCII.
 * Padding: the spare bits of the last byte are "1" then "0"s — ISO 28560-2 Annex D encodes QA268.L55 in
 * 6-bit as 44 1C B6 E2 E3 35 D6, whose last two bits are "10".
 */
const SIX_BIT_CONTROL: Record<number, number> = { 33: 0x04, 35: 0x1c, 36: 0x1f };
const SIX_BIT_FROM_CHAR: Record<number, number> = { 0x04: 33, 0x1c: 35, 0x1f: 36 };

function charTo(width: 5 | 6 | 7, c: number): number | undefined {
  if (width === 5) return c >= 0x40 && c <= 0x5f ? c - 0x40 : undefined;
  if (width === 7) return c <= 0x7f ? c : undefined;
  if (c in SIX_BIT_FROM_CHAR) return SIX_BIT_FROM_CHAR[c];
  if (c >= 0x21 && c <= 0x27) return undefined;
  return c >= 0x20 && c <= 0x5f ? c & 0x3f : undefined;
}

function charFrom(width: 5 | 6 | 7, v: number): number {
  if (width === 5) return 0x40 + v;
  if (width === 7) return v;
  if (v >= 0x20) {
    const ctl = SIX_BIT_CONTROL[v];
    if (ctl !== undefined) return ctl;
    if (v > 0x20 && v <= 0x27) throw corrupt('reserved 6-bit code', { code: v });
    return v;
  }
  return 0x40 + v;
}

function packBits(value: string, width: 5 | 6 | 7): Uint8Array | undefined {
  const w = new BitWriter();
  for (const ch of value) {
    const v = charTo(width, ch.codePointAt(0)!);
    if (v === undefined) return undefined;
    w.write(v, width);
  }
  return w.finish(0x80);
}

function unpackBits(data: Uint8Array, width: 5 | 6 | 7): string {
  const r = new BitReader(data);
  const codes: number[] = [];
  while (r.remaining >= width) codes.push(r.read(width));
  // A whole slot of padding: the value would have needed the same bytes without it, and it is the pad pattern.
  const pad = 1 << (width - 1);
  if (
    codes.length > 0 &&
    codes[codes.length - 1] === pad &&
    Math.ceil(((codes.length - 1) * width) / 8) === data.length
  )
    codes.pop();
  return String.fromCharCode(...codes.map((v) => charFrom(width, v)));
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Compacts `value` with one scheme; undefined when the scheme cannot hold it. */
export function compact(value: string, code: CompactionCode): Uint8Array | undefined {
  switch (code) {
    case 1:
      // Integer: a decimal number without leading zeros, as an unsigned big-endian binary integer.
      return /^(0|[1-9][0-9]*)$/.test(value) ? bigToBytes(BigInt(value)) : undefined;
    case 2:
      // Numeric: digits with leading zeros kept by prefixing a "1" before the binary conversion.
      return /^[0-9]+$/.test(value) ? bigToBytes(BigInt(`1${value}`)) : undefined;
    case 3:
      return packBits(value, 5);
    case 4:
      return packBits(value, 6);
    case 5:
      return packBits(value, 7);
    case 6:
      return /^[\u0000-\u00ff]*$/.test(value) ? Uint8Array.from(value, (c) => c.charCodeAt(0)) : undefined;
    case 7:
      return new TextEncoder().encode(value);
    default:
      return undefined;
  }
}

/** Expands compacted data to its string; application-defined data comes back as hex. */
export function expand(data: Uint8Array, code: CompactionCode): string {
  switch (code) {
    case 0:
      return Buffer.from(data).toString('hex').toUpperCase();
    case 1:
      if (data.length === 0) throw corrupt('empty integer');
      return bytesToBig(data).toString();
    case 2: {
      const s = data.length === 0 ? '' : bytesToBig(data).toString();
      if (!s.startsWith('1') || s.length < 2) throw corrupt('numeric compaction without its leading 1');
      return s.slice(1);
    }
    case 3:
      return unpackBits(data, 5);
    case 4:
      return unpackBits(data, 6);
    case 5:
      return unpackBits(data, 7);
    case 6:
      return String.fromCharCode(...data);
    case 7:
      try {
        return utf8Decoder.decode(data);
      } catch {
        throw corrupt('invalid UTF-8');
      }
  }
}

const GENERIC: CompactionCode[] = [1, 2, 3, 4, 5, 6, 7];

/** The shortest scheme that holds `value` and reads back the same (ties go to the lower code). */
export function compactSmallest(value: string): { code: CompactionCode; bytes: Uint8Array } | undefined {
  let best: { code: CompactionCode; bytes: Uint8Array } | undefined;
  for (const code of GENERIC) {
    const bytes = compact(value, code);
    if (!bytes || (best && bytes.length >= best.bytes.length)) continue;
    if (expand(bytes, code) !== value) continue;
    best = { code, bytes };
  }
  // Undefined only for strings UTF-8 cannot carry either (lone surrogates).
  return best;
}
