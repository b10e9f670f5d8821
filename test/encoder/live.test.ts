// The encoder role in the real service (startService: built-in test ILS, sim reader, HTTP): staff log in over HTTP,
// a blank ICODE SLIX tag is placed on the simulator's field, and the desk writes a sample-library item to it: the
// tag then reads back (through the codec, from the tag's own memory) as that item, with the DSFID of the model and
// the secured AFI (07). A written tag is refused without an overwrite; a patron card number is refused outright.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { parseConfig } from '../../src/config/index.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { startEncoder } from '../../src/roles/encoder/start.ts';
import { sampleItems, samplePatrons } from '../../src/testdata/library.ts';
import { SimTag } from '../../drivers/sim/index.ts';
import type { EncodeOutcome } from '../../src/roles/encoder/encoder.ts';
import { StaffClient, testCodec, type TestCodec } from '../staff/client.ts';

const password = 'desk password 7';
let dir = '';
let svc: RunningService | undefined;
let staff: StaffClient;
let codec: TestCodec;
const item = sampleItems.find((i) => !i.parts)!;
const setItem = sampleItems.find((i) => (i.parts ?? 1) > 1);

test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'selfcheck-enc-'));
  const base = parseConfig({
    general: { role: 'encoder', dataDir: path.join(dir, 'data') },
    http: { port: 0 },
    log: { level: 'silent' },
    reader: { sim: { timing: 'virtual' } },
    tags: { isil: 'US-NmCa' },
  });
  const cfg = { ...base, staff: { ...base.staff, users: { desk: await hash(password) } } };
  codec = await testCodec(cfg);
  svc = await startService(cfg, {
    tagContent: codec.content,
    roleStart: async (rt) => {
      await startEncoder(rt, { codec: codec.codec });
    },
  });
  staff = new StaffClient(svc.url);
  assert.is((await staff.login('desk', password)).status, 200);
});

test.after(async () => {
  await svc?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('no encoder API without a staff session', async () => {
  const r = await fetch(new URL('/api/staff/encoder/encode', svc!.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ itemId: item.id }),
  });
  assert.is(r.status, 401);
  await r.arrayBuffer();
  const s = await staff.call<{ features: string[] }>('/api/staff/session');
  assert.ok(s.features.includes('encoder'));
  assert.not.ok(s.features.includes('inventory'));
});

test('a blank tag is written, secured and reads back as the item', async () => {
  const blank = new SimTag({ uid: 'E004010000C0FFEE', afi: 0, dsfid: 0 });
  svc!.simField!.addTag(blank);
  const r = await staff.call<EncodeOutcome>('/api/staff/encoder/encode', { json: { itemId: item.id } });
  assert.ok(r.ok, JSON.stringify(r));
  if (!r.ok) return;
  assert.is(r.uid, 'E004010000C0FFEE');
  assert.is(r.item.primaryItemId, item.id);
  // Read back independently from the tag's memory, not from the desk's answer.
  const back = codec.codec.decode(blank.memory(), blank.dsfid);
  assert.is(back.primaryItemId, item.id);
  assert.is(back.partsInItem, 1);
  if (codec.real) {
    assert.is(blank.dsfid, 0x06);
    assert.is(back.ownerLibrary, 'US-NmCa');
  }
  assert.is(blank.afi, svc!.rt.config.tags.security.afiSecured);

  const again = await staff.call<EncodeOutcome>('/api/staff/encoder/encode', { json: { itemId: item.id } });
  assert.equal(again.ok ? 'ok' : again.reason, 'not_blank');

  const card = await staff.call<EncodeOutcome>('/api/staff/encoder/encode', {
    json: { itemId: samplePatrons[0]!.id, overwrite: true },
  });
  assert.equal(card.ok ? 'ok' : card.reason, 'refused');
  assert.is(codec.codec.decode(blank.memory(), blank.dsfid).primaryItemId, item.id, 'the tag is unchanged');
  svc!.simField!.removeTag(blank.uid);
});

test('a batch encodes each part of a set onto its own tag', async () => {
  if (!setItem) return;
  const parts = setItem.parts!;
  const loaded = await staff.call<{ steps: number }>('/api/staff/encoder/batch', {
    text: `item_id,parts\n${setItem.id},${parts}\n`,
  });
  assert.is(loaded.steps, parts);
  for (let p = 1; p <= parts; p++) {
    const tag = new SimTag({ uid: `E00401000000D00${p}`, afi: 0, dsfid: 0 });
    svc!.simField!.addTag(tag);
    const r = await staff.call<EncodeOutcome>('/api/staff/encoder/batch/next', { json: {} });
    assert.ok(r.ok, JSON.stringify(r));
    const back = codec.codec.decode(tag.memory(), tag.dsfid);
    assert.equal([back.primaryItemId, back.partNumber, back.partsInItem], [setItem.id, p, parts]);
    svc!.simField!.removeTag(tag.uid);
  }
  const view = await staff.call<{ next: unknown }>('/api/staff/encoder/batch');
  assert.is(view.next, undefined);
});

test.run();
