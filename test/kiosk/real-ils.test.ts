// The kiosk against the REAL SIP2 stack: the built-in test ILS (src/sip2/testils, Koha wordings) over TCP through
// createIls, with the fake pad for tags. Checks that the ILS's own refusal texts map to the right message keys.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configSchema } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { StationEvents } from '../../src/events.ts';
import { createIls } from '../../src/sip2/factory.ts';
import type { Ils } from '../../src/sip2/ils.ts';
import { KioskController } from '../../src/roles/kiosk/controller.ts';
import { FakeClock, FakeReader, decodeTestTag, waitFor } from './fakes.ts';

const config = configSchema.parse({ kiosk: { busyInventoryMs: 2, idleInventoryMs: 2 } });

async function setup(): Promise<{ c: KioskController; reader: FakeReader; ils: Ils; close(): Promise<void> }> {
  const ils = await createIls(config, silentLogger);
  const reader = new FakeReader();
  const c = new KioskController({
    config,
    ils,
    reader,
    decode: decodeTestTag,
    events: new StationEvents(),
    log: silentLogger,
    clock: new FakeClock(),
  });
  c.start();
  return {
    c,
    reader,
    ils,
    close: async () => {
      await c.stop();
      await ils.close();
    },
  };
}

async function login(c: KioskController, card: string, pin: string): Promise<void> {
  await c.dispatch({ type: 'start' });
  await c.dispatch({ type: 'language', language: 'en' });
  await c.dispatch({ type: 'card', value: card });
  await c.dispatch({ type: 'pin', value: pin });
}

const settled = (c: KioskController, n: number) =>
  waitFor(() => c.view().items.length >= n && c.view().itemsPending === 0, `${n} items`);

test('real SIP2: stack, refusals in Koha words, renewal, and the patron screens', async () => {
  const s = await setup();
  try {
    await login(s.c, '23333000000002', '2345'); // John: 2 loans (one at the renewal limit), 1 hold ready
    const v = s.c.view();
    assert.is(v.screen, 'items');
    assert.equal(v.patron?.firstName, 'John');
    assert.is(v.patron?.holdsReady, 1);
    for (const id of ['31234000000011', '31234000000021', '31234000000023', '31234000000024', '31234000000026'])
      s.reader.place(id);
    s.reader.place('31234000000027');
    await settled(s.c, 6);
    assert.equal(
      s.c.view().items.map((r) => [r.state, r.message?.key]),
      [
        ['ok', 'item.checkedOut'],
        ['refused', 'item.alreadyOut'],
        ['ok', 'item.renewed'],
        ['refused', 'item.renewalLimit'],
        ['refused', 'item.notForLoan'],
        ['refused', 'item.lost'],
      ],
    );
    assert.ok(s.c.view().items[0]?.dueDate, 'due date parsed from the ILS');
    await s.c.dispatch({ type: 'openAccount' });
    await waitFor(() => s.c.view().account?.loading === false, 'account');
    assert.ok(s.c.view().account?.loans.some((l) => l.title === 'The Very Hungry Caterpillar'));
    assert.ok(s.c.view().account?.holds.some((h) => h.title === 'Rain of Gold' && h.ready));
    await s.c.dispatch({ type: 'done' });
    assert.is(s.c.view().screen, 'goodbye');
  } finally {
    await s.close();
  }
});

for (const [card, pin, key] of [
  ['23333000000001', '9999', 'patron.wrongPin'],
  ['23333000000003', '3456', 'patron.blocked'],
  ['23333000000004', '4567', 'patron.expired'],
  ['23333000000005', '5678', 'patron.finesOverLimit'],
] as const) {
  test(`real SIP2: ${key}`, async () => {
    const s = await setup();
    try {
      await login(s.c, card, pin);
      assert.is(s.c.view().message?.key, key);
    } finally {
      await s.close();
    }
  });
}

test('real SIP2: returns route held and in-transit items to staff, re-secure the rest', async () => {
  const s = await setup();
  try {
    await s.c.dispatch({ type: 'startReturns' });
    const tags = ['31234000000023', '31234000000022', '31234000000028', '31234000000012'].map((id) =>
      s.reader.place(id, { afi: 0xc2 }),
    );
    await settled(s.c, 4);
    assert.equal(
      s.c.view().items.map((r) => [r.state, r.message?.key]),
      [
        ['ok', 'item.returned'],
        ['staff', 'item.returnToStaff'],
        ['staff', 'item.returnToStaff'],
        ['ok', 'item.notCheckedOut'],
      ],
    );
    for (const t of tags) assert.is(t.afi, 0x07);
  } finally {
    await s.close();
  }
});

test.run();
