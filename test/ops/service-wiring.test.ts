// The service's operations wiring (issue 7): one checkout through the real service (built-in test ILS, sim reader),
// then GET /metrics follows Prometheus naming and holds no patron or item value, the statistics CSV counts the
// checkout, the retention timer runs its purgers, and sd_notify sends READY=1 and STOPPING=1 to NOTIFY_SOCKET.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/index.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { startKiosk } from '../../src/roles/kiosk/start.ts';
import { samplePatrons, sampleItems } from '../../src/testdata/library.ts';
import { InventoryStore } from '../../src/roles/inventory/store.ts';
import { statsCsvFrom } from '../../src/server/staff/station.ts';
import { decodeTestTag, encodeTestTag } from '../kiosk/fakes.ts';
import { kioskApi } from '../helpers/kiosk-api.ts';

interface DgramSocket {
  bind(p: string): void;
  on(ev: 'message', fn: (buf: Buffer) => void): void;
  close(): void;
}
const dgram = createRequire(import.meta.url)('unix-dgram') as { createSocket(t: 'unix_dgram'): DgramSocket };

const patron = samplePatrons[0]!;
let dir = '';
let svc: RunningService | undefined;
let notifySock: DgramSocket | undefined;
const notified: string[] = [];

const { api, until } = kioskApi(() => svc!.url);

async function metricsText(): Promise<string> {
  const r = await fetch(new URL('/metrics', svc!.url));
  assert.is(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
  return r.text();
}

test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'selfcheck-ops-'));
  const sockPath = path.join(dir, 'notify.sock');
  notifySock = dgram.createSocket('unix_dgram');
  notifySock.on('message', (b) => notified.push(b.toString()));
  notifySock.bind(sockPath);
  const config = parseConfig({
    general: { dataDir: path.join(dir, 'data') },
    http: { port: 0 },
    log: { file: path.join(dir, 'station.log'), level: 'debug' },
  });
  svc = await startService(config, {
    roleStart: async (rt) => {
      await startKiosk(rt, { decode: decodeTestTag });
    },
    tagContent: (item) => encodeTestTag(item.primaryItemId, item.partNumber ?? 1, item.partsInItem ?? 1),
    env: { NOTIFY_SOCKET: sockPath, WATCHDOG_USEC: '200000' },
  });
});

test.after(async () => {
  await svc?.stop();
  notifySock?.close();
  await rm(dir, { recursive: true, force: true });
});

test('READY=1 once listening, and WATCHDOG=1 pings from the process itself', async () => {
  for (let i = 0; i < 100 && !(notified.some((m) => m.startsWith('READY=1')) && notified.includes('WATCHDOG=1')); i++)
    await new Promise((r) => setTimeout(r, 10));
  assert.ok(
    notified.some((m) => m.startsWith('READY=1')),
    `READY sent: ${JSON.stringify(notified)}`,
  );
  assert.ok(notified.includes('WATCHDOG=1'), 'watchdog pinged (WATCHDOG_USEC/2 = 100 ms)');
});

test('a checkout, then /metrics: Prometheus names, SIP2/reader up, checkout counted, no patron or item value', async () => {
  await api('/api/kiosk/action', { type: 'start' });
  await api('/api/kiosk/action', { type: 'language', language: 'en' });
  await api('/api/kiosk/action', { type: 'card', value: patron.id });
  await until((v) => v.screen === 'pin', 'pin screen');
  await api('/api/kiosk/action', { type: 'pin', value: patron.pin });
  await until((x) => x.screen === 'items', 'items screen');
  const tags = await api<Array<{ uid: string; itemId: string; part: number }>>('/api/sim/tags');
  const tag = tags.find((t) => t.itemId === '31234000000011')!;
  await api('/api/sim/place', { uid: tag.uid });
  const v = await until((x) => x.items.length === 1 && x.itemsPending === 0, 'item result');
  assert.is(v.items[0]?.state, 'ok');
  await api('/api/kiosk/action', { type: 'done' });
  await until((x) => x.screen === 'goodbye' || x.screen === 'attract', 'session end');
  await api('/api/sim/remove', { uid: tag.uid });

  const text = await metricsText();
  // Exposition format: every sample's metric name is snake_case with the station prefix; counters end in _total.
  const types = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(m[1]!, m[2]!);
  for (const [name, type] of types) {
    assert.match(name, /^selfcheck_[a-z0-9_]+$/, name);
    if (type === 'counter') assert.match(name, /_total$/, `${name} is a counter`);
    if (type === 'histogram') assert.match(name, /_seconds$/, `${name} uses base units`);
  }
  assert.match(text, /^selfcheck_sip_up 1$/m);
  assert.match(text, /^selfcheck_rfid_reader_up 1$/m);
  assert.match(text, /^selfcheck_checkouts_total\{result="ok",reason="none"\} 1$/m);
  assert.match(text, /^selfcheck_sip_request_duration_seconds_count\{message="checkout",ok="true"\} 1$/m);
  assert.match(text, /^selfcheck_offline_queue_depth 0$/m);
  assert.match(text, /^selfcheck_tag_security_unconfirmed 0$/m);
  assert.match(text, /^selfcheck_offline_queue_oldest_age_seconds 0$/m);
  assert.match(text, /^selfcheck_build_info\{version="[^"]+",config_hash="[0-9a-f]{12}"\} 1$/m);
  const values = [patron.id, patron.pin, patron.name, patron.name.split(' ')[0]!];
  for (const item of sampleItems) values.push(item.id, item.title);
  for (const s of values) assert.not.ok(text.includes(s), `metrics hold ${s}`);
  // Label values are closed sets: none looks like a barcode (config_hash is hex and may hold a run of digits).
  for (const m of text.matchAll(/(\w+)="([^"]*)"/g)) if (m[1] !== 'config_hash') assert.not.match(m[2]!, /\d{8,}/);
});

test('the statistics CSV counts the checkout and the session; retention keeps this hour', async () => {
  await svc!.ops.stats.flush();
  const csv = statsCsvFrom(path.join(dir, 'data'));
  const [head, row] = csv.trim().split('\n');
  const cols = head!.split(',');
  const cells = row!.split(',');
  const at = (c: string): string | undefined => cells[cols.indexOf(c)];
  assert.is(at('checkouts_ok'), '1');
  assert.is(at('sessions'), '1');
  assert.is(at('sessions_en'), '1');
  // A saved inventory result in the same data directory: kept now, gone after inventory.retentionDays (30).
  const inv = new InventoryStore(path.join(dir, 'data'));
  await writeFile(path.join(inv.dir, '00000000-0000-4000-8000-000000000001.json'), '{}');
  const removed = await svc!.ops.retention.runOnce();
  assert.equal(removed, { statistics: 0, offline: 0, inventory: 0, 'kiosk-journal': 0 });
  // Three years on, this hour is past statistics retention (730 days) and is purged.
  const later = await svc!.ops.retention.runOnce(Date.now() + 3 * 365 * 86_400_000);
  assert.is(later['statistics'], 1);
  assert.is(later['inventory'], 1);
  const file = await readFile(path.join(dir, 'data', 'stats.json'), 'utf8');
  assert.not.ok(file.includes(patron.id));
});

test('STOPPING=1 at shutdown', async () => {
  await svc!.stop();
  for (let i = 0; i < 50 && !notified.includes('STOPPING=1'); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(notified.includes('STOPPING=1'));
});

test.run();
