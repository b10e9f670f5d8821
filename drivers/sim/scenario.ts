/**
 * Scenarios: tags for the sample library (src/testdata/library.ts), one per item part, holding the item encoded
 * by an injectable tag-content function (src/tags' encoder in the station), AFI = secured.
 */
import type { TagFamily, Uid } from '../../src/rfid/reader.ts';
import type { ItemInput } from '../../src/tags/types.ts';
import { sampleItems, type SampleItem } from '../../src/testdata/library.ts';
import { seededRandom } from './clock.ts';
import { FAMILIES } from './families.ts';
import { SimTag } from './tag.ts';

/** Encodes one item into the tag's user memory (bytes from block 0). */
export type TagContent = (item: ItemInput) => Uint8Array;

export interface ScenarioOptions {
  items?: SampleItem[];
  /** What goes in user memory; blank memory when absent (a tag the encoder desk has not written yet). */
  content?: TagContent | undefined;
  family?: TagFamily;
  /** AFI of the tags (the library's "secured" value, 0x07 by default). */
  afi?: number;
  /** DSFID written with the content (0x06 = ISO 28560-2, rfid-facts.md §3); 0 for blank tags. */
  dsfid?: number;
  eas?: boolean;
  seed?: number;
  isil?: string | undefined;
}

/** Repeatable UIDs for a family: E0, the manufacturer code, then 6 seeded bytes. */
export function uidFactory(family: TagFamily, seed = 1): () => Uid {
  const rnd = seededRandom(seed);
  const seen = new Set<string>();
  const mfg = FAMILIES[family].mfg.toString(16).padStart(2, '0');
  return () => {
    for (;;) {
      let s = `E0${mfg}`;
      for (let i = 0; i < 6; i++)
        s += Math.floor(rnd() * 256)
          .toString(16)
          .padStart(2, '0');
      s = s.toUpperCase();
      if (!seen.has(s)) {
        seen.add(s);
        return s;
      }
    }
  };
}

export interface ScenarioTag {
  tag: SimTag;
  itemId: string;
  part: number;
}

/** One tag per item part of the sample library (or `opts.items`). Not added to any field: the caller places them. */
export function sampleLibraryTags(opts: ScenarioOptions = {}): ScenarioTag[] {
  const family = opts.family ?? 'icode-slix';
  const nextUid = uidFactory(family, opts.seed ?? 1);
  const out: ScenarioTag[] = [];
  for (const item of opts.items ?? sampleItems) {
    const parts = item.parts ?? 1;
    for (let part = 1; part <= parts; part++) {
      const data = opts.content?.({
        primaryItemId: item.id,
        ownerLibrary: opts.isil,
        partsInItem: parts,
        partNumber: part,
        typeOfUsage: 1,
      });
      const tag = new SimTag({
        uid: nextUid(),
        family,
        afi: opts.afi ?? 0x07,
        dsfid: data ? (opts.dsfid ?? 0x06) : 0,
        eas: opts.eas ?? false,
        ...(data ? { data } : {}),
      });
      out.push({ tag, itemId: item.id, part });
    }
  }
  return out;
}
