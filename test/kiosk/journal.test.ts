// The kiosk crash journal (src/roles/kiosk/journal.ts): durable entries that survive a reopen (a restart after
// kill -9), coalesced phase updates, an empty journal is no file, a corrupt file is a typed error and moved
// aside (never a crash), and a full session over the real SIP2 stack leaves nothing behind and never writes a
// patron value: the journal is read from disk at every ILS request (so it is on disk BEFORE the request).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { SimField } from '../../drivers/sim/field.ts';
import { SimReader } from '../../drivers/sim/reader.ts';
import { SimTag } from '../../drivers/sim/tag.ts';
import { configSchema } from '../../src/config/index.ts';
import { isSelfcheckError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log/index.ts';
import { StationEvents } from '../../src/events.ts';
import type { Runtime } from '../../src/runtime.ts';
import { scanTree } from '../../src/privacy/scan.ts';
import { encodeItem } from '../../src/tags/index.ts';
import {
  ItemJournal,
  JOURNAL_FILE,
  JOURNAL_QUARANTINE,
  parseJournal,
  purgeJournalQuarantine,
} from '../../src/roles/kiosk/journal.ts';
import { StaffAlerts, startJournal } from '../../src/roles/kiosk/recovery.ts';
import { startKiosk } from '../../src/roles/kiosk/start.ts';
import { startPair } from '../helpers/sip2.ts';
import { checkKioskJournal } from '../../src/privacy/checks.ts';
import { waitFor } from './fakes.ts';

const UID_A = 'E004015000000A01';
const UID_B = 'E004015000000B02';
const tick = () => new Promise((r) => setImmediate(r));
const dir = () => mkdtempSync(join(tmpdir(), 'journal-'));
const onDisk = (d: string) => parseJournal(readFileSync(join(d, JOURNAL_FILE), 'utf8'));

test('an entry is on disk when begin() resolves and survives a reopen (the restart after kill -9)', async () => {
  const d = dir();
  const j = ItemJournal.open(d);
  assert.is(j.orphans.length, 0);
  await j.begin('checkout', '31234000000011', [UID_A]);
  await j.begin('checkin', '31234000000012', [UID_A, UID_B]);
  const disk = onDisk(d);
  assert.equal(
    disk.map((e) => [e.op, e.itemId, e.uids, e.phase]),
    [
      ['checkout', '31234000000011', [UID_A], 'ils-sent'],
      ['checkin', '31234000000012', [UID_A, UID_B], 'ils-sent'],
    ],
  );
  // No close(): the process "died" here. The next run finds both as orphans.
  const again = ItemJournal.open(d);
  assert.equal(
    again.orphans.map((e) => e.itemId),
    ['31234000000011', '31234000000012'],
  );
  assert.is(again.size, 2);
});

test('answered() and end() are written in the background, coalesced; an empty journal is no file', async () => {
  const d = dir();
  const j = ItemJournal.open(d);
  const [a, b] = await Promise.all([
    j.begin('checkout', '31234000000011', [UID_A]),
    j.begin('renewal', '31234000000013', [UID_B]),
  ]);
  assert.is(onDisk(d).length, 2, 'both begun in one tick, both on disk');
  a.answered(true);
  b.answered(false); // refused: the operation ended
  assert.is(onDisk(d)[0]?.phase, 'ils-sent', 'not written yet: same tick');
  await j.settled();
  assert.equal(
    onDisk(d).map((e) => [e.itemId, e.phase]),
    [['31234000000011', 'ils-done']],
  );
  a.end();
  a.end(); // idempotent
  await j.settled();
  assert.not.ok(existsSync(join(d, JOURNAL_FILE)));
  assert.is(j.size, 0);
  assert.equal(readdirSync(d), [], 'no temporary file left either');
});

test('a corrupt journal is a typed error and is moved aside; the next open starts empty', () => {
  for (const text of ['{"v":1,"entries":[{"id":"x"', '{"v":1,"entries":[{"id":"x","op":"steal"}]}', '[]', '']) {
    const d = dir();
    writeFileSync(join(d, JOURNAL_FILE), text);
    writeFileSync(join(d, `.${JOURNAL_FILE}.999.tmp`), 'half a write');
    let err: unknown;
    try {
      ItemJournal.open(d);
    } catch (e) {
      err = e;
    }
    if (!isSelfcheckError(err, 'kiosk', 'journal_corrupt'))
      throw new Error(`no typed error for ${JSON.stringify(text)}`);
    assert.equal(err.info, { quarantined: JOURNAL_QUARANTINE });
    assert.is(readFileSync(join(d, JOURNAL_QUARANTINE), 'utf8'), text);
    assert.not.ok(existsSync(join(d, JOURNAL_FILE)));
    assert.not.ok(existsSync(join(d, `.${JOURNAL_FILE}.999.tmp`)), 'stale temporary file removed');
    assert.is(ItemJournal.open(d).size, 0);
  }
});

test('startJournal: a corrupt journal raises a staff alert and the kiosk goes on; the quarantine is purged later', async () => {
  const d = dir();
  writeFileSync(join(d, JOURNAL_FILE), 'garbage');
  const alerts = new StaffAlerts();
  const p = await startPair();
  try {
    const field = new SimField({ timing: 'virtual', seed: 1 });
    const { journal, recovery } = await startJournal({
      dataDir: d,
      ils: p.ils,
      reader: new SimReader(field),
      security: { model: configSchema.parse({}).tags.security, retries: 2 },
      log: silentLogger,
      alerts,
    });
    assert.is(journal.size, 0);
    assert.is(alerts.total, 1);
    assert.is(alerts.view().recent[0]?.code, 'journal_corrupt');
    recovery.stop();
  } finally {
    await p.close();
  }
  assert.is(purgeJournalQuarantine(d), 0, 'kept while fresh');
  assert.is(purgeJournalQuarantine(d, Date.now() + 8 * 86_400_000), 1);
  assert.not.ok(existsSync(join(d, JOURNAL_QUARANTINE)));
});

test('privacy audit: the journal retention control fails on an entry older than the recovery keeps one', async () => {
  const d = dir();
  assert.is(checkKioskJournal(d, Date.now()).result, 'pass');
  await ItemJournal.open(d).begin('checkout', '31234000000011', [UID_A], Date.now() - 10 * 86_400_000);
  assert.is(checkKioskJournal(d, Date.now()).result, 'fail');
  writeFileSync(join(d, JOURNAL_FILE), 'garbage');
  assert.is(checkKioskJournal(d, Date.now()).result, 'fail');
});

test('a journal that cannot be written never throws into the checkout path', async () => {
  const d = dir();
  const j = ItemJournal.open(d);
  rmSync(d, { recursive: true });
  const h = await j.begin('checkout', '31234000000011', [UID_A]);
  h.answered(true);
  h.end();
  await j.settled();
  assert.is(j.size, 0);
});

test('a full session over the real SIP2 stack: journal on disk before each request, empty after, no patron value', async () => {
  const PATRON = '23333000000001';
  const PIN = '1234';
  const d = dir();
  const p = await startPair({ latencyMs: 5 });
  await p.ils.start();
  const config = configSchema.parse({
    general: { dataDir: d },
    kiosk: { busyInventoryMs: 2, idleInventoryMs: 2 },
  });
  const field = new SimField({ timing: 'virtual', seed: 5 });
  const snapshots: Buffer[] = [];
  const snap = () => {
    const f = join(d, JOURNAL_FILE);
    if (existsSync(f)) snapshots.push(readFileSync(f));
  };
  // Every request first looks at the disk: the item being sent must already be journaled there.
  const seenAtRequest: string[] = [];
  const checkout = p.ils.checkout.bind(p.ils);
  p.ils.checkout = async (patron, item, opts) => {
    snap();
    if (onDisk(d).some((e) => e.itemId === item && e.phase === 'ils-sent')) seenAtRequest.push(item);
    const res = await checkout(patron, item, opts);
    await tick();
    snap();
    return res;
  };
  const ids = ['31234000000011', '31234000000012', '31234000000013'];
  const stops: Array<() => Promise<void> | void> = [];
  const rt: Runtime = {
    config,
    log: silentLogger,
    dataDir: d,
    ils: p.ils,
    openReader: async () => new SimReader(field),
    events: new StationEvents(),
    app: express(),
    onStop: (fn) => void stops.push(fn),
  };
  try {
    const c = await startKiosk(rt);
    await c.dispatch({ type: 'start' });
    await c.dispatch({ type: 'language', language: 'en' });
    await c.dispatch({ type: 'card', value: PATRON });
    await c.dispatch({ type: 'pin', value: PIN });
    assert.is(c.view().screen, 'items');
    const tags = ids.map((id, i) => {
      const t = new SimTag({
        uid: `E00401500000C0${i}${i}`,
        family: 'icode-slix',
        data: encodeItem({ primaryItemId: id }, { model: '28560-2' }),
        afi: 0x07,
      });
      field.addTag(t);
      return t;
    });
    await waitFor(() => c.view().items.length === 3 && c.view().itemsPending === 0, 'stack');
    assert.equal(
      c.view().items.map((r) => r.state),
      ['ok', 'ok', 'ok'],
    );
    for (const t of tags) assert.is(t.afi, 0xc2);
    assert.equal(seenAtRequest.sort(), ids);
    await waitFor(() => !existsSync(join(d, JOURNAL_FILE)), 'journal empty once every tag is written');
    await c.dispatch({ type: 'done' });
  } finally {
    for (const fn of stops.reverse()) await fn();
    await p.close();
  }
  assert.ok(snapshots.length >= 3, 'the journal was read while in flight');
  const all = Buffer.concat(snapshots).toString('latin1');
  for (const v of [PATRON, 'Ana', 'Torres', 'ana@example.org'])
    assert.not.ok(all.includes(v), `journal never holds ${v}`);
  // The PIN (4 digits) also occurs inside item IDs, so check the shape instead: only these keys, ever.
  for (const s of snapshots) {
    for (const e of parseJournal(s.toString('utf8'))) {
      assert.equal(Object.keys(e).sort(), ['at', 'id', 'itemId', 'op', 'phase', 'uids']);
      assert.ok(ids.includes(e.itemId));
    }
  }
  assert.equal(scanTree(d, /(?<![0-9])2[0-9]{13}(?![0-9])/, [PATRON]), [], 'data dir bytes hold no patron value');
});

test.run();
