// The inventory role in the real service (startService: built-in test ILS, sim reader, HTTP): staff log in over HTTP,
// load a shelf list of the sample library (src/testdata/library.ts), place tags on the simulator's field through the
// sim panel API, and the live read loop decodes them into the session; the analysis finds the missing item, the
// wrong-location item and the unsecured tag, and one-tap re-secure sets the tag's AFI back to secured (07).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { parseConfig } from '../../src/config/index.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { startInventory } from '../../src/roles/inventory/start.ts';
import { sampleItems, samplePatrons } from '../../src/testdata/library.ts';
import { SimTag } from '../../drivers/sim/index.ts';
import type { InventoryStatus } from '../../src/roles/inventory/controller.ts';
import type { Analysis } from '../../src/roles/inventory/analysis.ts';
import { deweyKey } from '../../src/roles/inventory/callnumber.ts';
import { StaffClient, testCodec, until } from '../staff/client.ts';

const password = 'shelf walker 42';
let dir = '';
let svc: RunningService | undefined;
let staff: StaffClient;

const config = (dataDir: string) =>
  parseConfig({
    general: { role: 'inventory', dataDir },
    http: { port: 0 },
    log: { level: 'silent' },
    reader: { sim: { timing: 'virtual' } },
    inventory: { callNumberScheme: 'dewey', orderTolerance: 0 },
  });

// Items on loan to a sample patron: the ILS would (rightly) report them as conflicts.
const onLoan = new Set(samplePatrons.flatMap((p) => (p.loans ?? []).map((l) => l.itemId)));
// Three items of one location in shelf order, a fourth for the unsecured tag, one from another location.
const fiction = sampleItems
  .filter((i) => i.location === 'ADULT' && !i.parts && !i.status && !i.holdFor && !onLoan.has(i.id))
  .sort((a, b) => (deweyKey(a.callNumber) < deweyKey(b.callNumber) ? -1 : 1));
const [first, middle, last, unsecuredItem] = fiction;
const kids = sampleItems.find((i) => i.location === 'KIDS' && !i.parts)!;
const lost = sampleItems.find((i) => i.status === 'lost' && !i.parts)!;

test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'selfcheck-inv-'));
  const base = config(path.join(dir, 'data'));
  const cfg = { ...base, staff: { ...base.staff, users: { walker: await hash(password) } } };
  const codec = await testCodec(cfg);
  svc = await startService(cfg, {
    tagContent: codec.content,
    roleStart: async (rt) => {
      await startInventory(rt, { codec: codec.codec });
    },
  });
  staff = new StaffClient(svc.url);
});

test.after(async () => {
  await svc?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('no inventory API without a staff session; login opens it', async () => {
  assert.ok(first && middle && last && unsecuredItem && kids && lost, 'sample library has the items this test needs');
  const anon = await fetch(new URL('/api/staff/inventory/status', svc!.url));
  assert.is(anon.status, 401);
  await anon.arrayBuffer();
  assert.is((await staff.login('walker', 'wrong')).status, 401);
  assert.is((await staff.login('walker', password)).status, 200);
  const s = await staff.call<{ features: string[] }>('/api/staff/session');
  assert.ok(s.features.includes('inventory'));
  assert.not.ok(s.features.includes('encoder'));
});

test('live reads from the sim field are decoded into the session and analysed', async () => {
  const list = ['item_id,call_number,location,title']
    .concat(sampleItems.map((i) => `${i.id},${i.callNumber},${i.location},"${i.title.replace(/"/g, '""')}"`))
    .join('\n');
  const loaded = await staff.call<{ items: number }>('/api/staff/inventory/shelflist', { text: list });
  assert.is(loaded.items, sampleItems.length);
  await staff.call('/api/staff/inventory/start', { json: { location: 'ADULT' } });
  await staff.call('/api/staff/inventory/hunt', { text: `${last!.id}\n` });

  const tags = await staff.call<Array<{ uid: string; itemId: string }>>('/api/sim/tags');
  const uidOf = (id: string) => tags.find((t) => t.itemId === id)!.uid;
  for (const id of [first!.id, last!.id, kids.id, lost.id])
    await staff.call('/api/sim/place', { json: { uid: uidOf(id) } });
  // A tag whose AFI says "checked out" (C2) standing on the shelf.
  const codec = await testCodec(svc!.rt.config);
  const loose = new SimTag({
    uid: 'E004010000A5A501',
    data: codec.content({ primaryItemId: unsecuredItem!.id, partsInItem: 1, partNumber: 1 }),
    afi: 0xc2,
    dsfid: 0x06,
  });
  svc!.simField!.addTag(loose);

  const st = await until(
    () => staff.call<InventoryStatus>('/api/staff/inventory/status'),
    (s) => s.items >= 5 && s.pendingStatusChecks === 0,
    'five items read and their ILS status asked (SIP2 17)',
  );
  assert.is(st.unreadable, 0);
  assert.ok(st.reads > st.items, 'tags left in the field are read again (duplicates counted)');
  assert.equal(st.huntHits, [last!.id]);

  const a = await staff.call<Analysis>('/api/staff/inventory/analysis');
  assert.is(a.location, 'ADULT');
  assert.is(a.scanned, 5);
  assert.equal(
    a.statusConflicts.map((f) => [f.itemId, f.detail]),
    [[lost.id, 'ILS says lost']],
  );
  assert.ok(
    a.missing.some((f) => f.itemId === middle!.id),
    `missing: ${JSON.stringify(a.missing)}`,
  );
  assert.not.ok(a.missing.some((f) => f.itemId === first!.id || f.itemId === last!.id));
  assert.equal(
    a.wrongLocation.map((f) => f.itemId).sort(),
    [kids.id, ...(lost.location === 'ADULT' ? [] : [lost.id])].sort(),
  );
  assert.equal(
    a.unsecured.map((f) => f.itemId),
    [unsecuredItem!.id],
  );

  const r = await staff.call<{ ok: boolean }>('/api/staff/inventory/resecure', { json: { itemId: unsecuredItem!.id } });
  assert.ok(r.ok, JSON.stringify(r));
  assert.is(loose.afi, svc!.rt.config.tags.security.afiSecured);
  const after = await staff.call<Analysis>('/api/staff/inventory/analysis');
  assert.is(after.unsecured.length, 0);
});

test('an uploaded file of handheld reads takes the same path; results are saved and exported', async () => {
  const before = await staff.call<InventoryStatus>('/api/staff/inventory/status');
  const up = await staff.call<{ lines: number; items: number; rejected: number }>('/api/staff/inventory/reads', {
    text: `uid,item_id\nE0040100000B0001,${middle!.id}\nE0040100000B0001,${middle!.id}\nE0040100000B0002,\n`,
  });
  assert.is(up.lines, 3);
  assert.is(up.rejected, 1);
  assert.is(up.items, before.items + 1);
  const fin = await staff.call<{ id: string; analysis: Analysis }>('/api/staff/inventory/finish', { method: 'POST' });
  assert.not.ok(fin.analysis.missing.some((f) => f.itemId === middle!.id));
  const csv = await staff.call<string>(`/api/staff/inventory/saved/${fin.id}.csv`);
  assert.match(csv, new RegExp(`Wrong location,${kids.id}`));
  const diag = await staff.call<{ reader: { driver: string; state: string }; role: string }>('/api/staff/diagnostics');
  assert.equal(diag.reader, { driver: 'sim', state: 'up' });
  assert.is(diag.role, 'inventory');
});

test.run();
