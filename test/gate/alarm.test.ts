/** The alarm decision and the whole gate on the simulator's virtual air clock. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AlarmDecision } from '../../src/roles/gate/alarm.ts';
import { emptyInventoryRoundUs, inventoryRoundUs, requestUs, T3_US } from '../../drivers/sim/airtime.ts';
import type { VirtualTimers } from '../../drivers/gpio/timers.ts';
import { LIGHT, BUZZER, SILENCE, pollFor, rig, tag } from './helpers.ts';

test('decision: alarm at once, hold restarts while seen, ends after the hold', () => {
  const d = new AlarmDecision(3000);
  assert.is(d.seen(1000), 'start');
  assert.is(d.seen(2000), undefined);
  assert.is(d.until, 5000);
  assert.is(d.tick(4999), undefined);
  assert.is(d.state, 'alarm');
  assert.is(d.tick(5000), 'end');
  assert.is(d.state, 'idle');
  assert.is(d.seen(5001), 'start');
});

test('decision: silence ends the alarm and holds it silent while the item is still seen, then re-arms', () => {
  const d = new AlarmDecision(1000);
  d.seen(0);
  assert.is(d.silence(100), 'silenced');
  assert.is(d.silence(150), undefined);
  assert.is(d.seen(500), undefined); // same patron still in the gate
  assert.is(d.state, 'silenced');
  assert.is(d.tick(1499), undefined);
  assert.is(d.tick(1500), undefined);
  assert.is(d.state, 'idle');
  assert.is(d.seen(1600), 'start');
  assert.is(new AlarmDecision(1000).silence(0), undefined);
});

test('a secured tag alarms within one probe after it enters; loaned tags never do; the hold ends it', async () => {
  const r = await rig({ gate: { alarmHoldMs: 500 } });
  r.field.addTag(tag(0xc2)); // loaned: silent to an AFI-07 probe
  await pollFor(r, 200);
  assert.equal(r.gpio.writes(LIGHT), []);
  const secured = tag(0x07);
  r.field.addTag(secured);
  const enteredAt = r.timers.now();
  await r.gate.poller.cycle();
  const on = r.gpio.writes(LIGHT)[0];
  assert.ok(on && on.value === 1, 'light on');
  assert.is(r.gpio.outputValue(BUZZER), 1);
  // One single-slot AFI probe with one tag answering: request (4 bytes) + t1 + 10-byte answer + t2.
  const probeWithTagUs = inventoryRoundUs(4, [true]);
  assert.ok(Math.abs((on.at - enteredAt) * 1000 - probeWithTagUs) < 1, `${(on.at - enteredAt) * 1000} µs`);
  assert.ok(probeWithTagUs < 1.5 * emptyInventoryRoundUs());
  // An empty probe is much shorter than the 16-slot unit.
  assert.ok(requestUs(4) + T3_US < emptyInventoryRoundUs() / 3);
  await pollFor(r, 2000); // still in the field: still alarming
  assert.is(r.gpio.outputValue(LIGHT), 1);
  assert.is(r.gate.status().today.alarms, 1);
  r.field.removeTag(secured.uid);
  const leftAt = r.timers.now();
  await pollFor(r, 600);
  const off = r.gpio.writes(LIGHT).at(-1)!;
  assert.is(off.value, 0);
  assert.ok(off.at - leftAt >= 490 && off.at - leftAt < 520, `${off.at - leftAt} ms`);
  assert.is(r.gpio.outputValue(BUZZER), 0);
  const recs = r.records.list();
  assert.is(recs.length, 1);
  assert.is(recs[0]!.items, undefined); // no item IDs unless the library turns them on
  assert.ok(recs[0]!.endedAt! > recs[0]!.at);
});

test('several secured tags at once, EAS mode, two antennas', async () => {
  const r = await rig({ reader: { antennas: [1, 2] }, gate: { alarmHoldMs: 300 } });
  r.field.addTag(tag(0x07, { antenna: 2 }));
  r.field.addTag(tag(0x07, { antenna: 2 }));
  r.field.addTag(tag(0x07, { antenna: 2 }));
  await r.gate.poller.cycle();
  assert.is(r.gpio.outputValue(LIGHT), 1);

  const e = await rig({ tags: { security: { mode: 'eas' } }, gate: { alarmHoldMs: 300 } });
  e.field.addTag(tag(0xc2, { eas: false }));
  await pollFor(e, 50);
  assert.is(e.gpio.outputValue(LIGHT), 0);
  e.field.addTag(tag(0x07, { eas: true }));
  await e.gate.poller.cycle();
  assert.is(e.gpio.outputValue(LIGHT), 1);
});

test('blink pattern and the silence key', async () => {
  const r = await rig({ gate: { alarmHoldMs: 5000, buzzer: { mode: 'blink', onMs: 100, offMs: 50 } } });
  r.field.addTag(tag(0x07));
  await r.gate.poller.cycle();
  const t0 = r.gpio.writes(BUZZER)[0]!.at;
  await pollFor(r, 320);
  const w = r.gpio.writes(BUZZER).map((x) => [x.value, Math.round(x.at - t0)]);
  // on at 0, off at 100, on at 150, off at 250, on at 300 (timers fire at the end of the probe that passes them)
  assert.equal(
    w.map((x) => x[0]),
    [1, 0, 1, 0, 1],
  );
  assert.ok(Math.abs(w[1]![1]! - 100) <= 7 && Math.abs(w[2]![1]! - 150) <= 7, JSON.stringify(w));
  r.gpio.setInput(SILENCE, 1);
  assert.is(r.gpio.outputValue(LIGHT), 1); // debounced: a 20 ms press, not a glitch
  (r.timers as VirtualTimers).advance(20);
  assert.is(r.gpio.outputValue(LIGHT), 0);
  assert.is(r.gpio.outputValue(BUZZER), 0);
  await pollFor(r, 200);
  assert.is(r.gpio.outputValue(LIGHT), 0); // still silenced while the item stays
  assert.is(r.gate.status().alarm.state, 'silenced');
});

test.run();
