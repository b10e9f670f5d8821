/** The air-time model against hand-computed figures (fc = 13.56 MHz; every duration is cycles / fc). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as A from '../../drivers/sim/airtime.ts';
import { SimField } from '../../drivers/sim/field.ts';
import { SimReader } from '../../drivers/sim/reader.ts';
import { SimTag } from '../../drivers/sim/tag.ts';
import { RealClock } from '../../drivers/sim/clock.ts';

const cyc = (n: number): number => (n / 13.56e6) * 1e6;
const near = (a: number, b: number, msg?: string): void =>
  assert.ok(Math.abs(a - b) < 1e-6, `${msg ?? ''} ${a} vs ${b}`);

test('elementary figures', () => {
  near(A.READER_BYTE_US, cyc(4096), 'byte'); // 4 × 75.52 µs
  assert.ok(Math.abs(A.READER_BYTE_US - 302.08) < 0.02);
  assert.ok(Math.abs(A.TAG_BIT_US - 37.76) < 0.01);
  assert.ok(Math.abs(A.T1_US - 318.58) < 0.01);
  assert.ok(Math.abs(A.T3_US - 377.58) < 0.01);
});

test('one empty 16-slot inventory round = (1024 + 5·4096 + 512 + 16·5120 + 15·512)/fc ≈ 8231.3 µs', () => {
  near(A.emptyInventoryRoundUs(), cyc(1024 + 5 * 4096 + 512 + 16 * 5120 + 15 * 512));
  assert.ok(Math.abs(A.emptyInventoryRoundUs() - 8231.27) < 0.01);
});

test('one addressed block read ≈ 6895.6 µs; ICODE SLIX AFI write ≈ 10687.3 µs; Tag-it AFI write ≈ 15725.1 µs', () => {
  const read = cyc(1024 + 13 * 4096 + 512 + 4320 + 768 + 7 * 8 * 512 + 768 + 4192);
  near(A.exchangeUs(11, 5), read);
  assert.ok(Math.abs(read - 6895.58) < 0.01);
  const afi = cyc(1024 + 13 * 4096 + 512 + 4320 + 768 + 3 * 8 * 512 + 768 + 4192) + 5000;
  near(A.writeAfiUs({ programUs: 5000 }), afi);
  assert.ok(Math.abs(afi - 10687.32) < 0.01);
  near(A.writeAfiUs({ programUs: 10_000, optionEof: true }), afi + 5000 + cyc(512));
  near(A.exchangeUs(11, null), cyc(1024 + 13 * 4096 + 512 + 5120));
});

test('the field charges exactly the model: empty round, one tag round, read, write on the virtual clock', async () => {
  const f = new SimField();
  const r = new SimReader(f);
  await r.inventory();
  near(f.clock.nowUs(), A.emptyInventoryRoundUs());
  f.addTag(new SimTag({ uid: 'E004015012345678' }));
  const t0 = f.clock.nowUs();
  await r.inventory();
  const busy = Array.from({ length: 16 }, (_, i) => i === 8);
  near(f.clock.nowUs() - t0, A.inventoryRoundUs(3, busy));
  const t1 = f.clock.nowUs();
  await r.readBlocks('E004015012345678', 0, 2);
  near(f.clock.nowUs() - t1, A.readBlocksUs(2));
  const t2 = f.clock.nowUs();
  await r.writeAfi('E004015012345678', 0xc2);
  near(f.clock.nowUs() - t2, A.writeAfiUs({ programUs: 5000 }));
});

test('real timing waits the air time (generous bounds)', async () => {
  const f = new SimField({ clock: new RealClock() });
  const r = new SimReader(f);
  const t = performance.now();
  for (let i = 0; i < 5; i++) await r.inventory();
  const ms = performance.now() - t;
  const bound = (5 * A.emptyInventoryRoundUs()) / 1000;
  assert.ok(ms >= bound - 0.5, `${ms} ms < air ${bound} ms`);
  assert.ok(ms < bound + 500, `${ms} ms far above air ${bound} ms`);
});

test.run();
