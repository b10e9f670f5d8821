// sip2-facts.md "Real-world interop quirks" that are server behaviour: the client over real TCP against the built-in
// test ILS with its quirk switches, or against a scripted server where the test ILS has no such switch.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { startPair, until, fastTimeouts } from '../helpers/sip2.ts';
import { createLogger } from '../../src/log/index.ts';
import { Sip2Client } from '../../src/sip2/client/client.ts';
import { Sip2Framer, checksumOf } from '../../src/sip2/codec/index.ts';
import { silentLogger } from '../../src/log/index.ts';

const ana = { id: '23333000000001', pin: '1234' };

// Quirk 1
test('quirk 1: an ILS that terminates with CRLF (Koha default): many requests, no hang on the LF', async () => {
  const p = await startPair({ quirks: { terminator: 'CRLF' } });
  try {
    await p.ils.start();
    for (let i = 0; i < 5; i++) assert.is((await p.ils.itemInfo('31234000000014')).title, 'Desert Solitaire');
    assert.ok((await p.ils.patronStatus(ana.id, ana.pin)).valid);
  } finally {
    await p.close();
  }
});

test('quirk 1: a client account set to send CRLF is understood by the ILS', async () => {
  const p = await startPair({}, { terminator: 'CRLF' });
  try {
    await p.ils.start();
    assert.ok((await p.ils.patronStatus(ana.id, ana.pin)).valid);
    assert.equal(p.server.received, ['93', '99', '23']);
  } finally {
    await p.close();
  }
});

// Quirk 2
test('quirk 2: an ILS that sends no AY/AZ is accepted with error detection on (strict), and off', async () => {
  for (const errorDetection of [true, false]) {
    const p = await startPair({ quirks: { noChecksums: true } }, { errorDetection, strictChecksum: true });
    try {
      await p.ils.start();
      assert.ok(p.ils.online, `errorDetection ${errorDetection}`);
      assert.ok((await p.ils.checkout(ana.id, '31234000000011', { pin: ana.pin })).ok);
      assert.not.ok(p.server.received.includes('97'), 'no resend asked for an absent checksum');
    } finally {
      await p.close();
    }
  }
});

test('quirk 2: the client AY counts 0..9 and wraps to 0 (Sirsi answered 96 past 9), echoed by the ILS', async () => {
  const lines: string[] = [];
  const log = createLogger({ level: 'trace', stream: { write: (l: string) => void lines.push(l) } });
  const p = await startPair({}, {}, log);
  try {
    await p.ils.start();
    for (let i = 0; i < 12; i++) await p.ils.itemInfo('31234000000011');
    const out = lines
      .map((l) => JSON.parse(l) as { msg: string; out?: string })
      .filter((l) => l.msg === 'SIP2 out' && l.out)
      .map((l) => Number(/AY(\d)AZ/.exec(l.out!)![1]));
    assert.is(out.length, 14);
    assert.equal(out, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3]);
  } finally {
    await p.close();
  }
});

/** A scripted SIP2 server: `reply` gets each request's text and returns the response texts to send (CR added). */
async function scripted(reply: (req: string, n: number) => string[]) {
  const sockets = new Set<Socket>();
  const seen: string[] = [];
  const server = createServer((s) => {
    sockets.add(s);
    const framer = new Sip2Framer(
      (b) => {
        const req = b.toString('latin1');
        seen.push(req);
        for (const r of reply(req, seen.length)) s.write(`${r}\r`);
      },
      () => undefined,
    );
    s.on('data', (c) => framer.push(c));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    seen,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const withAz = (head: string) => `${head}${checksumOf(Buffer.from(head, 'latin1'))}`;
const seqOf = (req: string) => /AY(\d)AZ/.exec(req)?.[1];
const acs98 = '98YYYYNY01000320240101    1200002.00AOTESTLIB|BXYYYYYYYYYYYYYYYY|';

function client(port: number, o: Partial<ConstructorParameters<typeof Sip2Client>[0]> = {}) {
  return new Sip2Client({
    host: '127.0.0.1',
    port,
    encoding: 'latin1',
    terminator: 'CR',
    errorDetection: true,
    strictChecksum: true,
    statusBeforeLogin: false,
    maxPrintWidth: 40,
    login: { user: 'kiosk', password: 'pw', location: 'K1' },
    timeouts: fastTimeouts,
    log: silentLogger,
    ...o,
  });
}

test('quirk 2: an ACS that answers 96 (could not read the request, php-sip2 #2) gets the request again', async () => {
  const srv = await scripted((req, n) => {
    if (req.startsWith('93')) return n === 1 ? ['96AZFEF6'] : [withAz(`941AY${seqOf(req)}AZ`)];
    if (req.startsWith('99')) return [withAz(`${acs98}AY${seqOf(req)}AZ`)];
    return [];
  });
  const c = client(srv.port);
  try {
    await c.connect();
    assert.ok(c.online);
    assert.equal(
      srv.seen.map((r) => r.slice(0, 2)),
      ['93', '93', '99'],
    );
    assert.is(srv.seen[0], srv.seen[1], 'the same bytes, same AY, sent again');
  } finally {
    await c.close();
    await srv.close();
  }
});

test('quirk 2: responses with AZ but no AY ([OBS] E10) and lower-case hex ([OBS] E6) are accepted', async () => {
  const srv = await scripted((req) => {
    if (req.startsWith('93')) return [withAz('941AZ')];
    if (req.startsWith('99'))
      return [withAz(`${acs98}AY${seqOf(req)}AZ`).replace(/AZ(.{4})$/, (_m, d: string) => `AZ${d.toLowerCase()}`)];
    return [];
  });
  const c = client(srv.port);
  try {
    await c.connect();
    assert.ok(c.online);
    assert.is(c.lastStatus?.checksum, 'valid');
  } finally {
    await c.close();
    await srv.close();
  }
});

test('quirk 2/3: a response whose checksum never verifies: strict fails as checksum after bounded 97s, lenient accepts', async () => {
  const bad = (head: string) => withAz(head).replace(/AZ(.{4})$/, 'AZ0000');
  const srv = await scripted((req) => {
    if (req.startsWith('93')) return [withAz(`941AY${seqOf(req)}AZ`)];
    if (req.startsWith('99')) return [withAz(`${acs98}AY${seqOf(req)}AZ`)];
    if (req.startsWith('17')) return [bad(`1803020120240101    120000ABit|AJt|AY${seqOf(req) ?? '0'}AZ`)];
    if (req.startsWith('97')) return [bad('1803020120240101    120000ABit|AJt|AY2AZ')];
    return [];
  });
  const strict = client(srv.port);
  try {
    await strict.connect();
    await strict.request({ code: '17', fixed: { transactionDate: Sip2Client.now() }, fields: [['AB', 'it']] }).then(
      () => assert.unreachable('strict must not accept'),
      (e: Error & { code?: string }) => assert.is(e.code, 'checksum'),
    );
    assert.is(srv.seen.filter((r) => r.startsWith('97')).length, fastTimeouts.resendRetries);
  } finally {
    await strict.close();
  }
  const lenient = client(srv.port, { strictChecksum: false });
  try {
    await lenient.connect();
    const r = await lenient.request({
      code: '17',
      fixed: { transactionDate: Sip2Client.now() },
      fields: [['AB', 'it']],
    });
    assert.is(r.checksum, 'invalid');
    assert.is(r.fields['AJ'], 't');
  } finally {
    await lenient.close();
    await srv.close();
  }
});

// Quirk 3
test('quirk 3: an ILS that sums code points (php-sip2 #8): non-ASCII titles verify without a resend', async () => {
  const p = await startPair({ quirks: { checksumOverCodePoints: true, encoding: 'utf8' } });
  try {
    await p.ils.start();
    assert.is((await p.ils.itemInfo('31234000000013')).title, 'Cien años de soledad');
    assert.not.ok(p.server.received.includes('97'));
  } finally {
    await p.close();
  }
});

// Quirk 4
test('quirk 4: CP850 and ISO-8859-1 accounts: accented names and titles arrive intact', async () => {
  for (const encoding of ['cp850', 'latin1'] as const) {
    const p = await startPair({ quirks: { encoding } });
    try {
      await p.ils.start();
      const st = await p.ils.patronStatus('23333000000006', '6789');
      assert.is(st.personalName, 'María López', encoding);
      assert.is((await p.ils.itemInfo('31234000000013')).title, 'Cien años de soledad', encoding);
      assert.not.ok(p.server.received.includes('97'), encoding);
    } finally {
      await p.close();
    }
  }
});

// Quirk 5
test('quirk 5: 99 before 93 for ILSs that insist on it (Relais); default is 93 first', async () => {
  const p = await startPair({}, { statusBeforeLogin: true });
  try {
    await p.ils.start();
    assert.equal(p.server.received, ['99', '93', '99']);
  } finally {
    await p.close();
  }
});

// Quirk 7
test("quirk 7: the ACS's offline-ok flag reaches the station", async () => {
  for (const offlineOk of [true, false]) {
    const p = await startPair({ offlineOk });
    try {
      await p.ils.start();
      assert.is(p.ils.acsStatus?.offlineOk, offlineOk);
    } finally {
      await p.close();
    }
  }
});

// Quirk 9
test('quirk 9: 99 keepalive when idle, and reconnect + re-login when the ILS drops the idle session', async () => {
  const p = await startPair({}, { timeouts: { ...fastTimeouts, keepaliveMs: 40 } });
  try {
    await p.ils.start();
    await until(() => p.server.received.filter((c) => c === '99').length >= 4, 2000);
    let offline = 0;
    p.client.on('offline', () => offline++);
    p.server.dropConnections();
    await until(() => offline === 1);
    await until(() => p.ils.online, 2000);
    assert.is(p.server.received.filter((c) => c === '93').length, 2, 'logged in again');
    assert.ok((await p.ils.patronStatus(ana.id, ana.pin)).valid);
  } finally {
    await p.close();
  }
});

test.run();
