// The kiosk over the simulator's RF field (drivers/sim, virtual timing): real ISO 15693 commands through
// SimReader, so AFI writes, read-back and write faults (tearing, error 0x13) are the simulator's, not a fake's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimField } from '../../drivers/sim/field.ts';
import { SimReader } from '../../drivers/sim/reader.ts';
import { SimTag } from '../../drivers/sim/tag.ts';
import { configSchema } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { StationEvents } from '../../src/events.ts';
import { KioskController } from '../../src/roles/kiosk/controller.ts';
import { FakeIls } from './fake-ils.ts';
import { FakeClock, decodeTestTag, encodeTestTag, waitFor } from './fakes.ts';

function setup() {
  const config = configSchema.parse({ kiosk: { busyInventoryMs: 2, idleInventoryMs: 2 } });
  const field = new SimField({ timing: 'virtual', seed: 3 });
  const reader = new SimReader(field);
  const ils = new FakeIls();
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
  let n = 0;
  const place = (id: string, part = 1, parts = 1) => {
    const tag = new SimTag({
      uid: `E0040150AB00${(0x10 + n++).toString(16).toUpperCase()}${(n * 5).toString(16).toUpperCase().padStart(2, '0')}`,
      family: 'icode-slix',
      data: encodeTestTag(id, part, parts),
      afi: 0x07,
    });
    field.addTag(tag);
    return tag;
  };
  return { c, ils, field, place, close: () => c.stop() };
}

async function login(c: KioskController): Promise<void> {
  await c.dispatch({ type: 'card', value: '23333000000001' });
  await c.dispatch({ type: 'pin', value: '1234' });
}

test('sim: a 3-item stack is checked out and each tag left at AFI C2', async () => {
  const s = setup();
  try {
    await login(s.c);
    const tags = ['31234000000011', '31234000000012', '31234000000013'].map((id) => s.place(id));
    await waitFor(() => s.c.view().items.length === 3 && s.c.view().itemsPending === 0, 'stack');
    assert.equal(
      s.c.view().items.map((r) => r.state),
      ['ok', 'ok', 'ok'],
    );
    for (const t of tags) assert.is(t.afi, 0xc2);
  } finally {
    await s.close();
  }
});

test('sim: a torn write is retried; a tag that keeps failing is undone and re-checked in', async () => {
  const s = setup();
  try {
    await login(s.c);
    const once = s.place('31234000000014');
    once.faults.tear = { count: 1, kind: 'fail' };
    const always = s.place('31234000000015');
    always.faults.tear = { count: 1_000, kind: 'fail' };
    await waitFor(() => s.c.view().items.length === 2 && s.c.view().itemsPending === 0, 'items');
    const states = s.c.view().items.map((r) => [r.state, r.message?.key]);
    assert.equal(states, [
      ['ok', 'item.checkedOut'],
      ['staff', 'item.securityFailed'],
    ]);
    assert.is(once.afi, 0xc2);
    assert.is(always.afi, 0x07);
    assert.not.ok(s.ils.loans.has('31234000000015'));
  } finally {
    await s.close();
  }
});

test.run();
