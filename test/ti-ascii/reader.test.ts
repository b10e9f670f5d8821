/** TiAsciiReader against the EVM emulator core over an in-memory link: the whole Reader contract, errors, unplug. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../../src/log/index.ts';
import { memoryLinkPair } from '../../drivers/raw-iso/link.ts';
import { TiEmulatorCore } from '../../drivers/ti-ascii/emulator-core.ts';
import { serveRequests } from '../../drivers/ti-ascii/emulator.ts';
import { TiAsciiReader } from '../../drivers/ti-ascii/reader.ts';
import { exerciseContract, fiveTagField, NXP, rejects, TI } from '../3m/contract.ts';

function setup(timeoutMs = 500) {
  const field = fiveTagField();
  const [host, dev] = memoryLinkPair();
  serveRequests(new TiEmulatorCore(field), dev, silentLogger);
  const reader = new TiAsciiReader(host, { log: silentLogger, commandTimeoutMs: timeoutMs });
  return { field, host, dev, reader };
}

test('start: §D init strings go out without line endings; ping answers', async () => {
  const { reader, dev } = setup();
  const seen: string[] = [];
  dev.on('data', (c: Buffer) => seen.push(c.toString('latin1')));
  assert.is(await reader.start(), 'TRF7970A EVM');
  // §D: 0108000304FF0000 ping, 010C00030410002101000000 register write, AGC, AM input.
  assert.equal(seen, ['0108000304FF0000', '010C00030410002101000000', '0109000304F0000000', '0109000304F1FF0000']);
});

test('whole Reader contract: inventory of 5 (16 slots, masks), write+verify incl. TI option flag, AFI, EAS', async () => {
  const { reader, field } = setup();
  await reader.start();
  await exerciseContract(reader, field);
  assert.is((await reader.inventory({ slots: 1 })).length, 5);
});

test('TI Tag-it write without the option flag gets no answer (quirk, rfid-facts.md §1)', async () => {
  const { reader } = setup();
  await rejects(reader.writeBlocks(TI[0]!, 0, new Uint8Array(4), { option: false }), 'no_tag');
  await reader.writeBlocks(TI[0]!, 0, Uint8Array.of(1, 2, 3, 4));
});

test('rfReset switches the field off and on: quiet tags answer again', async () => {
  const { reader, field } = setup();
  field.tag(NXP[0]!)!.state = 'quiet';
  assert.is((await reader.inventory()).length, 4);
  await reader.rfReset();
  assert.is((await reader.inventory()).length, 5);
});

test('garbage reply line → frame error; silence → timeout', async () => {
  const { host, dev } = setup(150);
  dev.removeAllListeners('data');
  dev.on('data', () => void dev.write(Buffer.from('Request mode.\r\n[XYZ]\r\n')));
  const reader = new TiAsciiReader(host, { log: silentLogger, commandTimeoutMs: 150 });
  await rejects(reader.readBlocks(NXP[0]!, 0, 1), 'frame');
  dev.removeAllListeners('data');
  await rejects(reader.readBlocks(NXP[0]!, 0, 1), 'timeout');
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

test.run();
