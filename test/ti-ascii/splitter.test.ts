/** The emulator's request splitter (EVM side): framer checklist from STYLE.md #5 and a fuzz run. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TiEmulatorCore } from '../../drivers/ti-ascii/emulator-core.ts';
import { fiveTagField } from '../3m/contract.ts';
import { encodeRequest, RequestSplitter, type SplitEvent } from '../../drivers/ti-ascii/frame.ts';

const reqs = (ev: SplitEvent[]): string[] =>
  ev.flatMap((e) =>
    e.kind === 'request' ? [`${e.request.cmd.toString(16)}:${Buffer.from(e.request.params).toString('hex')}`] : [],
  );
const WRITE_AFI = '0113000304182027365D5543000104E0C20000'; // §D

test('one request (§D write AFI), no line ending needed', () => {
  assert.equal(reqs(new RequestSplitter().push(WRITE_AFI)), ['18:2027365d5543000104e0c2']);
});

test('two requests in one chunk, and split char by char', () => {
  const s = new RequestSplitter();
  assert.equal(reqs(s.push(`0108000304FF0000${WRITE_AFI}`)), ['ff:', '18:2027365d5543000104e0c2']);
  const out: SplitEvent[] = [];
  for (const ch of WRITE_AFI) out.push(...s.push(ch));
  assert.equal(reqs(out), ['18:2027365d5543000104e0c2']);
  assert.is(s.pending, 0);
});

test('junk before the start, bad header / EOF, truncated request then gap timeout', () => {
  const s = new RequestSplitter();
  const ev = s.push(`xyz\r\n${WRITE_AFI}`);
  assert.ok(ev.some((e) => e.kind === 'junk'));
  assert.equal(reqs(ev), ['18:2027365d5543000104e0c2']);
  const bad = WRITE_AFI.slice(0, -4) + '0101'; // wrong EOF
  assert.equal(reqs(s.push(bad)), []);
  // Its tail may look like the start of a long request ("010101…"): only the gap timeout can clear that.
  s.timeout();
  assert.equal(reqs(s.push(encodeRequest(0xff))), ['ff:']);
  assert.equal(reqs(s.push(WRITE_AFI.slice(0, 20))), []);
  assert.ok(s.timeout().length === 1 && s.pending === 0);
  assert.equal(reqs(s.push(WRITE_AFI)), ['18:2027365d5543000104e0c2']);
});

test('fuzz: 100k random and mutated inputs never throw, state stays bounded (seeded)', () => {
  let seed = 0x3e3e;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
  const alphabet = '0123456789ABCDEFabcdef\r\n xz[]';
  const s = new RequestSplitter();
  const t0 = Date.now();
  for (let i = 0; i < 100_000; i++) {
    let chunk: string;
    if (i % 3 === 0) {
      const c = WRITE_AFI.split('');
      c[rnd() % c.length] = alphabet[rnd() % alphabet.length]!;
      chunk = c.join('').slice(0, rnd() % (c.length + 1));
    } else {
      chunk = '';
      for (let k = rnd() % 24; k > 0; k--) chunk += alphabet[rnd() % alphabet.length];
    }
    s.push(chunk);
    assert.ok(s.pending <= 2 * 512 + 24);
  }
  assert.ok(Date.now() - t0 < 20_000);
});

test('3k random requests to the EVM emulator: reply lines, never a throw', async () => {
  let seed = 0x7e7e;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
  const core = new TiEmulatorCore(fiveTagField());
  const cmds = [0x10, 0x14, 0x18, 0xf0, 0xf1, 0xff, 0x42];
  for (let i = 0; i < 3_000; i++) {
    const params = Uint8Array.from({ length: rnd() % 16 }, () => rnd() & 0xff);
    const lines = await core.handle({ cmd: cmds[rnd() % cmds.length]!, params });
    assert.ok(lines.length >= 1);
  }
});

test.run();
