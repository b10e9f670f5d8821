// Refused offline entries for staff (src/offline/desk.ts): what the ILS refused when forwarded is kept with the item
// ID, a reason code and the time in the clear (the patron stays sealed), listed for staff, retried, exported as the
// sealed file `selfcheck offline recover` reads, deleted only after an export, and purged at the retention limit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLibraryKeyPair, loadPrivateKey, loadPublicKey, ProcessKey } from '../../src/offline/seal.ts';
import { OfflineQueue, purgeQueueDir, readQueueDir, recoverEntry } from '../../src/offline/queue.ts';
import { OfflineForwarder } from '../../src/offline/forwarder.ts';
import { OfflineDesk } from '../../src/offline/desk.ts';
import { refusalReason } from '../../src/offline/refusal-reason.ts';
import { isSelfcheckError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log/index.ts';
import type { Ils } from '../../src/sip2/ils.ts';

const pair = generateLibraryKeyPair();
const pub = loadPublicKey(pair.publicPem);
const PATRON = '23333000000001';
const tx = (itemId: string) => ({
  patronId: PATRON,
  itemId,
  transactionDate: '2026-11-28T10:00:00.000Z',
  nbDueDate: '2026-12-19T10:00:00.000Z',
  stationId: 's',
});

/** The ILS refuses items in `refuse` with Koha's wording; staff can settle them by deleting from the set. */
function fakeIls(refuse: Set<string>) {
  const calls: string[] = [];
  const ils = Object.assign(new EventEmitter(), {
    online: true,
    checkout(_p: string, itemId: string) {
      calls.push(itemId);
      const no = refuse.has(itemId);
      return Promise.resolve({ ok: !no, screenMessages: no ? [`Item checked out to another patron: Olga Other`] : [] });
    },
    itemInfo: () => Promise.resolve({ circulationStatus: '03' }),
  });
  return { ils: ils as unknown as Ils, calls };
}

function setup(refuse: string[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-'));
  const q = new OfflineQueue(dataDir, new ProcessKey(), pub);
  const r = fakeIls(new Set(refuse));
  const fwd = new OfflineForwarder(q, r.ils, silentLogger);
  const desk = new OfflineDesk(q.dir, { keyId: q.keyId, retry: (id) => fwd.retry(id), forwardWaitTimeouts: () => 0 });
  return { dataDir, q, fwd, desk, refuse: new Set(refuse), ...r };
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return isSelfcheckError(err) ? err.code : 'untyped';
  }
  return 'none';
}

test('refusal reasons are codes, never the ILS text (which may name a patron)', () => {
  assert.is(refusalReason(['Invalid patron barcode.']), 'patron_unknown');
  assert.is(refusalReason(['Patron debarred']), 'patron_blocked');
  assert.is(refusalReason(['Invalid Item']), 'item_unknown');
  assert.is(refusalReason(['Item checked out to another patron: Olga Other']), 'item_on_loan');
  assert.is(refusalReason(['Item is on hold for another patron']), 'item_on_hold');
  assert.is(refusalReason(['Item is marked lost']), 'item_not_for_loan');
  assert.is(refusalReason([]), 'refused');
});

test('a refused entry is listed with item, reason and times; the patron stays sealed', async () => {
  const s = setup(['31234000000021']);
  s.q.add(tx('31234000000011'), new Date('2026-11-28T10:00:00Z'));
  const refusedId = s.q.add(tx('31234000000021'), new Date('2026-11-28T10:00:01Z'));
  const r = await s.fwd.drain();
  assert.equal([r.forwarded, r.refused, s.fwd.waiting()], [1, 1, 0]);
  const file = readFileSync(join(s.q.dir, `${refusedId}.json`), 'utf8');
  assert.not.ok(file.includes(PATRON), 'no patron ID in the clear');
  assert.not.ok(file.includes('Olga'), 'the ILS text is not kept');
  const v = s.desk.view();
  assert.is(v.waiting, 0);
  assert.is(v.entries.length, 1);
  const e = v.entries[0]!;
  assert.equal(
    { txId: e.txId, kind: e.kind, itemId: e.itemId, reason: e.reason, retryable: e.retryable, exported: e.exported },
    {
      txId: refusedId,
      kind: 'refused',
      itemId: '31234000000021',
      reason: 'item_on_loan',
      retryable: true,
      exported: false,
    },
  );
  assert.ok(!Number.isNaN(Date.parse(e.refusedAt!)));
  assert.not.ok(JSON.stringify(v).includes(PATRON));
});

test('retry: refused again while unsettled, forwarded once staff settled it in the ILS', async () => {
  const s = setup(['31234000000021']);
  const id = s.q.add(tx('31234000000021'));
  await s.fwd.drain();
  assert.is(await s.desk.retry(id), 'refused');
  assert.is(s.desk.view().entries[0]?.reason, 'item_on_loan');
  (s.ils as unknown as { checkout: unknown }).checkout = (_p: string, itemId: string) => {
    s.calls.push(itemId);
    return Promise.resolve({ ok: true, screenMessages: [] });
  };
  assert.is(await s.desk.retry(id), 'forwarded');
  assert.equal(s.calls, ['31234000000021', '31234000000021', '31234000000021']);
  assert.is(s.q.list().entries.length, 0);
  assert.is(await s.desk.retry(id), 'not_found');
});

test('export gives the sealed file recover opens; delete only after the export', async () => {
  const s = setup(['31234000000021']);
  const id = s.q.add(tx('31234000000021'));
  await s.fwd.drain();
  assert.is(
    code(() => s.desk.remove(id)),
    'not_exported',
  );
  const out = s.desk.export(id);
  assert.is(out.filename, `${id}.json`);
  assert.not.ok(out.body.includes(PATRON));
  // On the staff machine: the exported file in a folder, opened with the private key.
  const staffDir = mkdtempSync(join(tmpdir(), 'desk-staff-'));
  writeFileSync(join(staffDir, out.filename), out.body);
  const [entry] = readQueueDir(staffDir).entries;
  assert.equal(recoverEntry(loadPrivateKey(pair.privatePem), entry!), { ...tx('31234000000021'), txId: id });
  assert.ok(s.desk.view().entries[0]?.exported);
  s.desk.remove(id);
  assert.equal(readdirSync(s.q.dir), []);
  assert.is(
    code(() => s.desk.export(id)),
    'not_found',
  );
});

test('entries sealed before a restart are for staff; this run keeps forwarding its own', async () => {
  const s = setup([]);
  const old = s.q.add(tx('31234000000011'));
  const q2 = new OfflineQueue(s.dataDir, new ProcessKey(), pub);
  q2.add(tx('31234000000012'));
  const desk = new OfflineDesk(q2.dir, {
    keyId: q2.keyId,
    retry: () => Promise.resolve('not_ours'),
    forwardWaitTimeouts: () => 0,
  });
  const v = desk.view();
  assert.is(v.waiting, 1);
  assert.equal(
    v.entries.map((e) => [e.txId, e.kind, e.itemId, e.retryable]),
    [[old, 'earlier_run', undefined, false]],
  );
  const mine = q2.list().entries.find((e) => e.txId !== old)!.txId;
  assert.is(
    code(() => desk.export(mine)),
    'not_for_staff',
  );
  assert.is(
    code(() => desk.export('../../etc/passwd')),
    'bad_tx_id',
  );
  assert.ok(desk.export(old).body.length > 0);
});

test('retention purges refused entries and unreadable files like any other', async () => {
  const s = setup(['31234000000021']);
  s.q.add(tx('31234000000021'), new Date('2026-01-01T00:00:00Z'));
  await s.fwd.drain();
  assert.is(s.q.list().entries[0]?.state, 'refused');
  writeFileSync(join(s.q.dir, 'junk.json'), '{not json');
  const old = new Date('2026-01-01T00:00:00Z');
  utimesSync(join(s.q.dir, 'junk.json'), old, old);
  const now = Date.parse('2026-01-20T00:00:00Z');
  assert.is(purgeQueueDir(s.q.dir, 30, now), 0, 'within the limit');
  assert.is(purgeQueueDir(s.q.dir, 30, Date.parse('2026-02-01T00:00:00Z')), 2);
  assert.equal(readdirSync(s.q.dir), []);
});

test.run();
