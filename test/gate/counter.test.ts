/** Photocell direction and debounce into the hourly PII-free statistics. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VisitorCounter } from '../../src/roles/gate/counter.ts';
import { StatsStore } from '../../src/stats/store.ts';
import type { VirtualTimers } from '../../drivers/gpio/timers.ts';
import { BEAM_A, BEAM_B, rig } from './helpers.ts';

test('direction from the order of the beams; one count per passage; a look-in does not count', () => {
  const seen: string[] = [];
  const c = new VisitorCounter(1000, (d) => seen.push(d));
  c.beam('a', true, 0);
  c.beam('b', true, 200);
  c.beam('a', false, 300);
  c.beam('a', true, 350); // the person's bag swinging: still the same passage
  c.beam('a', false, 400);
  c.beam('b', false, 500);
  c.beam('b', true, 1000);
  c.beam('a', true, 1300);
  c.beam('b', false, 1400);
  c.beam('a', false, 1500);
  c.beam('a', true, 3000); // looks in, turns back
  c.beam('a', false, 3200);
  c.beam('b', true, 4500); // too late to pair with A: a new passage starting at B
  c.beam('b', false, 4600);
  assert.equal(seen, ['in', 'out']);
});

test('beams on GPIO (active low, bouncing) → visitors in/out in the hourly statistics', async () => {
  const r = await rig({ gate: { counter: { activeLow: true, maxGapMs: 800 }, gpio: { debounceMs: 20 } } });
  const stats = await StatsStore.open(r.dataDir);
  stats.attach(r.events, 10_000);
  const t = r.timers as VirtualTimers;
  const beam = (line: number, broken: boolean) => r.gpio.setInput(line, broken ? 0 : 1);
  beam(BEAM_A, false);
  beam(BEAM_B, false);
  t.advance(100);
  // In: A breaks with contact bounce, then B.
  beam(BEAM_A, true);
  t.advance(3);
  beam(BEAM_A, false);
  t.advance(2);
  beam(BEAM_A, true);
  t.advance(150);
  beam(BEAM_B, true);
  t.advance(100);
  beam(BEAM_A, false);
  beam(BEAM_B, false);
  t.advance(500);
  // A 5 ms flicker on B is noise, not a passage.
  beam(BEAM_B, true);
  t.advance(5);
  beam(BEAM_B, false);
  t.advance(500);
  // Out: B then A.
  beam(BEAM_B, true);
  t.advance(200);
  beam(BEAM_A, true);
  t.advance(100);
  beam(BEAM_B, false);
  beam(BEAM_A, false);
  t.advance(100);
  assert.equal(r.gate.status().today.visitorsIn, 1);
  assert.equal(r.gate.status().today.visitorsOut, 1);
  const hours = Object.values(stats.hours());
  assert.is(hours.length, 1);
  assert.equal(hours[0], { visitors_in: 1, visitors_out: 1 });
  await stats.close();
});

test.run();
