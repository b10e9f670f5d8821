/** 3M framing against rfid-vectors.md §B2/B3/B4 and the framer checklist of STYLE.md. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crcGenibus, encodeFrame, FrameParser } from '../../drivers/3m/frame.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

test('CRC-16/GENIBUS check value over "123456789" is 0xD64E (§A)', () => {
  assert.is(crcGenibus(new TextEncoder().encode('123456789')), 0xd64e);
});

// §B3 (BIOS9 ReaderResponseTests.cs): payload -> BCC over LEN+payload.
const B3: [string, string][] = [
  ['FE 00 07', 'DA02'],
  ['04 00 11 0a 05 00 02', '7250'],
  ['FE 00 00 05 00', 'C97B'],
  ['FE 00 00 05 01 E0 04 01 00 31 23 AA 26', '941A'],
  ['FE 00 00 05 01 E0 04 01 00 01 7C 0C 38', '8E2B'],
  ['FE 00 00 05 01 E0 04 01 00 31 23 AA 28', '75D4'],
  ['FE 00 00 05 02 E0 04 01 00 31 23 AA 26 E0 04 01 00 01 7C 0C 38', 'CADB'],
  ['FE 00 00 05 02 E0 04 01 00 31 23 AA 26 E0 04 01 00 31 23 AA 28', '3124'],
];
for (const [payload, bcc] of B3) {
  test(`§B3 BCC of ${payload} is ${bcc}`, () => {
    const p = hex(payload);
    const f = encodeFrame(p[0] ?? 0, p.subarray(1));
    assert.is(toHex(f.subarray(f.length - 2)), bcc);
  });
}

test('§B4 spec example D6 00 09 03 00 02 00 00 00 03 -> 12 E6', () => {
  assert.is(crcGenibus(hex('00 09 03 00 02 00 00 00 03')).toString(16).toUpperCase(), '12E6');
});

test('§B2 version probe and inventory frames byte for byte', () => {
  assert.is(toHex(encodeFrame(0x04, hex('00 11'), 0xd5)), 'D500050400118C66');
  assert.is(toHex(encodeFrame(0xfe, hex('00 07'))), 'D60005FE0007DA02');
});

test('parser: §B2 version replies parse with the D5 start byte', () => {
  const ev = new FrameParser().push(hex('d500090400110a05021b972a'));
  assert.is(ev.length, 1);
  assert.is(ev[0]?.kind, 'frame');
  if (ev[0]?.kind === 'frame') assert.is(toHex(ev[0].frame.fields), '00110A05021B');
});

const one = encodeFrame(0xfe, hex('00 00 05 01 E0 04 01 00 31 23 AA 26'));
const two = encodeFrame(0xfe, hex('00 00 05 00'));

test('parser: two frames in one chunk', () => {
  const buf = new Uint8Array([...one, ...two]);
  const ev = new FrameParser().push(buf);
  assert.equal(
    ev.map((e) => e.kind),
    ['frame', 'frame'],
  );
});

test('parser: frame split across chunks, byte by byte', () => {
  const p = new FrameParser();
  const kinds: string[] = [];
  for (const b of one) kinds.push(...p.push(new Uint8Array([b])).map((e) => e.kind));
  assert.equal(kinds, ['frame']);
  assert.is(p.pending, 0);
});

test('parser: junk before the start byte is reported, then the frame', () => {
  const ev = new FrameParser().push(new Uint8Array([0x00, 0x13, ...two]));
  assert.is(ev[0]?.kind, 'junk');
  if (ev[0]?.kind === 'junk') {
    assert.is(ev[0].reason, 'no_start');
    assert.is(toHex(ev[0].bytes), '0013');
  }
  assert.is(ev[1]?.kind, 'frame');
});

test('parser: bad checksum is reported and the parser resyncs on the next frame', () => {
  const bad = one.slice();
  bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
  const ev = new FrameParser().push(new Uint8Array([...bad, ...two]));
  assert.ok(ev.some((e) => e.kind === 'junk' && e.reason === 'bad_crc'));
  const frames = ev.filter((e) => e.kind === 'frame');
  assert.is(frames.length, 1);
  if (frames[0]?.kind === 'frame') assert.is(toHex(frames[0].frame.raw), toHex(two));
});

test('parser: truncated frame waits, then the inter-byte timeout reports it', () => {
  const p = new FrameParser();
  assert.equal(p.push(one.subarray(0, 6)), []);
  const ev = p.timeout();
  assert.is(ev.length, 1);
  if (ev[0]?.kind === 'junk') assert.is(ev[0].reason, 'timeout');
  assert.is(p.pending, 0);
});

test('fuzz: 100k random and mutated inputs never throw (seeded)', () => {
  let seed = 0x3810;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
  const p = new FrameParser();
  const t0 = Date.now();
  for (let i = 0; i < 100_000; i++) {
    let chunk: Uint8Array;
    if (i % 2) {
      chunk = one.slice();
      chunk[rnd() % chunk.length] = rnd() & 0xff;
    } else {
      chunk = new Uint8Array(rnd() % 24).map(() => rnd() & 0xff);
    }
    p.push(chunk);
    if (i % 97 === 0) p.timeout();
  }
  assert.ok(Date.now() - t0 < 30_000);
});

test.run();
