// Offline checkout through the real service (issue 7): the kiosk role over real SIP2 to a separate test ILS, the
// sim reader and the sealed queue. The ILS is stopped: a patron checks out two items offline (card only), the
// entries are on disk sealed, /metrics shows the queue; the ILS restarts on the same port: both are forwarded
// once (SIP2 11 with no-block, the fixed offline due date), the queue empties, and no patron value is on disk.
import { test } from 'uvu';
import { startOfflineKiosk } from '../helpers/offline-kiosk.ts';
import { kioskApi, waitFor } from '../helpers/kiosk-api.ts';
import * as assert from 'uvu/assert';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type RunningService } from '../../src/service.ts';
import { TestIlsServer } from '../../src/sip2/testils/server.ts';
import { samplePatrons } from '../../src/testdata/library.ts';
import type { KioskView } from '../../src/roles/kiosk/view.ts';

const patron = samplePatrons[0]!;
const ITEMS = ['31234000000011', '31234000000012'];
let dir = '';
let svc: RunningService | undefined;
let ils: TestIlsServer | undefined;

const { api } = kioskApi(() => svc!.url);
const until = waitFor;
const view = (): Promise<KioskView> => api<KioskView>('/api/kiosk/view');

test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'selfcheck-koff-'));
  const password = 'test-ils-password';
  ils = new TestIlsServer({ login: { user: 'selfcheck', password } });
  const ilsPort = await ils.listen(0);
  svc = await startOfflineKiosk({ dir, ilsPort, ilsPassword: password, logLevel: 'debug' });
});

test.after(async () => {
  await svc?.stop();
  await ils?.close();
  await rm(dir, { recursive: true, force: true });
});

test('ILS down: two items checked out offline; ILS back: forwarded once, queue empty', async () => {
  assert.is(svc!.rt.ils.acsStatus?.offlineOk, true, 'the 98 at login said offline is OK');
  await ils!.close();
  await until(view, (v) => !v.ilsOnline, 'the kiosk to see the ILS down');

  await api('/api/kiosk/action', { type: 'start' });
  await api('/api/kiosk/action', { type: 'language', language: 'es' });
  const ident = await api<KioskView>('/api/kiosk/action', { type: 'card', value: patron.id });
  assert.is(ident.screen, 'items');
  assert.ok(ident.offline, 'offline session');
  const tags = await api<Array<{ uid: string; itemId: string }>>('/api/sim/tags');
  const uids = ITEMS.map((id) => tags.find((t) => t.itemId === id)!.uid);
  for (const uid of uids) await api('/api/sim/place', { uid });
  const v = await until(view, (x) => x.items.length === 2 && x.itemsPending === 0, 'offline results');
  assert.equal(
    v.items.map((r) => [r.state, r.message?.key]),
    [
      ['ok', 'item.checkedOutOffline'],
      ['ok', 'item.checkedOutOffline'],
    ],
  );
  await api('/api/kiosk/action', { type: 'done' });
  await until(view, (x) => x.screen === 'goodbye' || x.screen === 'attract', 'session end');
  for (const uid of uids) await api('/api/sim/remove', { uid });

  const offDir = path.join(dir, 'data', 'offline');
  assert.is((await readdir(offDir)).length, 2);
  const metrics = await (await fetch(new URL('/metrics', svc!.url))).text();
  assert.match(metrics, /^selfcheck_offline_queue_depth 2$/m);
  assert.match(metrics, /^selfcheck_checkouts_total\{result="offline",reason="none"\} 2$/m);

  const before = ils!.received.filter((c) => c === '11').length;
  await ils!.listen(ils!.port);
  await until(
    () => readdir(offDir),
    (f) => f.length === 0,
    'the queue to drain',
  );
  for (const id of ITEMS) assert.is(ils!.library.loans.get(id)?.patronId, patron.id, `${id} charged to the patron`);
  const due = ils!.library.loans.get(ITEMS[0]!)!.due;
  assert.ok(Math.abs(due.getTime() - (Date.now() + 21 * 86_400_000)) < 120_000, 'the fixed offline due date');
  await new Promise((r) => setTimeout(r, 300));
  assert.is(ils!.received.filter((c) => c === '11').length - before, 2, 'each forwarded exactly once');
  const after = await (await fetch(new URL('/metrics', svc!.url))).text();
  assert.match(after, /^selfcheck_offline_queue_depth 0$/m);

  // Nothing readable as a patron value on the station's disk or in its log.
  const files: string[] = [path.join(dir, 'station.log')];
  for (const e of await readdir(path.join(dir, 'data'), { recursive: true, withFileTypes: true }))
    if (e.isFile()) files.push(path.join(e.parentPath, e.name));
  for (const f of files) {
    const text = await readFile(f, 'utf8');
    for (const s of [patron.id, patron.pin, patron.name]) assert.not.ok(text.includes(s), `${s} found in ${f}`);
  }
});

test.run();
