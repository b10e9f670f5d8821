// The shelf list's packed columns: every value comes back as stored (UTF-8, growth past the first buffers), the hash
// index finds each row and nothing else, and a re-imported item replaces its row instead of adding one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ColumnIndex, StringColumn } from '../../src/roles/inventory/columns.ts';
import { ShelfList } from '../../src/roles/inventory/shelflist.ts';

test('values survive growth; the index finds every row and only those', () => {
  const col = new StringColumn();
  const idx = new ColumnIndex(col);
  const value = (i: number) => (i % 7 === 0 ? `Ñandú ${i} 📚` : `3123400${String(i).padStart(7, '0')}`);
  for (let i = 0; i < 20_000; i++) {
    col.set(i, value(i));
    idx.add(value(i), i);
  }
  assert.is(col.length, 20_000);
  for (let i = 0; i < 20_000; i += 997) {
    assert.is(col.get(i), value(i));
    assert.is(idx.get(value(i)), i);
  }
  assert.is(idx.get('31234000020000'), undefined);
  assert.is(idx.get(''), undefined);
  col.set(5, 'replaced');
  assert.is(col.get(5), 'replaced');
  assert.is(col.get(6), value(6));
});

test('shelf list rows: a repeated item ID replaces its row; titles and locations per row', () => {
  const list = new ShelfList('dewey');
  list.add('A', '100 ABC', 'ADULT', 'First');
  list.add('B', '200 ABC', 'KIDS');
  list.add('A', '300 ABC', 'KIDS');
  assert.is(list.size, 2);
  assert.equal(list.item(list.indexOf('A')!), {
    itemId: 'A',
    callNumber: '300 ABC',
    location: 'KIDS',
    title: undefined,
    key: '300_000000000000000_ABC',
  });
  assert.is(list.title(1), undefined);
  const { rank, byRank } = list.order();
  assert.equal([...byRank], [1, 0]);
  assert.ok(rank[1]! < rank[0]!);
});

test.run();
