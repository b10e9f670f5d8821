// Vectors: rfid-vectors.md §G (Koha t/ClassSortRoutine_Dewey.t; libraryhackers/library-callnumber-lc 01-basics.t).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deweyKey, lcKey, plainKey } from '../../src/roles/inventory/callnumber.ts';

test('Dewey keys match Koha', () => {
  assert.is(deweyKey('123', '456'), '123_456000000000000');
  assert.is(deweyKey('abc123', '456'), 'ABC_123_456000000000000');
  assert.is(deweyKey('ab         c123', '45   6'), 'AB_C123_45_600000000000000');
  assert.is(deweyKey('971/P23w/v.1-2/pt.8'), '971_000000000000000_P23W_V_12_PT_8');
  assert.is(deweyKey('971.01 P23w v.1-2 pt.6-7'), '971_010000000000000_P23W_V_12_PT_67');
  assert.is(deweyKey('971.01 P23w v.1-2 pt.7'), '971_010000000000000_P23W_V_12_PT_7');
  assert.ok(deweyKey('YR DVD 800.1') < deweyKey('YR DVD 900'));
});

test('LC normal forms match Library::CallNumber::LC', () => {
  assert.is(lcKey('A'), 'A');
  assert.is(lcKey('B11 A543'), 'B0011 A543');
  assert.is(lcKey('A11.1'), 'A00111');
  assert.is(lcKey('A 123.4 .c11'), 'A01234 C11');
  assert.is(lcKey('B11 A543 B6'), 'B0011 A543 B6');
  assert.is(lcKey('B11 .c13 .d11'), 'B0011 C13 D11');
});

test('LC keys sort in shelf order', () => {
  const shelf = [
    'A11',
    'A11 C13',
    'A11.05',
    'A11.1',
    'A123.4 C11',
    'B11 A543',
    'B11 A543 B6',
    'QA76.73 J38',
    'QA76.9 D3',
  ];
  const shuffled = [...shelf].reverse();
  assert.equal(
    shuffled.sort((a, b) => (lcKey(a) < lcKey(b) ? -1 : 1)),
    shelf,
  );
});

test('plain keys sort numbers by value', () => {
  assert.ok(plainKey('FIC v.2') < plainKey('FIC v.10'));
  assert.is(plainKey('  fic  smith '), 'FIC SMITH');
});

test.run();
