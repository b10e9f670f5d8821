/** FEIG driver ↔ FEIG emulator over a real socat pty pair: the whole Reader contract, byte for byte on the line. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPtyPair, type PtyPair } from '../../drivers/serial/pty.ts';
import { startEmulator, type FeigEmulator } from '../../drivers/feig/emulator.ts';
import { openReader } from '../../drivers/feig/index.ts';
import { SimField } from '../../drivers/sim/field.ts';
import { SimTag } from '../../drivers/sim/tag.ts';
import { isReaderError, type Reader } from '../../src/rfid/reader.ts';
import { silentLogger } from '../../src/log/index.ts';

const UIDS = ['E004015000000001', 'E004015000000002', 'E004015000000003', 'E004015000000004', 'E004015000000005'];

interface Rig {
  pair: PtyPair;
  field: SimField;
  emu: { close(): Promise<void>; emulator: FeigEmulator };
  reader: Reader;
}

async function rig(
  antennas = [1],
  tags = UIDS.map((uid, i) => new SimTag({ uid, afi: i < 2 ? 0x07 : 0xc2, dsfid: i })),
): Promise<Rig> {
  const pair = await createPtyPair();
  const field = new SimField();
  for (const t of tags) field.addTag(t);
  const emu = await startEmulator({ path: pair.b, field, log: silentLogger });
  const reader = await openReader({
    path: pair.a,
    log: silentLogger,
    commandTimeoutMs: 1000,
    reconnectMs: 50,
    antennas,
  });
  return { pair, field, emu, reader };
}

async function teardown(r: Rig): Promise<void> {
  await r.reader.close();
  await r.emu.close();
  await r.pair.close();
}

async function rejects(p: Promise<unknown>, code: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(isReaderError(e), String(e));
    assert.is((e as { code: string }).code, code);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test('inventory finds all 5 tags; AFI filter; info and rfReset', async () => {
  const r = await rig();
  try {
    const tags = await r.reader.inventory();
    assert.equal(tags.map((t) => t.uid).sort(), UIDS);
    assert.equal(tags.find((t) => t.uid === UIDS[3])?.dsfid, 3);
    assert.equal((await r.reader.inventory({ afi: 0x07 })).map((t) => t.uid).sort(), UIDS.slice(0, 2));
    assert.equal((await r.reader.inventory({ afi: 0xc2 })).length, 3);
    const info = await r.reader.info();
    assert.is(info.driver, 'feig');
    assert.is(info.firmware, '3.3.0');
    await r.reader.rfReset();
    r.field.removeTag(UIDS[0]!);
    assert.is((await r.reader.inventory()).length, 4);
  } finally {
    await teardown(r);
  }
});

test('more than 24 tags: the reader pages with status 0x94 and MORE', async () => {
  const uids = Array.from({ length: 30 }, (_, i) => `E0040150000001${i.toString(16).padStart(2, '0').toUpperCase()}`);
  const r = await rig(
    [1],
    uids.map((uid) => new SimTag({ uid })),
  );
  try {
    assert.equal((await r.reader.inventory()).map((t) => t.uid).sort(), uids.sort());
  } finally {
    await teardown(r);
  }
});

test('read / write / verify blocks, system info, AFI and DSFID writes, lock', async () => {
  const r = await rig();
  try {
    const uid = UIDS[2]!;
    const info = await r.reader.systemInfo(uid);
    assert.is(info.uid, uid);
    assert.is(info.blockSize, 4);
    assert.is(info.afi, 0xc2);
    const data = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 1) & 0xff);
    await r.reader.writeBlocks(uid, 0, data);
    assert.equal([...(await r.reader.readBlocks(uid, 0, 8))], [...data]);
    // Memory order on the tag itself (the FEIG block byte swap is undone on both sides).
    assert.equal([...r.field.tag(uid)!.blocks[1]!], [...data.subarray(4, 8)]);
    assert.equal([...(await r.reader.readBlocks(uid, 1, 2))], [...data.subarray(4, 12)]);
    await r.reader.writeAfi(uid, 0x07);
    assert.is(r.field.tag(uid)!.afi, 0x07);
    assert.ok((await r.reader.inventory({ afi: 0x07 })).some((t) => t.uid === uid));
    await r.reader.writeDsfid(uid, 0x2a);
    assert.is((await r.reader.systemInfo(uid)).dsfid, 0x2a);
    await r.reader.lockBlock(uid, 7);
    await rejects(r.reader.writeBlocks(uid, 7, new Uint8Array(4)), 'tag_error');
    await r.reader.lockAfi(uid);
    await rejects(r.reader.writeAfi(uid, 0xc2), 'tag_error');
    await rejects(r.reader.writeBlocks(uid, 0, new Uint8Array(3)), 'unsupported');
    await rejects(r.reader.readBlocks('E0040150FFFFFFFF', 0, 1), 'no_tag');
  } finally {
    await teardown(r);
  }
});

test('NXP EAS: set → alarm, reset → no alarm; addressed alarm; non-NXP refused', async () => {
  const r = await rig();
  try {
    assert.is(await r.reader.easAlarm(), false);
    await r.reader.setEas(UIDS[1]!, true);
    assert.ok(r.field.tag(UIDS[1]!)!.eas);
    assert.is(await r.reader.easAlarm(), true);
    assert.is(await r.reader.easAlarm(UIDS[1]), true);
    assert.is(await r.reader.easAlarm(UIDS[0]), false);
    await r.reader.setEas(UIDS[4]!, true);
    assert.is(await r.reader.easAlarm(), true); // two EAS answers at once are still an alarm
    await r.reader.setEas(UIDS[1]!, false);
    await r.reader.setEas(UIDS[4]!, false);
    assert.is(await r.reader.easAlarm(), false);
    await rejects(r.reader.setEas('E007000012345678', true), 'unsupported');
  } finally {
    await teardown(r);
  }
});

test('antennas: [6A] selects the antenna the inventory runs on', async () => {
  const tags = [new SimTag({ uid: UIDS[0]!, antenna: 1 }), new SimTag({ uid: UIDS[1]!, antenna: 2 })];
  const r = await rig([1, 2], tags);
  try {
    assert.equal(
      (await r.reader.inventory()).map((t) => t.uid),
      [UIDS[0]],
    );
    const on2 = await r.reader.inventory({ antenna: 2 });
    assert.equal(on2, [{ uid: UIDS[1]!, dsfid: 0, antenna: 2 }]);
    await rejects(r.reader.selectAntenna(3), 'unsupported');
  } finally {
    await teardown(r);
  }
});

test('unplug: down + reader_gone; replug: up and inventory works again', async () => {
  const r = await rig();
  try {
    assert.is((await r.reader.inventory()).length, 5);
    const states: string[] = [];
    const down = new Promise<void>((res) => r.reader.on('state', (s) => (states.push(s), s === 'down' && res())));
    await r.pair.unplug();
    await down;
    await rejects(r.reader.inventory(), 'reader_gone');
    const up = new Promise<void>((res) => r.reader.on('state', (s) => s === 'up' && res()));
    await r.pair.replug();
    await up;
    // The emulator's own port comes back on its reconnect timer; allow for it.
    let tags: unknown[] = [];
    for (let i = 0; i < 20 && tags.length === 0; i++) {
      tags = await r.reader.inventory().catch(() => []);
    }
    assert.is(tags.length, 5);
    assert.equal(states.slice(0, 2), ['down', 'up']);
  } finally {
    await teardown(r);
  }
});

test('a call in flight when the reader is unplugged fails reader_gone before its timeout', async () => {
  const pair = await createPtyPair();
  const reader = await openReader({
    path: pair.a,
    log: silentLogger,
    commandTimeoutMs: 5000,
    reconnectMs: 50,
    antennas: [1],
  });
  try {
    const t0 = Date.now();
    const outcome = rejects(reader.inventory(), 'reader_gone');
    await new Promise((r) => setTimeout(r, 30));
    await pair.unplug();
    await outcome;
    assert.ok(Date.now() - t0 < 3000, 'failed fast');
  } finally {
    await reader.close();
    await pair.close();
  }
});

test('no reader on the line: timeout', async () => {
  const pair = await createPtyPair();
  const reader = await openReader({
    path: pair.a,
    log: silentLogger,
    commandTimeoutMs: 100,
    reconnectMs: 50,
    antennas: [1],
  });
  try {
    await rejects(reader.inventory(), 'timeout');
  } finally {
    await reader.close();
    await pair.close();
  }
});

test.run();
