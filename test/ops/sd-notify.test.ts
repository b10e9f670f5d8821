import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSystemdNotifier, watchdogIntervalMs } from '../../src/ops/sd-notify.ts';
import { silentLogger } from '../../src/log/index.ts';

const dgram = createRequire(import.meta.url)('unix-dgram');

test('watchdog interval is half of WATCHDOG_USEC and only for the watched pid', () => {
  assert.is(watchdogIntervalMs({ WATCHDOG_USEC: '30000000' }), 15000);
  assert.is(watchdogIntervalMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '1' }, 2), undefined);
  assert.is(watchdogIntervalMs({}), undefined);
});

test('READY, WATCHDOG and STOPPING reach the notify socket; nothing happens without NOTIFY_SOCKET', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'notify-')), 'notify.sock');
  const server = dgram.createSocket('unix_dgram');
  const got: string[] = [];
  server.on('message', (buf: Buffer) => got.push(buf.toString()));
  server.bind(path);
  const n = createSystemdNotifier(silentLogger, { NOTIFY_SOCKET: path, WATCHDOG_USEC: '40000' });
  n.ready('listening');
  await new Promise((r) => setTimeout(r, 120));
  n.stopping();
  await new Promise((r) => setTimeout(r, 20));
  n.close();
  server.close();
  assert.is(got[0], 'READY=1\nSTATUS=listening');
  assert.ok(got.filter((m) => m === 'WATCHDOG=1').length >= 2, got.join(','));
  assert.is(got.at(-1), 'STOPPING=1');
  const none = createSystemdNotifier(silentLogger, {});
  none.ready();
  none.close();
});

test.run();
