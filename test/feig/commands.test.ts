/** FEIG command bodies and response parsers; status codes map onto typed ReaderErrors. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as C from '../../drivers/feig/commands.ts';
import { encodeFrame, FeigFramer, type FeigFrame } from '../../drivers/feig/frame.ts';
import { isReaderError } from '../../src/rfid/reader.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const wire = (r: C.FeigRequest): string => toHex(encodeFrame('standard', 0xff, r.cmd, r.body));
const resp = (cmd: number, body: string): FeigFrame => {
  const ev = new FeigFramer('standard').push(encodeFrame('standard', 0, cmd, hex(body)));
  if (ev[0]?.kind !== 'frame') throw new Error('no frame');
  return ev[0].frame;
};
const UID = 'E004015012345678';

function throwsCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    assert.ok(isReaderError(e, code as never), String(e));
    return;
  }
  assert.unreachable(`expected ${code}`);
}

test('§C inventory request = CPRM02.pm `07 FF B0 01 00 1C 56`; AFI and MORE set MODE bits', () => {
  assert.is(wire(C.inventory()), '07FFB001001C56');
  assert.is(toHex(C.inventory({ afi: 0x07 }).body), '01' + '10' + '07');
  assert.is(toHex(C.inventory({ more: true }).body), '0180');
});

test('addressed [B0] requests carry MODE 01 + UID MSB first; blocks go LSB byte first', () => {
  assert.is(toHex(C.readBlocks(UID, 2, 3).body), '2301E0040150123456780203');
  assert.is(
    toHex(C.writeBlocks(UID, 1, 4, hex('01020304 05060708')).body),
    '2401E00401501234567801020404030201' + '08070605',
  );
  assert.is(toHex(C.writeAfi(UID, 0xc2).body), '2701E004015012345678C2');
  assert.is(toHex(C.lockAfi(UID).body), '2801E004015012345678');
  assert.is(toHex(C.systemInfo(UID).body), '2B01E004015012345678');
  assert.is(toHex(C.nxp(C.NxpCmd.setEas, UID).body), 'A20104E004015012345678');
  assert.is(toHex(C.nxp(C.NxpCmd.easAlarm).body), 'A50004');
  assert.is(wire(C.rfReset()), '05FF698901');
  throwsCode(() => C.writeBlocks(UID, 0, 4, hex('010203')), 'unsupported');
  throwsCode(() => C.writeAfi(UID, 300), 'unsupported');
});

test('inventory response: data sets, more data, no transponder', () => {
  const two = C.parseInventory(resp(0xb0, '00 02 03 06 E004015012345678 03 00 E007000012345678'));
  assert.equal(two, {
    more: false,
    tags: [
      { dsfid: 6, uid: UID },
      { dsfid: 0, uid: 'E007000012345678' },
    ],
  });
  assert.is(C.parseInventory(resp(0xb0, '94 01 03 00 E004015012345678')).more, true);
  assert.equal(C.parseInventory(resp(0xb0, '01')), { tags: [], more: false });
  throwsCode(() => C.parseInventory(resp(0xb0, '00 02 03 06 E004015012345678')), 'frame');
});

test('read blocks response is swapped back into memory order; bad sizes are frame errors', () => {
  const r = C.parseReadBlocks(resp(0xb0, '00 02 04 04030201 08070605'), 2);
  assert.is(toHex(r.data), '0102030405060708');
  assert.is(r.blockSize, 4);
  throwsCode(() => C.parseReadBlocks(resp(0xb0, '00 02 04 04030201'), 2), 'frame');
  throwsCode(() => C.parseReadBlocks(resp(0xb0, '00 01 04 04030201'), 2), 'frame');
});

test('system info and software version (§C `0D 00 65 00 03 03 00 44 53 0D 30 33 09`)', () => {
  assert.equal(C.parseSystemInfo(resp(0xb0, '00 06 E004015012345678 07 03 1B 01')), {
    dsfid: 6,
    uid: UID,
    afi: 7,
    blockSize: 4,
    blockCount: 28,
    icReference: 1,
  });
  const ev = new FeigFramer('standard').push(hex('0D 00 65 00 03 03 00 44 53 0D 30 33 09'));
  assert.ok(ev[0]?.kind === 'frame');
  if (ev[0]?.kind === 'frame')
    assert.equal(C.parseSoftwareVersion(ev[0].frame), {
      firmware: '3.3.0',
      hwType: 0x44,
      swType: 0x53,
      trType: 0x0d30,
    });
});

test('status codes → typed errors', () => {
  throwsCode(() => C.expectOk(resp(0xb0, '01')), 'no_tag');
  throwsCode(() => C.expectOk(resp(0xb0, '83')), 'collision');
  throwsCode(() => C.expectOk(resp(0xb0, '03 05')), 'reader_error');
  throwsCode(() => C.expectOk(resp(0xb0, '95')), 'frame');
  try {
    C.expectOk(resp(0xb0, '95 12'));
    assert.unreachable();
  } catch (e) {
    assert.ok(isReaderError(e, 'tag_error'));
    assert.is((e as { info?: Record<string, unknown> }).info?.['tagError'], 0x12);
  }
  const e = C.statusError(0x84, new Uint8Array(0), 0xb0);
  assert.is(e.code, 'reader_error');
  assert.is(e.info?.['status'], 0x84);
  throwsCode(() => C.statusOf(resp(0xb0, '')), 'frame');
});

test.run();
