/**
 * Reader framers: 3M 810 (FrameParser + the reply parsers), TI ASCII (reply lines and the emulator's request
 * splitter) and FEIG ISO-Host (standard and advanced). Besides "typed errors only", each checks what a framer
 * promises: every byte pushed comes out as a frame, as junk, or is still pending (nothing silently dropped), and
 * every frame it reports re-encodes to the same bytes (its checksum really was good).
 */
import * as M3 from '../../drivers/3m/commands.ts';
import { encodeFrame as encode3m, FrameParser, START_PROBE } from '../../drivers/3m/frame.ts';
import { encodeRequest, parseLine, RequestSplitter } from '../../drivers/ti-ascii/frame.ts';
import { encodeFrame as encodeFeig, FeigFramer, type FeigProtocol } from '../../drivers/feig/frame.ts';
import { SelfcheckError } from '../../src/errors.ts';
import { FuzzFinding, type Target } from '../harness.ts';
import { generate } from '../mutate.ts';
import { hex, join } from '../corpus.ts';

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
const chunks = (input: Uint8Array): Uint8Array[] => {
  const step = 1 + (input.length % 11);
  const out: Uint8Array[] = [];
  for (let i = 0; i < input.length; i += step) out.push(input.subarray(i, i + step));
  return out;
};

// ---- 3M 810 (rfid-vectors.md §B; inventory reply from test/3m/frame.test.ts) ----
const UID = hex('E004015000000001');
const M3_FRAMES = [
  encode3m(0xfe, hex('00 00 05 01 E0 04 01 00 31 23 AA 26')),
  encode3m(0xfe, hex('00 00 05 02 E0 04 01 00 31 23 AA 26 E0 04 01 00 01 7C 0C 38')),
  encode3m(M3.CMD.readMulti, join([hex('00'), UID, hex('02 00 31 32 33 34 01 35 36 37 38')])),
  encode3m(M3.CMD.getAfi, join([hex('00'), UID, hex('07')])),
  encode3m(M3.CMD.checkEas, join([hex('00'), UID, hex('01')])),
  encode3m(M3.CMD.version, hex('00 04 01 02 03 04 05'), START_PROBE),
  encode3m(0x04, hex('00')),
];
const M3_CORPUS = [...M3_FRAMES, join([M3_FRAMES[0]!, M3_FRAMES[2]!]), join([hex('00 FF D6'), M3_FRAMES[1]!])];

export const threeM: Target = {
  name: '3m-frame',
  full: 150_000,
  generate: (rng) => generate(rng, { corpus: M3_CORPUS, delimiters: [0xd6, 0xd5, 0x00, 0x03, 0xff], maxRandom: 300 }),
  run(input) {
    const p = new FrameParser();
    let out = 0;
    const events = [...chunks(input).flatMap((c) => p.push(c))];
    const pending = p.pending;
    events.push(...p.timeout());
    for (const e of events) {
      if (e.kind === 'junk') {
        out += e.bytes.length;
        continue;
      }
      out += e.frame.raw.length;
      if (!same(encode3m(e.frame.cmd, e.frame.fields, e.frame.start), e.frame.raw))
        throw new FuzzFinding('3M frame does not re-encode to its bytes');
      const parsers = [
        () => M3.parseInventory(e.frame),
        () => M3.parseRead(e.frame, UID, 0, 2),
        () => M3.parseAck(e.frame, e.frame.cmd, UID),
        () => M3.parseGetAfi(e.frame, UID),
        () => M3.parseCheckEas(e.frame, UID),
        () => M3.parsePassThrough(e.frame),
        () => M3.parseVersion(e.frame),
      ];
      for (const parse of parsers) {
        try {
          parse();
        } catch (err) {
          if (!(err instanceof SelfcheckError)) throw err;
        }
      }
    }
    if (out !== input.length) throw new FuzzFinding(`3M framer accounted for ${out} of ${input.length} bytes`);
    if (p.pending !== 0 || pending > input.length) throw new FuzzFinding('3M framer kept bytes after timeout()');
  },
};

// ---- TI ASCII (rfid-vectors.md §D; lines from test/ti-ascii) ----
const TI_LINES = [
  'Request mode.\r\n[00]\r\n',
  '[365D5543000104E0,4E][z][]\r\n',
  'Request mode.[0011010131]\r\n',
  '[]\r\n[365D5543000104E0,z]\r\n[00C2]\r\n',
  'ISO 15693 Inventory request.\r\n[E004015000000001,40]\r\n',
];
const TI_REQUESTS = [
  '010C00030410002101000000',
  '010B000304140401000000',
  '0113000304182027365D5543000104E0C20000',
  '011700030418202167F4C712500104E000110101310000',
  '0108000304FF0000',
];
const TI_CORPUS = [...TI_LINES, ...TI_REQUESTS, TI_REQUESTS.join(''), TI_REQUESTS.join('\r\n')].map((s) =>
  Uint8Array.from(Buffer.from(s, 'latin1')),
);

export const tiAscii: Target = {
  name: 'ti-frame',
  full: 150_000,
  generate: (rng) =>
    generate(rng, {
      corpus: TI_CORPUS,
      // Brackets, the slot separator, CR/LF, the collision mark, hex digits and the request header.
      delimiters: [0x5b, 0x5d, 0x2c, 0x0d, 0x0a, 0x7a, 0x30, 0x31, 0x46, 0x20],
      maxRandom: 300,
    }),
  run(input) {
    const text = Buffer.from(input).toString('latin1');
    for (const line of text.split(/\r?\n/)) parseLine(line);
    const s = new RequestSplitter();
    const events = chunks(input).flatMap((c) => s.push(Buffer.from(c).toString('latin1')));
    events.push(...s.timeout());
    for (const e of events) {
      if (e.kind !== 'request') continue;
      const again = new RequestSplitter().push(encodeRequest(e.request.cmd, e.request.params));
      const r = again[0];
      if (again.length !== 1 || r?.kind !== 'request' || !same(r.request.params, e.request.params))
        throw new FuzzFinding('TI request does not round-trip through encodeRequest');
    }
    if (s.pending !== 0) throw new FuzzFinding('TI splitter kept text after timeout()');
  },
};

// ---- FEIG ISO-Host (rfid-vectors.md §C; frames from test/feig/frame.test.ts) ----
const FEIG_CORPUS = [
  hex('0D 00 65 00 03 03 00 44 53 0D 30 33 09'),
  hex('02 00 0F 00 65 00 03 03 00 44 53 0D 30 74 69'),
  encodeFeig('standard', 0xff, 0xb0, [0x01, 0x00]),
  encodeFeig('advanced', 0xff, 0xb0, [0x00, 0x01, 0x03, 0x00, 0xe0, 0x04, 0x01, 0x50, 0, 0, 0, 1]),
  encodeFeig('standard', 0xff, 0xb0, [0x00, 0x02, 0x03, 0x00, 0xe0, 0x04, 0x01, 0x50, 0, 0, 0, 1]),
  encodeFeig('advanced', 0x12, 0x80, [0x07]),
  join([encodeFeig('standard', 0xff, 0x69), encodeFeig('standard', 0xff, 0x65)]),
];

function feigRun(protocol: FeigProtocol, input: Uint8Array): void {
  const f = new FeigFramer(protocol);
  const events = chunks(input).flatMap((c) => f.push(c));
  events.push(...f.flush());
  let out = 0;
  for (const e of events) {
    if (e.kind === 'junk') {
      out += e.bytes.length;
      continue;
    }
    out += e.frame.raw.length;
    if (!same(encodeFeig(protocol, e.frame.addr, e.frame.cmd, e.frame.body), e.frame.raw))
      throw new FuzzFinding(`FEIG ${protocol} frame does not re-encode to its bytes`);
  }
  if (out !== input.length) throw new FuzzFinding(`FEIG ${protocol} framer accounted for ${out} of ${input.length}`);
  if (f.pending !== 0) throw new FuzzFinding(`FEIG ${protocol} framer kept bytes after flush()`);
}

export const feig: Target = {
  name: 'feig-frame',
  full: 150_000,
  generate: (rng) =>
    generate(rng, { corpus: FEIG_CORPUS, delimiters: [0x02, 0x05, 0x00, 0xff, 0x0d, 0x7e], maxRandom: 300 }),
  run(input) {
    feigRun('standard', input);
    feigRun('advanced', input);
  },
};
