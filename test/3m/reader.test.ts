/** ThreeMReader against the 3M emulator core over an in-memory link: the whole Reader contract, errors, unplug. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../src/log/index.ts';
import { ThreeMEmulatorCore } from '../../drivers/3m/emulator-core.ts';
import { serveFrames } from '../../drivers/3m/emulator.ts';
import { encodeFrame, FrameParser, type Frame } from '../../drivers/3m/frame.ts';
import { ThreeMReader } from '../../drivers/3m/reader.ts';
import { memoryLinkPair } from '../../drivers/raw-iso/link.ts';
import { exerciseContract, fiveTagField, NXP, rejects } from './contract.ts';

const frameOf = (bytes: Uint8Array): Frame => {
  const ev = new FrameParser().push(bytes)[0];
  if (ev?.kind !== 'frame') throw new Error('no frame');
  return ev.frame;
};

function setup(timeoutMs = 500) {
  const field = fiveTagField();
  const [host, dev] = memoryLinkPair();
  const core = new ThreeMEmulatorCore(field);
  serveFrames(core, dev, silentLogger);
  const reader = new ThreeMReader(host, { log: silentLogger, commandTimeoutMs: timeoutMs });
  return { field, host, dev, reader };
}

test('probe §B2: the emulator answers D5 00 09 04 00 11 0A 05 02 1B + CRC, reader reports 10.5.2.27', async () => {
  const { reader, field } = setup();
  const reply = await new ThreeMEmulatorCore(field).handle(
    frameOf(Uint8Array.from(Buffer.from('D500050400118C66', 'hex'))),
  );
  assert.is(Buffer.from(reply).toString('hex'), 'd500090400110a05021b972a');
  assert.is(await reader.start(), '10.5.2.27');
  assert.is((await reader.info()).firmware, '10.5.2.27');
});

test('whole Reader contract: inventory of 5, write+verify, AFI, EAS, pass-through', async () => {
  const { reader, field } = setup();
  await reader.start();
  await exerciseContract(reader, field);
  assert.is(await reader.getAfi(NXP[1]!), 0xc2);
  await rejects(reader.rfReset(), 'unsupported');
  await reader.close();
});

test('§B4 write template: 04 <UID> 00 02 00 data is what the driver sends', async () => {
  const { reader, dev } = setup();
  const seen: Buffer[] = [];
  dev.on('data', (c: Buffer) => seen.push(c));
  await reader.writeBlocks(NXP[0]!, 0, Uint8Array.from(Buffer.from('1234ABCD55667788', 'hex')));
  const sent = Buffer.concat(seen).toString('hex').toUpperCase();
  // The first request is the pass-through system info (block size); the write follows.
  assert.ok(sent.includes(`D6001604${NXP[0]!}0002001234ABCD55667788`), sent);
});

test('unknown command → status 02 → unsupported; bad CRC from the reader is skipped, then timeout', async () => {
  const { dev, host, field } = setup(150);
  const core = new ThreeMEmulatorCore(field);
  const r = frameOf(await core.handle(frameOf(encodeFrame(0x33, new Uint8Array(0)))));
  assert.equal([...r.fields], [0x02]);
  // A reader that only sends corrupt bytes: the driver times out with a typed error.
  dev.removeAllListeners('data');
  dev.on('data', () => void dev.write(Uint8Array.from([0xd6, 0x00, 0x05, 0xfe, 0x00, 0x00, 0x12])));
  const reader = new ThreeMReader(host, { log: silentLogger, commandTimeoutMs: 150 });
  await rejects(reader.inventory(), 'timeout');
});

test('unplug: link down → state down + reader_gone; back up → works again', async () => {
  const { reader, host } = setup();
  const states: string[] = [];
  reader.on('state', (s) => states.push(s));
  host.setUp(false);
  await rejects(reader.inventory(), 'reader_gone');
  host.setUp(true);
  assert.is((await reader.inventory()).length, 5);
  assert.equal(states, ['down', 'up']);
});

test('a request in flight when the link drops fails with reader_gone', async () => {
  const { reader, host, dev } = setup();
  dev.removeAllListeners('data'); // the reader never answers
  const p = reader.inventory();
  setTimeout(() => host.setUp(false), 20);
  await rejects(p, 'reader_gone');
});

test.run();
