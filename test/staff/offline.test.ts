// Staff handling of refused offline entries on a kiosk station (the real service over real SIP2 to a test ILS):
// the ILS is down, a patron takes two items offline, the ILS no longer knows the patron when it comes back, so both
// forwarded checkouts are refused. Staff (login + CSRF, like every staff route) see them without any patron value,
// retry one once the ILS is settled, export the other for `selfcheck offline recover` and delete it.
import { test } from 'uvu';
import { startOfflineKiosk } from '../helpers/offline-kiosk.ts';
import { kioskApi } from '../helpers/kiosk-api.ts';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { type RunningService } from '../../src/service.ts';
import { TestIlsServer } from '../../src/sip2/testils/server.ts';
import { generateLibraryKeyPair, loadPrivateKey } from '../../src/offline/seal.ts';
import { readQueueDir, recoverEntry } from '../../src/offline/queue.ts';
import { samplePatrons } from '../../src/testdata/library.ts';
import type { KioskView } from '../../src/roles/kiosk/view.ts';
import type { DeskView } from '../../src/offline/desk.ts';
import { StaffClient, until } from './client.ts';

const patron = samplePatrons[0]!;
const ITEMS = ['31234000000011', '31234000000012'];
const password = 'offline desk pw';
const pair = generateLibraryKeyPair();
let dir = '';
let svc: RunningService | undefined;
let ils: TestIlsServer | undefined;

const { api: kiosk } = kioskApi(() => svc!.url);
const view = (): Promise<KioskView> => kiosk<KioskView>('/api/kiosk/view');
// The card number and name (the PIN is never asked offline, and four digits turn up in any UUID or time).
const noPatron = (text: string, where: string): void => {
  for (const s of [patron.id, patron.name]) assert.not.ok(text.includes(s), `${s} in ${where}`);
};

test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'selfcheck-staffoff-'));
  ils = new TestIlsServer({ login: { user: 'selfcheck', password: 'ils-pw' } });
  const ilsPort = await ils.listen(0);
  const users = { ops: await hash(password) };
  svc = await startOfflineKiosk({
    dir,
    ilsPort,
    ilsPassword: 'ils-pw',
    publicPem: pair.publicPem,
    requestMs: 2000,
    adjust: (c) => ({ ...c, staff: { ...c.staff, users } }),
  });
});

test.after(async () => {
  await svc?.stop();
  await ils?.close();
  await rm(dir, { recursive: true, force: true });
});

test('refused offline entries: staff login and CSRF, no patron data, retry, export then delete', async () => {
  // Offline checkout of two items, then the ILS comes back without this patron: both forwarded checkouts are refused.
  await ils!.close();
  await until(view, (v) => !v.ilsOnline, 'the kiosk to see the ILS down');
  await kiosk('/api/kiosk/action', { type: 'card', value: patron.id });
  const tags = await kiosk<Array<{ uid: string; itemId: string }>>('/api/sim/tags');
  const uids = ITEMS.map((id) => tags.find((t) => t.itemId === id)!.uid);
  for (const uid of uids) await kiosk('/api/sim/place', { uid });
  await until(view, (x) => x.items.length === 2 && x.itemsPending === 0, 'offline results');
  await kiosk('/api/kiosk/action', { type: 'done' });
  for (const uid of uids) await kiosk('/api/sim/remove', { uid });
  const known = ils!.library.patrons.get(patron.id)!;
  ils!.library.patrons.delete(patron.id);
  await ils!.listen(ils!.port);

  // No staff session: 401; a session without the CSRF token cannot change anything.
  for (const [method, p] of [
    ['GET', '/api/staff/offline'],
    ['POST', '/api/staff/offline/00000000-0000-0000-0000-000000000000/retry'],
    ['GET', '/api/staff/offline/00000000-0000-0000-0000-000000000000/export'],
    ['DELETE', '/api/staff/offline/00000000-0000-0000-0000-000000000000'],
  ] as const) {
    const r = await fetch(new URL(p, svc!.url), { method });
    assert.is(r.status, 401, `${method} ${p}`);
    await r.arrayBuffer();
  }
  const staff = new StaffClient(svc!.url);
  assert.is((await staff.login('ops', password)).status, 200);
  const s = await staff.call<{ features: string[] }>('/api/staff/session');
  assert.ok(s.features.includes('offline'));

  const listed = await until(
    () => staff.call<DeskView>('/api/staff/offline'),
    (v) => v.entries.length === 2,
    'both entries refused',
  );
  const raw = await (await staff.raw('/api/staff/offline')).text();
  noPatron(raw, 'the staff JSON');
  assert.equal(listed.entries.map((e) => [e.kind, e.itemId, e.reason, e.retryable]).sort(), [
    ['refused', ITEMS[0], 'patron_unknown', true],
    ['refused', ITEMS[1], 'patron_unknown', true],
  ]);
  const [first, second] = [...listed.entries].sort((a, b) => a.itemId!.localeCompare(b.itemId!));

  for (const [method, p] of [
    ['POST', `/api/staff/offline/${first!.txId}/retry`],
    ['DELETE', `/api/staff/offline/${second!.txId}`],
  ] as const) {
    const r = await fetch(new URL(p, svc!.url), { method, headers: { cookie: staff.cookie } });
    assert.is(r.status, 403, `${method} without CSRF`);
    await r.arrayBuffer();
  }

  // The staff page itself (behind the login) carries no patron value either.
  const page = await staff.call<string>('/staff/');
  assert.match(page, /Offline queue/);
  noPatron(page, 'the staff page');
  assert.match(await staff.call<string>('/staff/offline.js'), /api\/staff\/offline/);

  // Retry: still refused; once the ILS knows the patron again, forwarded and gone.
  assert.equal(await staff.call(`/api/staff/offline/${first!.txId}/retry`, { method: 'POST' }), { result: 'refused' });
  ils!.library.patrons.set(patron.id, known);
  assert.equal(await staff.call(`/api/staff/offline/${first!.txId}/retry`, { method: 'POST' }), {
    result: 'forwarded',
  });
  assert.is(ils!.library.loans.get(ITEMS[0]!)?.patronId, patron.id);

  // Delete before export: refused. Export: the sealed file only the library's private key opens. Then delete.
  const early = await staff.raw(`/api/staff/offline/${second!.txId}`, { method: 'DELETE' });
  assert.is(early.status, 409);
  assert.is(((await early.json()) as { error: string }).error, 'not_exported');
  const exp = await staff.raw(`/api/staff/offline/${second!.txId}/export`);
  assert.is(exp.status, 200);
  assert.match(exp.headers.get('content-disposition') ?? '', new RegExp(`${second!.txId}\\.json`));
  const body = await exp.text();
  noPatron(body, 'the exported entry');
  const staffDir = path.join(dir, 'staff-machine');
  await mkdir(staffDir);
  await writeFile(path.join(staffDir, `${second!.txId}.json`), body);
  const [entry] = readQueueDir(staffDir).entries;
  const recovered = recoverEntry(loadPrivateKey(pair.privatePem), entry!);
  assert.equal([recovered.patronId, recovered.itemId], [patron.id, ITEMS[1]]);
  assert.equal(await staff.call(`/api/staff/offline/${second!.txId}`, { method: 'DELETE' }), { ok: true });
  assert.equal((await staff.call<DeskView>('/api/staff/offline')).entries, []);
  assert.equal(await readdir(path.join(dir, 'data', 'offline')), []);

  const bad = await staff.raw('/api/staff/offline/not-a-tx/export');
  assert.is(bad.status, 400);
  await bad.arrayBuffer();
});

test.run();
