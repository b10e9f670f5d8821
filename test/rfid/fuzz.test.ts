/** Fuzz: 100k random and mutated inputs each to the response parsers and the virtual tag; only typed errors. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ReaderError } from '../../src/rfid/reader.ts';
import * as R from '../../src/rfid/responses.ts';
import * as C from '../../src/rfid/commands.ts';
import { seededRandom } from '../../drivers/sim/clock.ts';
import { SimField } from '../../drivers/sim/field.ts';
import { SimTag } from '../../drivers/sim/tag.ts';

const N = 100_000;
const rnd = seededRandom(0xc0ffee);
const byte = (): number => Math.floor(rnd() * 256);

const seeds = [
  '000691C602B9500104E0',
  '000F91C602B9500104E006C21B0301',
  '0011223344',
  '000111223344005566778',
  '0112',
  '00',
].map((s) => Uint8Array.from(Buffer.from(s.length % 2 ? `${s}0` : s, 'hex')));

function input(i: number): Uint8Array {
  if (i % 2 === 0) return Uint8Array.from({ length: Math.floor(rnd() * 40) }, byte);
  const b = seeds[i % seeds.length]!.slice();
  const flips = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < flips && b.length > 0; k++) b[Math.floor(rnd() * b.length)] = byte();
  return rnd() < 0.2 ? b.subarray(0, Math.floor(rnd() * b.length)) : b;
}

test('response parsers: 100k inputs, no uncaught exception, bounded time', () => {
  const t = performance.now();
  let typed = 0;
  for (let i = 0; i < N; i++) {
    const b = input(i);
    for (const parse of [
      () => R.parseInventory(b),
      () => R.parseSystemInfo(b),
      () => R.parseReadBlocks(b, 1 + (i % 4), i % 3 === 0),
      () => R.parseSecurityStatus(b, 1 + (i % 4)),
      () => R.parseAck(b),
    ]) {
      try {
        parse();
      } catch (e) {
        if (!(e instanceof ReaderError)) throw e;
        typed++;
      }
    }
  }
  assert.ok(typed > N);
  assert.ok(performance.now() - t < 20_000);
});

test('virtual tag and field: 100k random/mutated requests never throw', async () => {
  const f = new SimField({ seed: 9 });
  const tag = new SimTag({ uid: 'E004015012345678' });
  f.addTag(tag);
  f.addTag(new SimTag({ uid: 'E007000012345678', family: 'tagit-hfi-plus' }));
  const valid = [
    C.inventory({ afi: 7 }),
    C.readMultiple({ uid: tag.uid }, 0, 4),
    C.writeSingle({ uid: tag.uid }, 3, new Uint8Array(4)),
    C.nxpSetEas({}),
    C.systemInfo({ uid: tag.uid }),
  ];
  const t = performance.now();
  for (let i = 0; i < N; i++) {
    let b: Uint8Array;
    if (i % 2 === 0) b = Uint8Array.from({ length: Math.floor(rnd() * 24) }, byte);
    else {
      b = valid[i % valid.length]!.slice();
      b[Math.floor(rnd() * b.length)] = byte();
    }
    const r = await f.transceive(b);
    assert.ok(r.airUs > 0);
    if (i % 1000 === 0) f.rfReset();
  }
  assert.ok(performance.now() - t < 30_000);
});

test.run();
