/**
 * ISO 28560-3 (Danish data model) basic block, 32-byte ("truncated") form:
 *   0 version (hi nibble) | type of usage (lo)   1 parts in item   2 part number   3–18 primary item id (NUL-padded)
 *   19–20 CRC-16/CCITT-FALSE, LSB first, over bytes 0–18 and 21–33 (missing bytes as zero)
 *   21–22 country (ISO 3166)   23–31 (or 23–33 on a full 34-byte block) ISIL library part
 * Some encoders swap bytes 1 and 2 (ThWildau, pyrfidgeek's writer): a part number above the parts count is read
 * the other way round. Some readers store the CRC byte-swapped (libdanrfid accepts both): so do we.
 * Vector E1: 11 01 01 "11223344"… 51 3E "DE" "705" → CRC 0x3E51.
 */
import { TagError, type ItemData, type ItemInput } from './types.ts';

export function crc16CcittFalse(data: Uint8Array): number {
  let crc = 0xffff;
  for (const b of data) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The CRC of a basic block: bytes 0–18 and 21..libraryEnd, zero-filled to 32 bytes. */
export function basicBlockCrc(bytes: Uint8Array, libraryEnd = 34): number {
  const buf = new Uint8Array(32);
  buf.set(bytes.subarray(0, 19));
  buf.set(bytes.subarray(21, Math.min(libraryEnd, bytes.length)), 19);
  return crc16CcittFalse(buf);
}

const ascii = (b: Uint8Array): string => String.fromCharCode(...b).replace(/\0+$/, '');
const printable = (s: string): boolean => /^[\x20-\x7e]*$/.test(s);

/** Whether the stored CRC matches (either byte order, 34- or 32-byte block). */
export function crcMatches(bytes: Uint8Array): boolean {
  if (bytes.length < 32) return false;
  const stored = [bytes[19]! | (bytes[20]! << 8), (bytes[19]! << 8) | bytes[20]!];
  return [34, 32].some((end) => stored.includes(basicBlockCrc(bytes, end)));
}

export function decode28560_3(bytes: Uint8Array): ItemData {
  if (bytes.length < 32)
    throw new TagError('corrupt', 'an ISO 28560-3 basic block needs 32 bytes', { length: bytes.length });
  if (!crcMatches(bytes)) throw new TagError('corrupt', 'ISO 28560-3 CRC mismatch');
  let parts = bytes[1]!;
  let part = bytes[2]!;
  const swapped = part > parts;
  if (swapped) [parts, part] = [part, parts];
  const id = ascii(bytes.subarray(3, 19));
  const country = ascii(bytes.subarray(21, 23));
  const library = ascii(bytes.subarray(23, Math.min(bytes.length, 34)));
  if (!id || !printable(id) || !printable(country) || !printable(library) || id.includes('\0'))
    throw new TagError('corrupt', 'ISO 28560-3 fields are not text');
  const other: Record<string, unknown> = { version: bytes[0]! >> 4 };
  if (swapped) other['partOrderSwapped'] = true;
  return {
    model: '28560-3',
    primaryItemId: id,
    ownerLibrary: country && library ? `${country}-${library}` : country || undefined,
    partsInItem: parts === 0 ? 1 : parts,
    partNumber: part === 0 ? 1 : part,
    typeOfUsage: bytes[0]! & 0x0f,
    other,
  };
}

export function encode28560_3(item: ItemInput & { typeOfUsage: number }): Uint8Array {
  const id = item.primaryItemId;
  if (!printable(id)) throw new TagError('refused', 'ISO 28560-3 item identifiers are ASCII text');
  if (id.length > 16) throw new TagError('too_large', 'ISO 28560-3 holds at most 16 characters of item identifier');
  const parts = item.partsInItem ?? 1;
  const part = item.partNumber ?? 1;
  if (parts > 255 || part > parts || part < 1) throw new TagError('refused', 'part number out of range');
  let country = '';
  let library = '';
  if (item.ownerLibrary) {
    const m = /^([A-Za-z]{2})-([\x21-\x7e]{1,11})$/.exec(item.ownerLibrary);
    if (!m) throw new TagError('refused', 'ISO 28560-3 needs an ISIL with a 2-letter country prefix (e.g. DK-710100)');
    country = m[1]!;
    library = m[2]!;
  }
  // 32 bytes unless the library part needs the full 34-byte basic block.
  const out = new Uint8Array(library.length > 9 ? 34 : 32);
  out[0] = 0x10 | (item.typeOfUsage & 0x0f);
  out[1] = parts;
  out[2] = part;
  for (let i = 0; i < id.length; i++) out[3 + i] = id.charCodeAt(i);
  for (let i = 0; i < country.length; i++) out[21 + i] = country.charCodeAt(i);
  for (let i = 0; i < library.length; i++) out[23 + i] = library.charCodeAt(i);
  const crc = basicBlockCrc(out);
  out[19] = crc & 0xff;
  out[20] = crc >> 8;
  return out;
}
