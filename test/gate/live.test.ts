/**
 * The gate in real time: status JSON and server-sent events over HTTP, and a reader unplugged and plugged back in
 * (SimReader.simulateUnplug/Replug, real air timing): fault output on within 2 s, off after the replug, polling
 * resumes, and a secured tag that stayed in the field alarms again.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp } from '../../src/server/app.ts';
import { gateRouter } from '../../src/roles/gate/routes.ts';
import { FAULT, LIGHT, rig, tag } from './helpers.ts';

async function until(cond: () => boolean, ms: number): Promise<number> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`condition not met within ${ms} ms`);
    await sleep(5);
  }
  return Date.now() - t0;
}

test('status JSON and /api/gate/events (SSE) over HTTP: the state, then the alarm as it happens', async () => {
  const r = await rig({ gate: { alarmHoldMs: 200 } }, { timing: 'real' });
  const app = createApp();
  app.use('/api/gate', gateRouter(r.gate, 50));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((res) => server.once('listening', res));
  const { port } = server.address() as AddressInfo;
  const stop = new AbortController();
  const loop = r.gate.poller.run(stop.signal);
  try {
    const status = (await (await fetch(`http://127.0.0.1:${port}/api/gate/status`)).json()) as {
      alarm: { state: string };
      gpio: string;
    };
    assert.is(status.alarm.state, 'idle');
    assert.is(status.gpio, 'sim');
    const messages: Array<{ type: string; state?: string }> = [];
    let raw = '';
    const req = http.get(`http://127.0.0.1:${port}/api/gate/events`, (res) => {
      assert.match(res.headers['content-type'] ?? '', /^text\/event-stream/);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        for (;;) {
          const end = raw.indexOf('\n\n');
          if (end < 0) break;
          const block = raw.slice(0, end);
          raw = raw.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) messages.push(JSON.parse(data.slice(6)) as { type: string });
        }
      });
    });
    await until(() => messages.length > 0, 2000);
    assert.is(messages[0]!.type, 'status');
    const t = tag(0x07);
    r.field.addTag(t);
    await until(() => messages.some((m) => m.type === 'alarm' && m.state === 'alarm'), 2000);
    assert.is(r.gpio.outputValue(LIGHT), 1);
    r.field.removeTag(t.uid);
    await until(() => messages.some((m) => m.type === 'alarm' && m.state === 'idle'), 2000);
    assert.is(r.gpio.outputValue(LIGHT), 0);
    const body = JSON.stringify(messages);
    assert.not.match(body, t.uid); // no item or tag identity on the page
    req.destroy();
  } finally {
    stop.abort();
    await loop;
    r.gate.close();
    server.closeAllConnections();
    await new Promise((res) => server.close(res));
  }
});

test('reader unplugged: fault on within 2 s, off after replug, polling resumes, the staying tag alarms', async () => {
  const r = await rig({ gate: { alarmHoldMs: 300, retryMs: 50 } }, { timing: 'real' });
  const stop = new AbortController();
  const loop = r.gate.poller.run(stop.signal);
  try {
    const t = tag(0x07);
    r.field.addTag(t);
    await until(() => r.gpio.outputValue(LIGHT) === 1, 1000);
    r.reader.simulateUnplug('usb disconnect');
    const faultMs = await until(() => r.gpio.outputValue(FAULT) === 1, 2000);
    assert.ok(faultMs < 2000);
    assert.is(r.gate.status().reader, 'down');
    // No reads while unplugged: the alarm runs out after its hold.
    await until(() => r.gpio.outputValue(LIGHT) === 0, 1500);
    const alarmsBefore = r.gate.status().today.alarms;
    const requestsBefore = r.field.stats.requests;
    r.reader.simulateReplug();
    await until(() => r.gpio.outputValue(FAULT) === 0, 2000);
    // The tag never left: polling resumes and it alarms again.
    await until(() => r.gpio.outputValue(LIGHT) === 1, 1000);
    assert.ok(r.field.stats.requests > requestsBefore);
    assert.is(r.gate.status().today.alarms, alarmsBefore + 1);
    assert.is(r.gate.status().fault, false);
  } finally {
    stop.abort();
    await loop;
    r.gate.close();
  }
});

test('a reader that stops answering without saying so (every command fails): fault after faultAfterMs', async () => {
  const r = await rig({ gate: { faultAfterMs: 300, retryMs: 20 } }, { timing: 'real' });
  const realInventory = r.reader.inventory.bind(r.reader);
  let failing = false;
  r.reader.inventory = (opts) => {
    if (failing) return Promise.reject(Object.assign(new Error('timeout'), { code: 'timeout' }));
    return realInventory(opts);
  };
  const stop = new AbortController();
  const loop = r.gate.poller.run(stop.signal);
  try {
    await sleep(50);
    failing = true;
    const t0 = Date.now();
    await until(() => r.gpio.outputValue(FAULT) === 1, 2000);
    assert.ok(Date.now() - t0 >= 250, 'not before faultAfterMs');
    failing = false;
    await until(() => r.gpio.outputValue(FAULT) === 0, 1000);
  } finally {
    stop.abort();
    await loop;
    r.gate.close();
  }
});

test.run();
