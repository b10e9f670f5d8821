/** TI ASCII request builder and reply-line parser against rfid-vectors.md §D. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeRequest, LineError, parseLine } from '../../drivers/ti-ascii/frame.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

// §D (bensinober/node_rfidgeek univelop_500b.json, rfid.js; scriptotek/pyrfidgeek).
const D: [number, string, string][] = [
  [0xff, '', '0108000304FF0000'],
  [0x10, '00 21 01 00', '010C00030410002101000000'],
  [0xf0, '00', '0109000304F0000000'],
  [0xf1, 'FF', '0109000304F1FF0000'],
  [0x14, '04 01 00', '010B000304140401000000'],
  [0x18, '20 27 365D5543000104E0 C2', '0113000304182027365D5543000104E0C20000'],
  [0x18, '20 27 365D5543000104E0 07', '0113000304182027365D5543000104E0070000'],
  [0x14, '14 01 C2 00', '010C000304141401C2000000'],
  [0x14, '14 01 07 00', '010C00030414140107000000'],
  [0x18, '20 21 67F4C712500104E0 00 11010131', '011700030418202167F4C712500104E000110101310000'],
];
for (const [cmd, params, want] of D) {
  test(`§D request ${want}`, () => assert.is(encodeRequest(cmd, hex(params)), want));
}

test('reply: inventory slots, collision and empty', () => {
  const r = parseLine('[365D5543000104E0,4E][z][]');
  assert.is(r.length, 3);
  assert.is(r[0]?.kind, 'uid');
  if (r[0]?.kind === 'uid') {
    assert.is(Buffer.from(r[0].uidLsbFirst).reverse().toString('hex').toUpperCase(), 'E004010043555D36');
    assert.is(r[0].rssi, 0x4e);
  }
  assert.is(r[1]?.kind, 'collision');
  assert.is(r[2]?.kind, 'empty');
});

test('reply: ISO data bracket', () => {
  const r = parseLine('Request mode.[0011010131]');
  assert.is(r[0]?.kind, 'data');
  if (r[0]?.kind === 'data') assert.is(Buffer.from(r[0].bytes).toString('hex'), '0011010131');
});

test('reply: garbage in brackets is a typed error, never a crash', () => {
  assert.throws(
    () => parseLine('[XYZ]'),
    (e: unknown) => e instanceof LineError,
  );
  assert.throws(
    () => parseLine('[12,]'),
    (e: unknown) => e instanceof LineError,
  );
});

test('fuzz: 100k random lines only ever throw LineError (seeded)', () => {
  let seed = 0x7970;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
  const alphabet = '[]z,0123456789ABCDEFabcdef xyz\r';
  for (let i = 0; i < 100_000; i++) {
    let s = '';
    const n = rnd() % 40;
    for (let k = 0; k < n; k++) s += alphabet[rnd() % alphabet.length];
    try {
      parseLine(s);
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
    }
  }
});

test.run();
