/**
 * Tag encoding at the staff desk: one item (or one part of a multi-part set) onto one blank tag, in the library's data
 * model, then secured, optionally locked, and read back and verified. It refuses a tag that already holds data unless
 * staff confirm an overwrite, refuses an item ID that looks like a patron card (or a staff card), and can re-encode a
 * legacy 3M tag to the new model. Only item elements can reach a tag: the input is an ItemInput (src/tags/types.ts).
 */
import type { Reader, Uid } from '../../rfid/reader.ts';
import { isReaderError } from '../../rfid/reader.ts';
import { isTagError, type ItemData, type ItemInput } from '../../tags/types.ts';

export interface EncoderDeps {
  reader: Reader;
  decode(bytes: Uint8Array, dsfid?: number): ItemData;
  encode(input: ItemInput, layout: { blockSize: number; blockCount: number }): { bytes: Uint8Array; dsfid: number };
  /** Sets the item's security state to "secured" per the library's model (addressed, read back). */
  secure(reader: Reader, uid: Uid): Promise<{ ok: true } | { ok: false; reason: string }>;
  itemIdPattern: RegExp;
  /** Patterns of patron (and staff) cards: an item ID matching one is refused. */
  cardPatterns: RegExp[];
  lockItemBlocks: boolean;
  isil: string | undefined;
  writeRetries: number;
}

export type EncodeFailure =
  | 'refused'
  | 'no_tag'
  | 'several_tags'
  | 'not_blank'
  | 'locked'
  | 'write_failed'
  | 'verify_failed'
  | 'secure_failed'
  | 'reader_error';

export type EncodeOutcome =
  | { ok: true; uid: Uid; item: ItemData; locked: boolean }
  | { ok: false; reason: EncodeFailure; detail?: string; existing?: ItemData; uid?: Uid };

const DEFAULT_LAYOUT = { blockSize: 4, blockCount: 28 }; // ICODE SLIX: 28 blocks of 4 bytes

function isBlank(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0) || bytes.every((b) => b === 0xff);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function refuseReason(deps: EncoderDeps, input: ItemInput): string | undefined {
  const id = input.primaryItemId;
  if (!deps.itemIdPattern.test(id))
    return `item ID ${JSON.stringify(id)} does not match the library's item barcode pattern`;
  if (deps.cardPatterns.some((p) => p.test(id)))
    return 'this number looks like a library card, not an item: cards are never written to item tags';
  if (input.typeOfUsage === 8) return 'type of usage "patron card" is never written by this station';
  const parts = input.partsInItem ?? 1;
  const part = input.partNumber ?? 1;
  if (parts < 1 || parts > 255 || part < 1 || part > parts)
    return `part ${part} of ${parts} is not a valid set position`;
  return undefined;
}

/** The one tag on the pad, or why there is not exactly one. */
async function singleTag(
  reader: Reader,
): Promise<{ uid: Uid } | { reason: 'no_tag' | 'several_tags'; detail: string }> {
  const tags = await reader.inventory({});
  if (tags.length === 0) return { reason: 'no_tag', detail: 'place one tag on the pad' };
  if (tags.length > 1)
    return { reason: 'several_tags', detail: `${tags.length} tags on the pad: leave only the one to encode` };
  return { uid: tags[0]!.uid };
}

export async function encodeOnTag(
  deps: EncoderDeps,
  input: ItemInput,
  opts: { overwrite?: boolean } = {},
): Promise<EncodeOutcome> {
  const refused = refuseReason(deps, input);
  if (refused) return { ok: false, reason: 'refused', detail: refused };
  const { reader } = deps;
  try {
    const found = await singleTag(reader);
    if ('reason' in found) return { ok: false, ...found };
    const uid = found.uid;
    const info = await reader.systemInfo(uid);
    const layout = {
      blockSize: info.blockSize ?? DEFAULT_LAYOUT.blockSize,
      blockCount: info.blockCount ?? DEFAULT_LAYOUT.blockCount,
    };
    const current = await reader.readBlocks(uid, 0, layout.blockCount);
    if (!isBlank(current) && !opts.overwrite) {
      let existing: ItemData | undefined;
      try {
        existing = deps.decode(current, info.dsfid);
      } catch (err) {
        // A manufacturing blank (e.g. 3M's 55 55 55 55) is blank; anything else unreadable still needs confirmation.
        if (isTagError(err, 'blank')) return await writeAndVerify(deps, uid, input, layout);
      }
      return {
        ok: false,
        reason: 'not_blank',
        uid,
        detail: 'the tag already holds data: confirm to overwrite it',
        ...(existing ? { existing } : {}),
      };
    }
    return await writeAndVerify(deps, uid, input, layout);
  } catch (err) {
    return {
      ok: false,
      reason: 'reader_error',
      detail: isReaderError(err) ? `${err.code}: ${err.message}` : String(err),
    };
  }
}

async function writeAndVerify(
  deps: EncoderDeps,
  uid: Uid,
  input: ItemInput,
  layout: { blockSize: number; blockCount: number },
): Promise<EncodeOutcome> {
  const { reader } = deps;
  const full: ItemInput = { ...input, ownerLibrary: input.ownerLibrary ?? deps.isil };
  let encoded: { bytes: Uint8Array; dsfid: number };
  try {
    encoded = deps.encode(full, layout);
  } catch (err) {
    // The codec refuses (pattern, patron card usage) or the item does not fit: nothing was written.
    if (isTagError(err)) return { ok: false, reason: 'refused', uid, detail: err.message };
    throw err;
  }
  const { bytes, dsfid } = encoded;
  const blocks = Math.ceil(bytes.length / layout.blockSize);
  let written = false;
  let lastError = '';
  for (let attempt = 0; attempt <= deps.writeRetries && !written; attempt++) {
    try {
      await reader.writeBlocks(uid, 0, bytes);
      await reader.writeDsfid(uid, dsfid);
      written = sameBytes(await reader.readBlocks(uid, 0, blocks), bytes);
      if (!written) lastError = 'read-back differs from what was written';
    } catch (err) {
      if (isReaderError(err, 'tag_error') && err.info?.['tagError'] === 0x12)
        return { ok: false, reason: 'locked', uid, detail: 'the tag is locked and cannot be rewritten' };
      lastError = err instanceof Error ? err.message : String(err);
    }
  }
  if (!written) return { ok: false, reason: 'write_failed', uid, detail: lastError };
  const secured = await deps.secure(reader, uid);
  if (!secured.ok) return { ok: false, reason: 'secure_failed', uid, detail: secured.reason };
  if (deps.lockItemBlocks) for (let b = 0; b < blocks; b++) await reader.lockBlock(uid, b);
  let item: ItemData;
  try {
    item = deps.decode(await reader.readBlocks(uid, 0, blocks), dsfid);
  } catch (err) {
    if (!isTagError(err)) throw err;
    return { ok: false, reason: 'verify_failed', uid, detail: `the tag does not read back: ${err.message}` };
  }
  const expectParts = input.partsInItem ?? 1;
  if (
    item.primaryItemId !== input.primaryItemId ||
    item.partsInItem !== expectParts ||
    item.partNumber !== (input.partNumber ?? 1)
  )
    return {
      ok: false,
      reason: 'verify_failed',
      uid,
      detail: `the tag reads back as ${item.primaryItemId} ${item.partNumber}/${item.partsInItem}`,
    };
  return { ok: true, uid, item, locked: deps.lockItemBlocks };
}

/** Reads a legacy 3M (RFID501) tag on the pad and rewrites the same item in the library's model. */
export async function reencodeLegacy(deps: EncoderDeps): Promise<EncodeOutcome> {
  try {
    const found = await singleTag(deps.reader);
    if ('reason' in found) return { ok: false, ...found };
    const info = await deps.reader.systemInfo(found.uid);
    const bytes = await deps.reader.readBlocks(found.uid, 0, info.blockCount ?? DEFAULT_LAYOUT.blockCount);
    const old = deps.decode(bytes, info.dsfid);
    if (old.model !== 'rfid501')
      return {
        ok: false,
        reason: 'refused',
        uid: found.uid,
        detail: `this tag is already ${old.model}`,
        existing: old,
      };
    return await encodeOnTag(
      deps,
      {
        primaryItemId: old.primaryItemId,
        partsInItem: old.partsInItem,
        partNumber: old.partNumber,
        ownerLibrary: deps.isil,
      },
      { overwrite: true },
    );
  } catch (err) {
    if (isTagError(err)) return { ok: false, reason: 'refused', detail: `not a readable legacy tag: ${err.message}` };
    return { ok: false, reason: 'reader_error', detail: err instanceof Error ? err.message : String(err) };
  }
}
