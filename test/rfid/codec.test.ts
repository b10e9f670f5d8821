/** CRC, request builders and UID order against rfid-vectors.md §A / §A1 (all verified vectors). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkCrc, crc15693, withCrc } from '../../src/rfid/crc.ts';
import * as C from '../../src/rfid/commands.ts';
import { isReaderError } from '../../src/rfid/reader.ts';
import { needsOptionFlag, uidFromAir, uidToAir } from '../../src/rfid/uid.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

test('CRC-16 check value over "123456789" is 0x906E (rfid-vectors.md §A)', () => {
  assert.is(crc15693(new TextEncoder().encode('123456789')), 0x906e);
});

// rfid-vectors.md §A1: complete air frames, CRC appended LSB first.
const A1 = [
  '26 01 00 F6 0A',
  '02 23 00 00 F7 29',
  '02 21 00 10 11 11 11 29 AB',
  '22 20 91 C6 02 B9 50 01 04 E0 08 06 90',
];

test('A1 frames: CRC matches and withCrc reproduces them', () => {
  for (const v of A1) {
    const f = hex(v);
    assert.ok(checkCrc(f), v);
    assert.is(toHex(withCrc(f.subarray(0, f.length - 2))), toHex(f));
    const bad = f.slice();
    bad[0]! ^= 0x40;
    assert.not.ok(checkCrc(bad));
  }
  assert.not.ok(checkCrc(new Uint8Array(2)));
});

test('request builders reproduce the A1 frames byte for byte', () => {
  assert.is(toHex(withCrc(C.inventory({ slots: 1 }))), '260100F60A');
  assert.is(toHex(withCrc(C.readMultiple({}, 0, 1))), '02230000F729');
  assert.is(toHex(withCrc(C.writeSingle({}, 0, hex('10111111')))), '022100101111112' + '9AB');
  assert.is(toHex(withCrc(C.readSingle({ uid: 'E0040150B902C691' }, 8))), '222091C602B950' + '0104E0080690');
});

test('UID order: MSB-first text, LSB-first air (A1 PN532Killer frame)', () => {
  assert.is(toHex(uidToAir('e0040150b902c691')), '91C602B9500104E0');
  assert.is(uidFromAir(hex('91C602B9500104E0')), 'E0040150B902C691');
  assert.ok(
    isReaderError(
      catchErr(() => uidToAir('E004')),
      'unsupported',
    ),
  );
  assert.ok(needsOptionFlag('E007000012345678'));
  assert.not.ok(needsOptionFlag('E004000012345678'));
});

test('inventory: AFI flag and byte, 16 slots, mask LSB first', () => {
  assert.is(toHex(C.inventory()), '060100');
  assert.is(toHex(C.inventory({ afi: 0x07 })), '16010700');
  assert.is(toHex(C.inventory({ afi: 0xc2, slots: 1 })), '3601C200');
  // TI EVM vector §D: flags 0x04|0x10 with AFI C2 is the same field layout (their flags omit the high rate bit).
  assert.is(toHex(C.inventory({ maskLength: 12, mask: 0xabcn })), '06010CBC0A');
  assert.ok(
    isReaderError(
      catchErr(() => C.inventory({ maskLength: 64 })),
      'unsupported',
    ),
  );
});

test('addressed forms, option flag, count − 1, NXP custom with mfg 0x04', () => {
  const uid = 'E004010043555D36';
  // §D TI EVM: addressed Write AFI C2 to E004010043555D36 → flags 0x20 (+0x02 rate here), 27, UID LSB first, C2.
  assert.is(toHex(C.writeAfi({ uid }, 0xc2)), '2227365D5543000104E0C2');
  assert.is(toHex(C.writeAfi({ uid, option: true }, 0x07)), '6227365D5543000104E007');
  assert.is(toHex(C.writeSingle({ uid: 'E004015012C7F467' }, 0, hex('11010131'))), '222167F4C712500104E00011010131');
  assert.is(toHex(C.readMultiple({ uid }, 2, 4)), '2223365D5543000104E00203');
  assert.is(toHex(C.securityStatus({ uid }, 0, 8)), '222C365D5543000104E00007');
  assert.is(toHex(C.lockBlock({ uid, option: true }, 5)), '6222365D5543000104E005');
  assert.is(toHex(C.stayQuiet(uid)), '2202365D5543000104E0');
  assert.is(toHex(C.select(uid)), '2225365D5543000104E0');
  assert.is(toHex(C.resetToReady({ select: true })), '1226');
  assert.is(toHex(C.lockAfi({ uid })), '2228365D5543000104E0');
  assert.is(toHex(C.writeDsfid({ uid }, 6)), '2229365D5543000104E006');
  assert.is(toHex(C.lockDsfid({ uid })), '222A365D5543000104E0');
  assert.is(toHex(C.systemInfo({ uid })), '222B365D5543000104E0');
  assert.is(toHex(C.nxpSetEas({ uid })), '22A204365D5543000104E0');
  assert.is(toHex(C.nxpResetEas({ uid })), '22A304365D5543000104E0');
  assert.is(toHex(C.nxpLockEas({ uid })), '22A404365D5543000104E0');
  assert.is(toHex(C.nxpEasAlarm()), '02A504');
  assert.is(toHex(C.writeMultiple({ uid }, 0, 2, hex('0102030405060708'))), '2224365D5543000104E000010102030405060708');
  assert.ok(
    isReaderError(
      catchErr(() => C.readSingle({}, 256)),
      'unsupported',
    ),
  );
  assert.ok(
    isReaderError(
      catchErr(() => C.request(0x20, { uid, select: true })),
      'unsupported',
    ),
  );
});

function catchErr(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

test.run();
