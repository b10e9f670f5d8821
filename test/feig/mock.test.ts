/** FeigReader over MockBinding with a scripted reader: chunking, garbage, bad CRC, stale frames, timeouts. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MockBinding } from '../serial/mock-binding.ts';
import { openReader } from '../../drivers/feig/index.ts';
import { encodeFrame, FeigFramer } from '../../drivers/feig/frame.ts';
import { isReaderError, type Reader } from '../../src/rfid/reader.ts';
import { silentLogger } from '../../src/log/index.ts';

const PATH = '/dev/FEIGMOCK';
const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

interface PortBinding {
  write(b: Buffer): Promise<void>;
  emitData(d: Buffer): void;
}

/** Opens the reader and hooks the mock port: `script(request)` returns the byte chunks the "reader" sends back. */
async function scripted(
  script: (req: { cmd: number; body: Uint8Array }) => Uint8Array[],
  commandTimeoutMs = 150,
): Promise<{ reader: Reader; requests: Uint8Array[] }> {
  MockBinding.reset();
  MockBinding.createPort(PATH);
  const reader = await openReader({
    path: PATH,
    log: silentLogger,
    commandTimeoutMs,
    reconnectMs: 50,
    antennas: [1],
    binding: MockBinding,
  });
  const port = (reader as unknown as { transport: { port: { port: PortBinding } } }).transport.port.port;
  const requests: Uint8Array[] = [];
  const write = port.write.bind(port);
  port.write = async (b: Buffer): Promise<void> => {
    await write(b);
    requests.push(Uint8Array.from(b));
    for (const ev of new FeigFramer('standard').push(b)) {
      if (ev.kind !== 'frame') continue;
      for (const chunk of script(ev.frame)) setTimeout(() => port.emitData(Buffer.from(chunk)), 1);
    }
  };
  return { reader, requests };
}

async function rejects(p: Promise<unknown>, code: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(isReaderError(e), String(e));
    assert.is((e as { code: string }).code, code);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

const INV_ONE = encodeFrame('standard', 0, 0xb0, hex('00 01 03 00 E004015012345678'));

test('inventory request bytes are the §C CPRM02.pm vector; a response split byte by byte after garbage parses', async () => {
  const { reader, requests } = await scripted(() => [
    Uint8Array.of(0x00, 0x01),
    ...Array.from(INV_ONE, (b) => Uint8Array.of(b)),
  ]);
  assert.equal(await reader.inventory(), [{ uid: 'E004015012345678', dsfid: 0, antenna: 1 }]);
  assert.is(Buffer.from(requests[0]!).toString('hex').toUpperCase(), '07FFB001001C56');
  await reader.close();
});

test('bad CRC only → frame error; stale frame for another command skipped; silence → timeout', async () => {
  let n = 0;
  const { reader } = await scripted((req) => {
    n++;
    if (n === 1) {
      const bad = INV_ONE.slice();
      bad[bad.length - 1]! ^= 0xff;
      return [bad];
    }
    if (n === 2) return [encodeFrame('standard', 0, 0x65, hex('00 03 03 00 44 53 0D 30')), INV_ONE];
    return req.cmd === 0x69 ? [] : [INV_ONE];
  });
  await rejects(reader.inventory(), 'frame');
  assert.is((await reader.inventory()).length, 1);
  await rejects(reader.rfReset(), 'timeout');
  // Still usable after a timeout.
  assert.is((await reader.inventory()).length, 1);
  await reader.close();
  await rejects(reader.inventory(), 'reader_gone');
});

test('reader status errors surface typed: 0x95 ISO error → tag_error, 0x01 → no_tag, 0x84 → reader_error', async () => {
  const { reader } = await scripted((req) => {
    const isoCmd = req.body[0];
    if (isoCmd === 0x27) return [encodeFrame('standard', 0, 0xb0, [0x95, 0x12])];
    if (isoCmd === 0x23) return [encodeFrame('standard', 0, 0xb0, [0x01])];
    return [encodeFrame('standard', 0, req.cmd, [0x84])];
  });
  await rejects(reader.writeAfi('E004015012345678', 7), 'tag_error');
  await rejects(reader.readBlocks('E004015012345678', 0, 1), 'no_tag');
  await rejects(reader.rfReset(), 'reader_error');
  await reader.close();
});

test('open on a missing port → reader_gone', async () => {
  MockBinding.reset();
  await rejects(
    openReader({
      path: '/dev/NOPE',
      log: silentLogger,
      commandTimeoutMs: 100,
      reconnectMs: 50,
      antennas: [1],
      binding: MockBinding,
    }),
    'reader_gone',
  );
});

test.run();
