import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLibraryKeyPair, loadPrivateKey, loadPublicKey, ProcessKey } from '../../src/offline/seal.ts';
import { OfflineQueue, readQueueDir, recoverEntry } from '../../src/offline/queue.ts';

const pair = generateLibraryKeyPair();
const tx = {
  patronId: '23333000000001',
  itemId: '31234000000011',
  transactionDate: '2026-11-28T10:00:00.000Z',
  nbDueDate: '2026-12-19T10:00:00.000Z',
  stationId: 'sc1',
};

function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'offq-'));
  return { dir, q: new OfflineQueue(dir, new ProcessKey(), loadPublicKey(pair.publicPem)) };
}

test('an entry on disk holds no readable patron or item id', () => {
  const { dir, q } = fresh();
  const id = q.add(tx);
  const text = readFileSync(join(dir, 'offline', `${id}.json`), 'utf8');
  assert.not.ok(text.includes(tx.patronId));
  assert.not.ok(text.includes(tx.itemId));
  assert.equal(Object.keys(JSON.parse(text)).sort(), ['createdAt', 'keyId', 'local', 'staff', 'state', 'txId', 'v']);
});

test('this run opens its own entries; a new run cannot; staff can', () => {
  const { dir, q } = fresh();
  q.add(tx);
  const [entry] = q.list().entries;
  assert.is(q.openLocal(entry!)?.patronId, tx.patronId);
  const afterReboot = new OfflineQueue(dir, new ProcessKey(), loadPublicKey(pair.publicPem));
  assert.is(afterReboot.openLocal(entry!), undefined);
  const recovered = recoverEntry(loadPrivateKey(pair.privatePem), entry!);
  assert.is(recovered.itemId, tx.itemId);
  assert.is(recovered.txId, entry!.txId);
});

test('entries are listed oldest first, removed on confirm, and counted', () => {
  const { q } = fresh();
  const a = q.add(tx, new Date('2026-11-01T00:00:00Z'));
  q.add(tx, new Date('2026-11-02T00:00:00Z'));
  const d = q.depth(Date.parse('2026-11-03T00:00:00Z'));
  assert.is(d.depth, 2);
  assert.is(d.oldestAgeSeconds, 2 * 86400);
  assert.is(q.list().entries[0]!.txId, a);
  q.remove(a);
  assert.is(q.list().entries.length, 1);
  q.remove(a); // twice is harmless
});

test('unique transaction ids; garbage files are reported, not dropped or fatal', () => {
  const { dir, q } = fresh();
  const ids = new Set(Array.from({ length: 50 }, () => q.add(tx)));
  assert.is(ids.size, 50);
  writeFileSync(join(dir, 'offline', '00000000-0000-0000-0000-000000000000.json'), '{"v":1,"garbage":true');
  const { entries, corrupt } = readQueueDir(join(dir, 'offline'));
  assert.is(entries.length, 50);
  assert.equal(corrupt, ['00000000-0000-0000-0000-000000000000.json']);
  assert.not.ok(readdirSync(join(dir, 'offline')).some((n) => n.endsWith('.tmp')));
});

test('retention purges entries older than the limit', () => {
  const { q } = fresh();
  q.add(tx, new Date('2026-01-01T00:00:00Z'));
  q.add(tx, new Date('2026-11-27T00:00:00Z'));
  assert.is(q.purgeOlderThan(30, Date.parse('2026-11-28T00:00:00Z')), 1);
  assert.is(q.list().entries.length, 1);
});

test.run();
