// The item pipeline through the controller: checkouts, refusals, sets, security writes, renewals, pipelining.
// Items: src/testdata/library.ts. AFI values: config tags.security (07 in stock, C2 on loan; biblstandard.dk).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { harness, login, settled } from './harness.ts';
import { waitFor } from './fakes.ts';

const ANA = ['23333000000001', '1234'] as const;
const JOHN = ['23333000000002', '2345'] as const;

test('a 3-item stack: each checked out, then unsecured (AFI C2, read back), title and due date from the ILS', async () => {
  const h = harness();
  await login(h, ...ANA);
  const tags = ['31234000000011', '31234000000012', '31234000000013'].map((id) => h.reader.place(id));
  await settled(h, 3);
  const v = h.c.view();
  assert.equal(
    v.items.map((r) => [r.state, r.action, r.title]),
    [
      ['ok', 'checkout', 'The Very Hungry Caterpillar'],
      ['ok', 'checkout', 'Bless Me, Ultima'],
      ['ok', 'checkout', 'Cien años de soledad'],
    ],
  );
  assert.is(v.items[0]?.dueDate, '2026-12-19T23:59:00.000Z');
  assert.equal(v.items[0]?.message, { key: 'item.checkedOut', params: { dueDate: '2026-12-19T23:59:00.000Z' } });
  for (const t of tags) assert.is(t.afi, 0xc2);
  assert.is(h.ils.calls.filter((c) => c === 'checkout').length, 3, 'each item once, although inventory repeats');
  assert.ok(h.reader.ops.filter((o) => o === 'systemInfo').length >= 3, 'every write read back');
  assert.not.ok(JSON.stringify(v).includes('31234000000011'), 'no item IDs in the view');
  assert.is(h.events.filter((e) => e.type === 'checkout' && e.result === 'ok').length, 3);
  assert.is(h.events.filter((e) => e.type === 'security_write' && e.result === 'ok').length, 3);
  await h.close();
});

test('security is flipped only after the ILS says yes: refused items keep AFI 07', async () => {
  const h = harness();
  await login(h, ...ANA);
  const out = h.reader.place('31234000000021'); // out to another patron
  const hold = h.reader.place('31234000000022'); // on hold for another patron
  const ref = h.reader.place('31234000000026'); // not for loan
  await settled(h, 3);
  const keys = h.c.view().items.map((r) => [r.state, r.message?.key]);
  assert.equal(keys, [
    ['refused', 'item.alreadyOut'],
    ['refused', 'item.onHoldForOther'],
    ['refused', 'item.notForLoan'],
  ]);
  for (const t of [out, hold, ref]) assert.is(t.afi, 0x07);
  assert.not.ok(h.reader.ops.includes('writeAfi'));
  await h.close();
});

test('an unknown refusal gets the generic message and "see staff"', async () => {
  const h = harness();
  await login(h, ...ANA);
  h.reader.place('31234999999999'); // the ILS: "Invalid Item" → notFound; then an unmapped wording
  await settled(h, 1);
  assert.is(h.c.view().items[0]?.message?.key, 'item.notFound');
  const { checkoutRefusal } = await import('../../src/roles/kiosk/refusals.ts');
  assert.equal(checkoutRefusal({ screenMessages: ['Computer says no'] }), {
    message: { key: 'item.refused' },
    seeStaff: true,
  });
  await h.close();
});

test('a set with a missing part: "take it to the desk", never sent to the ILS', async () => {
  const h = harness({ setRounds: 3 });
  await login(h, ...ANA);
  const part = h.reader.place('31234000000025', { part: 1, parts: 2 });
  await waitFor(() => h.c.view().items[0]?.state === 'staff', 'set verdict');
  assert.equal(h.c.view().items[0]?.message, { key: 'item.setIncomplete', params: { parts: 2, present: 1 } });
  assert.is(h.c.view().items[0]?.seeStaff, true);
  assert.not.ok(h.ils.calls.includes('checkout'));
  assert.is(part.afi, 0x07);
  await h.close();
});

test('Done right after a set is placed: a complete set still goes out, an incomplete one goes to the desk', async () => {
  const h = harness({ setRounds: 50 });
  await login(h, ...ANA);
  h.reader.place('31234000000025', { part: 1, parts: 2 });
  h.reader.place('31234000000025', { part: 2, parts: 2 });
  await waitFor(() => h.reader.ops.filter((o) => o === 'read').length === 2, 'both parts read');
  await h.c.dispatch({ type: 'done' });
  assert.is(h.c.view().screen, 'goodbye');
  assert.ok(h.ils.calls.includes('checkout'), 'the set was checked out');
  assert.ok(h.events.some((e) => e.type === 'checkout' && e.result === 'ok'));
  await h.close();
});

test('a complete set: one checkout, every part unsecured', async () => {
  const h = harness();
  await login(h, ...ANA);
  const a = h.reader.place('31234000000025', { part: 1, parts: 2 });
  const b = h.reader.place('31234000000025', { part: 2, parts: 2 });
  await settled(h, 1);
  assert.is(h.c.view().items.length, 1);
  assert.is(h.c.view().items[0]?.state, 'ok');
  assert.is(h.ils.calls.filter((c) => c === 'checkout').length, 1);
  assert.equal([a.afi, b.afi], [0xc2, 0xc2]);
  await h.close();
});

test('a security write that fails once is retried and succeeds', async () => {
  const h = harness();
  await login(h, ...ANA);
  const t = h.reader.place('31234000000014', { failWrites: 1 });
  await settled(h, 1);
  assert.is(h.c.view().items[0]?.state, 'ok');
  assert.is(t.afi, 0xc2);
  assert.is(h.reader.ops.filter((o) => o === 'writeAfi').length, 2);
  await h.close();
});

test('a security write that always fails: checkout undone with a checkin, patron told to see staff', async () => {
  const h = harness({}, { tags: { writeRetries: 2 } });
  await login(h, ...ANA);
  const t = h.reader.place('31234000000015', { failWrites: Number.POSITIVE_INFINITY });
  await settled(h, 1);
  const row = h.c.view().items[0];
  assert.is(row?.state, 'staff');
  assert.is(row?.message?.key, 'item.securityFailed');
  assert.is(row?.seeStaff, true);
  assert.is(h.reader.ops.filter((o) => o === 'writeAfi').length, 3, '1 + 2 retries');
  assert.ok(h.ils.calls.includes('checkin'), 'undo');
  assert.not.ok(h.ils.loans.has('31234000000015'), 'the ILS no longer shows it on loan');
  assert.is(t.afi, 0x07);
  assert.ok(h.events.some((e) => e.type === 'security_write' && e.result === 'failed'));
  await h.close();
});

test("an item already on the patron's account is renewed; one at the limit is refused", async () => {
  const h = harness();
  await login(h, ...JOHN);
  h.reader.place('31234000000023', { afi: 0xc2 });
  h.reader.place('31234000000024', { afi: 0xc2 });
  await settled(h, 2);
  const [a, b] = h.c.view().items;
  assert.is(a?.action, 'renewal');
  assert.is(a?.state, 'ok');
  assert.is(a?.message?.key, 'item.renewed');
  assert.is(b?.state, 'refused');
  assert.is(b?.message?.key, 'item.renewalLimit');
  assert.ok(h.ils.calls.includes('renew'));
  assert.ok(h.events.some((e) => e.type === 'renewal' && e.result === 'ok'));
  await h.close();
});

test('a blank tag and an ILS outage each give a plain message and "see staff"', async () => {
  const h = harness();
  await login(h, ...ANA);
  h.reader.place('x', { blank: true });
  await settled(h, 1);
  assert.equal([h.c.view().items[0]?.state, h.c.view().items[0]?.message?.key], ['error', 'item.tagUnreadable']);
  h.ils.online = false;
  h.reader.place('31234000000016');
  await settled(h, 2);
  assert.equal([h.c.view().items[1]?.state, h.c.view().items[1]?.message?.key], ['error', 'ils.offline']);
  await h.close();
});

test('pipelined: tags are read while the ILS answers, one ILS request in flight', async () => {
  const h = harness();
  await login(h, ...ANA);
  h.ils.delayMs = 30;
  const trace: string[] = [];
  const origCheckout = h.ils.checkout.bind(h.ils);
  h.ils.checkout = async (...args) => {
    trace.push('ils-start');
    const r = await origCheckout(...args);
    trace.push('ils-end');
    return r;
  };
  const origRead = h.reader.readBlocks.bind(h.reader);
  h.reader.readBlocks = async (...args) => {
    trace.push('read');
    return origRead(...args);
  };
  for (const id of ['31234000000011', '31234000000012', '31234000000013', '31234000000014']) h.reader.place(id);
  await settled(h, 4);
  assert.is(h.ils.maxInFlight, 1);
  const firstEnd = trace.indexOf('ils-end');
  assert.ok(
    trace.slice(0, firstEnd).filter((t) => t === 'read').length >= 2,
    `reads overlap the ILS: ${trace.join(' ')}`,
  );
  await h.close();
});

test('a tag that does not answer a read is tried again on a later round, not reported', async () => {
  const h = harness();
  await login(h, ...ANA);
  h.reader.place('31234000000019', { failReads: 2 });
  await settled(h, 1);
  assert.is(h.c.view().items.length, 1);
  assert.is(h.c.view().items[0]?.state, 'ok');
  assert.is(h.reader.ops.filter((o) => o === 'read').length, 3);
  await h.close();
});

test('the session item limit', async () => {
  const h = harness({ maxItemsPerSession: 1 });
  await login(h, ...ANA);
  h.reader.place('31234000000011');
  await settled(h, 1);
  h.reader.place('31234000000012');
  await settled(h, 2);
  assert.equal(h.c.view().items[1]?.message, { key: 'item.limitSession', params: { max: 1 } });
  await h.close();
});

test.run();
