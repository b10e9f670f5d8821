/** ISO 28560-2 decoder: data objects → ItemData, every relative OID by name (unknown ones as `oidN`). */
import { TagError, type ItemData } from '../types.ts';
import { expand } from './compaction.ts';
import { decodeIsil } from './isil.ts';
import { parseObjects, type DataObject } from './objects.ts';
import { ISIL_OIDS, OID, oidName } from './oids.ts';

const corrupt = (message: string, info?: Record<string, unknown>) => new TagError('corrupt', message, info);

/** Content parameter: a bit map, MSB first, whose first bit stands for OID 3. */
export function contentParameterOids(data: Uint8Array): number[] {
  const oids: number[] = [];
  data.forEach((b, k) => {
    for (let bit = 0; bit < 8; bit++) if (b & (0x80 >> bit)) oids.push(3 + k * 8 + bit);
  });
  return oids;
}

/** Set information: total parts then this part's number, the same number of digits each ("1203" = part 3 of 12). */
export function parseSetInformation(s: string): { parts: number; part: number } {
  if (!/^[0-9]+$/.test(s)) throw corrupt('set information is not numeric');
  const digits = s.length % 2 ? `0${s}` : s;
  const half = digits.length / 2;
  const parts = Number(digits.slice(0, half));
  const part = Number(digits.slice(half));
  if (parts < 1 || part < 1 || part > parts) throw corrupt('set information out of range', { parts, part });
  return { parts, part };
}

function typeOfUsage(o: DataObject): { class: number; qualifier: number } {
  if (o.compaction === 0) {
    if (o.data.length !== 1) throw corrupt('type of usage is not one byte');
    return { class: o.data[0]! >> 4, qualifier: o.data[0]! & 0x0f };
  }
  const s = expand(o.data, o.compaction);
  if (!/^[0-9A-Fa-f]{1,2}$/.test(s)) throw corrupt('type of usage is not a hex code');
  const v = parseInt(s.padEnd(2, '0'), 16);
  return { class: v >> 4, qualifier: v & 0x0f };
}

function value(o: DataObject): unknown {
  if (o.oid === OID.contentParameter) return contentParameterOids(o.data);
  if (o.compaction === 0 && ISIL_OIDS.has(o.oid)) return decodeIsil(o.data);
  if (o.compaction === 0 && o.oid === 13) return expand(o.data, 1); // GS1 product id: a binary integer
  return expand(o.data, o.compaction);
}

export function decode28560_2(bytes: Uint8Array): ItemData {
  const { objects, end } = parseObjects(bytes);
  const first = objects[0];
  if (!first || first.oid !== OID.primaryItemId)
    throw new TagError('unknown_model', 'ISO 28560-2 data must start with the primary item identifier');
  const item: ItemData = {
    model: '28560-2',
    primaryItemId: '',
    ownerLibrary: undefined,
    partsInItem: 1,
    partNumber: 1,
    typeOfUsage: undefined,
    other: {},
  };
  const seen = new Set<number>();
  for (const o of objects) {
    if (seen.has(o.oid)) throw corrupt('data element encoded twice', { oid: o.oid });
    seen.add(o.oid);
    if (o.oid === OID.typeOfUsage) {
      const t = typeOfUsage(o);
      item.typeOfUsage = t.class;
      if (t.qualifier) item.other['typeOfUsageQualifier'] = t.qualifier;
      continue;
    }
    const v = value(o);
    if (o.oid === OID.primaryItemId) item.primaryItemId = String(v);
    else if (o.oid === OID.owner) item.ownerLibrary = String(v);
    else if (o.oid === OID.setInfo) {
      const s = parseSetInformation(String(v));
      item.partsInItem = s.parts;
      item.partNumber = s.part;
    } else item.other[oidName(o.oid)] = v;
  }
  if (item.primaryItemId === '') throw corrupt('empty primary item identifier');
  // No terminator and elements the content parameter announces are missing: the read stopped short.
  const announced = item.other['contentParameter'];
  if (end >= bytes.length && Array.isArray(announced) && announced.some((oid) => !seen.has(oid as number)))
    throw corrupt('data ends before the elements the content parameter announces');
  return item;
}
