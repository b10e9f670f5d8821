import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, utimesSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ItemStatusCache } from '../../src/roles/inventory/status.ts';
import { analysisToCsv, analysisToHtml } from '../../src/roles/inventory/export.ts';
import { InventoryStore } from '../../src/roles/inventory/store.ts';
import type { Analysis } from '../../src/roles/inventory/analysis.ts';
import type { Ils } from '../../src/sip2/ils.ts';

const analysis: Analysis = {
  location: 'ADULT',
  scanned: 3,
  missing: [{ itemId: 'I09', callNumber: '109.5 ABC', location: 'ADULT', title: 'Book, "nine"' }],
  misshelved: [{ itemId: 'I15', callNumber: '115.5', location: 'ADULT', detail: '10 places from its position' }],
  wrongLocation: [],
  statusConflicts: [],
  unsecured: [{ itemId: '<script>', detail: 'security off' }],
  unknown: [],
};

test('status lookups are cached and rate-limited', async () => {
  const asked: string[] = [];
  const ils = {
    online: true,
    itemInfo: async (id: string) => (asked.push(id), { circulationStatus: id === 'A' ? '04' : '03' }),
  } as unknown as Ils;
  const seen: string[] = [];
  const cache = new ItemStatusCache(ils, { perSecond: 50, ttlMs: 60_000 }, (id, s) => seen.push(`${id}:${s}`));
  assert.is(cache.get('A'), undefined);
  cache.get('A');
  cache.get('B');
  const t0 = Date.now();
  while (seen.length < 2 && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 5));
  assert.equal(asked, ['A', 'B']);
  assert.ok(Date.now() - t0 >= 15, 'second lookup waited for the rate limit');
  assert.is(cache.get('A'), '04');
  assert.equal(
    [...cache.statuses()],
    [
      ['A', '04'],
      ['B', '03'],
    ],
  );
  cache.close();
});

test('CSV quotes what it must; HTML escapes everything', () => {
  const csv = analysisToCsv(analysis);
  assert.ok(csv.includes('Missing,I09,109.5 ABC,ADULT,"Book, ""nine""",'));
  assert.ok(csv.includes('Security off,<script>,,,,security off'));
  const html = analysisToHtml(analysis, 'Inventory ADULT', new Date('2026-11-28T00:00:00Z'));
  assert.not.ok(html.includes('<script>'));
  assert.ok(html.includes('&lt;script&gt;'));
  assert.ok(html.includes('Missing (1)'));
});

test('saved results are listed and purged after the retention period', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inv-'));
  const store = new InventoryStore(dir);
  const id = store.save(analysis);
  assert.is(store.load(id)?.analysis.scanned, 3);
  assert.is(store.load('../../etc/passwd'), undefined);
  assert.is(store.list().length, 1);
  const old = new Date(Date.now() - 31 * 86_400_000);
  utimesSync(join(store.dir, `${id}.json`), old, old);
  assert.is(store.purgeOlderThan(30), 1);
  assert.equal(readdirSync(store.dir), []);
});

test.run();
