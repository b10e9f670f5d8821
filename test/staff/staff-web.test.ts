// Staff pages and APIs: nothing reachable without a session; login, CSRF, rate limit; inventory and encoder flows over HTTP.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { StaffAuth, COOKIE } from '../../src/server/staff/auth.ts';
import { mountStaff } from '../../src/server/staff/routes.ts';
import { InventoryController } from '../../src/roles/inventory/controller.ts';
import { InventoryStore } from '../../src/roles/inventory/store.ts';
import { EncoderController } from '../../src/roles/encoder/controller.ts';
import type { Ils } from '../../src/sip2/ils.ts';
import type { EncoderDeps } from '../../src/roles/encoder/encoder.ts';

const password = 'correct horse battery';
const users = { alice: await hash(password) };
const ils = { online: true, itemInfo: async () => ({ circulationStatus: '03' }) } as unknown as Ils;

function makeApp(authOpts: Partial<ConstructorParameters<typeof StaffAuth>[0]> = {}) {
  const app = express();
  const auth = new StaffAuth({ users, sessionMinutes: 5, failureDelayMs: 1, ...authOpts });
  const inventory = new InventoryController({
    ils,
    store: new InventoryStore(mkdtempSync(join(tmpdir(), 'staffweb-'))),
    decode: (b) => Buffer.from(b).toString(),
    scheme: 'dewey',
    tolerance: 2,
  });
  const encoder = new EncoderController({ itemIdPattern: /^3\d{13}$/ } as unknown as EncoderDeps);
  mountStaff(app, {
    auth,
    diagnostics: () => ({ reader: 'up' }),
    statsCsv: () => 'hour_utc\n',
    privacyReport: () => ({ ok: 1 }),
    inventory,
    encoder,
  });
  return { app, inventory };
}

async function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- Express 5's router stack is untyped internals */
/** Every route of the app as [method, path] (Express 5 router stack). */
function routes(app: express.Express): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (stack: any[], prefix: string) => {
    for (const l of stack) {
      const raw = typeof l.rawPath === 'string' ? l.rawPath : '';
      if (l.route) for (const m of Object.keys(l.route.methods)) out.push([m.toUpperCase(), prefix + l.route.path]);
      else if (l.handle?.stack) walk(l.handle.stack, prefix + raw);
    }
  };
  walk((app as any).router.stack, '');
  return out;
}

test('no staff page or API answers without a staff session', async () => {
  const { app, inventory } = makeApp();
  inventory.close();
  const { url, server } = await listen(app);
  const all = routes(app).filter(([, p]) => p.startsWith('/api/staff') || p.startsWith('/staff'));
  assert.ok(all.length >= 15, `found ${all.length} routes`);
  for (const [method, path] of [
    ...all,
    ['GET', '/staff/'],
    ['GET', '/staff/index.html'],
    ['GET', '/staff/staff.js'],
  ] as Array<[string, string]>) {
    if (path === '/api/staff/login' || path === '/staff/login' || /login\.js|staff\.css/.test(path)) continue;
    const concrete = path.replace(':id', '00000000-0000-0000-0000-000000000000').replace(':fmt', 'csv');
    const res = await fetch(url + concrete, { method, redirect: 'manual', headers: { accept: 'application/json' } });
    assert.ok(
      res.status === 401 || (res.status === 303 && res.headers.get('location') === '/staff/login'),
      `${method} ${path} -> ${res.status}`,
    );
    await res.arrayBuffer();
  }
  const page = await fetch(`${url}/staff/`, { redirect: 'manual', headers: { accept: 'text/html' } });
  assert.is(page.status, 303);
  server.close();
});

test('login sets an httpOnly SameSite=Strict cookie; state changes need the CSRF token', async () => {
  const { app, inventory } = makeApp();
  const { url, server } = await listen(app);
  const bad = await fetch(`${url}/api/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'alice', password: 'nope' }),
  });
  assert.is(bad.status, 401);
  const res = await fetch(`${url}/api/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'alice', password }),
  });
  assert.is(res.status, 200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  const { csrf } = (await res.json()) as { csrf: string };
  const cookie = setCookie.split(';')[0]!;
  assert.ok(cookie.startsWith(`${COOKIE}=`));
  const noCsrf = await fetch(`${url}/api/staff/inventory/start`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: '{}',
  });
  assert.is(noCsrf.status, 403);
  const crossOrigin = await fetch(`${url}/api/staff/inventory/start`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, origin: 'http://evil.example', 'content-type': 'application/json' },
    body: '{}',
  });
  assert.is(crossOrigin.status, 403);
  const h = { cookie, 'x-csrf-token': csrf };
  const list =
    'item_id,call_number,location\n31234000000011,100.1,ADULT\n31234000000012,100.2,ADULT\n31234000000013,100.3,ADULT\n';
  assert.is(
    (
      (await (
        await fetch(`${url}/api/staff/inventory/shelflist`, {
          method: 'POST',
          headers: { ...h, 'content-type': 'text/csv' },
          body: list,
        })
      ).json()) as { items: number }
    ).items,
    3,
  );
  await fetch(`${url}/api/staff/inventory/start`, {
    method: 'POST',
    headers: { ...h, 'content-type': 'application/json' },
    body: '{}',
  });
  const reads = 'uid,item\nU1,31234000000011\nU1,31234000000011\nU3,31234000000013\n';
  const up = (await (
    await fetch(`${url}/api/staff/inventory/reads`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'text/csv' },
      body: reads,
    })
  ).json()) as { items: number };
  assert.is(up.items, 2);
  const fin = (await (await fetch(`${url}/api/staff/inventory/finish`, { method: 'POST', headers: h })).json()) as {
    id: string;
    analysis: { missing: Array<{ itemId: string }> };
  };
  assert.equal(
    fin.analysis.missing.map((m) => m.itemId),
    ['31234000000012'],
  );
  const csv = await (await fetch(`${url}/api/staff/inventory/saved/${fin.id}.csv`, { headers: h })).text();
  assert.match(csv, /Missing,31234000000012/);
  const badBody = await fetch(`${url}/api/staff/encoder/encode`, {
    method: 'POST',
    headers: { ...h, 'content-type': 'application/json' },
    body: '{"itemId":5}',
  });
  assert.is(badBody.status, 400);
  const out = await fetch(`${url}/api/staff/logout`, { method: 'POST', headers: h });
  assert.match(out.headers.get('clear-site-data') ?? '', /cookies/);
  assert.is((await fetch(`${url}/api/staff/session`, { headers: { cookie } })).status, 401);
  inventory.close();
  server.close();
});

test('login attempts are rate limited', async () => {
  const auth = new StaffAuth({ users, sessionMinutes: 5, failureDelayMs: 1, maxFailuresPerUser: 3 });
  for (let i = 0; i < 3; i++) assert.equal(await auth.login('alice', 'x'), { ok: false, reason: 'bad_credentials' });
  assert.equal(await auth.login('alice', password), { ok: false, reason: 'rate_limited' });
  assert.ok((await auth.login('bob', 'x')).ok === false);
});

test.run();
