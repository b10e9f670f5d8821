// The client over TLS against the built-in test ILS, with a throwaway CA made here by openssl (issue 2, "Transport"):
// verification is on by default, the CA file makes it pass, and a server that demands a client certificate accepts
// the kiosk only when the config names certFile/keyFile. Options go through the real config schema and factory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import type { TlsOptions } from 'node:tls';
import { parseConfig } from '../../src/config/index.ts';
import { clientOptions } from '../../src/sip2/factory.ts';
import { Sip2Client } from '../../src/sip2/client/client.ts';
import { Sip2Ils } from '../../src/sip2/client/sip2-ils.ts';
import { TestIlsServer } from '../../src/sip2/testils/server.ts';
import { isSip2Error } from '../../src/sip2/ils.ts';
import { silentLogger } from '../../src/log/index.ts';
import { fastTimeouts } from '../helpers/sip2.ts';
import { CLIENT_EXT, SERVER_EXT, ThrowawayPki } from '../helpers/pki.ts';

// The throwaway PKI: a CA, the ILS's certificate for 127.0.0.1/localhost, and a kiosk client certificate.
const pki = new ThrowawayPki()
  .ca('ca', '/CN=Throwaway SIP2 CA')
  .sign('ca', 'server', '/CN=localhost', SERVER_EXT)
  .sign('ca', 'client', '/CN=kiosk-1', CLIENT_EXT);
const f = (name: string) => pki.file(name);
writeFileSync(f('password'), 'tls-pw\n');

const serverTls = (requireClientCert: boolean): TlsOptions => ({
  key: readFileSync(f('server.key')),
  cert: readFileSync(f('server.pem')),
  ...(requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca: readFileSync(f('ca.pem')) } : {}),
});

async function serve(requireClientCert = false) {
  const server = new TestIlsServer({ login: { user: 'kiosk', password: 'tls-pw' }, tls: serverTls(requireClientCert) });
  return { server, port: await server.listen(0, '127.0.0.1') };
}

/** A client built the way the station builds it: config file values → schema → factory → Sip2Client. */
function clientFor(port: number, tls: Record<string, unknown>, host = '127.0.0.1') {
  const config = parseConfig({
    sip2: {
      mode: 'remote',
      host,
      port,
      user: 'kiosk',
      passwordFile: f('password'),
      encoding: 'utf8',
      tls: { enabled: true, ...tls },
      timeouts: { ...fastTimeouts, requestMs: 2000 },
    },
  });
  const client = new Sip2Client(clientOptions(config, silentLogger));
  return { config, client, ils: new Sip2Ils(client, { institution: 'TESTLIB', location: 'KIOSK1' }) };
}

test('the schema turns verification on by default and the factory passes the TLS files through', () => {
  const { config, client } = clientFor(1, { caFile: f('ca.pem'), certFile: f('client.pem'), keyFile: f('client.key') });
  assert.is(config.sip2.tls.rejectUnauthorized, true);
  const opts = clientOptions(config, silentLogger).tls!;
  assert.is(opts.rejectUnauthorized, true);
  assert.equal(opts.ca, readFileSync(f('ca.pem')));
  assert.equal(opts.cert, readFileSync(f('client.pem')));
  assert.equal(opts.key, readFileSync(f('client.key')));
  void client.close();
});

test('with the CA file: login, status and a checkout over TLS', async () => {
  const { server, port } = await serve();
  const { ils } = clientFor(port, { caFile: f('ca.pem') });
  try {
    await ils.start();
    assert.ok(ils.online);
    const r = await ils.checkout('23333000000001', '31234000000011', { pin: '1234' });
    assert.ok(r.ok);
    assert.is(r.title, 'The Very Hungry Caterpillar');
    assert.equal(server.received.slice(0, 3), ['93', '99', '11']);
  } finally {
    await ils.close();
    await server.close();
  }
});

test('the host name "localhost" is checked against the certificate too', async () => {
  const { server, port } = await serve();
  const { client, ils } = clientFor(port, { caFile: f('ca.pem') }, 'localhost');
  try {
    await client.connect();
    assert.ok(client.online);
  } finally {
    await ils.close();
    await server.close();
  }
});

test('without the CA (system CAs, verification on): a typed Sip2Error tls, and no login is sent', async () => {
  const { server, port } = await serve();
  const { client, ils } = clientFor(port, {});
  try {
    await client.connect().then(
      () => assert.unreachable('an unknown CA must not be trusted'),
      (e: unknown) => assert.ok(isSip2Error(e, 'tls'), String(e)),
    );
    assert.not.ok(client.online);
    assert.equal(server.received, []);
  } finally {
    await ils.close();
    await server.close();
  }
});

test('a certificate for another name is refused as tls even with the right CA', async () => {
  const { server, port } = await serve();
  const { client, ils } = clientFor(port, { caFile: f('ca.pem'), servername: 'ils.example.org' });
  try {
    await client.connect().then(
      () => assert.unreachable('the name does not match'),
      (e: unknown) => assert.ok(isSip2Error(e, 'tls'), String(e)),
    );
  } finally {
    await ils.close();
    await server.close();
  }
});

test('a server that requires a client certificate: refused (tls) without one, works with one', async () => {
  const { server, port } = await serve(true);
  const without = clientFor(port, { caFile: f('ca.pem') });
  try {
    await without.client.connect().then(
      () => assert.unreachable('the server demands a client certificate'),
      (e: unknown) => assert.ok(isSip2Error(e, 'tls'), String(e)),
    );
    assert.not.ok(server.received.includes('93'));
    const withCert = clientFor(port, { caFile: f('ca.pem'), certFile: f('client.pem'), keyFile: f('client.key') });
    try {
      await withCert.ils.start();
      assert.ok(withCert.ils.online);
      assert.is((await withCert.ils.itemInfo('31234000000014')).title, 'Desert Solitaire');
    } finally {
      await withCert.ils.close();
    }
  } finally {
    await without.ils.close();
    await server.close();
  }
});

test.after(() => pki.remove());

test.run();
