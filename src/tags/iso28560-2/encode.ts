/**
 * ISO 28560-2 encoder: item-descriptive elements only (primary item identifier, content parameter, owner
 * institution ISIL, set information, type of usage, shelf location), each in its smallest compaction, then the
 * 0x00 terminator. Written with DSFID 0x06.
 */
import { TagError, type ItemInput } from '../types.ts';
import { compactSmallest } from './compaction.ts';
import { encodeIsil, isIsilEncodable } from './isil.ts';
import { writeObject, type DataObject } from './objects.ts';
import { OID } from './oids.ts';

export interface Encode2Options {
  /** Pad the primary item identifier to a block boundary (offset byte), so its blocks can be locked alone. */
  alignPrimaryId?: boolean;
  blockSize?: number;
}

function generic(oid: number, value: string, what: string): DataObject {
  const c = compactSmallest(value);
  if (!c) throw new TagError('refused', `${what} has characters no compaction can carry`);
  return { oid, compaction: c.code, data: c.bytes };
}

/** Set information as digits: parts then part, zero-padded to the same width. */
export function setInformation(parts: number, part: number): string {
  const width = String(parts).length;
  return `${String(parts).padStart(width, '0')}${String(part).padStart(width, '0')}`;
}

export function encode28560_2(item: ItemInput & { typeOfUsage: number }, opts: Encode2Options = {}): Uint8Array {
  const objects: DataObject[] = [generic(OID.primaryItemId, item.primaryItemId, 'the item identifier')];
  const optional: DataObject[] = [];
  if (item.ownerLibrary) {
    optional.push(
      isIsilEncodable(item.ownerLibrary)
        ? { oid: OID.owner, compaction: 0, data: encodeIsil(item.ownerLibrary) }
        : generic(OID.owner, item.ownerLibrary, 'the owner ISIL'),
    );
  }
  const parts = item.partsInItem ?? 1;
  const part = item.partNumber ?? 1;
  if (parts > 1 || part > 1) optional.push(generic(OID.setInfo, setInformation(parts, part), 'set information'));
  optional.push({ oid: OID.typeOfUsage, compaction: 0, data: Uint8Array.of((item.typeOfUsage & 0x0f) << 4) });
  if (item.shelfLocation) optional.push(generic(OID.shelf, item.shelfLocation, 'the shelf location'));

  // Content parameter: one bit per optional element, the first bit for OID 3.
  const map = new Uint8Array(Math.ceil((Math.max(...optional.map((o) => o.oid)) - 2) / 8));
  for (const o of optional) map[(o.oid - 3) >> 3]! |= 0x80 >> ((o.oid - 3) & 7);
  objects.push({ oid: OID.contentParameter, compaction: 0, data: map }, ...optional);

  if (opts.alignPrimaryId) {
    const bs = opts.blockSize ?? 4;
    const bare = writeObject({ ...objects[0]!, offset: 0 }).length;
    objects[0] = { ...objects[0]!, offset: (bs - (bare % bs)) % bs };
  }
  const out = objects.flatMap(writeObject);
  out.push(0x00);
  return Uint8Array.from(out);
}
