/**
 * UIDs: people write them MSB first ("E004015012345678"); the air carries them LSB first
 * (3M spec pass-thru example, libdanrfid; rfid-facts.md §1).
 */
import { ReaderError, type Uid } from './reader.ts';

const UID_RE = /^[0-9A-F]{16}$/;

/** Normalises (upper case) and validates a UID, or throws a typed error. */
export function normUid(uid: string): Uid {
  const u = uid.toUpperCase();
  if (!UID_RE.test(u)) throw new ReaderError('unsupported', `not a 64-bit UID: "${uid}"`, { uid });
  return u;
}

/** MSB-first hex → the 8 bytes as sent on the air (LSB first). */
export function uidToAir(uid: Uid): Uint8Array {
  const u = normUid(uid);
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[7 - i] = parseInt(u.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** 8 air bytes (LSB first) at `offset` → MSB-first hex. */
export function uidFromAir(bytes: Uint8Array, offset = 0): Uid {
  if (bytes.length < offset + 8) throw new ReaderError('frame', 'UID needs 8 bytes', { have: bytes.length - offset });
  let s = '';
  for (let i = 7; i >= 0; i--) s += bytes[offset + i]!.toString(16).padStart(2, '0');
  return s.toUpperCase();
}

/** The UID as a 64-bit number (bit 0 = first bit on the air), for mask comparisons. */
export function uidToBigInt(uid: Uid): bigint {
  return BigInt(`0x${normUid(uid)}`);
}

/** IC manufacturer code (ISO/IEC 7816-6): byte 2 of the MSB-first UID, after E0. 0x04 NXP, 0x07 TI. */
export function uidManufacturer(uid: Uid): number {
  return parseInt(normUid(uid).slice(2, 4), 16);
}

export const MFG_NXP = 0x04;
export const MFG_TI = 0x07;

/** TI Tag-it needs the option flag on writes and locks (TI S6350 guide p.39; PN5180-Library #32). */
export function needsOptionFlag(uid: Uid): boolean {
  return uidManufacturer(uid) === MFG_TI;
}
