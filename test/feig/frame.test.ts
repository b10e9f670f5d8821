/** FEIG ISO-Host framing against rfid-vectors.md §A (CRC) and §C (frames), plus the STYLE.md framer checklist. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crcFeig, encodeFrame, FeigFramer, MAX_ADV, type FeigEvent } from '../../drivers/feig/frame.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const frames = (ev: FeigEvent[]) => ev.flatMap((e) => (e.kind === 'frame' ? [e.frame] : []));
const junk = (ev: FeigEvent[]) => ev.flatMap((e) => (e.kind === 'junk' ? [e] : []));

test('§A FEIG CRC-16/MCRF4XX check value 0x6F91 over "123456789"', () => {
  assert.is(crcFeig(new TextEncoder().encode('123456789')), 0x6f91);
});

test('§C requests: standard and advanced frames byte for byte', () => {
  assert.is(toHex(encodeFrame('standard', 0x12, 0x80, [0x07])), '06128007E580');
  assert.is(toHex(encodeFrame('standard', 0xff, 0x65)), '05FF65E5CB');
  assert.is(toHex(encodeFrame('advanced', 0x12, 0x80, [0x07])), '020008128007A02D');
  assert.is(toHex(encodeFrame('advanced', 0xff, 0x65)), '020007FF656E61');
  // Buffered read mode vectors (i-Tek FeigBufferRead).
  assert.is(toHex(encodeFrame('advanced', 0xff, 0x33)), '020007FF33DD56');
  assert.is(toHex(encodeFrame('advanced', 0xff, 0x32)), '020007FF325447');
  assert.is(toHex(encodeFrame('advanced', 0xff, 0x31)), '020007FF31CF75');
  assert.is(toHex(encodeFrame('advanced', 0xff, 0x22, [0x00, 0xff])), '020009FF2200FF7969');
  // CRC self-checks computed with the manual's algorithm (CPRM02.pm requests).
  assert.is(toHex(encodeFrame('standard', 0xff, 0x52, [0x00])), '06FF52000F6E');
  assert.is(toHex(encodeFrame('standard', 0xff, 0x66, [0x00])), '06FF6600CDBF');
  assert.is(toHex(encodeFrame('standard', 0xff, 0x69)), '05FF698901');
  assert.is(toHex(encodeFrame('standard', 0xff, 0xb0, [0x01, 0x00])), '07FFB001001C56');
});

test('§C responses parse: standard and advanced [65] software version', () => {
  const std = frames(new FeigFramer('standard').push(hex('0D 00 65 00 03 03 00 44 53 0D 30 33 09')));
  assert.is(std.length, 1);
  assert.is(std[0]!.addr, 0);
  assert.is(std[0]!.cmd, 0x65);
  assert.is(toHex(std[0]!.body), '0003030044530D30');
  const adv = frames(new FeigFramer('advanced').push(hex('02 00 0F 00 65 00 03 03 00 44 53 0D 30 74 69')));
  assert.is(adv.length, 1);
  assert.is(toHex(adv[0]!.body), '0003030044530D30');
  assert.is(adv[0]!.protocol, 'advanced');
});

const STD = hex('0D 00 65 00 03 03 00 44 53 0D 30 33 09');
const ADV = hex('02 00 0F 00 65 00 03 03 00 44 53 0D 30 74 69');

for (const [name, proto, frame] of [
  ['standard', 'standard', STD],
  ['advanced', 'advanced', ADV],
] as const) {
  test(`checklist (${name}): two frames in one chunk, split across chunks byte by byte`, () => {
    const f = new FeigFramer(proto);
    const two = new Uint8Array([...frame, ...frame]);
    assert.is(frames(f.push(two)).length, 2);
    const got: FeigEvent[] = [];
    for (const b of two) got.push(...f.push(Uint8Array.of(b)));
    assert.is(frames(got).length, 2);
    assert.is(junk(got).length, 0);
    assert.is(f.pending, 0);
  });

  test(`checklist (${name}): junk before the frame is reported, frame still found`, () => {
    const f = new FeigFramer(proto);
    const ev = f.push(new Uint8Array([0x00, 0x01, 0x03, ...frame]));
    assert.is(frames(ev).length, 1);
    assert.is(toHex(junk(ev)[0]!.bytes), '000103');
    assert.is(junk(ev)[0]!.reason, 'bad_start');
  });

  test(`checklist (${name}): bad checksum → junk bad_crc, resync on the next good frame`, () => {
    const f = new FeigFramer(proto);
    const bad = frame.slice();
    bad[bad.length - 1]! ^= 0x01;
    const ev = f.push(new Uint8Array([...bad, ...frame]));
    // Standard frames have no start byte: a stale byte that looks like a length waits for more bytes, and the
    // inter-byte timeout (flush) finds the good frame behind it.
    if (proto === 'standard') ev.push(...f.flush());
    assert.is(frames(ev).length, 1);
    assert.ok(junk(ev).some((j) => j.reason === 'bad_crc'));
    assert.is(toHex(frames(ev)[0]!.raw), toHex(frame));
  });

  test(`checklist (${name}): truncated frame waits; reset() (inter-byte timeout) drops it`, () => {
    const f = new FeigFramer(proto);
    assert.equal(f.push(frame.subarray(0, frame.length - 3)), []);
    assert.ok(f.pending > 0);
    f.reset();
    assert.is(f.pending, 0);
    assert.is(frames(f.push(frame)).length, 1);
  });
}

test('checklist: oversize / undersize advanced length → bad_length, then resync', () => {
  const f = new FeigFramer('advanced');
  const over = MAX_ADV + 1;
  const ev = f.push(new Uint8Array([0x02, over >> 8, over & 0xff, 0x02, 0x00, 0x03, ...ADV]));
  assert.ok(junk(ev).every((j) => j.reason === 'bad_length' || j.reason === 'bad_start'));
  assert.is(junk(ev)[0]!.reason, 'bad_length');
  assert.is(frames(ev).length, 1);
});

test('standard frames over 255 bytes are refused when encoding', () => {
  assert.throws(() => encodeFrame('standard', 0, 0xb0, new Uint8Array(251)), RangeError);
  assert.is(encodeFrame('advanced', 0, 0xb0, new Uint8Array(251)).length, 258);
});

test.run();
