/** Generic 16-slot anticollision over the sim field: 1, 16, 40 tags, forced UID collisions, AFI filter. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { anticollision } from '../../src/rfid/anticollision.ts';
import { isReaderError } from '../../src/rfid/reader.ts';
import { SimField } from '../../drivers/sim/field.ts';
import { SimTag } from '../../drivers/sim/tag.ts';
import { uidFactory } from '../../drivers/sim/scenario.ts';

function fieldWith(uids: string[], afi = 0): SimField {
  const f = new SimField({ seed: 7 });
  for (const uid of uids) f.addTag(new SimTag({ uid, afi }));
  return f;
}
const sorted = (a: string[]): string[] => [...a].sort();

for (const n of [0, 1, 16, 40]) {
  test(`${n} random tags are all found, once each`, async () => {
    const next = uidFactory('icode-slix', n + 3);
    const uids = Array.from({ length: n }, () => next());
    const f = fieldWith(uids);
    const r = await anticollision((req) => f.transceive(req));
    assert.equal(sorted(r.tags.map((t) => t.uid)), sorted(uids));
    assert.is(r.unresolved, 0);
    assert.ok(r.requests >= 1);
    assert.ok(r.airUs > 0);
  });
}

test('forced collisions: UIDs sharing their low 56 bits need masks 14 nibbles deep', async () => {
  const uids = ['E0AAAAAAAAAAAAA1', 'E1AAAAAAAAAAAAA1', 'E2AAAAAAAAAAAAA1', 'E0BAAAAAAAAAAAA1', 'E004000000000001'];
  const f = fieldWith(uids);
  const r = await anticollision((req) => f.transceive(req));
  assert.equal(sorted(r.tags.map((t) => t.uid)), sorted(uids));
  assert.ok(r.requests > 14);
});

test('identical UIDs (a faulty field) are reported unresolved, not looped on', async () => {
  const f = new SimField();
  f.addTag(new SimTag({ uid: 'E004000000000001' }));
  const clone = new SimTag({ uid: 'E004000000000001' });
  f.addTag(new SimTag({ uid: 'E004000000000002' }));
  const r = await anticollision(async (req) => {
    const a = await f.transceive(req);
    // Superimpose a clone of tag 1 in whatever slot it would answer.
    if (a.kind === 'slots') {
      const c = clone.inventory(req, () => 0.5);
      if (c) a.slots[c.slot] = { response: null, collision: true };
    }
    return a;
  });
  assert.equal(
    r.tags.map((t) => t.uid),
    ['E004000000000002'],
  );
  assert.is(r.unresolved, 1);
});

test('1-slot first: one tag in one request; a collision falls back to 16 slots', async () => {
  const one = fieldWith(['E004000000000001']);
  const r1 = await anticollision((req) => one.transceive(req), { slots: 1 });
  assert.is(r1.requests, 1);
  assert.is(r1.tags.length, 1);
  const two = fieldWith(['E004000000000001', 'E004000000000002']);
  const r2 = await anticollision((req) => two.transceive(req), { slots: 1 });
  assert.is(r2.tags.length, 2);
  assert.is(r2.requests, 2);
});

test('AFI filter: only matching tags answer', async () => {
  const f = new SimField();
  f.addTag(new SimTag({ uid: 'E004000000000001', afi: 0x07 }));
  f.addTag(new SimTag({ uid: 'E004000000000002', afi: 0xc2 }));
  const r = await anticollision((req) => f.transceive(req), { afi: 0x07 });
  assert.equal(
    r.tags.map((t) => t.uid),
    ['E004000000000001'],
  );
});

test('a bounded number of requests; a bad transceiver gets a typed error', async () => {
  const next = uidFactory('icode-slix', 99);
  const f = fieldWith(Array.from({ length: 40 }, () => next()));
  try {
    await anticollision((req) => f.transceive(req), { maxRequests: 2 });
    assert.unreachable();
  } catch (e) {
    assert.ok(isReaderError(e, 'collision'));
  }
  try {
    await anticollision(() => Promise.resolve({ kind: 'single', response: null, collision: false, airUs: 0 }));
    assert.unreachable();
  } catch (e) {
    assert.ok(isReaderError(e, 'frame'));
  }
});

test.run();
