/** ISO/IEC 15962 compaction schemes: round trips for each, the smallest-scheme choice, and malformed input. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compact, compactSmallest, expand, type CompactionCode } from '../../src/tags/iso28560-2/compaction.ts';
import { decodeTag, encodeItem, isTagError } from '../../src/tags/index.ts';

const cases: Array<[CompactionCode, string[]]> = [
  [1, ['0', '7', '255', '256', '23333000000001', '123456789012345678901234567890']],
  [2, ['0', '00', '0123', '000000000000', '9876543210']],
  [3, ['A', 'AB', 'ABC', 'HELLO', 'A[B]C^_', 'ZZZZZZZZ']],
  [4, ['Q', 'QA', 'QA2', 'QA268.L55', 'X 1/2', 'A-Z 0-9 (+,-./:;<=>?)']],
  [5, ['a', 'ab', 'abc', 'Shelf 3b', 'lower case & ASCII ~', '!"#$%']],
  [6, ['é', 'Bücher', 'naïve façade ÿ']],
  [7, ['日本', 'Łódź', 'emoji 📚']],
];

test('each compaction round-trips its own alphabet', () => {
  for (const [code, values] of cases)
    for (const v of values) {
      const bytes = compact(v, code);
      assert.ok(bytes, `${v} fits scheme ${code}`);
      assert.is(expand(bytes, code), v, `scheme ${code}: ${v}`);
    }
});

test('schemes refuse what they cannot hold', () => {
  assert.is(compact('0123', 1), undefined); // integer loses leading zeros
  assert.is(compact('12a', 2), undefined);
  assert.is(compact('abc', 3), undefined);
  assert.is(compact('a', 4), undefined);
  assert.is(compact('!', 4), undefined); // 6-bit 0x21..0x27 are EOT/FS/US/reserved
  assert.is(compact('é', 5), undefined);
  assert.is(compact('日', 6), undefined);
});

test('the smallest scheme wins; ties go to the lower code; pad-ambiguous values fall through', () => {
  assert.is(compactSmallest('23333000000001')!.code, 1);
  assert.is(compactSmallest('0123456789')!.code, 2);
  assert.is(compactSmallest('ABCDEFGH')!.code, 3);
  assert.is(compactSmallest('QA268.L55')!.code, 4);
  assert.is(compactSmallest('Shelf 3b')!.code, 5);
  assert.is(compactSmallest('Bücher')!.code, 6);
  assert.is(compactSmallest('日本')!.code, 7);
  // "ABP": the last 5-bit slot equals the pad pattern and fits the same two bytes → not 5-bit.
  const abp = compactSmallest('ABP')!;
  assert.is.not(abp.code, 3);
  assert.is(expand(abp.bytes, abp.code), 'ABP');
  assert.is(compactSmallest('\ud800'), undefined);
});

test('every compaction round-trips through encodeItem/decodeTag (shelf location and item id)', () => {
  for (const [, values] of cases)
    for (const v of values) {
      const bytes = encodeItem({ primaryItemId: 'B1', shelfLocation: v }, { model: '28560-2' });
      assert.is(decodeTag(bytes).other['shelfLocation'], v);
    }
  for (const id of ['0', '0001', '23333000000001', 'ABC', 'ab-12', 'X 1']) {
    const bytes = encodeItem({ primaryItemId: id }, { model: '28560-2', itemPattern: /.*/ });
    assert.is(decodeTag(bytes, { dsfid: 0x06 }).primaryItemId, id);
  }
});

test('malformed compacted data is a corrupt TagError', () => {
  const bad = [
    () => expand(new Uint8Array(0), 1),
    () => expand(Uint8Array.of(0x05), 2), // numeric without its leading 1
    () => expand(Uint8Array.of(0xff, 0xfe), 7),
    () => expand(Uint8Array.of(0x88), 4), // 6-bit 100010: reserved
  ];
  for (const f of bad) {
    try {
      f();
      assert.unreachable();
    } catch (err) {
      assert.ok(isTagError(err, 'corrupt'), String(err));
    }
  }
});

test.run();
