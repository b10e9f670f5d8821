/**
 * BENCH sip2-codec and sip2-client (bench-definitions.md).
 * - sip2-codec msgs_per_s: encode + decode (checksum on, code page 850, the protocol's default) of a mixed set of
 *   real messages: every valid request in ../shared/reference/sip2-vectors.tsv, plus the built-in test ILS's
 *   responses to the station's own requests (94, 98, 24, 64 with item lists, 12, 10, 18, 30, 36). Absolute figure.
 * - sip2-client roundtrips_per_s: Sip2Ils requests (alternating item information and patron status) through the
 *   real client to the test ILS over loopback TCP, no configured delay, one in flight. The bound is the definitions'
 *   "ILS round trip" with a zero delay: the loopback transfer of the same request and response bytes, measured with
 *   a bare socket pair that does nothing but write the canned answer when a CR arrives. ratio = measured / bound
 *   (≤ 1; what SIP2 encoding, decoding, checksums, the exchange machine and the ILS logic cost on top of the wire).
 */
import { readFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import {
  decodeMessage,
  encodeMessage,
  formatSipDate,
  type DecodeResult,
  type Sip2Outgoing,
} from '../src/sip2/codec/index.ts';
import { TestLibrary } from '../src/sip2/testils/library.ts';
import { respond } from '../src/sip2/testils/responder.ts';
import { TestIlsServer } from '../src/sip2/testils/server.ts';
import { Sip2Client } from '../src/sip2/client/client.ts';
import { Sip2Ils } from '../src/sip2/client/sip2-ils.ts';
import { silentLogger } from '../src/log/index.ts';

const CODEC_MS = Number(process.env['SIP2_BENCH_CODEC_MS'] ?? 1500);
const ROUNDTRIPS = Number(process.env['SIP2_BENCH_ROUNDTRIPS'] ?? 2000);

/** A decoded message back to what the encoder takes (fields in wire order, repeatable ones expanded). */
function outgoing(m: DecodeResult): Sip2Outgoing {
  const fields: Array<[string, string]> = [];
  for (const [id, v] of Object.entries(m.fields)) for (const x of Array.isArray(v) ? v : [v]) fields.push([id, x]);
  return { code: m.code, fixed: m.fixed, fields };
}

function messageMix(): Sip2Outgoing[] {
  const tsv = readFileSync(new URL('../test/vectors/sip2-vectors.tsv', import.meta.url), 'utf8');
  const vectors = tsv
    .split('\n')
    .slice(1)
    .filter((l) => l.startsWith('valid'))
    .map((l) => l.split('\t')[3]!)
    .map((text) => decodeMessage(Buffer.from(text, 'utf8'), 'utf8'));
  const lib = new TestLibrary();
  const opts = { institution: 'TESTLIB', libraryName: 'Sample Public Library', offlineOk: true };
  const date = formatSipDate(new Date());
  const requests: Sip2Outgoing[] = [
    {
      code: '93',
      fixed: { uidAlgorithm: '0', pwdAlgorithm: '0' },
      fields: [
        ['CN', 'kiosk'],
        ['CO', 'pw'],
        ['CP', 'K1'],
      ],
    },
    { code: '99', fixed: { statusCode: '0', maxPrintWidth: '040', protocolVersion: '2.00' } },
    {
      code: '23',
      fixed: { language: '001', transactionDate: date },
      fields: [
        ['AO', 'TESTLIB'],
        ['AA', '23333000000006'],
        ['AD', '6789'],
      ],
    },
    {
      code: '63',
      fixed: { language: '001', transactionDate: date, summary: '  Y       ' },
      fields: [
        ['AO', 'TESTLIB'],
        ['AA', '23333000000002'],
        ['AD', '2345'],
        ['BP', '1'],
        ['BQ', '50'],
      ],
    },
    {
      code: '11',
      fixed: { scRenewalPolicy: 'Y', noBlock: 'N', transactionDate: date, nbDueDate: ' '.repeat(18) },
      fields: [
        ['AO', 'TESTLIB'],
        ['AA', '23333000000001'],
        ['AB', '31234000000013'],
        ['AD', '1234'],
      ],
    },
    {
      code: '09',
      fixed: { noBlock: 'N', transactionDate: date, returnDate: date },
      fields: [
        ['AP', 'K1'],
        ['AO', 'TESTLIB'],
        ['AB', '31234000000031'],
      ],
    },
    {
      code: '17',
      fixed: { transactionDate: date },
      fields: [
        ['AO', 'TESTLIB'],
        ['AB', '31234000000013'],
      ],
    },
    {
      code: '29',
      fixed: { thirdPartyAllowed: 'N', noBlock: 'N', transactionDate: date, nbDueDate: ' '.repeat(18) },
      fields: [
        ['AO', 'TESTLIB'],
        ['AA', '23333000000002'],
        ['AB', '31234000000023'],
      ],
    },
    {
      code: '35',
      fixed: { transactionDate: date },
      fields: [
        ['AO', 'TESTLIB'],
        ['AA', '23333000000001'],
      ],
    },
  ];
  const responses = requests.map((r) =>
    respond(
      lib,
      decodeMessage(encodeMessage(r, { encoding: 'utf8', errorDetection: false }).subarray(0, -1), 'utf8'),
      opts,
    ),
  );
  return [...vectors.map(outgoing), ...requests, ...responses];
}

function benchCodec(): void {
  const mix = messageMix();
  let n = 0;
  let bytes = 0;
  let seq = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < CODEC_MS) {
    for (const m of mix) {
      const wire = encodeMessage(m, { encoding: 'cp850', errorDetection: true, sequence: seq++ % 10 });
      const back = decodeMessage(wire.subarray(0, -1), 'cp850');
      if (back.checksum !== 'valid' || back.code !== m.code) throw new Error(`round trip failed for ${m.code}`);
      bytes += wire.length;
      n++;
    }
    elapsed = performance.now() - t0;
  }
  const s = elapsed / 1000;
  console.log(
    `BENCH sip2-codec msgs_per_s=${Math.round(n / s)} mib_per_s=${(bytes / s / 2 ** 20).toFixed(2)} mix=${mix.length}`,
  );
}

/** Round trips through the real client and test ILS, then the bare-socket bound with the same exchanges' bytes. */
async function benchClient(): Promise<void> {
  const server = new TestIlsServer({ login: { user: 'kiosk', password: 'pw' }, quirks: { encoding: 'cp850' } });
  const port = await server.listen(0);
  const client = new Sip2Client({
    host: '127.0.0.1',
    port,
    encoding: 'cp850',
    terminator: 'CR',
    errorDetection: true,
    strictChecksum: true,
    statusBeforeLogin: false,
    maxPrintWidth: 40,
    login: { user: 'kiosk', password: 'pw', location: 'K1' },
    timeouts: {
      connectMs: 2000,
      requestMs: 5000,
      keepaliveMs: 600_000,
      resendRetries: 2,
      reconnectMinMs: 100,
      reconnectMaxMs: 1000,
    },
    log: silentLogger,
  });
  const ils = new Sip2Ils(client, { institution: 'TESTLIB', location: 'K1' });
  await ils.start();
  const step = (i: number) => (i % 2 ? ils.patronStatus('23333000000006', '6789') : ils.itemInfo('31234000000013'));
  for (let i = 0; i < 50; i++) await step(i); // warm-up (JIT, socket buffers)
  // One of each exchange as the client encodes it and the test ILS answers it, for the bound.
  const sent = (m: Sip2Outgoing) => encodeMessage(m, { encoding: 'cp850', errorDetection: true, sequence: 0 });
  const date = formatSipDate(new Date());
  const reqs = [
    sent({
      code: '17',
      fixed: { transactionDate: date },
      fields: [
        ['AO', 'TESTLIB'],
        ['AB', '31234000000013'],
        ['AC', ''],
      ],
    }),
    sent({
      code: '23',
      fixed: { language: '000', transactionDate: date },
      fields: [
        ['AO', 'TESTLIB'],
        ['AA', '23333000000006'],
        ['AC', ''],
        ['AD', '6789'],
      ],
    }),
  ];
  const lib = server.library;
  const opts = { institution: 'TESTLIB', libraryName: 'Sample Public Library', offlineOk: true };
  const resps = reqs.map((r) =>
    encodeMessage(respond(lib, decodeMessage(r.subarray(0, -1), 'cp850'), opts), {
      encoding: 'cp850',
      errorDetection: true,
      sequence: 0,
    }),
  );

  const t0 = performance.now();
  for (let i = 0; i < ROUNDTRIPS; i++) await step(i);
  const clientS = (performance.now() - t0) / 1000;
  await ils.close();
  await server.close();

  const boundS = await bareLoopback(reqs, resps, ROUNDTRIPS);
  const measured = ROUNDTRIPS / clientS;
  const bound = ROUNDTRIPS / boundS;
  console.log(
    `BENCH sip2-client roundtrips_per_s=${Math.round(measured)} bound_roundtrips_per_s=${Math.round(bound)} ratio=${(measured / bound).toFixed(3)} us_per_roundtrip=${((clientS / ROUNDTRIPS) * 1e6).toFixed(0)}`,
  );
}

/** The same bytes over a bare loopback socket pair: write the request, the peer answers at the CR, wait for its CR. */
async function bareLoopback(reqs: Buffer[], resps: Buffer[], n: number): Promise<number> {
  const srv = createServer((s: Socket) => {
    s.setNoDelay(true);
    let k = 0;
    s.on('data', (c: Buffer) => {
      for (const b of c) if (b === 0x0d) s.write(resps[k++ % resps.length]!);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const sock = connect((srv.address() as AddressInfo).port, '127.0.0.1');
  sock.setNoDelay(true);
  await new Promise<void>((r) => sock.once('connect', r));
  let waiter: (() => void) | undefined;
  sock.on('data', (c: Buffer) => {
    if (c.includes(0x0d)) waiter?.();
  });
  const once = (i: number) =>
    new Promise<void>((r) => {
      waiter = r;
      sock.write(reqs[i % reqs.length]!);
    });
  for (let i = 0; i < 50; i++) await once(i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await once(i);
  const s = (performance.now() - t0) / 1000;
  sock.destroy();
  await new Promise<void>((r) => srv.close(() => r()));
  return s;
}

benchCodec();
await benchClient();
