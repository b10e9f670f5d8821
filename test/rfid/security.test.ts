/** write-verify and security over the sim with injected faults: bounded retries, typed failures. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readSecurity, setSecurity, type SecurityModel } from '../../src/rfid/security.ts';
import { writeBlocksVerified } from '../../src/rfid/write-verify.ts';
import { SimField } from '../../drivers/sim/field.ts';
import { SimReader } from '../../drivers/sim/reader.ts';
import { SimTag } from '../../drivers/sim/tag.ts';

const NXP = 'E004015012345678';
const afiModel: SecurityModel = { mode: 'afi', afiSecured: 0x07, afiCheckedOut: 0xc2 };

function setup(family: 'icode-slix' | 'tagit-hfi-plus' = 'icode-slix'): { tag: SimTag; reader: SimReader } {
  const field = new SimField({ seed: 3 });
  const tag = new SimTag({ uid: family === 'icode-slix' ? NXP : 'E007000012345678', family, afi: 0x07 });
  field.addTag(tag);
  return { tag, reader: new SimReader(field) };
}
const data = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

test('write-verify: clean write in one attempt', async () => {
  const { reader, tag } = setup();
  assert.equal(await writeBlocksVerified(reader, tag.uid, 0, data, 3), { ok: true, attempts: 1 });
  assert.equal(Array.from(tag.memory().subarray(0, 8)), Array.from(data));
});

test('write-verify: a torn write (half a block, no answer) is caught by the read-back and retried', async () => {
  const { reader, tag } = setup();
  tag.faults.tear = { count: 1, kind: 'partial' };
  assert.equal(await writeBlocksVerified(reader, tag.uid, 0, data, 3), { ok: true, attempts: 2 });
});

test('write-verify: 0x13 program failures beyond the retry budget give a typed failure', async () => {
  const { reader, tag } = setup();
  tag.faults.tear = { count: 10, kind: 'fail' };
  const r = await writeBlocksVerified(reader, tag.uid, 0, data, 2);
  assert.is(r.ok, false);
  if (r.ok) return;
  assert.is(r.reason, 'error');
  assert.is(r.attempts, 3);
  assert.is(r.error?.info?.['tagError'], 0x13);
});

test('write-verify: locked blocks fail at once; a silent tag is no_tag after the budget', async () => {
  const { reader, tag } = setup();
  tag.locks[1] = true;
  const r = await writeBlocksVerified(reader, tag.uid, 0, data, 5);
  assert.equal([r.ok, !r.ok && r.reason, r.attempts], [false, 'locked', 1]);
  const s = setup();
  s.tag.faults.silentFor = 100;
  const r2 = await writeBlocksVerified(s.reader, s.tag.uid, 0, data, 2);
  assert.equal([r2.ok, !r2.ok && r2.reason, r2.attempts], [false, 'no_tag', 3]);
});

test('security AFI: unsecure/secure with read-back; retry after a lost answer; locked AFI fails typed', async () => {
  const { reader, tag } = setup();
  assert.equal(await setSecurity(reader, NXP, false, afiModel, 3), { ok: true, attempts: 1 });
  assert.is(tag.afi, 0xc2);
  assert.equal(await readSecurity(reader, NXP, afiModel), { afi: 0xc2, eas: undefined, secured: false });
  tag.faults.silentFor = 1; // the write is not heard; the read-back shows the old AFI; the retry works
  assert.equal(await setSecurity(reader, NXP, true, afiModel, 3), { ok: true, attempts: 2 });
  assert.is(tag.afi, 0x07);
  tag.afiLocked = true;
  const r = await setSecurity(reader, NXP, false, afiModel, 3);
  assert.is(r.ok, false);
  if (!r.ok) assert.equal([r.reason, r.step, r.attempts], ['locked', 'afi', 1]);
  assert.equal((await readSecurity(reader, NXP, { ...afiModel, afiSecured: 0xda })).secured, undefined);
});

test('security EAS and both; TI tags have no EAS (unsupported, typed)', async () => {
  const { reader, tag } = setup();
  const both: SecurityModel = { ...afiModel, mode: 'both' };
  assert.ok((await setSecurity(reader, NXP, true, both, 1)).ok);
  assert.ok(tag.eas);
  assert.equal(await readSecurity(reader, NXP, both), { afi: 7, eas: true, secured: true });
  assert.ok((await setSecurity(reader, NXP, false, { ...afiModel, mode: 'eas' }, 1)).ok);
  assert.is(tag.eas, false);
  assert.is(tag.afi, 7);
  const ti = setup('tagit-hfi-plus');
  const r = await setSecurity(ti.reader, ti.tag.uid, false, both, 3);
  assert.equal(r.ok ? null : [r.reason, r.step], ['unsupported', 'eas']);
  assert.is(ti.tag.afi, 0xc2); // the AFI step (with the option flag) did land
});

test.run();
