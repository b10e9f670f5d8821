// kill -9 in the middle of writing offline entries: every entry on disk is whole, none half-written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLibraryKeyPair, loadPrivateKey, loadPublicKey, ProcessKey } from '../../src/offline/seal.ts';
import { OfflineQueue, recoverEntry } from '../../src/offline/queue.ts';
import { TestIlsServer } from '../../src/sip2/testils/server.ts';
import type { KioskView } from '../../src/roles/kiosk/view.ts';

test('entries survive kill -9 whole (atomic write + fsync + rename)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'offcrash-'));
  const pair = generateLibraryKeyPair();
  writeFileSync(join(dir, 'pub.pem'), pair.publicPem);
  const script = `
    import { readFileSync } from 'node:fs';
    import { OfflineQueue } from ${JSON.stringify(new URL('../../src/offline/queue.ts', import.meta.url).pathname)};
    import { ProcessKey, loadPublicKey } from ${JSON.stringify(new URL('../../src/offline/seal.ts', import.meta.url).pathname)};
    const q = new OfflineQueue(${JSON.stringify(dir)}, new ProcessKey(), loadPublicKey(readFileSync(${JSON.stringify(join(dir, 'pub.pem'))}, 'utf8')));
    process.stdout.write('ready\\n');
    for (;;) q.add({ patronId: '23333000000001', itemId: '31234000000011', transactionDate: new Date().toISOString(), nbDueDate: new Date().toISOString(), stationId: 's' });
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('close', r));
  const q = new OfflineQueue(dir, new ProcessKey(), loadPublicKey(pair.publicPem));
  const { entries, corrupt } = q.list();
  assert.ok(entries.length > 0, 'some entries were written');
  assert.equal(corrupt, []);
  const priv = loadPrivateKey(pair.privatePem);
  for (const e of entries) assert.is(recoverEntry(priv, e).itemId, '31234000000011');
  assert.not.ok(
    readdirSync(join(dir, 'offline')).some((n) => n.endsWith('.tmp')),
    'stale temporary files cleaned',
  );
});

test('kill -9 of the running service mid offline checkout: whole entries only, staff can recover, the station cannot', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'offsvc-'));
  const pair = generateLibraryKeyPair();
  writeFileSync(join(dir, 'pub.pem'), pair.publicPem);
  writeFileSync(join(dir, 'pw'), 'pw-crash');
  const ils = new TestIlsServer({ login: { user: 'selfcheck', password: 'pw-crash' } });
  const port = await ils.listen(0);
  const src = (p: string): string => JSON.stringify(new URL(`../../src/${p}`, import.meta.url).pathname);
  const script = `
    import { parseConfig } from ${src('config/index.ts')};
    import { startService } from ${src('service.ts')};
    import { startKiosk } from ${src('roles/kiosk/start.ts')};
    import { decodeTestTag, encodeTestTag } from ${JSON.stringify(new URL('../kiosk/fakes.ts', import.meta.url).pathname)};
    const config = parseConfig({
      general: { dataDir: ${JSON.stringify(join(dir, 'data'))} },
      http: { port: 0 },
      log: { file: ${JSON.stringify(join(dir, 'station.log'))}, level: 'info' },
      sip2: { mode: 'remote', port: ${port}, passwordFile: ${JSON.stringify(join(dir, 'pw'))}, encoding: 'utf8',
        timeouts: { connectMs: 500, requestMs: 1000, reconnectMinMs: 50, reconnectMaxMs: 200 } },
      offline: { enabled: true, publicKeyFile: ${JSON.stringify(join(dir, 'pub.pem'))}, withoutPin: 'cardOnly', maxItemsPerSession: 10 },
    });
    const svc = await startService(config, {
      roleStart: async (rt) => { await startKiosk(rt, { decode: decodeTestTag }); },
      tagContent: (item) => encodeTestTag(item.primaryItemId, item.partNumber ?? 1, item.partsInItem ?? 1),
    });
    process.stdout.write(svc.url + '\\n');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve) =>
      child.stdout.once('data', (b: Buffer) => resolve(b.toString().trim())),
    );
    const call = async <T = KioskView>(p: string, body?: unknown): Promise<T> => {
      const init =
        body === undefined
          ? {}
          : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
      return (await (await fetch(new URL(p, url), init)).json()) as T;
    };
    await ils.close();
    for (let i = 0; i < 200 && (await call('/api/kiosk/view')).ilsOnline; i++)
      await new Promise((r) => setTimeout(r, 25));
    await call('/api/kiosk/action', { type: 'start' });
    await call('/api/kiosk/action', { type: 'language', language: 'en' });
    assert.is((await call('/api/kiosk/action', { type: 'card', value: '23333000000001' })).screen, 'items');
    const tags = await call<Array<{ uid: string; itemId: string; part: number }>>('/api/sim/tags');
    const singles = tags.filter((t) => t.part === 1 && !tags.some((o) => o.itemId === t.itemId && o.part === 2));
    for (const t of singles.slice(0, 8)) await call('/api/sim/place', { uid: t.uid });
    // Killed while the stack is being recorded: some rows done, others in flight.
    for (let i = 0; i < 400; i++) {
      const v = await call('/api/kiosk/view');
      if (v.items.some((r) => r.state === 'ok')) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
  } finally {
    child.kill('SIGKILL');
  }
  const q = new OfflineQueue(join(dir, 'data'), new ProcessKey(), loadPublicKey(pair.publicPem));
  const { entries, corrupt } = q.list();
  assert.ok(entries.length >= 1, 'the recorded checkouts survived');
  assert.equal(corrupt, []);
  const priv = loadPrivateKey(pair.privatePem);
  const items = entries.map((e) => recoverEntry(priv, e));
  for (const tx of items) assert.is(tx.patronId, '23333000000001');
  assert.is(new Set(items.map((t) => t.itemId)).size, items.length, 'one entry per item');
  // After the restart the station's new process key opens none of them: only staff can.
  for (const e of entries) assert.is(q.openLocal(e), undefined);
  for (const name of readdirSync(join(dir, 'data', 'offline')))
    assert.not.ok(readFileSync(join(dir, 'data', 'offline', name), 'utf8').includes('23333000000001'));
});

test.run();
