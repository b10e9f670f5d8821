/**
 * 3M 810 / Model 210 command builders and reply parsers (rfid-facts.md §2, rfid-vectors.md §B). Pure: no I/O.
 * UIDs travel MSB first here (E0 04 ... as printed), unlike the ISO air interface.
 * Reply layouts follow the traffic recorded by dpavlin/Biblio-RFID `3M810.pm` and dpavlin/koha-rfid-go `reader.go`:
 * `CMD | status | UID | ...`. Where no capture exists (check EAS, EAS control, pass-through reply prefix) the layout
 * is our reading of the spec templates in §B4 and is marked as such.
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

export const STATUS = {
  ok: 0x00,
  notImplemented: 0x02,
  noTag: 0x06,
  memNotAvailable: 0x11,
  locked: 0x12,
  notRead: 0x15,
  notWritten: 0x16,
  notSupported: 0x30,
  paramError: 0x32,
} as const;

/** Reader status byte → ReaderError (3M spec error table: rfid-facts.md §2). */
export function statusError(cmd: number, status: number): ReaderError | undefined {
  if (status === STATUS.ok) return undefined;
  const d = { cmd, status };
  if (status === STATUS.noTag) return new ReaderError('no_tag', '3M: no transponder', d);
  if (status === STATUS.notImplemented || status === STATUS.notSupported || status === 0x31)
    return new ReaderError('unsupported', '3M: command or option not supported', d);
  if (status === STATUS.memNotAvailable)
    return new ReaderError('tag_error', '3M: memory not available', { ...d, tagError: 0x10 });
  if (status === STATUS.locked) return new ReaderError('tag_error', '3M: block locked', { ...d, tagError: 0x12 });
  // "Not read": the reader heard an answer it could not decode, which is what several tags answering looks like.
  if (status === STATUS.notRead) return new ReaderError('collision', '3M: tag not read (garbled answer)', d);
  if (status === STATUS.notWritten)
    return new ReaderError('tag_error', '3M: block not written', { ...d, tagError: 0x13 });
  // 21–23 = ISO errors 1–3 (not supported, not recognised, option not supported).
  if (status >= 0x21 && status <= 0x23)
    return new ReaderError('tag_error', '3M: ISO error', { ...d, tagError: status - 0x20 });
  return new ReaderError('reader_error', `3M: status 0x${status.toString(16).padStart(2, '0')}`, d);
}

const u = (...b: number[]): Uint8Array => Uint8Array.from(b);
const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

function checkUid(uid: Uint8Array): Uint8Array {
  if (uid.length !== 8) throw new ReaderError('unsupported', `3M: UID must be 8 bytes, got ${uid.length}`);
  return uid;
}
function byte(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 255) throw new ReaderError('unsupported', `3M: ${name} out of range: ${v}`);
  return v;
}

/** Version probe `D5 00 05 04 00 11 8C 66` (§B2). */
export const versionProbe = (): Uint8Array => encodeFrame(0x04, u(0x00, CMD.version), START_PROBE);
/** Init sent after the probe by Biblio-RFID (§B2): `13 04 01 00 02 00 03 00 04 00`. */
export const init = (): Uint8Array => encodeFrame(CMD.init, u(0x04, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00));
/** Inventory FE: `AFI | options` (rfid-facts.md §2 "FE inventory(AFI, options)"); options 0x07 as Helsinki (§B2). */
export const inventory = (afi = 0): Uint8Array => encodeFrame(CMD.inventory, u(byte('afi', afi), 0x07));
/** Read Multiblock `UID | first | count` (§B4 template `D6 00 0D 02 <UID> 00 02`). */
export const readMulti = (uid: Uint8Array, first: number, count: number): Uint8Array =>
  encodeFrame(CMD.readMulti, cat(checkUid(uid), u(byte('first', first), byte('count', count))));
/** Write Multiblock `UID | first | count | 00 | data` (§B4 template `D6 00 16 04 <UID> 00 02 00 …`). */
export const writeMulti = (uid: Uint8Array, first: number, count: number, data: Uint8Array): Uint8Array =>
  encodeFrame(CMD.writeMulti, cat(checkUid(uid), u(byte('first', first), byte('count', count), 0x00), data));
export const writeAfi = (uid: Uint8Array, afi: number): Uint8Array =>
  encodeFrame(CMD.writeAfi, cat(checkUid(uid), u(byte('afi', afi))));
export const getAfi = (uid: Uint8Array): Uint8Array => encodeFrame(CMD.getAfi, checkUid(uid));
export const lockAfi = (uid: Uint8Array): Uint8Array => encodeFrame(CMD.lockAfi, checkUid(uid));
export const checkEas = (uid: Uint8Array): Uint8Array => encodeFrame(CMD.checkEas, checkUid(uid));
export const easControl = (uid: Uint8Array, on: boolean): Uint8Array =>
  encodeFrame(CMD.easControl, cat(checkUid(uid), u(on ? 0x01 : 0x00)));

/** The two parameter words of the spec's pass-through example (`00 06 00 00`), sent as they are. */
export const PASS_PARAMS = u(0x00, 0x06, 0x00, 0x00);
/** ISO pass-through `14 | len(2) | 00 06 00 00 | ISO frame` (§B4); the reader adds the ISO CRC. */
export function passThrough(iso: Uint8Array): Uint8Array {
  if (iso.length < 2 || iso.length > 64) throw new ReaderError('unsupported', `3M: ISO frame length ${iso.length}`);
  return encodeFrame(CMD.isoPassThrough, cat(u(iso.length >> 8, iso.length & 0xff), PASS_PARAMS, iso));
}

/** Checks the reply's command and status; returns the fields after the status byte. */
export function replyBody(f: Frame, cmd: number): Uint8Array {
  if (f.cmd !== cmd || f.fields.length < 1)
    throw new ReaderError('frame', `3M: reply to 0x${cmd.toString(16)} expected, got 0x${f.cmd.toString(16)}`, {
      cmd: f.cmd,
    });
  const err = statusError(cmd, f.fields[0]!);
  if (err) throw err;
  return f.fields.subarray(1);
}

function expectUid(body: Uint8Array, uid: Uint8Array, what: string): void {
  if (body.length < 8 || !Buffer.from(body.subarray(0, 8)).equals(Buffer.from(uid)))
    throw new ReaderError('frame', `3M: ${what} reply for another UID`);
}

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

/** Read reply `02 00 | UID | count | (block# LE16, data) x count` (Biblio-RFID read_blocks). Returns the data. */
export function parseRead(f: Frame, uid: Uint8Array, first: number, count: number): Uint8Array {
  const body = replyBody(f, CMD.readMulti);
  expectUid(body, uid, 'read');
  const n = body[8];
  const rest = body.length - 9;
  if (n !== count || rest <= 0 || rest % count !== 0 || rest / count < 3 || rest / count > 34)
    throw new ReaderError('frame', `3M: read of ${count} block(s) returned ${n ?? 0} / ${rest} bytes`);
  const stride = rest / count;
  const out = new Uint8Array(count * (stride - 2));
  for (let i = 0; i < count; i++) {
    const p = 9 + i * stride;
    const nr = body[p]! | (body[p + 1]! << 8);
    if (nr !== first + i) throw new ReaderError('frame', `3M: block ${nr} where ${first + i} was expected`);
    out.set(body.subarray(p + 2, p + stride), i * (stride - 2));
  }
  return out;
}

/** Acknowledgement `CMD 00 | UID [| extra]` for write, AFI, lock and EAS control. */
export function parseAck(f: Frame, cmd: number, uid: Uint8Array): Uint8Array {
  const body = replyBody(f, cmd);
  expectUid(body, uid, `0x${cmd.toString(16)}`);
  return body.subarray(8);
}

/** Get AFI reply `0A 00 | UID | AFI` (koha-rfid-go ReadAfi: resp[10]). */
export function parseGetAfi(f: Frame, uid: Uint8Array): number {
  const extra = parseAck(f, CMD.getAfi, uid);
  if (extra.length !== 1) throw new ReaderError('frame', '3M: get AFI reply length');
  return extra[0]!;
}

/** Check EAS reply `03 00 | UID | state` (our reading of spec §7.13: state 01 = EAS set). */
export function parseCheckEas(f: Frame, uid: Uint8Array): boolean {
  const extra = parseAck(f, CMD.checkEas, uid);
  if (extra.length !== 1) throw new ReaderError('frame', '3M: check EAS reply length');
  return extra[0] === 0x01;
}

/**
 * Pass-through reply: status, then the tag's ISO response preceded by its 2-byte length (spec example
 * `… 83 00 05 00 55 55 55 55`). The bytes between status and length are not documented, so the length is found
 * as the first position where it matches the rest exactly. null = no tag answered.
 */
export function parsePassThrough(f: Frame): { response: Uint8Array | null; collision: boolean } {
  if (f.cmd !== CMD.isoPassThrough || f.fields.length < 1) throw new ReaderError('frame', '3M: bad pass-through reply');
  const status = f.fields[0]!;
  if (status === STATUS.noTag) return { response: null, collision: false };
  if (status === STATUS.notRead) return { response: null, collision: true };
  const err = statusError(CMD.isoPassThrough, status);
  if (err) throw err;
  const fl = f.fields;
  for (let p = 1; p + 2 <= fl.length; p++) {
    const len = (fl[p]! << 8) | fl[p + 1]!;
    if (len > 0 && len === fl.length - p - 2) return { response: fl.slice(p + 2), collision: false };
  }
  throw new ReaderError('frame', '3M: pass-through reply without a matching length');
}

/** Version reply fields `00 11 a b c d` → "a.b.c.d" (§B2: 0A 05 02 1B → 10.5.2.27). */
export function parseVersion(f: Frame): string {
  if (f.fields.length < 6 || f.fields[1] !== CMD.version)
    throw new ReaderError('frame', '3M: bad version reply', { raw: f.raw });
  return [...f.fields.subarray(2, 6)].join('.');
}
