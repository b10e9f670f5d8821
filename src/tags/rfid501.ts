/**
 * 3M "RFID501" alphanumeric tags (read only), layout from dpavlin/Biblio-RFID RFID501.pm:
 *   block 0: 04 | item-of-set (hi nibble) total (lo) | 00 | item type
 *   blocks 1–4: barcode, 16 bytes NUL-padded; block 5: branch (12 bits) | library (20 bits), big-endian;
 *   block 6: custom signed 32-bit integer; block 7: zero.
 * 3M manufacturing blank: six blocks of 55 55 55 55 then zeros.
 */
import { TagError, type ItemData } from './types.ts';

const ITEM_TYPES: Record<number, string> = {
  0: 'Other',
  1: 'Book',
  2: 'Magazine',
  3: 'Bound Journal',
  4: 'Audio Tape',
  5: 'Video',
  6: 'CD/CD ROM',
  7: 'Diskette',
  8: 'Book with Diskette',
  9: 'Book with CD/CD ROM',
  13: 'Book with Audio Tape',
};

export function is3mBlank(bytes: Uint8Array): boolean {
  if (bytes.length < 24) return false;
  for (let i = 0; i < 24; i++) if (bytes[i] !== 0x55) return false;
  return bytes.subarray(24, 28).every((b) => b === 0);
}

/** The block-0 signature and a text barcode: enough to try this model in auto-detection. */
export function looksLikeRfid501(bytes: Uint8Array): boolean {
  return bytes.length >= 24 && bytes[0] === 0x04 && bytes[2] === 0x00 && (bytes[1]! & 0x0f) > 0 && bytes[4] !== 0;
}

export function decodeRfid501(bytes: Uint8Array): ItemData {
  if (bytes.length < 24) throw new TagError('corrupt', 'an RFID501 tag needs 6 blocks', { length: bytes.length });
  if (bytes[0] !== 0x04 || bytes[2] !== 0x00) throw new TagError('unknown_model', 'not an RFID501 block 0');
  const raw = bytes.subarray(4, 20);
  const nul = raw.indexOf(0);
  const barcode = String.fromCharCode(...raw.subarray(0, nul < 0 ? 16 : nul));
  if (!barcode || !/^[\x20-\x7e]+$/.test(barcode)) throw new TagError('corrupt', 'RFID501 barcode is not text');
  if (nul >= 0 && raw.subarray(nul).some((b) => b !== 0)) throw new TagError('corrupt', 'RFID501 barcode padding');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const brLib = view.getUint32(20);
  const type = bytes[3]!;
  let item = bytes[1]! >> 4;
  let total = bytes[1]! & 0x0f;
  if (item === 0) item = 1;
  if (item > total) [item, total] = [total, item];
  const other: Record<string, unknown> = {
    itemType: type,
    branch: brLib >>> 20,
    library: brLib & 0xfffff,
  };
  const label = ITEM_TYPES[type];
  if (label) other['itemTypeLabel'] = label;
  if (bytes.length >= 28) other['custom'] = view.getInt32(24);
  return {
    model: 'rfid501',
    primaryItemId: barcode,
    ownerLibrary: undefined,
    partsInItem: total,
    partNumber: item,
    typeOfUsage: undefined,
    other,
  };
}
