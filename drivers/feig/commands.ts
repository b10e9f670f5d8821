/**
 * FEIG ISO-Host commands: request bodies and response parsers (rfid-facts.md §2 "FEIG"; FEIG FEDM ISC SDK
 * request templates: [B0] MODE byte b7 MORE, b4 ANT, b3 SEC, b0..2 ADR (0 non-addressed, 1 addressed, 2 selected);
 * [B1] CMD, MODE, MFR, UID).
 *
 * Our reading where the sources are silent (marked RECON in rfid-vectors terms; the emulator follows the same):
 *  - Inventory AFI: MODE b4 set on an inventory = an AFI byte follows (FEDM has a REQ_AFI field, CPR.M02 none).
 *    Antennas are switched with [6A] instead of MODE b4 ANT (which FEDM marks "only for ISC.M02.M8").
 *  - Block data is sent LSB byte first within each block, as CPRM02.pm reverses every block.
 *  - Get System Info data: DSFID, UID(8, MSB first), AFI, MEM-SIZE (block size−1, blocks−1), IC-REF.
 */
import { ReaderError, type InventoryTag, type SystemInfo, type Uid } from '../../src/rfid/reader.ts';
import { tagErrorName } from '../../src/rfid/errors.ts';
import { normUid } from '../../src/rfid/uid.ts';
import type { FeigFrame } from './frame.ts';

export const Cmd = {
  rfReset: 0x69,
  rfOnOff: 0x6a,
  setOutputs: 0x71,
  softwareVersion: 0x65,
  isoHost: 0xb0,
  custom: 0xb1,
} as const;

export const IsoCmd = {
  inventory: 0x01,
  lockBlocks: 0x22,
  readBlocks: 0x23,
  writeBlocks: 0x24,
  writeAfi: 0x27,
  lockAfi: 0x28,
  writeDsfid: 0x29,
  systemInfo: 0x2b,
} as const;

export const NxpCmd = { setEas: 0xa2, resetEas: 0xa3, easAlarm: 0xa5 } as const;
export const MFR_NXP = 0x04;

export const Mode = { more: 0x80, afi: 0x10, sec: 0x08, addressed: 0x01 } as const;

/** ISO 15693 transponder type in inventory data sets. */
export const TR_TYPE_ISO15693 = 0x03;

export const Status = {
  ok: 0x00,
  noTransponder: 0x01,
  dataFalse: 0x02,
  writeError: 0x03,
  addressError: 0x04,
  wrongType: 0x05,
  generalError: 0x0e,
  unknownCommand: 0x80,
  lengthError: 0x81,
  notInScanMode: 0x82,
  rfCommError: 0x83,
  rfWarning: 0x84,
  noValidData: 0x90,
  bufferOverflow: 0x93,
  moreData: 0x94,
  isoError: 0x95,
} as const;

const STATUS_NAMES: Record<number, string> = Object.fromEntries(Object.entries(Status).map(([k, v]) => [v, k]));
export const statusName = (s: number): string => STATUS_NAMES[s] ?? `status 0x${s.toString(16).padStart(2, '0')}`;

/** A request before framing: command byte and its data. */
export interface FeigRequest {
  cmd: number;
  body: Uint8Array;
}

function byteArg(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 255) throw new ReaderError('unsupported', `${name} out of range: ${v}`);
  return v;
}

/** UID as FEIG sends it: MSB first, the way it is written (unlike the air, which is LSB first). */
export function uidBytes(uid: Uid): Uint8Array {
  return Uint8Array.from(Buffer.from(normUid(uid), 'hex'));
}

export function uidFromBytes(b: Uint8Array, offset: number): Uid {
  return Buffer.from(b.subarray(offset, offset + 8))
    .toString('hex')
    .toUpperCase();
}

const req = (cmd: number, body: ArrayLike<number>): FeigRequest => ({ cmd, body: Uint8Array.from(body) });
const iso = (isoCmd: number, mode: number, uid: Uid | undefined, params: ArrayLike<number> = []): FeigRequest =>
  req(Cmd.isoHost, [
    isoCmd,
    mode | (uid !== undefined ? Mode.addressed : 0),
    ...(uid !== undefined ? uidBytes(uid) : []),
    ...Array.from(params),
  ]);

export const inventory = (o: { afi?: number | undefined; more?: boolean } = {}): FeigRequest =>
  req(Cmd.isoHost, [
    IsoCmd.inventory,
    (o.more ? Mode.more : 0) | (o.afi ? Mode.afi : 0),
    ...(o.afi ? [byteArg('afi', o.afi)] : []),
  ]);

export const readBlocks = (uid: Uid, first: number, count: number): FeigRequest =>
  iso(IsoCmd.readBlocks, 0, uid, [byteArg('first block', first), byteArg('block count', count)]);

/** Write Multiple: DB-ADR, DB-N, DB-SIZE, then each block LSB byte first. */
export function writeBlocks(uid: Uid, first: number, blockSize: number, data: Uint8Array): FeigRequest {
  if (blockSize < 1 || data.length === 0 || data.length % blockSize !== 0)
    throw new ReaderError('unsupported', `data length ${data.length} is not a multiple of the block size ${blockSize}`);
  const n = data.length / blockSize;
  return iso(IsoCmd.writeBlocks, 0, uid, [
    byteArg('first block', first),
    byteArg('block count', n),
    byteArg('block size', blockSize),
    ...swapBlocks(data, blockSize),
  ]);
}

export const lockBlocks = (uid: Uid, first: number, count: number): FeigRequest =>
  iso(IsoCmd.lockBlocks, 0, uid, [byteArg('block', first), byteArg('block count', count)]);
export const writeAfi = (uid: Uid, afi: number): FeigRequest => iso(IsoCmd.writeAfi, 0, uid, [byteArg('afi', afi)]);
export const lockAfi = (uid: Uid): FeigRequest => iso(IsoCmd.lockAfi, 0, uid);
export const writeDsfid = (uid: Uid, dsfid: number): FeigRequest =>
  iso(IsoCmd.writeDsfid, 0, uid, [byteArg('dsfid', dsfid)]);
export const systemInfo = (uid: Uid): FeigRequest => iso(IsoCmd.systemInfo, 0, uid);

/** [B1] NXP custom command: CMD, MODE, MFR 0x04, [UID]. */
export const nxp = (nxpCmd: number, uid?: Uid): FeigRequest =>
  req(Cmd.custom, [
    nxpCmd,
    uid !== undefined ? Mode.addressed : 0,
    MFR_NXP,
    ...(uid !== undefined ? uidBytes(uid) : []),
  ]);

export const rfReset = (): FeigRequest => req(Cmd.rfReset, []);
/** [6A] RF-OUTPUT: 0 = field off, n = field on at antenna n. */
export const rfOnOff = (output: number): FeigRequest => req(Cmd.rfOnOff, [byteArg('rf output', output)]);
/** [71] Set Outputs (CPR form): OS = output bits (b0 LED green, b1 LED red, b2 buzzer), OS-TIME ×100 ms. */
export const setOutputs = (os: number, timeX100ms: number): FeigRequest =>
  req(Cmd.setOutputs, [byteArg('os', os), (timeX100ms >> 8) & 0xff, timeX100ms & 0xff]);
export const softwareVersion = (): FeigRequest => req(Cmd.softwareVersion, []);

/** Reverses the bytes of every block (FEIG block byte order ↔ memory order); its own inverse. */
export function swapBlocks(data: Uint8Array, blockSize: number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let b = 0; b < data.length; b += blockSize)
    for (let i = 0; i < blockSize; i++) out[b + i] = data[b + blockSize - 1 - i] ?? 0;
  return out;
}

// ---- responses ----

/** Splits STATUS from the data. */
export function statusOf(f: FeigFrame): { status: number; data: Uint8Array } {
  if (f.body.length < 1) throw new ReaderError('frame', `FEIG response [${f.cmd.toString(16)}] without status`);
  return { status: f.body[0]!, data: f.body.subarray(1) };
}

/** Turns a non-OK status into the typed error a caller switches on. */
export function statusError(status: number, data: Uint8Array, cmd: number): ReaderError {
  const info = { status, cmd };
  switch (status) {
    case Status.noTransponder:
      return new ReaderError('no_tag', 'no transponder answered', info);
    case Status.isoError: {
      const code = data[0];
      if (code === undefined) return new ReaderError('frame', 'ISO error status without the ISO error code', info);
      return new ReaderError('tag_error', `tag error 0x${code.toString(16).padStart(2, '0')}: ${tagErrorName(code)}`, {
        ...info,
        tagError: code,
      });
    }
    case Status.rfCommError:
      // Garbled air reply: with an addressed command this is most often two tags answering at once.
      return new ReaderError('collision', 'RF communication error (collision or noise)', info);
    default:
      return new ReaderError('reader_error', `reader status ${statusName(status)}`, {
        ...info,
        ...(status === Status.writeError && data.length > 0 ? { errorBlock: data[0] } : {}),
      });
  }
}

/** Data of an OK response; throws the status error otherwise. */
export function expectOk(f: FeigFrame, extraOk: number[] = []): Uint8Array {
  const { status, data } = statusOf(f);
  if (status !== Status.ok && !extraOk.includes(status)) throw statusError(status, data, f.cmd);
  return data;
}

/** Inventory: status 00 / 94 (more) with DATA-SETS and per set TR-TYPE, DSFID, UID; 01 = none. */
export function parseInventory(f: FeigFrame): { tags: InventoryTag[]; more: boolean } {
  const { status, data } = statusOf(f);
  if (status === Status.noTransponder) return { tags: [], more: false };
  if (status !== Status.ok && status !== Status.moreData) throw statusError(status, data, f.cmd);
  const n = data[0];
  if (n === undefined) throw new ReaderError('frame', 'inventory response without DATA-SETS');
  if (data.length !== 1 + n * 10)
    throw new ReaderError('frame', `inventory: ${n} data sets need ${1 + n * 10} bytes, got ${data.length}`);
  const tags: InventoryTag[] = [];
  for (let i = 0; i < n; i++) {
    const o = 1 + i * 10;
    if (data[o] !== TR_TYPE_ISO15693) continue; // other transponder types are not ours to report
    tags.push({ dsfid: data[o + 1]!, uid: uidFromBytes(data, o + 2) });
  }
  return { tags, more: status === Status.moreData };
}

/** Read Multiple: DB-N, DB-SIZE, blocks (LSB first each). Returns memory-order bytes. */
export function parseReadBlocks(f: FeigFrame, count: number): { data: Uint8Array; blockSize: number } {
  const data = expectOk(f);
  const n = data[0];
  const size = data[1];
  if (n === undefined || size === undefined) throw new ReaderError('frame', 'read response without DB-N/DB-SIZE');
  if (n !== count || size < 1 || data.length !== 2 + n * size)
    throw new ReaderError(
      'frame',
      `read response: ${n} blocks of ${size} bytes in ${data.length - 2} bytes, asked ${count}`,
    );
  return { data: swapBlocks(data.subarray(2), size), blockSize: size };
}

export function parseSystemInfo(f: FeigFrame): SystemInfo {
  const d = expectOk(f);
  if (d.length !== 13) throw new ReaderError('frame', `system info needs 13 data bytes, got ${d.length}`);
  return {
    dsfid: d[0]!,
    uid: uidFromBytes(d, 1),
    afi: d[9]!,
    blockSize: (d[10]! & 0x1f) + 1,
    blockCount: d[11]! + 1,
    icReference: d[12]!,
  };
}

/** [65] data: SW-REV(2), D-REV, HW-TYPE, SW-TYPE, TR-TYPE(2) (rfid-vectors §C `0D 00 65 00 03 03 00 44 53 0D 30 33 09`). */
export function parseSoftwareVersion(f: FeigFrame): {
  firmware: string;
  hwType: number;
  swType: number;
  trType: number;
} {
  const d = expectOk(f);
  if (d.length < 5) throw new ReaderError('frame', `software version needs 5+ data bytes, got ${d.length}`);
  return {
    firmware: `${d[0]!}.${d[1]!}.${d[2]!}`,
    hwType: d[3]!,
    swType: d[4]!,
    trType: d.length >= 7 ? (d[5]! << 8) | d[6]! : 0,
  };
}
