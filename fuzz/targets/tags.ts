/**
 * Tag decoders: decodeTag on tag memory as a reader returns it, auto-detected (with and without the ISO 28560-2
 * DSFID hint) and forced to each model. Decoders may only throw TagError, and not one that wraps a crash.
 */
import { decodeTag, encodeItem, TagError, type TagModel } from '../../src/tags/index.ts';
import { SelfcheckError } from '../../src/errors.ts';
import { FuzzFinding, type Target } from '../harness.ts';
import { generate } from '../mutate.ts';
import { hex } from '../corpus.ts';

const CORPUS: Uint8Array[] = [
  encodeItem(
    {
      primaryItemId: '23333000000001',
      ownerLibrary: 'DE-Heu1',
      partsInItem: 3,
      partNumber: 2,
      shelfLocation: 'QA268.L55',
    },
    { model: '28560-2' },
  ),
  encodeItem({ primaryItemId: '0012AB', ownerLibrary: 'CH-000134-1', shelfLocation: 'Bücher' }, { model: '28560-2' }),
  encodeItem({ primaryItemId: '31234000000001' }, { model: '28560-2', blockSize: 4, blockCount: 28 }),
  encodeItem(
    { primaryItemId: '11223344', ownerLibrary: 'DE-705', partsInItem: 2, partNumber: 1 },
    { model: '28560-3' },
  ),
  // rfid-vectors.md E1 (Danish model, CRC 0x3E51) and a 3M RFID501 item (test/tags/fuzz.test.ts).
  hex('11 01 01 31 31 32 32 33 33 34 34 00 00 00 00 00 00 00 00 51 3E 44 45 37 30 35 00 00 00 00 00 00'),
  hex('04110001313330323030333736370000' + '00'.repeat(16)),
];
const MODELS: Array<TagModel | 'auto'> = ['auto', '28560-2', '28560-3', 'rfid501'];

export const tags: Target = {
  name: 'tag-decode',
  full: 150_000,
  generate: (rng) =>
    generate(rng, { corpus: CORPUS, delimiters: [0x00, 0x01, 0x06, 0x11, 0x3e, 0xff, 0x7f], maxRandom: 128 }),
  run(input) {
    for (const model of MODELS) {
      try {
        decodeTag(input, { model, ...(model === 'auto' && input.length % 2 ? { dsfid: 0x06 } : {}) });
      } catch (err) {
        if (!(err instanceof TagError)) throw err;
        // decodeTag turns a decoder's own crash into TagError('corrupt') so the kiosk survives; the fuzzer still
        // wants to see that crash, since it is a decoder bug.
        const cause = err.cause;
        if (cause !== undefined && !(cause instanceof SelfcheckError)) {
          const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : 'a non-Error';
          throw new FuzzFinding(`${model}: decoder crashed under decodeTag's guard: ${what}`);
        }
      }
    }
  },
};
