/** Response parsing, incl. error flag → tag_error and rfid-vectors.md §E1 system-info vectors. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tagErrorName } from '../../src/rfid/errors.ts';
import { isReaderError, ReaderError } from '../../src/rfid/reader.ts';
import * as R from '../../src/rfid/responses.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
function thrown(fn: () => unknown): ReaderError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReaderError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

test('error flag → tag_error with the ISO code and its name', () => {
  const e = thrown(() => R.parseResponse(hex('0112')));
  assert.is(e.code, 'tag_error');
  assert.is(e.info?.['tagError'], 0x12);
  assert.match(e.message, /locked/);
  assert.is(thrown(() => R.parseResponse(hex('01'))).code, 'frame');
  assert.is(thrown(() => R.parseResponse(new Uint8Array(0))).code, 'frame');
  assert.is(tagErrorName(0xa7), 'custom error 0xA7');
  assert.is(tagErrorName(0x05), 'reserved error 0x05');
});

test('inventory answer: DSFID + UID LSB first', () => {
  assert.equal(R.parseInventory(hex('00 06 91C602B9500104E0')), { dsfid: 6, uid: 'E0040150B902C691' });
  assert.is(thrown(() => R.parseInventory(hex('00 06 91C602'))).code, 'frame');
});

test('system info per the info flags (§E1 libdanrfid vectors, prefixed with response flags 00)', () => {
  // "0355443322110004E00007": info flags 03, UID E004001122334455, DSFID 00, AFI 07.
  assert.equal(R.parseSystemInfo(hex('00 03 5544332211 0004E0 00 07')), { uid: 'E004001122334455', dsfid: 0, afi: 7 });
  assert.is(R.parseSystemInfo(hex('00 0355443322110004E00021')).afi, 0x21);
  assert.equal(R.parseSystemInfo(hex('00 0F 91C602B9500104E0 06 C2 1B 03 01')), {
    uid: 'E0040150B902C691',
    dsfid: 6,
    afi: 0xc2,
    blockCount: 28,
    blockSize: 4,
    icReference: 1,
  });
  assert.equal(R.parseSystemInfo(hex('00 00 91C602B9500104E0')), { uid: 'E0040150B902C691' });
  assert.is(thrown(() => R.parseSystemInfo(hex('00 0F 91C602B9500104E0 06'))).code, 'frame');
  assert.is(thrown(() => R.parseSystemInfo(hex('00 00 91C602B9500104E0 FF'))).code, 'frame');
});

test('read blocks with and without security status; ack; security status', () => {
  assert.equal(
    Array.from(R.parseReadBlocks(hex('00 11223344 55667788'), 2).data),
    [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88],
  );
  const s = R.parseReadBlocks(hex('00 01 11223344 00 55667788'), 2, true);
  assert.equal(s.security, [1, 0]);
  assert.is(s.data.length, 8);
  assert.is(thrown(() => R.parseReadBlocks(hex('00 112233'), 2)).code, 'frame');
  R.parseAck(hex('00'));
  assert.is(thrown(() => R.parseAck(hex('00 01'))).code, 'frame');
  assert.equal(R.parseSecurityStatus(hex('00 01 00 01'), 3), [true, false, true]);
  assert.ok(
    isReaderError(
      thrown(() => R.parseSecurityStatus(hex('00 01'), 3)),
      'frame',
    ),
  );
});

test.run();
