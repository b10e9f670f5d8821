/**
 * What each security mode's probe costs on the air (drivers/sim/README.md "Timing model"), so the bench's bounds
 * hold: EAS mode's alarm is exactly one EAS Alarm exchange with the 256-bit answer (the station adds nothing), and
 * 'both' does not wait for an EAS answer once the AFI probe found the secured tag; an EAS-only item still alarms.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exchangeUs, inventoryRoundUs, emptyInventoryRoundUs } from '../../drivers/sim/airtime.ts';
import { EAS_SEQUENCE } from '../../drivers/sim/tag.ts';
import { LIGHT, rig, tag } from './helpers.ts';

/** Non-addressed EAS Alarm (flags, A5, 04) and the tag's flags + EAS sequence. */
const easAnsweredUs = exchangeUs(3, 1 + EAS_SEQUENCE.length);
const easSilentUs = exchangeUs(3, null);

test('the air-time figures the bench uses (drivers/sim/README.md table)', () => {
  assert.ok(Math.abs(easSilentUs - 2001.18) < 0.01, `${easSilentUs}`);
  // The EAS answer alone is longer than 1.5 inventory rounds: the 16-slot unit cannot be EAS's bound.
  assert.ok(easAnsweredUs / emptyInventoryRoundUs() > 1.5, `${easAnsweredUs}`);
  assert.ok(Math.abs(easAnsweredUs - 12936.87) < 0.01, `${easAnsweredUs}`);
});

test('eas: a tag present at the probe alarms after exactly one EAS Alarm exchange', async () => {
  const r = await rig({ tags: { security: { mode: 'eas' } }, reader: { antennas: [1, 2] } });
  r.field.addTag(tag(0x07, { eas: true, antenna: 1 }));
  const t0 = r.timers.now();
  const airBefore = r.field.stats.airUs;
  r.gate.probed(await r.gate.poller.probe(1));
  const on = r.gpio.writes(LIGHT).find((w) => w.value === 1);
  assert.ok(on, 'light on');
  assert.ok(Math.abs((on.at - t0) * 1000 - easAnsweredUs) < 1, `${(on.at - t0) * 1000} µs`);
  assert.ok(Math.abs(r.field.stats.airUs - airBefore - easAnsweredUs) < 1, 'one command, nothing else on the air');
  // The other antenna's probe is a silent EAS Alarm only.
  const before = r.field.stats.airUs;
  await r.gate.poller.probe(2);
  assert.ok(Math.abs(r.field.stats.airUs - before - easSilentUs) < 1);
});

test('both: the AFI probe that finds the secured tag is the whole probe (no EAS answer waited for)', async () => {
  const r = await rig({ tags: { security: { mode: 'both' } } });
  r.field.addTag(tag(0x07, { eas: true }));
  const t0 = r.timers.now();
  const requests = r.field.stats.requests;
  r.gate.probed(await r.gate.poller.probe(1));
  const on = r.gpio.writes(LIGHT).find((w) => w.value === 1);
  assert.ok(on, 'light on');
  assert.is(r.field.stats.requests - requests, 1, 'only the AFI probe');
  // Single-slot AFI probe (request of 4 bytes) with one tag answering.
  assert.ok(Math.abs((on.at - t0) * 1000 - inventoryRoundUs(4, [true])) < 1, `${(on.at - t0) * 1000} µs`);
});

test('both: an item secured by EAS only (AFI of a loan) still alarms; a loaned item without EAS does not', async () => {
  const r = await rig({ tags: { security: { mode: 'both' } }, gate: { alarmHoldMs: 100 } });
  r.field.addTag(tag(0xc2, { eas: false }));
  r.gate.probed(await r.gate.poller.probe(1));
  assert.is(r.gpio.outputValue(LIGHT), 0);
  r.field.addTag(tag(0xc2, { eas: true }));
  const requests = r.field.stats.requests;
  const res = await r.gate.poller.probe(1);
  r.gate.probed(res);
  assert.is(r.field.stats.requests - requests, 2, 'AFI probe, then EAS Alarm');
  assert.equal(res.uids, []);
  assert.ok(res.secured);
  assert.is(r.gpio.outputValue(LIGHT), 1);
});

test.run();
