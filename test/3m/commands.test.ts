/** 3M command builders and reply parsers against rfid-vectors.md §B2/§B3. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as C from '../../drivers/3m/commands.ts';
import { encodeFrame, FrameParser, type Frame } from '../../drivers/3m/frame.ts';
import { isReaderError } from '../../src/rfid/reader.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const frameOf = (bytes: Uint8Array): Frame => {
  const ev = new FrameParser().push(bytes);
  if (ev[0]?.kind !== 'frame') throw new Error('no frame');
  return ev[0].frame;
};

test('§B2 version probe bytes and version replies', () => {
  assert.is(toHex(C.versionProbe()), 'D500050400118C66');
  assert.is(C.parseVersion(frameOf(hex('d500090400110a05021b972a'))), '10.5.2.27');
  assert.is(C.parseVersion(frameOf(hex('d500090400110a050119e23b'))), '10.5.1.25');
});

test('§B2 inventory request D6 00 05 FE 00 07 DA 02', () => {
  assert.is(toHex(C.inventory()), 'D60005FE0007DA02');
});

test('§B3 inventory replies: 0, 1 and 2 tags', () => {
  assert.equal(C.parseInventory(frameOf(encodeFrame(0xfe, hex('00 00 05 00')))), []);
  const one = C.parseInventory(frameOf(encodeFrame(0xfe, hex('00 00 05 01 E0 04 01 00 31 23 AA 26'))));
  assert.equal(one.map(toHex), ['E004010031 23AA26'.replace(' ', '')]);
  const two = C.parseInventory(
    frameOf(encodeFrame(0xfe, hex('00 00 05 02 E0 04 01 00 31 23 AA 26 E0 04 01 00 01 7C 0C 38'))),
  );
  assert.equal(two.map(toHex), ['E004010031 23AA26'.replace(' ', ''), 'E0040100017C0C38']);
});

test('§B4 request templates: read multiblock and EAS control lengths', () => {
  const uid = hex('E0 04 01 00 31 23 AA 26');
  assert.is(toHex(C.readMulti(uid, 0, 2).subarray(0, 4)), 'D6000D02');
  assert.is(toHex(C.easControl(uid, true).subarray(0, 4)), 'D6000C0C');
  assert.is(toHex(C.checkEas(uid).subarray(0, 4)), 'D6000B03');
});

test('status codes map to typed ReaderErrors', () => {
  assert.ok(isReaderError(C.statusError(0x02, 0x06), 'no_tag'));
  assert.ok(isReaderError(C.statusError(0x04, 0x12), 'tag_error'));
  assert.ok(isReaderError(C.statusError(0x14, 0x02), 'unsupported'));
  assert.ok(isReaderError(C.statusError(0x02, 0x30), 'unsupported'));
  assert.ok(isReaderError(C.statusError(0x02, 0x40), 'reader_error'));
  assert.is(C.statusError(0x14, 0x22)?.info?.['tagError'], 0x02); // ISO error 2 = 0x22
  assert.is(C.statusError(0x02, 0x00), undefined);
});

test('truncated inventory reply is a frame error', () => {
  assert.throws(
    () => C.parseInventory(frameOf(encodeFrame(0xfe, hex('00 00 05 02 E0 04')))),
    (e: unknown) => isReaderError(e, 'frame'),
  );
});

test.run();
