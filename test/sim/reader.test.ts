/** SimReader implements the Reader contract over the field; the factory opens it by default. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isReaderError, type Reader } from '../../src/rfid/reader.ts';
import { configSchema } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log/index.ts';
import { createReader } from '../../drivers/factory.ts';
import { SimField } from '../../drivers/sim/field.ts';
import { SimReader } from '../../drivers/sim/reader.ts';
import { SimTag } from '../../drivers/sim/tag.ts';
import { sampleLibraryTags } from '../../drivers/sim/scenario.ts';
import { sampleItems } from '../../src/testdata/library.ts';

const NXP = 'E004015012345678';
const TI = 'E007000012345678';

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

function setup(): { field: SimField; reader: SimReader } {
  const field = new SimField();
  field.addTag(new SimTag({ uid: NXP, afi: 0x07, dsfid: 6 }));
  field.addTag(new SimTag({ uid: TI, family: 'tagit-hfi-plus', afi: 0x07 }));
  return { field, reader: new SimReader(field, { antennas: [1, 2] }) };
}

test('inventory (with AFI, 1 slot), read/write blocks, system info', async () => {
  const { reader } = setup();
  const r: Reader = reader;
  assert.equal((await r.inventory()).map((t) => t.uid).sort(), [NXP, TI]);
  assert.equal(await r.inventory({ afi: 0xc2 }), []);
  assert.is((await r.inventory({ slots: 1 })).length, 2);
  const data = Uint8Array.from({ length: 12 }, (_, i) => i + 1);
  await r.writeBlocks(NXP, 2, data);
  assert.equal(Array.from(await r.readBlocks(NXP, 2, 3)), Array.from(data));
  await r.writeBlocks(TI, 0, data); // option flag picked from the TI manufacturer code
  assert.equal(Array.from(await r.readBlocks(TI, 0, 3)), Array.from(data));
  assert.equal(await r.systemInfo(NXP), { uid: NXP, dsfid: 6, afi: 7, blockCount: 28, blockSize: 4, icReference: 1 });
  await rejects(r.writeBlocks(NXP, 0, new Uint8Array(3)), 'unsupported');
  await rejects(r.readBlocks(NXP, 27, 2), 'tag_error');
  await rejects(r.readBlocks('E004000000000001', 0, 1), 'no_tag');
  await rejects(r.writeBlocks(TI, 0, new Uint8Array(4), { option: false }), 'no_tag');
  assert.is((await r.readBlocks(NXP, 0, 40).catch((e: unknown) => e)) instanceof Error, true);
});

test('AFI, DSFID, locks, EAS (set/reset/alarm, addressed read-back), TI has no EAS', async () => {
  const { reader: r, field } = setup();
  await r.writeAfi(NXP, 0xc2);
  assert.is((await r.systemInfo(NXP)).afi, 0xc2);
  await r.writeAfi(TI, 0xc2);
  assert.is(field.tag(TI)!.afi, 0xc2);
  await r.writeDsfid(NXP, 0x06);
  await r.lockBlock(NXP, 0);
  await rejects(r.writeBlocks(NXP, 0, new Uint8Array(4)), 'tag_error');
  await r.lockAfi(NXP);
  await rejects(r.writeAfi(NXP, 7), 'tag_error');
  assert.is(await r.easAlarm(), false);
  await r.setEas(NXP, true);
  assert.is(await r.easAlarm(), true);
  assert.is(await r.easAlarm(NXP), true);
  await r.setEas(NXP, false);
  assert.is(await r.easAlarm(NXP), false);
  await rejects(r.setEas(TI, true), 'unsupported');
});

test('collision on a non-addressed request, antennas, rf reset, info, unplug, close', async () => {
  const { reader: r, field } = setup();
  field.addTag(new SimTag({ uid: 'E004000000000009', antenna: 2 }));
  await r.selectAntenna(2);
  assert.equal(
    (await r.inventory()).map((t) => [t.uid, t.antenna]),
    [['E004000000000009', 2]],
  );
  assert.is((await r.inventory({ antenna: 1 })).length, 2);
  await rejects(r.selectAntenna(3), 'unsupported');
  field.tag(NXP)!.state = 'quiet';
  await r.rfReset();
  assert.is(field.tag(NXP)!.state, 'ready');
  const info = await r.info();
  assert.is(info.driver, 'sim');
  assert.is(info.antennas, 2);
  const states: string[] = [];
  r.on('state', (s) => states.push(s));
  r.simulateUnplug();
  await rejects(r.inventory(), 'reader_gone');
  r.simulateReplug();
  assert.equal(states, ['down', 'up']);
  await r.close();
  await rejects(r.inventory(), 'reader_gone');
});

test('factory: sim by default, a given field, serial drivers need a port', async () => {
  const config = configSchema.parse({ reader: { sim: { timing: 'virtual', initialTags: 3 } } });
  const r = await createReader(config, silentLogger);
  assert.is(r.driver, 'sim');
  assert.is((await r.inventory()).length, 3);
  const field = new SimField();
  const r2 = await createReader(config, silentLogger, { field });
  assert.equal(await r2.inventory(), []);
  await rejects(createReader(configSchema.parse({ reader: { driver: 'feig' } }), silentLogger), 'unsupported');
});

test('scenario: one tag per item part, AFI secured, injectable content, repeatable UIDs', () => {
  const content = (i: { primaryItemId: string }): Uint8Array => new TextEncoder().encode(i.primaryItemId);
  const a = sampleLibraryTags({ content, seed: 5 });
  const b = sampleLibraryTags({ seed: 5 });
  const parts = sampleItems.reduce((n, i) => n + (i.parts ?? 1), 0);
  assert.is(a.length, parts);
  assert.equal(
    a.map((t) => t.tag.uid),
    b.map((t) => t.tag.uid),
  );
  assert.is(new Set(a.map((t) => t.tag.uid)).size, parts);
  assert.ok(a.every((t) => t.tag.afi === 0x07));
  const first = a[0]!;
  assert.is(new TextDecoder().decode(first.tag.memory().subarray(0, first.itemId.length)), first.itemId);
  assert.is(first.tag.dsfid, 6);
  assert.is(b[0]!.tag.dsfid, 0);
});

test('config: reader.sim defaults and range checks', () => {
  const c = configSchema.parse({});
  assert.equal(c.reader.sim, { timing: 'real', seed: 1, family: 'icode-slix', initialTags: 0 });
  assert.throws(() => configSchema.parse({ reader: { sim: { timing: 'fast' } } }));
  assert.throws(() => configSchema.parse({ reader: { sim: { seed: -1 } } }));
  assert.throws(() => configSchema.parse({ reader: { sim: { initialTags: 5000 } } }));
  assert.throws(() => configSchema.parse({ reader: { sim: { extra: 1 } } }));
});

test.run();
