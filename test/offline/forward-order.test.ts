// Issue 7: when the ILS comes back, the offline checkouts are forwarded BEFORE the kiosk's own ILS requests. Real
// service (kiosk role, sim reader, sealed queue) over real SIP2 through a recording proxy to a separate test ILS.
// The ILS goes down; a patron takes three items offline; the ILS comes back slow (each message delayed), and a second
// patron starts a session at once: their patron request (63), checkout (11) and end of session (35) reach the ILS only
// after all three forwarded 11s, checked in the order the ILS received the messages.
import { test } from 'uvu';
import { startOfflineKiosk } from '../helpers/offline-kiosk.ts';
import { kioskApi, waitFor } from '../helpers/kiosk-api.ts';
import * as assert from 'uvu/assert';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type RunningService } from '../../src/service.ts';
import { TestIlsServer } from '../../src/sip2/testils/server.ts';
import { samplePatrons } from '../../src/testdata/library.ts';
import type { KioskView } from '../../src/roles/kiosk/view.ts';
import { Sip2Proxy } from './sip2-proxy.ts';

const offlinePatron = samplePatrons[0]!;
const nextPatron = samplePatrons[5]!;
const OFFLINE_ITEMS = ['31234000000011', '31234000000012', '31234000000013'];
const NEXT_ITEM = '31234000000014';
let dir = '';
let svc: RunningService | undefined;
let ils: TestIlsServer | undefined;
let proxy: Sip2Proxy | undefined;

const { api } = kioskApi(() => svc!.url);
const until = <T>(fn: () => Promise<T> | T, pred: (v: T) => boolean, what: string) => waitFor(fn, pred, what, 10_000);
const view = (): Promise<KioskView> => api<KioskView>('/api/kiosk/view');
const field = (msg: string, id: string): string | undefined => new RegExp(`\\|${id}([^|]*)`).exec(msg)?.[1];

async function uidOf(itemId: string): Promise<string> {
  const tags = await api<Array<{ uid: string; itemId: string }>>('/api/sim/tags');
  return tags.find((t) => t.itemId === itemId)!.uid;
}

test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'selfcheck-order-'));
  const password = 'test-ils-password';
  ils = new TestIlsServer({ login: { user: 'selfcheck', password } });
  const ilsPort = await ils.listen(0);
  proxy = new Sip2Proxy({ host: '127.0.0.1', port: ilsPort });
  const port = await proxy.listen(0);
  svc = await startOfflineKiosk({
    dir,
    ilsPort: port,
    ilsPassword: password,
    requestMs: 3000,
    kiosk: { goodbyeSeconds: 1 },
  });
});

test.after(async () => {
  await svc?.stop();
  await proxy?.close();
  await ils?.close();
  await rm(dir, { recursive: true, force: true });
});

test('ILS back: every offline checkout reaches the ILS before the next session requests', async () => {
  await proxy!.close();
  await until(view, (v) => !v.ilsOnline, 'the kiosk to see the ILS down');

  // Offline session: card only, three items.
  await api('/api/kiosk/action', { type: 'card', value: offlinePatron.id });
  assert.ok((await view()).offline, 'offline session');
  const offUids = await Promise.all(OFFLINE_ITEMS.map(uidOf));
  for (const uid of offUids) await api('/api/sim/place', { uid });
  await until(view, (x) => x.items.length === 3 && x.itemsPending === 0, 'offline results');
  await api('/api/kiosk/action', { type: 'done' });
  await until(view, (x) => x.screen === 'attract', 'offline session end');
  for (const uid of offUids) await api('/api/sim/remove', { uid });
  const offDir = path.join(dir, 'data', 'offline');
  assert.is((await readdir(offDir)).length, 3);

  // The ILS returns, slow: forwarding three entries takes well over a second.
  proxy!.delayMs = 250;
  await proxy!.listen();
  await until(view, (v) => v.ilsOnline, 'the kiosk to see the ILS back');
  const sessionStart = proxy!.messages.length;

  // A new patron at once, with a PIN (online).
  await api('/api/kiosk/action', { type: 'card', value: nextPatron.id });
  await api('/api/kiosk/action', { type: 'pin', value: nextPatron.pin });
  const v = await until(view, (x) => x.screen === 'items', 'the second patron accepted');
  assert.not.ok(v.offline, 'an online session');
  const uid = await uidOf(NEXT_ITEM);
  await api('/api/sim/place', { uid });
  const done = await until(view, (x) => x.items.length === 1 && x.itemsPending === 0, 'the online checkout');
  assert.is(done.items[0]!.state, 'ok');
  await api('/api/kiosk/action', { type: 'done' });
  await until(view, (x) => x.screen === 'goodbye' || x.screen === 'attract', 'second session end');
  await api('/api/sim/remove', { uid });
  await until(
    () => readdir(offDir),
    (f) => f.length === 0,
    'the queue to drain',
  );

  // Order at the ILS: all forwarded 11s (no-block, first patron) before any message of the second patron.
  const msgs = proxy!.messages.slice(sessionStart);
  const forwarded = msgs
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => m.startsWith('11') && field(m, 'AA') === offlinePatron.id);
  assert.equal(forwarded.map(({ m }) => field(m, 'AB')).sort(), [...OFFLINE_ITEMS].sort(), 'each forwarded once');
  for (const { m } of forwarded) assert.is(m[2], 'Y', 'no-block Y');
  const lastForward = Math.max(...forwarded.map(({ i }) => i));
  const nextSession = msgs.map((m, i) => ({ m, i })).filter(({ m }) => field(m, 'AA') === nextPatron.id);
  assert.equal(
    nextSession.map(({ m }) => m.slice(0, 2)),
    ['63', '11', '35'],
    'patron information, checkout, end of session',
  );
  assert.ok(
    nextSession.every(({ i }) => i > lastForward),
    `the second patron's requests came after the forwarded checkouts: ${msgs.map((m) => m.slice(0, 2)).join(' ')}`,
  );
  assert.is(field(nextSession[1]!.m, 'AB'), NEXT_ITEM);
  for (const id of OFFLINE_ITEMS) assert.is(ils!.library.loans.get(id)?.patronId, offlinePatron.id);
  assert.is(ils!.library.loans.get(NEXT_ITEM)?.patronId, nextPatron.id);
});

test.run();
