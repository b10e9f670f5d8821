// Offline checkout in the kiosk (issue 7) over the fakes: a real sealed OfflineQueue in a temporary folder, the
// kiosk's QueueOffline and its forwarder, the FakeIls (down, then back), the FakeReader pad and a manual clock.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type ConfigInput } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { StationEvents, type StationEvent } from '../../src/events.ts';
import { KioskController } from '../../src/roles/kiosk/controller.ts';
import { QueueOffline } from '../../src/roles/kiosk/offline.ts';
import { ItemJournal, JOURNAL_FILE, type JournalEntry } from '../../src/roles/kiosk/journal.ts';
import { OfflineQueue, recoverEntry } from '../../src/offline/queue.ts';
import { generateLibraryKeyPair, loadPrivateKey, loadPublicKey, ProcessKey } from '../../src/offline/seal.ts';
import type { AcsStatus } from '../../src/sip2/ils.ts';
import { FakeIls } from './fake-ils.ts';
import { FakeClock, FakeReader, decodeTestTag, waitFor } from './fakes.ts';

const ANA = { card: '23333000000001', pin: '1234' };
const pair = generateLibraryKeyPair();

function harness(opts: { kiosk?: ConfigInput['kiosk']; offline?: ConfigInput['offline']; offlineOk?: boolean } = {}) {
  const config = configSchema.parse({
    kiosk: { busyInventoryMs: 2, idleInventoryMs: 2, ...opts.kiosk },
    offline: { enabled: true, withoutPin: 'cardOnly', maxItemsPerSession: 3, loanDays: 14, ...opts.offline },
  });
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-offline-'));
  const ils = new FakeIls();
  ils.acsStatus = { online: true, offlineOk: opts.offlineOk ?? true } as AcsStatus;
  const queue = new OfflineQueue(dir, new ProcessKey(), loadPublicKey(pair.publicPem));
  const offline = new QueueOffline({ config, ils, log: silentLogger, queue });
  const journal = ItemJournal.open(dir);
  const reader = new FakeReader();
  const clock = new FakeClock();
  const bus = new StationEvents();
  const events: StationEvent[] = [];
  bus.on((e) => events.push(e));
  const c = new KioskController({
    config,
    ils,
    reader,
    decode: decodeTestTag,
    events: bus,
    log: silentLogger,
    clock,
    offline,
    journal,
  });
  c.start();
  return {
    c,
    journal,
    ils,
    reader,
    clock,
    queue,
    offline,
    events,
    config,
    dir,
    async close() {
      await c.stop();
      offline.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
type H = ReturnType<typeof harness>;

async function identify(h: H, pin?: string): Promise<void> {
  await h.c.dispatch({ type: 'start' });
  await h.c.dispatch({ type: 'language', language: 'en' });
  await h.c.dispatch({ type: 'card', value: ANA.card });
  if (pin !== undefined && h.c.view().screen === 'pin') await h.c.dispatch({ type: 'pin', value: pin });
}

async function settled(h: H, n: number): Promise<void> {
  await waitFor(() => h.c.view().items.length >= n && h.c.view().itemsPending === 0, `${n} settled items`);
}

test('ILS down, offline allowed: card only, items recorded sealed, security flipped, forwarded once when back', async () => {
  const h = harness();
  h.ils.online = false;
  await identify(h);
  let v = h.c.view();
  assert.is(v.screen, 'items', 'no PIN screen: nothing could check it');
  assert.equal(v.offline, { maxItems: 3, dueDate: new Date(h.clock.now() + 14 * 86_400_000).toISOString() });
  assert.is(v.patron, undefined, 'no name, holds or fines offline');
  const t1 = h.reader.place('31234000000011');
  const t2 = h.reader.place('31234000000012');
  await settled(h, 2);
  v = h.c.view();
  assert.equal(
    v.items.map((r) => [r.state, r.message?.key]),
    [
      ['ok', 'item.checkedOutOffline'],
      ['ok', 'item.checkedOutOffline'],
    ],
  );
  assert.is(v.items[0]?.dueDate, v.offline?.dueDate);
  assert.is(t1.afi, h.config.tags.security.afiCheckedOut);
  assert.is(t2.afi, h.config.tags.security.afiCheckedOut);
  assert.ok(!h.ils.calls.includes('checkout'), 'nothing sent to the ILS while it is down');
  // On disk: two sealed entries; the station cannot read them back into card numbers, staff can.
  const files = readdirSync(join(h.dir, 'offline'));
  assert.is(files.length, 2);
  for (const f of files) assert.not.ok(readFileSync(join(h.dir, 'offline', f), 'utf8').includes(ANA.card));
  const { entries } = h.queue.list();
  const staff = entries.map((e) => recoverEntry(loadPrivateKey(pair.privatePem), e));
  assert.equal(staff.map((t) => [t.patronId, t.itemId]).sort(), [
    [ANA.card, '31234000000011'],
    [ANA.card, '31234000000012'],
  ]);
  assert.is(h.events.filter((e) => e.type === 'checkout' && e.result === 'offline').length, 2);
  // The crash journal keeps both until the session ends (recovery takes back an entry whose item is still here).
  await h.journal.settled();
  const journaled = JSON.parse(readFileSync(join(h.dir, JOURNAL_FILE), 'utf8')) as { entries: JournalEntry[] };
  assert.equal(journaled.entries.map((e) => [e.op, e.txId]).sort(), entries.map((e) => ['offline', e.txId]).sort());
  await h.c.dispatch({ type: 'done' });
  await h.journal.settled();
  assert.is(h.journal.size, 0, 'ended with the session');
  assert.is(h.c.view().screen, 'goodbye');
  assert.is(h.c.view().offline, undefined);

  h.ils.online = true;
  h.ils.emit('online');
  await waitFor(() => h.queue.list().entries.length === 0, 'queue drained');
  assert.is(h.ils.calls.filter((c) => c === 'checkout').length, 2);
  assert.is(h.ils.loans.get('31234000000011')?.patron, ANA.card);
  assert.is(h.ils.loans.get('31234000000012')?.patron, ANA.card);
  const again = await h.offline.forward();
  assert.equal(again, { forwarded: 0, alreadyApplied: 0, refused: 0, notOurs: 0, failed: 0 });
  assert.is(h.ils.calls.filter((c) => c === 'checkout').length, 2, 'forwarded once');
  await h.close();
});

test('a PIN is required and offline.withoutPin is refuse: the patron is told, nothing is recorded', async () => {
  const h = harness({ offline: { withoutPin: 'refuse' } });
  h.ils.online = false;
  await identify(h, ANA.pin);
  const v = h.c.view();
  assert.is(v.screen, 'identify');
  assert.is(v.message?.key, 'offline.pinUnavailable');
  assert.is(v.offlineAvailable, true);
  assert.is(h.queue.list().entries.length, 0);
  await h.close();
});

test('the ILS never said offline is OK (98): the plain "cannot be reached" message', async () => {
  const h = harness({ offlineOk: false });
  h.ils.online = false;
  await identify(h, ANA.pin);
  assert.is(h.c.view().screen, 'identify');
  assert.is(h.c.view().message?.key, 'ils.offline');
  assert.is(h.c.view().offlineAvailable, undefined);
  await h.close();
});

test('offline limit per session; a failed security write takes the entry back', async () => {
  const h = harness({ offline: { maxItemsPerSession: 2 } });
  h.ils.online = false;
  await identify(h);
  const bad = h.reader.place('31234000000013', { failWrites: Infinity });
  await settled(h, 1);
  assert.equal([h.c.view().items[0]?.state, h.c.view().items[0]?.message?.key], ['staff', 'item.securityFailed']);
  assert.is(bad.afi, h.config.tags.security.afiSecured);
  assert.is(h.queue.list().entries.length, 0, 'the entry was taken back');
  h.reader.place('31234000000011');
  h.reader.place('31234000000012');
  h.reader.place('31234000000014');
  await settled(h, 4);
  const rows = h.c.view().items.slice(1);
  assert.equal(
    rows.map((r) => r.state),
    ['ok', 'ok', 'refused'],
  );
  assert.equal(rows[2]?.message, { key: 'item.limitSession', params: { max: 2 } });
  assert.is(h.queue.list().entries.length, 2);
  await h.close();
});

test('no returns offline: the returns screen says so and reads nothing', async () => {
  const h = harness();
  h.ils.online = false;
  await h.c.dispatch({ type: 'startReturns' });
  assert.is(h.c.view().screen, 'returns');
  assert.is(h.c.view().message?.key, 'offline.noReturns');
  h.reader.place('31234000000023');
  await new Promise((r) => setTimeout(r, 30));
  assert.is(h.c.view().items.length, 0);
  assert.is(h.reader.inventories, 0);
  await h.close();
});

test('the ILS drops mid-session: a checkout that could not be sent is recorded offline', async () => {
  const h = harness();
  await identify(h, ANA.pin);
  assert.is(h.c.view().screen, 'items');
  assert.is(h.c.view().offline, undefined);
  h.ils.online = false;
  h.reader.place('31234000000016');
  await settled(h, 1);
  assert.equal([h.c.view().items[0]?.state, h.c.view().items[0]?.message?.key], ['ok', 'item.checkedOutOffline']);
  assert.is(h.queue.list().entries.length, 1);
  await h.close();
});

test('offline disabled: the old behaviour, "cannot be reached" per item', async () => {
  const h = harness({ offline: { enabled: false } });
  await identify(h, ANA.pin);
  h.ils.online = false;
  h.reader.place('31234000000016');
  await settled(h, 1);
  assert.equal([h.c.view().items[0]?.state, h.c.view().items[0]?.message?.key], ['error', 'ils.offline']);
  assert.is(h.queue.list().entries.length, 0);
  await h.close();
});

test.run();
