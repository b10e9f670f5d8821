/** Real ptys via socat: bytes cross, unplug (kill socat) → 'down' + reader_gone, replug → 'up' again. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { createPtyPair } from '../../drivers/serial/pty.ts';
import { SerialTransport } from '../../drivers/serial/transport.ts';
import { isReaderError } from '../../src/rfid/reader.ts';
import { silentLogger } from '../../src/log/index.ts';

function waitFor<T>(emitter: SerialTransport, event: string, pred: (v: T) => boolean, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms on ${emitter.path}`)), ms);
    const on = (v: T): void => {
      if (!pred(v)) return;
      clearTimeout(timer);
      emitter.off(event, on);
      resolve(v);
    };
    emitter.on(event, on);
  });
}

/** Collects 'data' until `n` bytes arrived (a pty may split a write into several reads). */
function collect(t: SerialTransport, n: number, ms = 3000): Promise<number[]> {
  const got: number[] = [];
  return waitFor<Buffer>(t, 'data', (c) => (got.push(...c), got.length >= n), ms).then(() => got);
}

test('createPtyPair: both links exist, bytes cross 8E1, close removes them', async () => {
  const pair = await createPtyPair();
  assert.ok(existsSync(pair.a) && existsSync(pair.b));
  const opts = { baudRate: 38400, parity: 'even' as const, reconnectMs: 50, log: silentLogger };
  const a = await SerialTransport.open({ path: pair.a, ...opts });
  const b = await SerialTransport.open({ path: pair.b, ...opts });
  const got = collect(b, 4);
  await a.write(Uint8Array.from([0x02, 0x00, 0x07, 0xff]));
  assert.equal(await got, [0x02, 0x00, 0x07, 0xff]);
  await a.close();
  await b.close();
  await pair.close();
  assert.not.ok(existsSync(pair.a));
});

test('unplug → down on both ends and writes fail reader_gone; replug → up and bytes flow again', async () => {
  const pair = await createPtyPair();
  const opts = { baudRate: 38400, reconnectMs: 50, log: silentLogger };
  const a = await SerialTransport.open({ path: pair.a, ...opts });
  const b = await SerialTransport.open({ path: pair.b, ...opts });
  const downA = waitFor<string>(a, 'state', (s) => s === 'down');
  const downB = waitFor<string>(b, 'state', (s) => s === 'down');
  await pair.unplug();
  await downA;
  await downB;
  assert.not.ok(a.isUp);
  try {
    await a.write(Uint8Array.from([1]));
    assert.unreachable('write should fail');
  } catch (e) {
    assert.ok(isReaderError(e, 'reader_gone'));
  }
  // Still down after several retry periods while the device is absent.
  await new Promise((r) => setTimeout(r, 200));
  assert.not.ok(a.isUp);
  const upA = waitFor<string>(a, 'state', (s) => s === 'up');
  const upB = waitFor<string>(b, 'state', (s) => s === 'up');
  await pair.replug();
  await upA;
  await upB;
  const got = collect(a, 3);
  await b.write(Uint8Array.from([9, 8, 7]));
  assert.equal(await got, [9, 8, 7]);
  await a.close();
  await b.close();
  await pair.close();
});

test.run();
