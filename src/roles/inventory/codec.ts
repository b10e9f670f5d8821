/**
 * The tag codec (src/tags: decodeTag, encodeItem, dsfidFor) as the staff roles use it: decode with the library's
 * expected model and the tag's DSFID, encode in the configured write model padded to the tag's blocks.
 * Loaded dynamically and typed loosely because src/tags/index.ts is written in parallel; until it is there every
 * decode and encode fails with a typed TagError, so uploaded reads (item IDs) still work.
 */
import type { Config } from '../../config/index.ts';
import { TagError, type ItemData, type ItemInput } from '../../tags/types.ts';

export interface TagCodec {
  decode(bytes: Uint8Array, dsfid?: number): ItemData;
  encode(input: ItemInput, layout: { blockSize: number; blockCount: number }): { bytes: Uint8Array; dsfid: number };
}

interface TagsModule {
  decodeTag(bytes: Uint8Array, opts?: { model?: string; dsfid?: number }): ItemData;
  encodeItem(input: ItemInput, opts: Record<string, unknown>): Uint8Array | { bytes: Uint8Array; dsfid?: number };
  dsfidFor?(model: string): number;
}

/** DSFID of ISO 28560-2 without a directory (rfid-facts.md §3); used only when src/tags has no dsfidFor. */
const DSFID_28560_2 = 0x06;

export async function loadTagCodec(config: Config): Promise<TagCodec> {
  let mod: TagsModule | undefined;
  try {
    const spec = '../../tags/index.ts';
    mod = (await import(spec)) as TagsModule;
  } catch {
    mod = undefined;
  }
  return codecFrom(mod, config);
}

export function codecFrom(mod: TagsModule | undefined, config: Config): TagCodec {
  const missing = () => new TagError('unknown_model', 'the tag codec (src/tags) is not installed');
  const model = config.tags.writeModel;
  return {
    decode(bytes, dsfid) {
      if (!mod) throw missing();
      return mod.decodeTag(bytes, { model: config.tags.model, ...(dsfid === undefined ? {} : { dsfid }) });
    },
    encode(input, layout) {
      if (!mod) throw missing();
      const out = mod.encodeItem(input, {
        model,
        blockSize: layout.blockSize,
        blockCount: layout.blockCount,
        itemPattern: config.tags.itemIdPattern,
        config: config.tags,
      });
      const bytes = out instanceof Uint8Array ? out : out.bytes;
      const dsfid =
        (out instanceof Uint8Array ? undefined : out.dsfid) ??
        mod.dsfidFor?.(model) ??
        (model === '28560-2' ? DSFID_28560_2 : 0);
      // Whole blocks only: the Reader contract writes blocks.
      const padded = new Uint8Array(Math.ceil(bytes.length / layout.blockSize) * layout.blockSize);
      padded.set(bytes);
      return { bytes: padded, dsfid };
    },
  };
}
