/** SimTag command semantics: states, addressing, locks, AFI rules, TI option flag, NXP EAS, faults. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as C from '../../src/rfid/commands.ts';
import { SimField } from '../../drivers/sim/field.ts';
import { SimTag } from '../../drivers/sim/tag.ts';

const NXP = 'E004015012345678';
const TI = 'E007000012345678';
const rng = (): number => 0.5;
const toHex = (b: Uint8Array | null): string | null => (b ? Buffer.from(b).toString('hex').toUpperCase() : null);
const ans = (t: SimTag, req: Uint8Array): string | null => toHex(t.handle(req, rng).response);

test('read/write single and multiple, block bounds, lock → 0x12, already locked → 0x11', () => {
  const t = new SimTag({ uid: NXP, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) });
  assert.is(ans(t, C.readSingle({ uid: NXP }, 0)), '0001020304');
  assert.is(ans(t, C.readMultiple({ uid: NXP }, 0, 2)), '000102030405060708');
  assert.is(ans(t, C.readSingle({ uid: NXP, option: true }, 1)), '000005060708');
  assert.is(ans(t, C.readSingle({ uid: NXP }, 28)), '0110');
  assert.is(ans(t, C.readMultiple({ uid: NXP }, 27, 2)), '0110');
  assert.is(ans(t, C.writeSingle({ uid: NXP }, 1, Uint8Array.from([9, 9, 9, 9]))), '00');
  assert.equal(Array.from(t.blocks[1]!), [9, 9, 9, 9]);
  assert.is(ans(t, C.writeSingle({ uid: NXP }, 1, Uint8Array.from([9, 9]))), '0102'); // wrong block size
  assert.is(ans(t, C.lockBlock({ uid: NXP }, 1)), '00');
  assert.is(ans(t, C.lockBlock({ uid: NXP }, 1)), '0111');
  assert.is(ans(t, C.writeSingle({ uid: NXP }, 1, Uint8Array.from([0, 0, 0, 0]))), '0112');
  assert.is(ans(t, C.securityStatus({ uid: NXP }, 0, 3)), '00000100');
  assert.is(ans(t, C.readSingle({ uid: NXP, option: true }, 1)), '000109090909');
  // ICODE SLIX has no Write Multiple Blocks.
  assert.is(ans(t, C.writeMultiple({ uid: NXP }, 2, 1, new Uint8Array(4))), '0101');
  assert.is(ans(t, Uint8Array.of(0x22, 0x3f, ...C.stayQuiet(NXP).subarray(2))), '0101'); // unknown command
});

test('addressing: other UID silent; quiet ignores non-addressed; select flag; reset to ready', () => {
  const t = new SimTag({ uid: NXP });
  assert.is(ans(t, C.readSingle({ uid: 'E004015012345679' }, 0)), null);
  assert.is(ans(t, C.readSingle({}, 0)), '0000000000');
  assert.is(ans(t, C.stayQuiet(NXP)), null);
  assert.is(t.state, 'quiet');
  assert.is(ans(t, C.readSingle({}, 0)), null);
  assert.is(t.inventory(C.inventory(), rng), null);
  assert.is(ans(t, C.readSingle({ uid: NXP }, 0)), '0000000000');
  assert.is(ans(t, C.readSingle({ select: true }, 0)), null);
  assert.is(ans(t, C.select(NXP)), '00');
  assert.is(t.state, 'selected');
  assert.is(ans(t, C.readSingle({ select: true }, 0)), '0000000000');
  assert.is(ans(t, C.resetToReady({ uid: NXP })), '00');
  assert.is(t.state, 'ready');
});

test('AFI: write, lock, AFI 0 = all, family/subfamily nibble rules', () => {
  const t = new SimTag({ uid: NXP, afi: 0x07 });
  const inv = (afi?: number): boolean => t.inventory(C.inventory({ afi }), rng) !== null;
  assert.ok(inv());
  assert.ok(inv(0));
  assert.ok(inv(0x07)); // 0Y: exactly proprietary subfamily Y
  assert.not.ok(inv(0x08));
  assert.not.ok(inv(0xc2));
  assert.is(ans(t, C.writeAfi({ uid: NXP }, 0xc2)), '00');
  assert.ok(inv(0xc0)); // X0: any subfamily of family C
  assert.ok(inv(0xc2));
  assert.not.ok(inv(0xc1));
  assert.not.ok(inv(0x07));
  assert.is(ans(t, C.lockAfi({ uid: NXP })), '00');
  assert.is(ans(t, C.lockAfi({ uid: NXP })), '0111');
  assert.is(ans(t, C.writeAfi({ uid: NXP }, 0x07)), '0112');
  assert.is(t.afi, 0xc2);
  assert.is(ans(t, C.writeDsfid({ uid: NXP }, 6)), '00');
  assert.is(ans(t, C.lockDsfid({ uid: NXP })), '00');
  assert.is(ans(t, C.writeDsfid({ uid: NXP }, 7)), '0112');
  assert.is(ans(t, C.systemInfo({ uid: NXP })), '000F7856341250010' + '4E006C21B0301');
});

test('TI Tag-it: writes and locks need the option flag; NXP custom commands are ignored', () => {
  const t = new SimTag({ uid: TI, family: 'tagit-hfi-plus' });
  const data = Uint8Array.from([1, 2, 3, 4]);
  assert.is(ans(t, C.writeSingle({ uid: TI }, 0, data)), null);
  assert.equal(Array.from(t.blocks[0]!), [0, 0, 0, 0]);
  assert.is(ans(t, C.writeSingle({ uid: TI, option: true }, 0, data)), '00');
  assert.equal(Array.from(t.blocks[0]!), [1, 2, 3, 4]);
  assert.is(ans(t, C.writeAfi({ uid: TI }, 0xc2)), null);
  assert.is(ans(t, C.writeAfi({ uid: TI, option: true }, 0xc2)), '00');
  assert.is(ans(t, C.lockBlock({ uid: TI }, 0)), null);
  assert.is(ans(t, C.writeMultiple({ uid: TI, option: true }, 1, 2, new Uint8Array(8).fill(5))), '00');
  assert.is(ans(t, C.nxpSetEas({ uid: TI })), null);
  assert.is(ans(t, C.nxpEasAlarm()), null);
});

test('NXP EAS: set, alarm answers only when set, reset, lock → 0x12', () => {
  const t = new SimTag({ uid: NXP });
  assert.is(ans(t, C.nxpEasAlarm()), null);
  assert.is(ans(t, C.nxpSetEas({ uid: NXP })), '00');
  assert.ok(t.eas);
  assert.is(ans(t, C.nxpEasAlarm())!.length, 66);
  assert.ok(ans(t, C.nxpEasAlarm({ uid: NXP })));
  assert.is(ans(t, Uint8Array.of(0x02, 0xa5, 0x07)), null); // another manufacturer's code
  assert.is(ans(t, C.nxpResetEas({ uid: NXP })), '00');
  assert.is(ans(t, C.nxpEasAlarm()), null);
  assert.is(ans(t, C.nxpLockEas({ uid: NXP })), '00');
  assert.is(ans(t, C.nxpSetEas({ uid: NXP })), '0112');
  assert.is(ans(t, C.nxpLockEas({ uid: NXP })), '0111');
});

test('faults: silent for N requests, probability, write tearing partial and 0x13', () => {
  const t = new SimTag({ uid: NXP });
  t.faults.silentFor = 2;
  assert.is(ans(t, C.readSingle({ uid: NXP }, 0)), null);
  assert.is(t.inventory(C.inventory(), rng), null);
  assert.is(ans(t, C.readSingle({ uid: NXP }, 0)), '0000000000');
  t.faults.silentProbability = 1;
  assert.is(ans(t, C.readSingle({ uid: NXP }, 0)), null);
  t.faults.silentProbability = 0;
  t.faults.tear = { count: 1, kind: 'partial' };
  assert.is(ans(t, C.writeSingle({ uid: NXP }, 0, Uint8Array.from([1, 2, 3, 4]))), null);
  assert.equal(Array.from(t.blocks[0]!), [1, 2, 0, 0]);
  t.faults.tear = { count: 1, kind: 'fail' };
  assert.is(ans(t, C.writeAfi({ uid: NXP }, 0xc2)), '0113');
  assert.is(t.afi, 0);
  assert.is(ans(t, C.writeAfi({ uid: NXP }, 0xc2)), '00');
});

test('field: 16-slot outcomes, collisions, antennas, enter/leave events, rf reset', async () => {
  const f = new SimField();
  const events: string[] = [];
  f.on('enter', (t: SimTag) => events.push(`+${t.uid}`));
  f.on('leave', (t: SimTag) => events.push(`-${t.uid}`));
  // Same low nibble → same slot (slot 8 = UID bits 0..3 = 0x8).
  f.addTag(new SimTag({ uid: 'E004000000000018' }));
  f.addTag(new SimTag({ uid: 'E004000000000028' }));
  f.addTag(new SimTag({ uid: 'E004000000000003' }));
  f.addTag(new SimTag({ uid: 'E004000000000005', antenna: 2 }));
  const r = await f.transceive(C.inventory());
  assert.is(r.kind, 'slots');
  if (r.kind !== 'slots') return;
  assert.ok(r.slots[8]!.collision);
  assert.is(r.slots[8]!.response, null);
  assert.is(toHex(r.slots[3]!.response), '000003000000000004E0');
  assert.is(r.slots.filter((s) => s.response || s.collision).length, 2);
  const r2 = await f.transceive(C.inventory(), { antenna: 2 });
  assert.ok(r2.kind === 'slots' && r2.slots[5]!.response);
  const q = await f.transceive(C.readSingle({}, 0));
  assert.ok(q.kind === 'single' && q.collision && q.response === null);
  assert.throws(() => f.addTag(new SimTag({ uid: 'E004000000000003' })));
  f.tag('E004000000000003')!.state = 'quiet';
  f.rfReset();
  assert.is(f.tag('E004000000000003')!.state, 'ready');
  f.removeTag('E004000000000003');
  f.removeTag('E004000000000003');
  assert.equal(events.slice(-1), ['-E004000000000003']);
  assert.is(events.length, 5);
  assert.ok(f.clock.nowUs() > 0);
});

test.run();
