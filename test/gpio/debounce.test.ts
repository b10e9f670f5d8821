/** Debounce and the simulated backend on a virtual clock. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Debouncer } from '../../drivers/gpio/debounce.ts';
import { SimGpio } from '../../drivers/gpio/sim.ts';
import { VirtualTimers } from '../../drivers/gpio/timers.ts';
import { openGpio } from '../../drivers/gpio/index.ts';
import { silentLogger } from '../../src/log/index.ts';

test('a level is reported once it held for the debounce time, with the time it first changed', () => {
  const timers = new VirtualTimers(100);
  const seen: Array<[number, number]> = [];
  const d = new Debouncer(0, 20, (v, at) => seen.push([v, at]), timers);
  d.input(1);
  timers.advance(5);
  d.input(0); // bounce back: nothing
  timers.advance(30);
  assert.equal(seen, []);
  d.input(1);
  timers.advance(19);
  assert.equal(seen, []);
  timers.advance(1);
  assert.equal(seen, [[1, 135]]);
  d.input(1); // same level again: nothing new
  timers.advance(50);
  assert.equal(seen.length, 1);
  const raw = new Debouncer(0, 0, (v, at) => seen.push([v, at]), timers);
  raw.input(1, 500);
  assert.equal(seen[1], [1, 500]);
});

test('sim backend: outputs record writes, inputs are driven by the test, lines cannot be claimed twice', async () => {
  const timers = new VirtualTimers();
  const gpio = (await openGpio({ backend: 'sim', chip: 'gpiochip0', sysfsRoot: '/nonexistent' }, silentLogger, {
    timers,
  })) as SimGpio;
  assert.is(gpio.name, 'sim');
  const out = await gpio.output(17);
  timers.advance(10);
  await out.write(1);
  await out.write(1);
  assert.equal(gpio.writes(17), [{ value: 1, at: 10 }]);
  assert.is(gpio.outputValue(17), 1);
  const key = await gpio.input(23, { activeLow: true, debounceMs: 0, edge: 'rising' });
  const seen: number[] = [];
  key.watch((v) => seen.push(v));
  gpio.setInput(23, 0); // pressed (active low) → logical 1, a rising edge
  gpio.setInput(23, 1); // released: falling, not watched
  assert.equal(seen, [1]);
  let threw = false;
  await gpio.output(17).catch(() => (threw = true));
  assert.ok(threw);
});

test.run();
