/** SerialTransport + RequestChannel over MockBinding (no OS ports): open, write, echo, timeouts, framing. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MockBinding } from './mock-binding.ts';
import { SerialTransport } from '../../drivers/serial/transport.ts';
import { RequestChannel, type FramerEvent, type ResponseFramer } from '../../drivers/serial/request.ts';
import { isReaderError } from '../../src/rfid/reader.ts';
import { silentLogger } from '../../src/log/index.ts';

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

/** A toy framer: frames are `0x02 LEN payload` where LEN counts the payload; LEN 0xFF is "bad checksum". */
class ToyFramer implements ResponseFramer<Uint8Array> {
  private buf: number[] = [];
  push(chunk: Uint8Array): FramerEvent<Uint8Array>[] {
    this.buf.push(...chunk);
    const out: FramerEvent<Uint8Array>[] = [];
    for (;;) {
      const s = this.buf.indexOf(0x02);
      if (s < 0) {
        if (this.buf.length) out.push({ kind: 'junk', bytes: Uint8Array.from(this.buf), reason: 'no_start' });
        this.buf = [];
        return out;
      }
      if (s > 0) out.push({ kind: 'junk', bytes: Uint8Array.from(this.buf.splice(0, s)), reason: 'no_start' });
      if (this.buf.length < 2) return out;
      const len = this.buf[1] ?? 0;
      if (len === 0xff) {
        out.push({ kind: 'junk', bytes: Uint8Array.from(this.buf.splice(0, 2)), reason: 'bad_crc' });
        continue;
      }
      if (this.buf.length < 2 + len) return out;
      out.push({ kind: 'frame', frame: Uint8Array.from(this.buf.splice(0, 2 + len).slice(2)) });
    }
  }
  reset(): void {
    this.buf = [];
  }
}

const PATH = '/dev/ROBOT';

/** The transport on the mock port at PATH, 9600 baud. */
const openMock = () =>
  SerialTransport.open({ path: PATH, baudRate: 9600, reconnectMs: 50, log: silentLogger, binding: MockBinding });

test.before.each(() => {
  MockBinding.reset();
});

test('open fails on a missing path with reader_gone', async () => {
  await rejects(
    SerialTransport.open({
      path: '/dev/NOPE',
      baudRate: 9600,
      reconnectMs: 50,
      log: silentLogger,
      binding: MockBinding,
    }),
    'reader_gone',
  );
});

test('open passes 8E1 settings, writes reach the port, echo comes back as data', async () => {
  MockBinding.createPort(PATH, { echo: true, record: true });
  const t = await SerialTransport.open({
    path: PATH,
    baudRate: 38400,
    parity: 'even',
    reconnectMs: 50,
    log: silentLogger,
    binding: MockBinding,
  });
  assert.ok(t.isUp);
  const got: Buffer[] = [];
  t.on('data', (c: Buffer) => got.push(c));
  await t.write(Uint8Array.from([0x02, 0x01, 0xaa]));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal([...Buffer.concat(got)], [0x02, 0x01, 0xaa]);
  await t.close();
  assert.not.ok(t.isUp);
  await rejects(t.write(Uint8Array.from([1])), 'reader_gone');
});

test('RequestChannel: echo response resolves; requests are serialised in order', async () => {
  MockBinding.createPort(PATH, { echo: true });
  const t = await openMock();
  const ch = new RequestChannel(t, new ToyFramer(), { timeoutMs: 200, log: silentLogger, interFrameMs: 5 });
  const results = await Promise.all([1, 2, 3].map((n) => ch.request(Uint8Array.from([0x02, 0x01, n]))));
  assert.equal(
    results.map((r) => [...r]),
    [[1], [2], [3]],
  );
  ch.close();
  await t.close();
});

test('RequestChannel: no answer → timeout; corrupt answer → frame; accept filter skips frames', async () => {
  MockBinding.createPort(PATH, { echo: true });
  const t = await openMock();
  const ch = new RequestChannel(t, new ToyFramer(), { timeoutMs: 60, log: silentLogger });
  // Garbage only (no start byte): nothing that could be a frame → timeout.
  await rejects(ch.request(Uint8Array.from([0x55, 0x66])), 'timeout');
  // A "bad checksum" frame echoed → frame error at the deadline.
  await rejects(ch.request(Uint8Array.from([0x02, 0xff])), 'frame');
  // The echoed frame is not accepted → timeout; still usable afterwards.
  await rejects(ch.request(Uint8Array.from([0x02, 0x01, 0x09]), { accept: (f) => f[0] !== 0x09 }), 'timeout');
  assert.equal([...(await ch.request(Uint8Array.from([0x02, 0x02, 7, 8])))], [7, 8]);
  ch.close();
  await rejects(ch.request(Uint8Array.from([0x02, 0x01, 1])), 'reader_gone');
  await t.close();
});

test('RequestChannel: a framer that throws does not crash the channel', async () => {
  MockBinding.createPort(PATH, { echo: true });
  const t = await openMock();
  let throwNext = true;
  const inner = new ToyFramer();
  const framer: ResponseFramer<Uint8Array> = {
    push(c) {
      if (throwNext) {
        throwNext = false;
        throw new Error('boom');
      }
      return inner.push(c);
    },
  };
  const ch = new RequestChannel(t, framer, { timeoutMs: 60, log: silentLogger });
  await rejects(ch.request(Uint8Array.from([0x02, 0x01, 1])), 'frame');
  assert.equal([...(await ch.request(Uint8Array.from([0x02, 0x01, 2])))], [2]);
  ch.close();
  await t.close();
});

/**
 * A binding whose writes never call back and whose read fails as "disconnected" on demand: what a pty does when
 * socat dies under a write (@serialport/stream queues a write on a closed port until an 'open' that never comes).
 */
function stuckBinding(): { binding: unknown; unplug(): void } {
  let unplug = (): void => undefined;
  const binding = {
    ...MockBinding,
    list: () => MockBinding.list(),
    async open(opts: Parameters<typeof MockBinding.open>[0]) {
      const port = await MockBinding.open(opts);
      const gone = new Promise<never>((_, reject) => {
        unplug = () => reject(Object.assign(new Error('device unplugged'), { disconnected: true }));
      });
      gone.catch(() => undefined);
      port.write = () => new Promise<void>(() => undefined);
      port.read = () => gone;
      return port;
    },
  };
  return { binding, unplug: () => unplug() };
}

test('a write stuck in the binding: the request times out; unplugging fails the stuck write reader_gone', async () => {
  MockBinding.createPort(PATH, {});
  const stuck = stuckBinding();
  const t = await SerialTransport.open({
    path: PATH,
    baudRate: 9600,
    reconnectMs: 10_000,
    log: silentLogger,
    binding: stuck.binding,
  });
  const ch = new RequestChannel(t, new ToyFramer(), { timeoutMs: 60, log: silentLogger });
  await rejects(ch.request(Uint8Array.from([0x02, 0x01, 1])), 'timeout');
  const write = t.write(Uint8Array.from([1, 2, 3]));
  const pending = ch.request(Uint8Array.from([0x02, 0x01, 2]), { timeoutMs: 60_000 });
  stuck.unplug();
  await rejects(write, 'reader_gone');
  await rejects(pending, 'reader_gone');
  assert.not.ok(t.isUp);
  ch.close();
  await t.close();
});

test.run();
