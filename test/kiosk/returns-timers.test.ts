// Returns mode (SIP2 09, re-secure, routing to staff without saying for whom) and the inactivity timer
// (warning ≥ 20 s before the end, "More time" closing dialogs, timeout ending the session as if Done).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dump, harness, login, settled } from './harness.ts';

test('returns: checkin, re-secure (AFI 07), hold for another patron and transit go to staff', async () => {
  const h = harness();
  h.ils.loans.set('31234000000011', { patron: '23333000000001', renewals: 0 });
  h.ils.loans.set('31234000000022', { patron: '23333000000007', renewals: 0 });
  await h.c.dispatch({ type: 'startReturns' });
  assert.is(h.c.view().screen, 'returns');
  assert.is(h.c.view().mode, 'returns');
  const plain = h.reader.place('31234000000011', { afi: 0xc2 });
  const hold = h.reader.place('31234000000022', { afi: 0xc2 });
  const transit = h.reader.place('31234000000028', { afi: 0xc2 });
  h.reader.place('31234000000012');
  await settled(h, 4);
  const rows = h.c.view().items.map((r) => [r.state, r.message?.key, r.seeStaff ?? false]);
  assert.equal(rows, [
    ['ok', 'item.returned', false],
    ['staff', 'item.returnToStaff', true],
    ['staff', 'item.returnToStaff', true],
    ['ok', 'item.notCheckedOut', false],
  ]);
  assert.equal([plain.afi, hold.afi, transit.afi], [0x07, 0x07, 0x07]);
  const json = dump(h);
  assert.not.ok(json.includes('23333000000002'), 'never who the hold is for');
  assert.ok(h.events.some((e) => e.type === 'checkin' && e.routedToStaff === true));
  await h.c.dispatch({ type: 'done' });
  assert.is(h.c.view().screen, 'goodbye');
  assert.not.ok(h.ils.calls.includes('endSession'), 'no patron, no SIP2 35');
  await h.close();
});

test('returns only: the attract screen starts returns and patron cards are ignored', async () => {
  const h = harness({ returns: 'only' });
  assert.is(h.c.view().returnsButton, false);
  await h.c.dispatch({ type: 'card', value: '23333000000001' });
  assert.is(h.c.view().screen, 'attract');
  await h.c.dispatch({ type: 'start' });
  assert.is(h.c.view().screen, 'returns');
  await h.close();
});

test('returns off: no returns button and startReturns does nothing', async () => {
  const h = harness({ returns: 'off' });
  assert.is(h.c.view().returnsButton, false);
  await h.c.dispatch({ type: 'startReturns' });
  assert.is(h.c.view().screen, 'attract');
  await h.close();
});

test('inactivity: warning 30 s before the end; More time closes the account dialog and restarts the count', async () => {
  const h = harness({ inactivitySeconds: 120, warningSeconds: 30 });
  await login(h, '23333000000002', '2345');
  await h.c.dispatch({ type: 'openAccount' });
  h.clock.advance(89_000);
  assert.is(h.c.view().warning, undefined);
  h.clock.advance(1_000);
  const w = h.c.view().warning;
  assert.ok(w, 'warning shown');
  assert.is(w?.seconds, 30);
  assert.is(w?.endsAt, h.clock.now() + 30_000);
  assert.is(h.c.view().screen, 'account', 'the dialog is still open under the warning');
  await h.c.dispatch({ type: 'moreTime' });
  assert.is(h.c.view().warning, undefined);
  assert.is(h.c.view().screen, 'items');
  assert.is(h.c.view().account, undefined);
  h.clock.advance(119_000);
  assert.is(h.c.view().screen, 'items', 'More time restarted the full count');
  await h.close();
});

test('inactivity timeout ends the session as if Done: items finished, SIP2 35, everything dropped', async () => {
  const h = harness({ inactivitySeconds: 60, warningSeconds: 20 }, { printer: true });
  await login(h, '23333000000001', '1234');
  h.reader.place('31234000000017');
  await settled(h, 1);
  h.clock.advance(60_000);
  await new Promise((r) => setTimeout(r, 20));
  assert.is(h.c.view().screen, 'goodbye', 'no receipt question on a timeout');
  assert.is(h.printed.length, 0);
  assert.is(h.ils.calls.at(-1), 'endSession');
  assert.not.ok(dump(h).includes('23333000000001'));
  h.clock.advance(5_000);
  assert.is(h.c.view().screen, 'attract');
  assert.is(h.clock.pending, 0, 'no timer left behind');
  await h.close();
});

test('a wrong-PIN screen left alone also times out back to attract', async () => {
  const h = harness({ inactivitySeconds: 30, warningSeconds: 20 });
  await login(h, '23333000000001', '0000');
  assert.is(h.c.view().screen, 'pin');
  h.clock.advance(30_000);
  await new Promise((r) => setTimeout(r, 5));
  assert.ok(['goodbye', 'attract'].includes(h.c.view().screen));
  assert.not.ok(dump(h).includes('23333000000001'));
  await h.close();
});

test.run();
