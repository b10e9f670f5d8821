// kill -9 in the middle of writing offline entries: every entry on disk is whole, none half-written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLibraryKeyPair, loadPrivateKey, loadPublicKey, ProcessKey } from '../../src/offline/seal.ts';
import { OfflineQueue, recoverEntry } from '../../src/offline/queue.ts';

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

test.run();
