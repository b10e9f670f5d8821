import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLibraryKeyPair, loadPublicKey, ProcessKey } from '../../src/offline/seal.ts';
import { OfflineQueue } from '../../src/offline/queue.ts';
import { OfflineForwarder } from '../../src/offline/forwarder.ts';
import { silentLogger } from '../../src/log/index.ts';
import type { CheckoutOptions, Ils } from '../../src/sip2/ils.ts';

const pub = loadPublicKey(generateLibraryKeyPair().publicPem);
const tx = {
  patronId: '23333000000001',
  itemId: '31234000000011',
  transactionDate: '2026-11-28T10:00:00.000Z',
  nbDueDate: '2026-12-19T10:00:00.000Z',
  stationId: 's',
};

/** A fake ILS that records checkouts and knows which items are charged. */
function fakeIls(opts: { refuse?: Set<string>; charged?: Set<string>; failAfter?: number } = {}) {
  const calls: Array<{ patronId: string; itemId: string; opts: CheckoutOptions | undefined }> = [];
  const ils = Object.assign(new EventEmitter(), {
    online: true,
    async checkout(patronId: string, itemId: string, o?: CheckoutOptions) {
      if (opts.failAfter !== undefined && calls.length >= opts.failAfter) throw new Error('connection dropped');
      calls.push({ patronId, itemId, opts: o });
      (opts.charged ??= new Set()).add(itemId);
      return { ok: !opts.refuse?.has(itemId), screenMessages: opts.refuse?.has(itemId) ? ['Invalid Item'] : [] };
    },
    async itemInfo(itemId: string) {
      return { circulationStatus: opts.charged?.has(itemId) ? '04' : '03' };
    },
  });
  return { ils: ils as unknown as Ils, calls };
}

function queue() {
  const pk = new ProcessKey();
  const dir = mkdtempSync(join(tmpdir(), 'fwd-'));
  return { dir, pk, q: new OfflineQueue(dir, pk, pub) };
}

test('forwards oldest first as no-block checkouts with the original time, then deletes', async () => {
  const { q } = queue();
  q.add({ ...tx, itemId: '31234000000012' }, new Date('2026-11-28T10:00:01Z'));
  q.add(tx, new Date('2026-11-28T10:00:00Z'));
  const { ils, calls } = fakeIls();
  const r = await new OfflineForwarder(q, ils, silentLogger).drain();
  assert.is(r.forwarded, 2);
  assert.equal(
    calls.map((c) => c.itemId),
    ['31234000000011', '31234000000012'],
  );
  assert.is(calls[0]!.opts?.noBlock, true);
  assert.is(calls[0]!.opts?.transactionDate?.toISOString(), tx.transactionDate);
  assert.is(calls[0]!.opts?.nbDueDate?.toISOString(), tx.nbDueDate);
  assert.is(q.list().entries.length, 0);
});

test('a refusal keeps the entry sealed for staff; a dropped connection keeps the rest for later', async () => {
  const { q } = queue();
  q.add({ ...tx, itemId: 'A' }, new Date('2026-11-28T10:00:00Z'));
  q.add({ ...tx, itemId: 'B' }, new Date('2026-11-28T10:00:01Z'));
  q.add({ ...tx, itemId: 'C' }, new Date('2026-11-28T10:00:02Z'));
  const { ils } = fakeIls({ refuse: new Set(['A']), failAfter: 2 });
  const r = await new OfflineForwarder(q, ils, silentLogger).drain();
  assert.equal([r.refused, r.forwarded, r.failed], [1, 1, 1]);
  const left = q.list().entries;
  assert.equal(
    left.map((e) => e.state),
    ['refused', 'forwarding'],
  );
});

test('an entry interrupted after sending is not applied twice', async () => {
  const { q } = queue();
  q.add(tx);
  q.setState(q.list().entries[0]!, 'forwarding');
  const { ils, calls } = fakeIls({ charged: new Set([tx.itemId]) });
  const r = await new OfflineForwarder(q, ils, silentLogger).drain();
  assert.is(r.alreadyApplied, 1);
  assert.is(calls.length, 0);
  assert.is(q.list().entries.length, 0);
});

test('entries of an earlier run are left for staff recovery', async () => {
  const { dir, q } = queue();
  q.add(tx);
  const q2 = new OfflineQueue(dir, new ProcessKey(), pub);
  const { ils, calls } = fakeIls();
  const r = await new OfflineForwarder(q2, ils, silentLogger).drain();
  assert.is(r.notOurs, 1);
  assert.is(calls.length, 0);
});

test('an entry held by the kiosk (tag write not ended) waits; one taken back during a pass is never sent', async () => {
  const { q } = queue();
  const held = q.add({ ...tx, itemId: 'H' }, new Date('2026-11-28T10:00:00Z'));
  q.hold(held);
  q.add({ ...tx, itemId: 'A' }, new Date('2026-11-28T10:00:01Z'));
  const b = q.add({ ...tx, itemId: 'B' }, new Date('2026-11-28T10:00:02Z'));
  const { ils, calls } = fakeIls();
  // While A is being sent, the kiosk takes B back (its tag could not be unsecured).
  const checkout = ils.checkout.bind(ils);
  ils.checkout = async (...args: Parameters<Ils['checkout']>) => {
    if (args[1] === 'A') q.remove(b);
    return checkout(...args);
  };
  const fwd = new OfflineForwarder(q, ils, silentLogger);
  await fwd.drain();
  assert.equal(
    calls.map((c) => c.itemId),
    ['A'],
  );
  q.release(held);
  await fwd.drain();
  assert.equal(
    calls.map((c) => c.itemId),
    ['A', 'H'],
  );
  assert.is(q.list().entries.length, 0);
});

test.run();
