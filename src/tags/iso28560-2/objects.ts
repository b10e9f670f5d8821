/**
 * Data objects of the ISO/IEC 15962 no-directory access method (DSFID 0x06): each is
 *   precursor [OID extension] [offset] length data [offset pad bytes]
 * precursor = offset flag (b7) | compaction (b6–4) | relative OID (b3–0, 15 = OID 15 + next byte);
 * length is an EBV-8 (7 bits per byte, b7 = more). A 0x00 precursor ends the data.
 * Vector (ISO 28560-2 Annex D.5): 91 00 05 1C BE 99 1A 14 = PII 123456789012, integer, offset 0.
 */
import { TagError } from '../types.ts';
import type { CompactionCode } from './compaction.ts';

export interface DataObject {
  oid: number;
  compaction: CompactionCode;
  data: Uint8Array;
  /** Pad bytes after the data (the offset byte is written only when set, even as 0). */
  offset?: number | undefined;
}

const corrupt = (message: string, info?: Record<string, unknown>) => new TagError('corrupt', message, info);

/** Lengths above this are not item data on an HF tag: treat as corrupt rather than allocate. */
const MAX_LENGTH = 0xffff;

export function parseObjects(bytes: Uint8Array): { objects: DataObject[]; end: number } {
  const objects: DataObject[] = [];
  let i = 0;
  const next = (what: string): number => {
    if (i >= bytes.length) throw corrupt(`data ends inside a data object (${what})`, { at: i });
    return bytes[i++]!;
  };
  while (i < bytes.length && bytes[i] !== 0x00) {
    const pre = next('precursor');
    let oid = pre & 0x0f;
    if (oid === 0x0f) oid = 15 + next('OID extension');
    const offset = pre & 0x80 ? next('offset') : undefined;
    let length = 0;
    for (let n = 0; ; n++) {
      const b = next('length');
      length = length * 128 + (b & 0x7f);
      if (!(b & 0x80)) break;
      if (n >= 2 || length > MAX_LENGTH) throw corrupt('length too large', { at: i });
    }
    if (i + length > bytes.length) throw corrupt('data ends inside a data object (data)', { at: i, length });
    const data = bytes.subarray(i, i + length);
    i += length + (offset ?? 0);
    if (i > bytes.length) throw corrupt('offset runs past the data', { offset });
    objects.push({ oid, compaction: ((pre >> 4) & 7) as CompactionCode, data, offset });
  }
  return { objects, end: i };
}

export function writeObject(o: DataObject): number[] {
  if (o.oid < 1 || o.oid > 15 + 255) throw new TagError('refused', 'relative OID out of range', { oid: o.oid });
  const out: number[] = [];
  out.push((o.offset !== undefined ? 0x80 : 0) | (o.compaction << 4) | Math.min(o.oid, 15));
  if (o.oid >= 15) out.push(o.oid - 15);
  if (o.offset !== undefined) out.push(o.offset);
  const len: number[] = [];
  let n = o.data.length;
  do {
    len.unshift(n & 0x7f);
    n = Math.floor(n / 128);
  } while (n > 0);
  for (let k = 0; k < len.length - 1; k++) len[k]! |= 0x80;
  out.push(...len, ...o.data);
  for (let k = 0; k < (o.offset ?? 0); k++) out.push(0);
  return out;
}
