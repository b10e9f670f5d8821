import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ShelfList, csvRows } from '../../src/roles/inventory/shelflist.ts';
import { InventorySession } from '../../src/roles/inventory/session.ts';
import { ShelfAnalyzer, longestRun } from '../../src/roles/inventory/analysis.ts';
import { isSelfcheckError } from '../../src/errors.ts';

const csv = [
  'Barcode,Call Number,Location,Title',
  ...Array.from(
    { length: 20 },
    (_, i) => `I${String(i).padStart(2, '0')},${100 + i}.5 ABC,ADULT,"Book ${i}, vol. ""${i}"""`,
  ),
  'K01,E CAR,KIDS,Caterpillar',
].join('\r\n');

const decode = (b: Uint8Array) => Buffer.from(b).toString();
const read = (s: InventorySession, id: string, secured = true) =>
  s.ingest({ uid: `U-${id}`, bytes: Buffer.from(id), secured });

test('CSV with quotes, doubled quotes and CRLF; header aliases', () => {
  const list = ShelfList.fromCsv(csv, 'dewey');
  assert.is(list.size, 21);
  assert.is(list.item(list.indexOf('I03')!).title, 'Book 3, vol. "3"');
  assert.equal(
    [...csvRows('a,"b\nc"\n\n1,2')],
    [
      ['a', 'b\nc'],
      ['1', '2'],
    ],
  );
  assert.throws(
    () => ShelfList.fromCsv('id,x\n1,2', 'plain'),
    (e: unknown) => isSelfcheckError(e, 'staff', 'bad_csv'),
  );
});

test('reads are de-duplicated by UID and by item; unreadable tags are reported', () => {
  const s = new InventorySession(decode);
  assert.equal(read(s, 'I01'), { kind: 'new', itemId: 'I01', hunted: false });
  assert.equal(read(s, 'I01'), { kind: 'duplicate' });
  assert.equal(s.ingest({ uid: 'second-tag-of-I01', itemId: 'I01' }), { kind: 'duplicate' });
  assert.equal(s.ingest({ uid: 'X', bytes: Buffer.from('') }), {
    kind: 'unreadable',
    uid: 'X',
    reason: 'no item id on the tag',
  });
  const s2 = new InventorySession(() => {
    throw new Error('garbage');
  });
  assert.equal(s2.ingest({ uid: 'Z', bytes: Buffer.from([1]) }), { kind: 'unreadable', uid: 'Z', reason: 'garbage' });
  assert.equal(s2.ingest({ uid: 'Z', bytes: Buffer.from([1]) }), { kind: 'duplicate' });
  assert.is(s.reads, 4);
});

test('hunt mode flags wanted items as they are read', () => {
  const s = new InventorySession(decode);
  s.setHuntList(['I05']);
  assert.is((read(s, 'I04') as { hunted: boolean }).hunted, false);
  assert.is((read(s, 'I05') as { hunted: boolean }).hunted, true);
  assert.equal(s.huntHits, ['I05']);
});

test('missing, misshelved (with tolerance), wrong location, status conflicts, unsecured, unknown', () => {
  const list = ShelfList.fromCsv(csv, 'dewey');
  const an = new ShelfAnalyzer(list);
  const s = new InventorySession(decode);
  // Shelf I02..I12 read in order, neighbours I06/I07 swapped (within tolerance), I15 misplaced after I03, I09 not on shelf.
  for (const id of ['I02', 'I03', 'I15', 'I04', 'I05', 'I07', 'I06', 'I08', 'I10', 'I11', 'K01', 'NOPE', 'I12'])
    read(s, id, id !== 'I08');
  const r = an.analyze(s, 2, new Map([['I10', '04']]));
  assert.is(r.location, 'ADULT');
  assert.equal(
    r.misshelved.map((f) => f.itemId),
    ['I15'],
  );
  assert.equal(
    r.missing.map((f) => f.itemId),
    ['I09'],
  );
  assert.equal(
    r.wrongLocation.map((f) => f.itemId),
    ['K01'],
  );
  assert.equal(
    r.statusConflicts.map((f) => [f.itemId, f.detail]),
    [['I10', 'ILS says checked out']],
  );
  assert.equal(
    r.unsecured.map((f) => f.itemId),
    ['I08'],
  );
  assert.equal(
    r.unknown.map((f) => f.itemId),
    ['NOPE'],
  );
});

test('a shelf read right to left is not all misshelved', () => {
  const list = ShelfList.fromCsv(csv, 'dewey');
  const s = new InventorySession(decode);
  for (let i = 12; i >= 2; i--) read(s, `I${String(i).padStart(2, '0')}`);
  assert.equal(new ShelfAnalyzer(list).analyze(s, 1).misshelved, []);
});

test('distance is counted in shelf neighbours: books moved far away do not make swapped neighbours misshelved', () => {
  const list = ShelfList.fromCsv(csv, 'dewey');
  const s = new InventorySession(decode);
  // I00..I03 were put back at the far end of the shelf (15 run items past their place); I10/I11 read swapped.
  const ids = [4, 5, 6, 7, 8, 9, 11, 10, 12, 13, 14, 15, 16, 17, 18, 19, 0, 1, 2, 3];
  for (const i of ids) read(s, `I${String(i).padStart(2, '0')}`);
  const r = new ShelfAnalyzer(list).analyze(s, 2);
  assert.equal(
    r.misshelved.map((f) => [f.itemId, f.detail]),
    [
      ['I00', '15 places from its position'],
      ['I01', '15 places from its position'],
      ['I02', '15 places from its position'],
      ['I03', '15 places from its position'],
    ],
  );
  assert.equal(r.missing, []);
});

test('longest run', () => {
  assert.equal([...longestRun(['a', 'c', 'b', 'd'])].sort(), [0, 2, 3]);
  assert.is(longestRun([]).size, 0);
  assert.equal([...longestRun(Int32Array.of(5, 1, 2, 2, 0, 3))].sort(), [1, 2, 3, 5]);
});

test.run();
