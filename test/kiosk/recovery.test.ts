// Start-up recovery of the kiosk crash journal (src/roles/kiosk/recovery.ts) over the simulator's RF field
// (drivers/sim: real ISO 15693 AFI writes and read-back) and the built-in test ILS over real SIP2 (src/sip2/testils):
// each case leaves a journal as a killed run would (begin() without end()), then "restarts" by opening it again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import express from 'express';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimField } from '../../drivers/sim/field.ts';
import { SimReader } from '../../drivers/sim/reader.ts';
import { SimTag } from '../../drivers/sim/tag.ts';
import { configSchema } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { StationEvents } from '../../src/events.ts';
import type { Runtime } from '../../src/runtime.ts';
import { startKiosk } from '../../src/roles/kiosk/start.ts';
import { ItemJournal, JOURNAL_FILE, type JournalOp } from '../../src/roles/kiosk/journal.ts';
import { StaffAlerts, startJournal } from '../../src/roles/kiosk/recovery.ts';
import { encodeItem } from '../../src/tags/index.ts';
import { startPair, until } from '../helpers/sip2.ts';

const SECURED = 0x07;
const CHECKED_OUT = 0xc2;
const PATRON = '23333000000001';
const security = { model: configSchema.parse({}).tags.security, retries: 2 };
let uidSeq = 0x10;

function tag(itemId: string, afi: number): SimTag {
  return new SimTag({
    uid: `E0040150000D00${(uidSeq++).toString(16).toUpperCase()}`,
    family: 'icode-slix',
    data: encodeItem({ primaryItemId: itemId }, { model: '28560-2' }),
    afi,
  });
}

/** A data dir holding what a run killed mid-operation left: the entry, never ended. */
async function crashedJournal(
  op: JournalOp,
  itemId: string,
  uids: string[],
  answered = true,
  txId?: string,
): Promise<string> {
  const d = mkdtempSync(join(tmpdir(), 'recovery-'));
  const j = ItemJournal.open(d);
  const h = await j.begin(op, itemId, uids, Date.now(), txId);
  if (answered) h.answered(true);
  await j.settled();
  return d;
}

async function setup() {
  const pair = await startPair();
  await pair.ils.start();
  const field = new SimField({ timing: 'virtual', seed: 9 });
  const alerts = new StaffAlerts();
  const recover = (dataDir: string, extra: { retryMs?: number; dropOffline?: (txId: string) => void } = {}) =>
    startJournal({
      dataDir,
      ils: pair.ils,
      reader: new SimReader(field),
      security,
      log: silentLogger,
      alerts,
      roundPauseMs: 5,
      ...extra,
    });
  return { pair, field, alerts, recover };
}

test('(1) the ILS charged the item, the tag is still secured on the pad: it becomes checked out', async () => {
  const s = await setup();
  try {
    const item = '31234000000011';
    s.pair.server.library.checkout(PATRON, item, { renewalPolicy: false, noBlock: false });
    const t = tag(item, SECURED);
    s.field.addTag(t);
    const d = await crashedJournal('checkout', item, [t.uid]);
    const { journal, recovery } = await s.recover(d);
    assert.is(t.afi, CHECKED_OUT);
    assert.is(journal.size, 0);
    assert.not.ok(existsSync(join(d, JOURNAL_FILE)), 'entry deleted');
    assert.is(s.alerts.total, 0);
    assert.is(recovery.waiting, 0);
  } finally {
    await s.pair.close();
  }
});

test('(2) the checkin went through in the ILS, the tag is still unsecured: it becomes secured (every part)', async () => {
  const s = await setup();
  try {
    const item = '31234000000012'; // not on loan in the sample library
    const parts = [tag(item, CHECKED_OUT), tag(item, CHECKED_OUT)];
    for (const t of parts) s.field.addTag(t);
    const d = await crashedJournal(
      'checkin',
      item,
      parts.map((t) => t.uid),
      false, // killed before the answer was even journaled: recovery asks the ILS anyway
    );
    const { journal } = await s.recover(d);
    for (const t of parts) assert.is(t.afi, SECURED);
    assert.is(journal.size, 0);
    assert.is(s.alerts.total, 0);
  } finally {
    await s.pair.close();
  }
});

test('(3) the tag is no longer on the pad: a staff alert with item, operation and time; the entry is deleted', async () => {
  const s = await setup();
  try {
    const item = '31234000000013';
    s.pair.server.library.checkout(PATRON, item, { renewalPolicy: false, noBlock: false });
    const present = tag('31234000000014', SECURED); // someone else's item on the pad: untouched
    s.field.addTag(present);
    const d = await crashedJournal('checkout', item, ['E0040150000DFFFF']);
    const before = Date.now();
    const { journal } = await s.recover(d);
    assert.is(journal.size, 0);
    assert.not.ok(existsSync(join(d, JOURNAL_FILE)));
    const v = s.alerts.view();
    assert.is(v.total, 1);
    const a = v.recent[0]!;
    assert.equal([a.code, a.itemId, a.op, a.message], ['tag_absent', item, 'checkout', 'tag security not confirmed']);
    assert.ok(Date.parse(a.at) >= before - 1000);
    assert.is(present.afi, SECURED);
  } finally {
    await s.pair.close();
  }
});

test('(4) the ILS is offline: the entry is kept, the kiosk is not held up, and it is fixed once the ILS is back', async () => {
  const s = await setup();
  try {
    const item = '31234000000015';
    s.pair.server.library.checkout(PATRON, item, { renewalPolicy: false, noBlock: false });
    const t = tag(item, SECURED);
    s.field.addTag(t);
    const d = await crashedJournal('checkout', item, [t.uid]);
    const port = s.pair.server.port;
    await s.pair.server.close();
    await until(() => !s.pair.ils.online);
    const t0 = Date.now();
    const { journal, recovery } = await s.recover(d, { retryMs: 60_000 });
    assert.ok(Date.now() - t0 < 1000, 'start is not blocked');
    assert.is(recovery.waiting, 1);
    assert.is(journal.size, 1);
    assert.ok(existsSync(join(d, JOURNAL_FILE)), 'entry kept on disk');
    assert.is(t.afi, SECURED);
    await s.pair.server.listen(port); // the ILS comes back: the client logs in again and says 'online'
    await until(() => recovery.waiting === 0, 5000);
    assert.is(t.afi, CHECKED_OUT);
    assert.is(journal.size, 0);
    assert.not.ok(existsSync(join(d, JOURNAL_FILE)));
    assert.is(s.alerts.total, 0);
    recovery.stop();
  } finally {
    await s.pair.close();
  }
});

test('a retry waits while a patron session is running', async () => {
  const s = await setup();
  try {
    const item = '31234000000016';
    const t = tag(item, CHECKED_OUT);
    s.field.addTag(t);
    const d = await crashedJournal('checkin', item, [t.uid]);
    const port = s.pair.server.port;
    await s.pair.server.close();
    await until(() => !s.pair.ils.online);
    let busy = true;
    const { recovery } = await startJournal({
      dataDir: d,
      ils: s.pair.ils,
      reader: new SimReader(s.field),
      security,
      log: silentLogger,
      alerts: s.alerts,
      busy: () => busy,
      retryMs: 20,
    });
    await s.pair.server.listen(port);
    await until(() => s.pair.ils.online, 5000);
    await new Promise((r) => setTimeout(r, 100));
    assert.is(recovery.waiting, 1, 'held while busy');
    busy = false;
    await until(() => recovery.waiting === 0, 5000);
    assert.is(t.afi, SECURED);
    recovery.stop();
  } finally {
    await s.pair.close();
  }
});

test('killed between the ILS yes and the tag write (journal as it was on disk then): the restart makes them agree', async () => {
  const s = await setup();
  const live = mkdtempSync(join(tmpdir(), 'recovery-live-'));
  const crashed = mkdtempSync(join(tmpdir(), 'recovery-crashed-'));
  const item = '31234000000017';
  const t = tag(item, SECURED);
  const checkout = s.pair.ils.checkout.bind(s.pair.ils);
  let atAnswer: Buffer | undefined;
  s.pair.ils.checkout = async (...args) => {
    const res = await checkout(...args);
    atAnswer = readFileSync(join(live, JOURNAL_FILE)); // the ILS said yes; the tag write has not started
    return res;
  };
  const stops: Array<() => Promise<void> | void> = [];
  const rt: Runtime = {
    config: configSchema.parse({ general: { dataDir: live }, kiosk: { busyInventoryMs: 2, idleInventoryMs: 2 } }),
    log: silentLogger,
    dataDir: live,
    ils: s.pair.ils,
    openReader: async () => new SimReader(s.field),
    events: new StationEvents(),
    app: express(),
    onStop: (fn) => void stops.push(fn),
  };
  try {
    const c = await startKiosk(rt);
    await c.dispatch({ type: 'card', value: PATRON });
    await c.dispatch({ type: 'pin', value: '1234' });
    s.field.addTag(t);
    await until(() => c.view().items.length === 1 && c.view().itemsPending === 0);
    for (const fn of stops.reverse()) await fn();
    assert.ok(atAnswer, 'journal was on disk at the ILS answer');
    // The crashed world: same ILS (item charged), the tag as it was before the write, the journal of that instant.
    t.afi = SECURED;
    writeFileSync(join(crashed, JOURNAL_FILE), atAnswer);
    const { journal } = await s.recover(crashed);
    assert.is(t.afi, CHECKED_OUT);
    assert.is(journal.size, 0);
    assert.is(s.alerts.total, 0);
  } finally {
    await s.pair.close();
  }
});

test('(5) an offline checkout killed before it ended: item still on the pad → its sealed entry is taken back and the tag secured; item gone → the entry stays for staff, who are alerted', async () => {
  const s = await setup();
  try {
    const dropped: string[] = [];
    const dropOffline = (txId: string) => void dropped.push(txId);
    // The ILS is down the whole time: offline recovery must not need it.
    await s.pair.server.close();
    const here = tag('31234000000015', CHECKED_OUT);
    s.field.addTag(here);
    const txHere = '0b7c6a43-5d1e-4f4e-9a57-1f0c2d3e4a01';
    const d1 = await crashedJournal('offline', '31234000000015', [here.uid], false, txHere);
    const r1 = await s.recover(d1, { dropOffline });
    assert.equal(dropped, [txHere]);
    assert.is(here.afi, SECURED);
    assert.is(r1.journal.size, 0);
    const txGone = '0b7c6a43-5d1e-4f4e-9a57-1f0c2d3e4a02';
    const d2 = await crashedJournal('offline', '31234000000016', ['E0040150000DFFFE'], false, txGone);
    const r2 = await s.recover(d2, { dropOffline });
    assert.equal(dropped, [txHere], 'the entry of an item that left with the patron is kept');
    assert.is(r2.journal.size, 0);
    // Staff are told which item: the restarted station cannot forward that sealed entry itself.
    assert.is(s.alerts.total, 1);
    const a = s.alerts.view().recent[0]!;
    assert.equal([a.code, a.itemId, a.op], ['offline_unconfirmed', '31234000000016', 'offline']);
  } finally {
    await s.pair.close();
  }
});

test.run();
