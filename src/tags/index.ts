/**
 * Item tag codecs: decodeTag (auto-detects ISO 28560-2, ISO 28560-3 and 3M RFID501), encodeItem (ISO 28560-2 or
 * -3, item elements only, padded to whole blocks), itemKey and dsfidFor. Decoders throw only TagError.
 */
import { decode28560_2 } from './iso28560-2/decode.ts';
import { encode28560_2 } from './iso28560-2/encode.ts';
import { crcMatches, decode28560_3, encode28560_3 } from './iso28560-3.ts';
import { decodeRfid501, is3mBlank, looksLikeRfid501 } from './rfid501.ts';
import { TagError, type ItemData, type ItemInput, type TagModel } from './types.ts';

export { TagError, isTagError } from './types.ts';
export type { ItemData, ItemInput, TagModel, TagErrorCode } from './types.ts';

/** DSFIDs: 0x06 = no-directory access method, ISO 28560-2 (rfid-facts.md §3); 0x3E is seen as a variant, unconfirmed. */
export const DSFID_28560_2 = 0x06;
const DSFID_28560_2_HINTS = new Set([0x06, 0x3e]);

/** DSFID to write with a model. The Danish model has none (libdanrfid's tag reports DSFID 00, vector E1). */
export function dsfidFor(model: TagModel): number {
  return model === '28560-2' ? DSFID_28560_2 : 0x00;
}

export interface DecodeOptions {
  model?: 'auto' | TagModel;
  /** The tag's DSFID, when known: 0x06 makes ISO 28560-2 the first guess. */
  dsfid?: number;
}

const DECODERS: Record<TagModel, (b: Uint8Array) => ItemData> = {
  '28560-2': decode28560_2,
  '28560-3': decode28560_3,
  rfid501: decodeRfid501,
};

function isBlank(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0) || bytes.every((b) => b === 0xff) || is3mBlank(bytes);
}

function run(model: TagModel, bytes: Uint8Array): ItemData {
  try {
    return DECODERS[model](bytes);
  } catch (err) {
    if (err instanceof TagError) throw err;
    // A decoder bug must not crash the kiosk: report the tag as unreadable.
    throw new TagError('corrupt', `${model} decoder failed`, { model }, { cause: err });
  }
}

export function decodeTag(bytes: Uint8Array, opts: DecodeOptions = {}): ItemData {
  if (!(bytes instanceof Uint8Array)) throw new TagError('corrupt', 'tag data must be bytes');
  if (isBlank(bytes)) throw new TagError('blank', 'the tag holds no item data');
  const model = opts.model ?? 'auto';
  if (model !== 'auto') {
    if (!(model in DECODERS)) throw new TagError('unknown_model', `unknown tag model "${String(model)}"`);
    return run(model, bytes);
  }
  const candidates: TagModel[] = [];
  const hint2 = opts.dsfid !== undefined && DSFID_28560_2_HINTS.has(opts.dsfid);
  if (hint2) candidates.push('28560-2');
  if (crcMatches(bytes)) candidates.push('28560-3');
  if (looksLikeRfid501(bytes)) candidates.push('rfid501');
  // An ISO 28560-2 record starts with the primary item identifier's precursor (relative OID 1).
  if (!hint2 && (bytes[0]! & 0x0f) === 1) candidates.push('28560-2');
  let firstCorrupt: TagError | undefined;
  for (const m of candidates) {
    try {
      return run(m, bytes);
    } catch (err) {
      const e = err as TagError;
      if (e.code === 'corrupt') firstCorrupt ??= e;
    }
  }
  throw firstCorrupt ?? new TagError('unknown_model', 'the tag data matches no supported model');
}

export interface EncodeOptions {
  model: '28560-2' | '28560-3';
  blockSize?: number;
  blockCount?: number;
  /** Item identifiers must match this (else config.itemIdPattern). */
  itemPattern?: RegExp | string;
  /** config.tags: itemIdPattern and isil are used when the options do not say otherwise. */
  config?: unknown;
  /** ISO 28560-2: pad the primary item identifier to a block boundary so it can be locked alone. */
  alignPrimaryId?: boolean;
}

function configField(config: unknown, key: string): string | undefined {
  if (typeof config !== 'object' || config === null) return undefined;
  const v = (config as Record<string, unknown>)[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function toPattern(p: RegExp | string): RegExp {
  if (p instanceof RegExp) return p;
  try {
    return new RegExp(p);
  } catch {
    throw new TagError('refused', 'the item identifier pattern is not a valid regular expression');
  }
}

const isInt = (n: unknown, min: number, max: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

/** Encodes an item's elements (only those ItemInput names; anything else on the object is ignored). */
export function encodeItem(item: ItemInput, opts: EncodeOptions): Uint8Array {
  const blockSize = opts.blockSize ?? 4;
  if (!isInt(blockSize, 1, 32)) throw new TagError('refused', 'block size out of range');
  const id = item.primaryItemId;
  if (typeof id !== 'string' || id === '') throw new TagError('refused', 'an item needs an identifier');
  const typeOfUsage = item.typeOfUsage ?? 1;
  if (!isInt(typeOfUsage, 0, 15)) throw new TagError('refused', 'type of usage must be 0-15');
  if (typeOfUsage === 8) throw new TagError('refused', 'patron cards are never encoded on item tags');
  const pattern = opts.itemPattern ?? configField(opts.config, 'itemIdPattern');
  if (pattern !== undefined && !toPattern(pattern).test(id))
    throw new TagError('refused', 'the item identifier does not match the item barcode pattern', {
      length: id.length,
    });
  const parts = item.partsInItem ?? 1;
  const part = item.partNumber ?? 1;
  if (!isInt(parts, 1, 255) || !isInt(part, 1, parts)) throw new TagError('refused', 'part number out of range');
  const clean = {
    primaryItemId: id,
    ownerLibrary: item.ownerLibrary ?? configField(opts.config, 'isil'),
    partsInItem: parts,
    partNumber: part,
    typeOfUsage,
    shelfLocation: item.shelfLocation,
  };
  let bytes: Uint8Array;
  if (opts.model === '28560-2')
    bytes = encode28560_2(clean, { blockSize, ...(opts.alignPrimaryId ? { alignPrimaryId: true } : {}) });
  else if (opts.model === '28560-3') bytes = encode28560_3(clean);
  else throw new TagError('refused', `cannot encode model "${String(opts.model)}"`);
  const padded = new Uint8Array(Math.ceil(bytes.length / blockSize) * blockSize);
  padded.set(bytes);
  if (opts.blockCount !== undefined && padded.length > opts.blockCount * blockSize)
    throw new TagError('too_large', 'the item data does not fit the tag', {
      bytes: padded.length,
      capacity: opts.blockCount * blockSize,
    });
  return padded;
}

/** Stable de-duplication key: owner, identifier and part (the same item's parts are different tags). */
export function itemKey(data: ItemData): string {
  return `${data.ownerLibrary ?? ''}|${data.primaryItemId}|${data.partNumber}`;
}
