// The HTTP layer against a fake kiosk controller: security headers (kiosk-ux-privacy-ops.md §5), loopback
// binding, typed 400s for bad bodies, SSE with cleanup, Clear-Site-Data at session end, and the JS budget.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEmitter } from 'node:events';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, finishApp, CSP } from '../../src/server/app.ts';
import { kioskRouter, type KioskPort } from '../../src/server/kiosk-routes.ts';
import type { KioskAction, KioskView } from '../../src/roles/kiosk/view.ts';

const UI = path.resolve('kiosk-ui');

class FakeKiosk extends EventEmitter implements KioskPort {
  actions: KioskAction[] = [];
  v: KioskView = {
    seq: 1,
    screen: 'attract',
    mode: 'checkout',
    language: 'en',
    languages: ['en', 'es'],
    returnsButton: true,
    requirePin: true,
    ilsOnline: true,
    items: [],
    itemsPending: 0,
  };
  view(): KioskView {
    return this.v;
  }
  async dispatch(a: KioskAction): Promise<void> {
    this.actions.push(a);
    this.v = {
      ...this.v,
      seq: this.v.seq + 1,
      screen: a.type === 'start' ? 'language' : a.type === 'done' ? 'goodbye' : this.v.screen,
    };
    this.emit('view', this.v);
  }
}

async function serve(kiosk: FakeKiosk | undefined): Promise<{ base: string; server: Server }> {
  const app = createApp();
  app.use(
    '/api/kiosk',
    kioskRouter(() => kiosk, 50),
  );
  finishApp(app, UI);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { address, port } = server.address() as AddressInfo;
  return { base: `http://${address}:${port}`, server };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}

test('security headers on pages, API and 404s', async () => {
  const { base, server } = await serve(new FakeKiosk());
  try {
    for (const p of ['/', '/index.html', '/js/app.js', '/api/kiosk/view', '/healthz', '/api/nope']) {
      const r = await fetch(base + p);
      assert.is(r.headers.get('cache-control'), 'no-store', p);
      assert.is(r.headers.get('content-security-policy'), CSP, p);
      assert.is(r.headers.get('x-content-type-options'), 'nosniff');
      assert.is(r.headers.get('referrer-policy'), 'no-referrer');
      assert.is(r.headers.get('set-cookie'), null);
      assert.is(r.headers.get('x-powered-by'), null);
      await r.arrayBuffer();
    }
    assert.ok(CSP.includes("frame-ancestors 'none'"));
    assert.not.ok(CSP.includes('unsafe'));
    assert.is((await fetch(`${base}/api/nope`)).status, 404);
  } finally {
    await close(server);
  }
});

test('binds to loopback', async () => {
  const { base, server } = await serve(new FakeKiosk());
  try {
    assert.ok(base.startsWith('http://127.0.0.1:'));
  } finally {
    await close(server);
  }
});

test('actions: valid ones reach the controller, bad bodies are typed 400s that do not echo', async () => {
  const k = new FakeKiosk();
  const { base, server } = await serve(k);
  const post = (body: string, type = 'application/json'): Promise<Response> =>
    fetch(`${base}/api/kiosk/action`, { method: 'POST', headers: { 'Content-Type': type }, body });
  try {
    let r = await post('{"type":"start"}');
    assert.is(r.status, 200);
    assert.is(((await r.json()) as KioskView).screen, 'language');
    assert.equal(k.actions, [{ type: 'start' }]);
    r = await post('{"type":"card","value":"23333000000001","extra":1}');
    assert.is(r.status, 400);
    const text = await r.text();
    assert.not.ok(text.includes('23333000000001'));
    r = await post('{not json');
    assert.is(r.status, 400);
    assert.is(((await r.json()) as { error: string }).error, 'bad_json');
    r = await post(JSON.stringify({ type: 'card', value: 'x'.repeat(20_000) }));
    assert.is(r.status, 413);
    await r.arrayBuffer();
    r = await post('{"type":"done"}');
    assert.is(r.headers.get('clear-site-data'), '"cookies", "storage"');
    await r.arrayBuffer();
    assert.is(k.actions.length, 2);
  } finally {
    await close(server);
  }
});

test('503 when the kiosk is not running', async () => {
  const { base, server } = await serve(undefined);
  try {
    const r = await fetch(`${base}/api/kiosk/view`);
    assert.is(r.status, 503);
    await r.arrayBuffer();
  } finally {
    await close(server);
  }
});

test('SSE: first frame is the view, changes are pushed, heartbeats sent, listener removed on disconnect', async () => {
  const k = new FakeKiosk();
  const { base, server } = await serve(k);
  const ac = new AbortController();
  try {
    const r = await fetch(`${base}/api/kiosk/events`, { signal: ac.signal });
    assert.ok(r.headers.get('content-type')?.startsWith('text/event-stream'));
    const reader = r.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    const until = async (pred: (s: string) => boolean): Promise<void> => {
      while (!pred(buf)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buf += dec.decode(value);
      }
    };
    await until((s) => s.includes('"seq":1'));
    assert.is(k.listenerCount('view'), 1);
    await k.dispatch({ type: 'start' });
    await until((s) => s.includes('"screen":"language"'));
    await until((s) => s.includes(': hb'));
    ac.abort();
    for (let i = 0; i < 100 && k.listenerCount('view') > 0; i++) await new Promise((res) => setTimeout(res, 10));
    assert.is(k.listenerCount('view'), 0);
  } finally {
    ac.abort();
    await close(server);
  }
});

test('kiosk-ui JavaScript stays under 150 KB in total', async () => {
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.js') || e.name.endsWith('.mjs')) total += (await stat(p)).size;
    }
  };
  await walk(UI);
  assert.ok(total > 1000, 'the UI has scripts');
  assert.ok(total < 150 * 1024, `kiosk-ui JS is ${total} bytes`);
});

test('catalogues have every message key of the view contract', async () => {
  const { MESSAGE_KEYS } = await import('../../src/roles/kiosk/view.ts');
  const { readFile } = await import('node:fs/promises');
  for (const lang of ['en', 'es']) {
    const cat = JSON.parse(await readFile(path.join(UI, 'i18n', `${lang}.json`), 'utf8')) as Record<string, string>;
    for (const key of Object.keys(MESSAGE_KEYS)) assert.type(cat[key], 'string', `${lang}: ${key}`);
  }
});

test.run();
