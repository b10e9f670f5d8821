/**
 * 3M 810 / Model 210 command builders and reply parsers (rfid-facts.md §2, rfid-vectors.md §B). Pure: no I/O.
 * UIDs travel MSB first here (E0 04 ... as printed), unlike the ISO air interface.
 */
import { ReaderError } from '../../src/rfid/reader.ts';
import { encodeFrame, START_PROBE, type Frame } from './frame.ts';

export const CMD = {
  quiet: 0x01,
  readMulti: 0x02,
  checkEas: 0x03,
  writeMulti: 0x04,
  lockAfi: 0x06,
  writeAfi: 0x09,
  getAfi: 0x0a,
  easControl: 0x0c,
  version: 0x11,
  init: 0x13,
  isoPassThrough: 0x14,
  inventory: 0xfe,
} as const;

/** Reader status byte → ReaderError code (3M spec error table). */
export function statusError(cmd: number, status: number): ReaderError | undefined {
  if (status === 0x00) return undefined;
  const d = { cmd, status };
  if (status === 0x06) return new ReaderError('no_tag', '3M: no transponder', d);
  if (status === 0x02) return new ReaderError('unsupported', '3M: command not implemented', d);
  if (status === 0x11) return new ReaderError('tag_error', '3M: memory not available', { ...d, tagError: 0x10 });
  if (status === 0x12) return new ReaderError('tag_error', '3M: block locked', { ...d, tagError: 0x12 });
  if (status === 0x15 || status === 0x16)
    return new ReaderError('tag_error', `3M: block not ${status === 0x15 ? 'read' : 'written'}`, {
      ...d,
      tagError: status === 0x15 ? 0x14 : 0x13,
    });
  if (status >= 0x21 && status <= 0x23) return new ReaderError('tag_error', '3M: ISO error', d);
  return new ReaderError('reader_error', `3M: status 0x${status.toString(16).padStart(2, '0')}`, d);
}

const u = (...b: number[]): Uint8Array => Uint8Array.from(b);
const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

function checkUid(uid: Uint8Array): Uint8Array {
  if (uid.length !== 8) throw new RangeError(`3M: UID must be 8 bytes, got ${uid.length}`);
  return uid;
}

/** Version probe `D5 00 05 04 00 11 8C 66` (§B2). */
export const versionProbe = (): Uint8Array => encodeFrame(0x04, u(0x00, CMD.version), START_PROBE);
/** Inventory FE: options 0x07 = UID+DSFID (§B2); AFI byte appended when filtering. */
export const inventory = (afi?: number): Uint8Array =>
  encodeFrame(CMD.inventory, afi === undefined ? u(0x00, 0x07) : u(0x00, 0x07, afi & 0xff));
export const readMulti = (uid: Uint8Array, first: number, count: number): Uint8Array =>
  encodeFrame(CMD.readMulti, cat(checkUid(uid), u(first & 0xff, count & 0xff)));
export const writeMulti = (uid: Uint8Array, first: number, count: number, data: Uint8Array): Uint8Array =>
  encodeFrame(CMD.writeMulti, cat(checkUid(uid), u(first & 0xff, count & 0xff), data));
export const writeAfi = (uid: Uint8Array, afi: number): Uint8Array =>
  encodeFrame(CMD.writeAfi, cat(checkUid(uid), u(afi)));
export const getAfi = (uid: Uint8Array): Uint8Array => encodeFrame(CMD.getAfi, checkUid(uid));
export const lockAfi = (uid: Uint8Array): Uint8Array => encodeFrame(CMD.lockAfi, checkUid(uid));
export const checkEas = (uid: Uint8Array): Uint8Array => encodeFrame(CMD.checkEas, checkUid(uid));
export const easControl = (uid: Uint8Array, on: boolean): Uint8Array =>
  encodeFrame(CMD.easControl, cat(checkUid(uid), u(on ? 0x01 : 0x00)));

/** Inventory reply fields: `ERR | 00 05 | count | UID(8) x count` (§B3). */
export function parseInventory(f: Frame): Uint8Array[] {
  if (f.cmd !== CMD.inventory || f.fields.length < 4)
    throw new ReaderError('frame', '3M: bad inventory reply', { raw: f.raw });
  const err = statusError(f.cmd, f.fields[0] ?? 0);
  if (err && err.code !== 'no_tag') throw err;
  const n = f.fields[3] ?? 0;
  if (f.fields.length !== 4 + 8 * n) throw new ReaderError('frame', '3M: inventory length mismatch', { raw: f.raw });
  return Array.from({ length: n }, (_, i) => f.fields.slice(4 + 8 * i, 12 + 8 * i));
}

/** Version reply fields `00 11 a b c d` → "a.b.c.d" (§B2: 0A 05 02 1B → 10.5.2.27). */
export function parseVersion(f: Frame): string {
  if (f.fields.length < 6 || f.fields[1] !== CMD.version)
    throw new ReaderError('frame', '3M: bad version reply', { raw: f.raw });
  return [...f.fields.subarray(2, 6)].join('.');
}
