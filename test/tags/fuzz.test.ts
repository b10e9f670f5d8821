/**
 * Fuzz: each decoder gets 100k inputs (half random bytes, half mutated valid encodings) from a seeded PRNG;
 * the only thing any of them may throw is a TagError. Time is bounded so a pathological input shows up.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeTag, encodeItem, TagError } from '../../src/tags/index.ts';
import { decodeIsil } from '../../src/tags/iso28560-2/isil.ts';
import { decode28560_2 } from '../../src/tags/iso28560-2/decode.ts';
import { basicBlockCrc, decode28560_3 } from '../../src/tags/iso28560-3.ts';
import { decodeRfid501 } from '../../src/tags/rfid501.ts';

const N = 100_000;
const BUDGET_MS = 30_000;

function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const valid: Uint8Array[] = [
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
  encodeItem(
    { primaryItemId: '11223344', ownerLibrary: 'DE-705', partsInItem: 2, partNumber: 1 },
    { model: '28560-3' },
  ),
  Uint8Array.from(Buffer.from('04110001313330323030333736370000' + '00'.repeat(16), 'hex')),
];

function input(rnd: () => number, i: number): Uint8Array {
  if (i % 2 === 0) {
    const out = new Uint8Array(rnd() % 48);
    for (let k = 0; k < out.length; k++) out[k] = rnd() & 0xff;
    return out;
  }
  const base = valid[rnd() % valid.length]!;
  const out = Uint8Array.from(base.subarray(0, base.length - (rnd() % 4 === 0 ? rnd() % base.length : 0)));
  const flips = 1 + (rnd() % 3);
  for (let k = 0; k < flips && out.length; k++) {
    const at = rnd() % out.length;
    out[at] = rnd() % 2 ? rnd() & 0xff : out[at]! ^ (1 << (rnd() % 8));
  }
  // Half of the mutated Danish blocks get a fresh CRC, so the field checks run, not just the CRC.
  if (out.length >= 32 && out[0]! >> 4 === 1 && rnd() % 2) {
    const crc = basicBlockCrc(out);
    out[19] = crc & 0xff;
    out[20] = crc >> 8;
  }
  return out;
}

function fuzz(name: string, decode: (b: Uint8Array) => unknown, seed: number): void {
  test(`fuzz ${name}: ${N} inputs, only TagError`, () => {
    const rnd = xorshift(seed);
    const start = Date.now();
    let ok = 0;
    for (let i = 0; i < N; i++) {
      const bytes = input(rnd, i);
      try {
        decode(bytes);
        ok++;
      } catch (err) {
        if (!(err instanceof TagError))
          assert.unreachable(`${name} threw ${String(err)} on ${Buffer.from(bytes).toString('hex')}`);
      }
    }
    const ms = Date.now() - start;
    assert.ok(ms < BUDGET_MS, `${name} took ${ms} ms`);
    // Mutations of valid data must still decode sometimes, or the fuzzer only tests the first check.
    if (name !== 'isil') assert.ok(ok > 100, `${name}: only ${ok} inputs decoded`);
  });
}

fuzz('auto', (b) => decodeTag(b), 1);
// The raw decoders, not decodeTag: its safety net would turn a decoder bug into a TagError and hide it.
fuzz('28560-2', decode28560_2, 2);
fuzz('28560-3', decode28560_3, 3);
fuzz('rfid501', decodeRfid501, 4);
fuzz('isil', (b) => decodeIsil(b), 5);

test.run();
