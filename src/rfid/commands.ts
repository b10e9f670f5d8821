/**
 * ISO/IEC 15693-3 command codes and request builders. A request here is what the reader puts on the air
 * minus SOF/EOF/CRC: flags, command, [IC mfg code for custom commands], [UID LSB first], parameters.
 * Sources: rfid-facts.md §1 (proxmark3 ISO15_CMD_*, FEIG manual ch.7, Flipper slix_i.h for NXP custom).
 */
import { BASE_FLAGS, InvFlag, ReqFlag } from './flags.ts';
import { ReaderError, type Uid } from './reader.ts';
import { MFG_NXP, uidToAir } from './uid.ts';

export const Cmd = {
  inventory: 0x01,
  stayQuiet: 0x02,
  readSingle: 0x20,
  writeSingle: 0x21,
  lockBlock: 0x22,
  readMultiple: 0x23,
  writeMultiple: 0x24,
  select: 0x25,
  resetToReady: 0x26,
  writeAfi: 0x27,
  lockAfi: 0x28,
  writeDsfid: 0x29,
  lockDsfid: 0x2a,
  systemInfo: 0x2b,
  securityStatus: 0x2c,
  // NXP ICODE custom commands (frame carries IC mfg code 0x04 after the command).
  nxpSetEas: 0xa2,
  nxpResetEas: 0xa3,
  nxpLockEas: 0xa4,
  nxpEasAlarm: 0xa5,
} as const;

export interface Addressing {
  /** Addressed to this UID (address flag + UID on the air). Absent = non-addressed. */
  uid?: Uid | undefined;
  /** Select flag: only the tag in the Selected state answers. */
  select?: boolean;
  /** Option flag (meaning depends on the command; TI Tag-it needs it for writes and locks). */
  option?: boolean | undefined;
}

function byteArg(name: string, v: number, max = 255): number {
  if (!Number.isInteger(v) || v < 0 || v > max)
    throw new ReaderError('unsupported', `${name} out of range: ${v}`, { [name]: v });
  return v;
}

/** Builds flags, cmd, [mfg], [UID], params. */
export function request(cmd: number, a: Addressing, params: ArrayLike<number> = [], mfg?: number): Uint8Array {
  if (a.uid !== undefined && a.select) throw new ReaderError('unsupported', 'address and select flags are exclusive');
  let flags = BASE_FLAGS;
  if (a.uid !== undefined) flags |= ReqFlag.address;
  if (a.select) flags |= ReqFlag.select;
  if (a.option) flags |= ReqFlag.option;
  const head = [flags, cmd];
  if (mfg !== undefined) head.push(mfg);
  const uid = a.uid !== undefined ? uidToAir(a.uid) : new Uint8Array(0);
  const out = new Uint8Array(head.length + uid.length + params.length);
  out.set(head);
  out.set(uid, head.length);
  out.set(Array.from(params), head.length + uid.length);
  return out;
}

export interface InventoryRequest {
  /** Only tags with this AFI answer; 0 = all (ISO 15693-3). */
  afi?: number | undefined;
  slots?: 1 | 16;
  /** Mask length in bits (0..64; at most 60 with 16 slots) and value (the UID's low bits). */
  maskLength?: number;
  mask?: bigint;
}

/** Inventory: flags, 01, [AFI], mask length, mask (ceil(len/8) bytes, LSB first). */
export function inventory(r: InventoryRequest = {}): Uint8Array {
  const slots = r.slots ?? 16;
  const len = r.maskLength ?? 0;
  if (!Number.isInteger(len) || len < 0 || len > (slots === 16 ? 60 : 64)) {
    throw new ReaderError('unsupported', `mask length out of range: ${len}`);
  }
  let flags = BASE_FLAGS | ReqFlag.inventory;
  if (slots === 1) flags |= InvFlag.oneSlot;
  const out = [flags, Cmd.inventory];
  if (r.afi !== undefined) {
    out[0]! |= InvFlag.afi;
    out.push(byteArg('afi', r.afi));
  }
  out.push(len);
  let mask = r.mask ?? 0n;
  for (let i = 0; i < Math.ceil(len / 8); i++) {
    out.push(Number(mask & 0xffn));
    mask >>= 8n;
  }
  return Uint8Array.from(out);
}

export const stayQuiet = (uid: Uid): Uint8Array => request(Cmd.stayQuiet, { uid });
export const select = (uid: Uid): Uint8Array => request(Cmd.select, { uid });
export const resetToReady = (a: Addressing = {}): Uint8Array => request(Cmd.resetToReady, a);

export function readSingle(a: Addressing, block: number): Uint8Array {
  return request(Cmd.readSingle, a, [byteArg('block', block)]);
}

export function writeSingle(a: Addressing, block: number, data: Uint8Array): Uint8Array {
  if (data.length < 1 || data.length > 32)
    throw new ReaderError('unsupported', `block size ${data.length} not supported`);
  return request(Cmd.writeSingle, a, [byteArg('block', block), ...data]);
}

export function lockBlock(a: Addressing, block: number): Uint8Array {
  return request(Cmd.lockBlock, a, [byteArg('block', block)]);
}

/** Read Multiple: first block, then count − 1 (the standard's encoding). */
export function readMultiple(a: Addressing, first: number, count: number): Uint8Array {
  return request(Cmd.readMultiple, a, [byteArg('block', first), byteArg('count', count - 1)]);
}

export function writeMultiple(a: Addressing, first: number, count: number, data: Uint8Array): Uint8Array {
  return request(Cmd.writeMultiple, a, [byteArg('block', first), byteArg('count', count - 1), ...data]);
}

export const writeAfi = (a: Addressing, afi: number): Uint8Array => request(Cmd.writeAfi, a, [byteArg('afi', afi)]);
export const lockAfi = (a: Addressing): Uint8Array => request(Cmd.lockAfi, a);
export const writeDsfid = (a: Addressing, dsfid: number): Uint8Array =>
  request(Cmd.writeDsfid, a, [byteArg('dsfid', dsfid)]);
export const lockDsfid = (a: Addressing): Uint8Array => request(Cmd.lockDsfid, a);
export const systemInfo = (a: Addressing): Uint8Array => request(Cmd.systemInfo, a);

/** Get Multiple Block Security Status: first, count − 1 (Flipper iso15693_3_poller_i.c). */
export function securityStatus(a: Addressing, first: number, count: number): Uint8Array {
  return request(Cmd.securityStatus, a, [byteArg('block', first), byteArg('count', count - 1)]);
}

/** NXP ICODE custom commands: flags, cmd, 0x04, [UID], params. */
export const nxpSetEas = (a: Addressing): Uint8Array => request(Cmd.nxpSetEas, a, [], MFG_NXP);
export const nxpResetEas = (a: Addressing): Uint8Array => request(Cmd.nxpResetEas, a, [], MFG_NXP);
export const nxpLockEas = (a: Addressing): Uint8Array => request(Cmd.nxpLockEas, a, [], MFG_NXP);
export const nxpEasAlarm = (a: Addressing = {}): Uint8Array => request(Cmd.nxpEasAlarm, a, [], MFG_NXP);
