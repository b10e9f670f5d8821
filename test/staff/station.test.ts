// Staff pages on a kiosk station (the real service, kiosk role): the staff login, diagnostics, statistics and privacy
// audit are mounted by the service for every role; the inventory and encoder desks are not (their roles mount them).
// The staff HTML pages are behind the login even though finishApp serves kiosk-ui/ statically.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { parseConfig } from '../../src/config/index.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { startKiosk } from '../../src/roles/kiosk/start.ts';
import { decodeTestTag } from '../kiosk/fakes.ts';
import { StaffClient } from './client.ts';

const password = 'kiosk staff pw';
let dir = '';
let svc: RunningService | undefined;

test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'selfcheck-staffk-'));
  const base = parseConfig({
    general: { dataDir: path.join(dir, 'data') },
    http: { port: 0 },
    log: { level: 'silent' },
    reader: { sim: { timing: 'virtual' } },
  });
  const cfg = { ...base, staff: { ...base.staff, users: { ops: await hash(password) } } };
  svc = await startService(cfg, {
    roleStart: async (rt) => {
      await startKiosk(rt, { decode: decodeTestTag });
    },
  });
});

test.after(async () => {
  await svc?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('staff pages need a login on the kiosk station too', async () => {
  for (const p of ['/api/staff/diagnostics', '/api/staff/stats.csv', '/api/staff/privacy-audit']) {
    const r = await fetch(new URL(p, svc!.url));
    assert.is(r.status, 401, p);
    await r.arrayBuffer();
  }
  for (const p of ['/staff/', '/staff/index.html', '/staff/staff.js']) {
    const r = await fetch(new URL(p, svc!.url), { redirect: 'manual', headers: { accept: 'text/html' } });
    assert.is(r.status, 303, p);
    await r.arrayBuffer();
  }
  const login = await fetch(new URL('/staff/login', svc!.url));
  assert.is(login.status, 200);
  assert.match(await login.text(), /<form/i);
});

test('after login: diagnostics, statistics CSV and privacy audit; no inventory or encoder desk', async () => {
  const staff = new StaffClient(svc!.url);
  assert.is((await staff.login('ops', password)).status, 200);
  const s = await staff.call<{ features: string[] }>('/api/staff/session');
  assert.equal(s.features.sort(), ['privacy', 'stats']);
  const d = await staff.call<{ role: string; reader: { driver: string }; ils: { online: boolean } }>(
    '/api/staff/diagnostics',
  );
  assert.is(d.role, 'kiosk');
  assert.is(d.reader.driver, 'sim');
  assert.is(d.ils.online, true);
  assert.match(await staff.call<string>('/api/staff/stats.csv'), /^hour_utc/);
  const audit = await staff.call<{ schema_version: number; controls: unknown[] }>('/api/staff/privacy-audit');
  assert.is(audit.schema_version, 1);
  assert.ok(audit.controls.length > 0);
  for (const p of ['/api/staff/inventory/status', '/api/staff/encoder/batch']) {
    const r = await staff.raw(p);
    assert.is(r.status, 404, p);
    await r.arrayBuffer();
  }
});

test.run();
