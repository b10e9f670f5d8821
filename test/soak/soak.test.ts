// The soak with faults, short: 40 checkouts through the real kiosk child process (FEIG emulator on a socat pty, test
// ILS over TCP) with at least one kill -9 in the middle of a checkout and one reader unplug, then the four checks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { benchLine, runSoak } from '../../soak/run.ts';
import { makeSchedule } from '../../soak/faults.ts';
import { seededRandom } from '../../drivers/sim/clock.ts';

test('the short schedule has a kill -9 mid-checkout and an unplug; a long one leaves its last 30 % kill-free', () => {
  const short = [...makeSchedule(40, seededRandom(7)).at.values()];
  assert.ok(short.includes('kill-mid'));
  assert.ok(short.includes('unplug'));
  const long = makeSchedule(10_000, seededRandom(7));
  const kills = [...long.at].filter(([, k]) => k.startsWith('kill'));
  assert.ok(kills.length >= 36, `${kills.length} kills`);
  assert.ok(kills.every(([i]) => i < long.killFreeFrom));
  assert.ok(kills.filter(([, k]) => k === 'kill-mid').length >= 12);
});

test('soak --checkouts 40: nothing lost, doubled, unreported or leaked', async () => {
  const t0 = Date.now();
  const r = await runSoak({ checkouts: 40, seed: 7 });
  const out = [...r.lines, benchLine(r)].join('\n');
  assert.is(r.checkouts, 40, out);
  assert.ok(
    r.lines.some((l) => /kill -9 [1-9]/.test(l)),
    out,
  );
  assert.ok(
    r.lines.some((l) => /unplug [1-9]/.test(l)),
    out,
  );
  assert.is(r.mismatchesUnreported, 0, out);
  assert.is(r.lost, 0, out);
  assert.is(r.doubled, 0, out);
  assert.is(r.piiHits, 0, out);
  assert.ok(Date.now() - t0 < 60_000, `took ${Date.now() - t0} ms`);
});

test.run();
