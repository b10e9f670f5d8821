/**
 * Shared vectors (../shared/reference/rfid-vectors.md) and the worked examples of ISO 28560-2 (Annex C ISIL,
 * Annex D data objects, read from GOST R ISO 28560-2—2014, the Russian adoption of the standard).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeTag, encodeItem, isTagError } from '../../src/tags/index.ts';
import { basicBlockCrc, crc16CcittFalse } from '../../src/tags/iso28560-3.ts';
import { decodeIsil, encodeIsil } from '../../src/tags/iso28560-2/isil.ts';
import { compact, expand } from '../../src/tags/iso28560-2/compaction.ts';
import { hex } from '../../src/tags/bits.ts';

const h = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const ascii = (s: string): string => Buffer.from(s, 'latin1').toString('hex');
const E1 = '11 01 01 31 31 32 32 33 33 34 34 00 00 00 00 00 00 00 00 51 3E 44 45 37 30 35 00 00 00 00 00 00';

test('A: Danish data model CRC (CRC-16/CCITT-FALSE): "RFID tag data model" → 0x1AEE, check value 0x29B1', () => {
  assert.is(crc16CcittFalse(new TextEncoder().encode('RFID tag data model')), 0x1aee);
  assert.is(crc16CcittFalse(new TextEncoder().encode('123456789')), 0x29b1);
});

test('E1: ISO 28560-3 basic block decodes (CRC 0x3E51, DE-705) and re-encodes byte for byte', () => {
  const bytes = h(E1);
  assert.is(basicBlockCrc(bytes), 0x3e51);
  const item = decodeTag(bytes);
  assert.equal(item, {
    model: '28560-3',
    primaryItemId: '11223344',
    ownerLibrary: 'DE-705',
    partsInItem: 1,
    partNumber: 1,
    typeOfUsage: 1,
    other: { version: 1 },
  });
  assert.is(hex(encodeItem({ primaryItemId: '11223344', ownerLibrary: 'DE-705' }, { model: '28560-3' })), hex(bytes));
});

test('E1 variants: CRC stored MSB first, a corrupted CRC, a longer read (tag memory after the block)', () => {
  const swapped = h(E1);
  [swapped[19], swapped[20]] = [0x3e, 0x51];
  assert.is(decodeTag(swapped).primaryItemId, '11223344');
  const bad = h(E1);
  bad[5] = 0x39;
  try {
    decodeTag(bad, { model: '28560-3' });
    assert.unreachable();
  } catch (err) {
    assert.ok(isTagError(err, 'corrupt'));
  }
  const long = new Uint8Array(112);
  long.set(h(E1));
  assert.is(decodeTag(long).ownerLibrary, 'DE-705');
});

test('ISO 28560-3 parts: both byte orders of parts / part number read the same', () => {
  const enc = encodeItem({ primaryItemId: '1003010650438004', partsInItem: 3, partNumber: 2 }, { model: '28560-3' });
  assert.is(enc[1], 3);
  assert.is(enc[2], 2);
  const a = decodeTag(enc);
  assert.equal([a.partsInItem, a.partNumber], [3, 2]);
  // ThWildau / pyrfidgeek writer order: byte 1 = part number, byte 2 = parts; CRC recomputed.
  const swapped = Uint8Array.from(enc);
  [swapped[1], swapped[2]] = [2, 3];
  const crc = basicBlockCrc(swapped);
  swapped[19] = crc & 0xff;
  swapped[20] = crc >> 8;
  const b = decodeTag(swapped);
  assert.equal([b.partsInItem, b.partNumber, b.other['partOrderSwapped']], [3, 2, true]);
});

test('E2: RFID501 (3M) tags, both rows of Biblio-RFID t/05-RFID501.t', () => {
  const row1 = h(`04110000 ${ascii('2009')} ${ascii('0101')} ${ascii('0123')} 00000000 FFFFFFFF 7FFFFFFF 00000000`);
  const a = decodeTag(row1);
  assert.is(a.model, 'rfid501');
  assert.is(a.primaryItemId, '200901010123');
  assert.equal(a.other, { itemType: 0, itemTypeLabel: 'Other', branch: 0xfff, library: 0xfffff, custom: 0x7fffffff });
  const row2 = h(`04110001 ${ascii('1302')} ${ascii('0037')} ${ascii('67')}0000 ${'00'.repeat(16)}`);
  const b = decodeTag(row2);
  assert.equal([b.primaryItemId, b.other['itemType'], b.other['itemTypeLabel']], ['1302003767', 1, 'Book']);
  assert.equal([b.partsInItem, b.partNumber], [1, 1]);
});

test('blank tags: zeros, 0xFF, and the 3M manufacturing blank (six blocks of 55 55 55 55)', () => {
  for (const bytes of [new Uint8Array(32), new Uint8Array(32).fill(0xff), h('55'.repeat(24) + '00'.repeat(8))]) {
    try {
      decodeTag(bytes);
      assert.unreachable();
    } catch (err) {
      assert.ok(isTagError(err, 'blank'), String(err));
    }
  }
});

test('ISO 28560-2 Annex C: ISIL "DE-Heu1" → 21 40 8E 16 BF 1F (latch lower, shift numeric, "1111" pad)', () => {
  assert.is(hex(encodeIsil('DE-Heu1')), '21408E16BF1F');
  assert.is(decodeIsil(h('21408E16BF1F')), 'DE-Heu1');
});

test('ISO 28560-2 Annex C.6.2: "CH-000134-1" starts C, H, -, latch numeric, 0000 0000 0000 0001 0011 0100', () => {
  const bits = [...encodeIsil('CH-000134-1')].map((b) => b.toString(2).padStart(8, '0')).join('');
  assert.ok(bits.startsWith('00011' + '01000' + '00000' + '11110' + '0000'.repeat(3) + '0001' + '0011' + '0100'));
  // "-" and "1" stay in the numeric set: 1010 0001, then "1111" pad.
  assert.is(bits.slice(44), '1010' + '0001' + '1111');
  assert.is(decodeIsil(encodeIsil('CH-000134-1')), 'CH-000134-1');
});

test('ISO 28560-2 Annex D.5: PII 123456789012 (integer, offset 0), content parameter, set information 12/3', () => {
  assert.is(hex(compact('123456789012', 1)!), '1CBE991A14');
  const item = decodeTag(h('91 00 05 1CBE991A14  02 01 50  14 02 04B3  00'));
  assert.is(item.model, '28560-2');
  assert.is(item.primaryItemId, '123456789012');
  assert.equal([item.partsInItem, item.partNumber], [12, 3]);
  assert.equal(item.other['contentParameter'], [4, 6]);
});

test('ISO 28560-2 Annex D.3.5: shelf location QA268.L55 in 6-bit → 44 1C B6 E2 E3 35 D6', () => {
  // The scanned page reads "44 1C 86 E2 E3 35 Об"; recomputing the 6-bit codes gives B6 and D6 (pad "10").
  assert.is(hex(compact('QA268.L55', 4)!), '441CB6E2E335D6');
  assert.is(expand(h('441CB6E2E335D6'), 4), 'QA268.L55');
});

test('D: Danish block 0 written by node_rfidgeek (11 01 01 31) starts a 28560-3 record', () => {
  const enc = encodeItem({ primaryItemId: '1' }, { model: '28560-3' });
  assert.is(hex(enc.subarray(0, 4)), '11010131');
});

test.run();
