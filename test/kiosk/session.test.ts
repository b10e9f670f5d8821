// The kiosk session machine: identify, PIN, refusals, language, account, staff card, privacy at the end.
// Patrons and items: src/testdata/library.ts (the sample library the built-in test ILS serves).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SAMPLE_STAFF_CARD } from '../../src/testdata/library.ts';
import { dump, harness, login, settled } from './harness.ts';

const ANA = { card: '23333000000001', pin: '1234', name: 'Ana Torres' };
const JOHN = { card: '23333000000002', pin: '2345', name: 'John Smith' };
const MARIA = { card: '23333000000006', pin: '6789', name: 'María López' };

test('attract → language → card → PIN → items with first name, holds and fines', async () => {
  const h = harness();
  assert.is(h.c.view().screen, 'attract');
  await h.c.dispatch({ type: 'start' });
  assert.is(h.c.view().screen, 'language');
  await h.c.dispatch({ type: 'language', language: 'en' });
  assert.is(h.c.view().screen, 'identify');
  await h.c.dispatch({ type: 'card', value: JOHN.card });
  assert.is(h.c.view().screen, 'pin');
  assert.is(h.ils.calls.length, 0, 'no ILS call before the PIN');
  await h.c.dispatch({ type: 'pin', value: JOHN.pin });
  const v = h.c.view();
  assert.is(v.screen, 'items');
  assert.equal(v.patron, {
    firstName: 'John',
    holdsReady: 1,
    overdue: 0,
    accountAvailable: true,
    fines: { amount: '2.50', currency: 'USD' },
  });
  assert.not.ok(JSON.stringify(v).includes('Smith'), 'first name only');
  assert.ok(h.events.some((e) => e.type === 'session' && e.phase === 'start'));
  await h.close();
});

test('wrong PIN: own message, retry, and the session ends after the allowed attempts', async () => {
  const h = harness({ pinAttempts: 2 });
  await login(h, ANA.card, '0000');
  assert.is(h.c.view().screen, 'pin');
  assert.equal(h.c.view().message, { key: 'patron.wrongPin' });
  await h.c.dispatch({ type: 'pin', value: '9999' });
  assert.is(h.c.view().screen, 'attract');
  assert.not.ok(dump(h).includes(ANA.card));
  await h.close();
});

for (const [label, card, pin, key] of [
  ['blocked', '23333000000003', '3456', 'patron.blocked'],
  ['expired', '23333000000004', '4567', 'patron.expired'],
  ['fines over the limit', '23333000000005', '5678', 'patron.finesOverLimit'],
  ['unknown card', '23333999999999', '1111', 'patron.unknown'],
] as const) {
  test(`${label}: its own message, back to identify, nothing kept`, async () => {
    const h = harness();
    await login(h, card, pin);
    const v = h.c.view();
    assert.is(v.screen, 'identify');
    assert.is(v.message?.key, key);
    if (key === 'patron.finesOverLimit') assert.equal(v.message?.params, { amount: '25.00', currency: 'USD' });
    assert.is(v.patron, undefined);
    assert.not.ok(dump(h).includes(card));
    await h.close();
  });
}

test('language: preselected from SIP2 008 when not chosen, kept when chosen, reset every session', async () => {
  const h = harness();
  await h.c.dispatch({ type: 'card', value: MARIA.card }); // card straight on the attract screen
  await h.c.dispatch({ type: 'pin', value: MARIA.pin });
  assert.is(h.c.view().language, 'es');
  await h.c.dispatch({ type: 'done' });
  assert.is(h.c.view().screen, 'goodbye');
  h.clock.advance(5_000);
  assert.is(h.c.view().screen, 'attract');
  assert.is(h.c.view().language, 'en', 'reset for the next patron');
  await login(h, MARIA.card, MARIA.pin, 'en');
  assert.is(h.c.view().language, 'en', 'an explicit choice wins');
  await h.close();
});

test('choosing a language on the attract screen starts the session in it', async () => {
  const h = harness();
  await h.c.dispatch({ type: 'language', language: 'es' });
  assert.is(h.c.view().screen, 'identify');
  assert.is(h.c.view().language, 'es');
  await h.c.dispatch({ type: 'card', value: ANA.card });
  await h.c.dispatch({ type: 'pin', value: ANA.pin });
  assert.is(h.c.view().language, 'es', 'the choice beats the ILS language (001)');
  await h.close();
});

test('My account: loans with due dates and holds after the PIN, gone when closed', async () => {
  const h = harness();
  await login(h, JOHN.card, JOHN.pin);
  await h.c.dispatch({ type: 'openAccount' });
  const a = h.c.view().account;
  assert.is(h.c.view().screen, 'account');
  assert.ok(a && !a.loading);
  assert.equal(
    a?.loans.map((l) => l.title),
    ['Red Sky at Morning', 'Death Comes for the Archbishop'],
  );
  assert.is(a?.loans[0]?.dueDate, new Date('2026-12-19T23:59:00').toISOString());
  assert.equal(a?.holds, [{ title: 'Rain of Gold', ready: true }]);
  await h.c.dispatch({ type: 'closeAccount' });
  assert.is(h.c.view().account, undefined);
  assert.is(h.c.view().screen, 'items');
  await h.close();
});

test('My account is not offered without a PIN', async () => {
  const h = harness({ requirePin: false });
  await login(h, JOHN.card);
  assert.is(h.c.view().screen, 'items');
  assert.is(h.c.view().patron?.accountAvailable, false);
  await h.c.dispatch({ type: 'openAccount' });
  assert.is(h.c.view().screen, 'items');
  await h.close();
});

test('staff card: diagnostics with reader and ILS state, no ILS call, no patron data', async () => {
  const h = harness();
  await h.c.dispatch({ type: 'card', value: SAMPLE_STAFF_CARD });
  const v = h.c.view();
  assert.is(v.screen, 'diagnostics');
  assert.is(v.diagnostics?.reader.state, 'up');
  assert.is(v.diagnostics?.ils.online, true);
  assert.is(h.ils.calls.length, 0);
  h.reader.emit('state', 'down', 'unplugged');
  assert.is(h.c.view().diagnostics?.reader.state, 'down');
  assert.equal(h.c.view().diagnostics?.lastErrors[0]?.code, 'reader_gone');
  await h.c.dispatch({ type: 'cancel' });
  assert.is(h.c.view().screen, 'attract');
  await h.close();
});

test('ILS offline at identify: plain message, no session kept', async () => {
  const h = harness();
  h.ils.online = false;
  await login(h, ANA.card, ANA.pin);
  assert.is(h.c.view().screen, 'identify');
  assert.is(h.c.view().message?.key, 'ils.offline');
  assert.is(h.c.view().ilsOnline, false);
  await h.close();
});

test('after the session ends the controller holds no card number, PIN or name', async () => {
  const h = harness({}, { printer: true });
  await login(h, ANA.card, ANA.pin);
  h.reader.place('31234000000011');
  h.reader.place('31234000000012');
  await settled(h, 2);
  assert.ok(dump(h).includes('Ana'), 'the check can see a value while the session lasts');
  await h.c.dispatch({ type: 'done' });
  assert.is(h.c.view().screen, 'receipt');
  await h.c.dispatch({ type: 'receipt', choice: 'print' });
  assert.is(h.c.view().screen, 'goodbye');
  assert.equal(h.c.view().receiptResult, { key: 'receipt.printed' });
  assert.is(h.ils.calls.at(-1), 'endSession');
  for (const s of [ANA.card, ANA.pin, ANA.name, 'Ana', 'Torres', 'Hungry Caterpillar', '31234000000011']) {
    assert.not.ok(dump(h).includes(s), `found ${s}`);
  }
  const receipt = JSON.stringify(h.printed);
  assert.ok(receipt.includes('The Very Hungry Caterpillar'));
  for (const s of [ANA.card, 'Ana', 'Torres']) assert.not.ok(receipt.includes(s), `receipt holds ${s}`);
  assert.ok(h.events.some((e) => e.type === 'session' && e.phase === 'end'));
  await h.close();
});

test.run();
