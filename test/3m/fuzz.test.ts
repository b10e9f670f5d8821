/** Fuzz of the 3M reply parsers (100k) and of the emulator's request handling: typed errors only, never a crash. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as C from '../../drivers/3m/commands.ts';
import { ThreeMEmulatorCore } from '../../drivers/3m/emulator-core.ts';
import { encodeFrame, FrameParser, type Frame } from '../../drivers/3m/frame.ts';
import { ReaderError } from '../../src/rfid/reader.ts';
import { fiveTagField } from './contract.ts';

let seed = 0x810;
const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
const UID = Uint8Array.from(Buffer.from('E004015000000001', 'hex'));
const CMDS = Object.values(C.CMD);

function randomFrame(): Frame {
  const cmd = rnd() % 4 === 0 ? rnd() & 0xff : CMDS[rnd() % CMDS.length]!;
  const n = rnd() % 40;
  const fields = Uint8Array.from({ length: n }, () => (rnd() % 3 === 0 ? 0 : rnd() & 0xff));
  if (n > 9 && rnd() % 2 === 0) fields.set(UID, 1);
  const raw = encodeFrame(cmd, fields);
  return { start: 0xd6, cmd, fields, raw };
}

test('100k random replies through every parser: ReaderError or a value', () => {
  const t0 = Date.now();
  const parsers: Array<(f: Frame) => unknown> = [
    (f) => C.parseInventory(f),
    (f) => C.parseRead(f, UID, 0, 1 + (rnd() % 4)),
    (f) => C.parseAck(f, f.cmd, UID),
    (f) => C.parseGetAfi(f, UID),
    (f) => C.parseCheckEas(f, UID),
    (f) => C.parsePassThrough(f),
    (f) => C.parseVersion(f),
  ];
  for (let i = 0; i < 100_000; i++) {
    const f = randomFrame();
    try {
      parsers[i % parsers.length]!(f);
    } catch (e) {
      if (!(e instanceof ReaderError)) throw e;
    }
  }
  assert.ok(Date.now() - t0 < 20_000);
});

test('3k random requests to the emulator: always one well-formed reply frame', async () => {
  const core = new ThreeMEmulatorCore(fiveTagField());
  for (let i = 0; i < 3_000; i++) {
    const out = await core.handle(randomFrame());
    const ev = new FrameParser().push(out);
    assert.is(ev.length, 1);
    assert.is(ev[0]!.kind, 'frame');
  }
});

test.run();
