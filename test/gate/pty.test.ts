/**
 * The unplug test over a real serial line: the FEIG driver ↔ FEIG emulator through a socat pty pair; unplug()
 * kills socat (both ends lose their device as with a pulled USB adapter), replug() brings it back. Fault output on
 * within 2 s, off after replug, polling resumes, the secured tag that stayed in the field alarms again.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPtyPair } from '../../drivers/serial/pty.ts';
import { startEmulator } from '../../drivers/feig/emulator.ts';
import { openReader } from '../../drivers/feig/index.ts';
import { SimField } from '../../drivers/sim/field.ts';
import { silentLogger } from '../../src/log/index.ts';
import { FAULT, LIGHT, rig, tag } from './helpers.ts';

async function until(cond: () => boolean, ms: number): Promise<number> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`condition not met within ${ms} ms`);
    await sleep(5);
  }
  return Date.now() - t0;
}

test('FEIG over a pty: unplug → fault within 2 s; replug → fault off, polling resumes, the staying tag alarms', async () => {
  const pair = await createPtyPair();
  const field = new SimField({ timing: 'real' });
  const emu = await startEmulator({ path: pair.b, field, log: silentLogger, reconnectMs: 50 });
  const reader = await openReader({
    path: pair.a,
    log: silentLogger,
    commandTimeoutMs: 300,
    reconnectMs: 50,
    antennas: [1],
  });
  const r = await rig({ gate: { alarmHoldMs: 300, retryMs: 50 } }, { timing: 'real', field, deps: { reader } });
  const stop = new AbortController();
  const loop = r.gate.poller.run(stop.signal);
  try {
    field.addTag(tag(0x07));
    field.addTag(tag(0xc2));
    await until(() => r.gpio.outputValue(LIGHT) === 1, 2000);
    await pair.unplug();
    const faultMs = await until(() => r.gpio.outputValue(FAULT) === 1, 2000);
    assert.ok(faultMs < 2000, `${faultMs} ms`);
    await until(() => r.gpio.outputValue(LIGHT) === 0, 2000);
    const alarms = r.gate.status().today.alarms;
    await pair.replug();
    await until(() => r.gpio.outputValue(FAULT) === 0, 5000);
    await until(() => r.gpio.outputValue(LIGHT) === 1, 2000);
    assert.is(r.gate.status().today.alarms, alarms + 1);
  } finally {
    // Bounded clean-up: a port stuck in the native binding after a replug must not hang the whole shard.
    const bounded = (p: Promise<unknown>): Promise<unknown> => Promise.race([p.catch(() => undefined), sleep(2000)]);
    stop.abort();
    await bounded(loop);
    r.gate.close();
    await bounded(reader.close());
    await bounded(emu.close());
    await bounded(pair.close());
  }
});

test.run();
