// The real service (startService: built-in test ILS, sim reader, kiosk role, HTTP) driven over its HTTP API and
// the simulator panel's API: one checkout end to end, then the log file and data directory are searched for
// the patron's card number, PIN and name. Patron: samplePatrons[0] (src/testdata/library.ts).
// The tag codec is the kiosk tests' stand-in (test/kiosk/fakes.ts) until src/tags lands.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/index.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { startKiosk } from '../../src/roles/kiosk/start.ts';
import { samplePatrons } from '../../src/testdata/library.ts';
import { decodeTestTag, encodeTestTag } from '../kiosk/fakes.ts';
import { kioskApi } from '../helpers/kiosk-api.ts';

const patron = samplePatrons[0]!;
let dir = '';
let svc: RunningService | undefined;

const { api, until } = kioskApi(() => svc!.url);

test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'selfcheck-svc-'));
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
  });
});

test.after(async () => {
  await svc?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('listens on loopback, data dir is 0700, sim panel is mounted', async () => {
  assert.match(svc!.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.ok(svc!.simUrl);
  assert.is((await stat(path.join(dir, 'data'))).mode & 0o777, 0o700);
  const r = await fetch(new URL('/healthz', svc!.url));
  assert.is(r.headers.get('cache-control'), 'no-store');
  await r.arrayBuffer();
});

test('a checkout end to end, and no patron data on disk afterwards', async () => {
  await api('/api/kiosk/action', { type: 'start' });
  await api('/api/kiosk/action', { type: 'language', language: 'en' });
  await api('/api/kiosk/action', { type: 'card', value: patron.id });
  await until((v) => v.screen === 'pin' || v.screen === 'items', 'pin screen');
  await api('/api/kiosk/action', { type: 'pin', value: patron.pin });
  const v = await until((x) => x.screen === 'items', 'items screen');
  assert.is(v.patron?.firstName, patron.name.split(' ')[0]);
  const tags = await api<Array<{ uid: string; itemId: string; part: number }>>('/api/sim/tags');
  const single = tags.find((t) => !tags.some((o) => o !== t && o.itemId === t.itemId));
  assert.ok(single, 'a one-part sample item');
  await api('/api/sim/place', { uid: single.uid });
  const done = await until(
    (x) =>
      x.items.length > 0 &&
      x.itemsPending === 0 &&
      x.items.every((i) => i.state !== 'reading' && i.state !== 'pending'),
    'item result',
  );
  assert.is(done.items[0]?.state, 'ok', JSON.stringify(done.items[0]?.message));
  await api('/api/kiosk/action', { type: 'done' });
  const rc = await until(
    (x) => x.screen === 'receipt' || x.screen === 'goodbye' || x.screen === 'attract',
    'session end',
  );
  if (rc.screen === 'receipt') await api('/api/kiosk/action', { type: 'receipt', choice: 'none' });
  await until((x) => x.screen === 'goodbye' || x.screen === 'attract', 'goodbye');
  await api('/api/sim/remove', { uid: single.uid });

  const files: string[] = [path.join(dir, 'station.log')];
  for (const e of await readdir(path.join(dir, 'data'), { recursive: true, withFileTypes: true }))
    if (e.isFile()) files.push(path.join(e.parentPath, e.name));
  for (const f of files) {
    const text = await readFile(f, 'utf8');
    for (const s of [patron.id, patron.pin, patron.name, patron.name.split(' ')[0]!])
      assert.not.ok(text.includes(s), `${s} found in ${f}`);
  }
});

test.run();
