// `selfcheck sip2 ... --tls --ca FILE --cert FILE --key FILE` as support staff run it (a real process) against the
// built-in test ILS behind TLS that demands a client certificate, with a throwaway openssl PKI made the way
// test/sip2/tls.test.ts makes it: a CA, the ILS's certificate for 127.0.0.1, a kiosk client certificate, and a
// second CA's client certificate the ILS must refuse. Bad flag combinations are usage errors (exit 2), not stacks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TestIlsServer } from '../../src/sip2/testils/server.ts';
import { CLIENT_EXT, SERVER_EXT, ThrowawayPki } from '../helpers/pki.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pki = new ThrowawayPki()
  .ca('ca', '/CN=Throwaway SIP2 CA')
  .ca('other-ca', '/CN=Some other CA')
  .sign('ca', 'server', '/CN=localhost', SERVER_EXT)
  .sign('ca', 'client', '/CN=kiosk-1', CLIENT_EXT)
  .sign('other-ca', 'stranger', '/CN=kiosk-2', CLIENT_EXT);
const f = (name: string) => pki.file(name);
writeFileSync(f('password'), 'tls-cli-pw\n');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'sip2', ...args], {
      cwd: root,
      env: { ...process.env, SELFCHECK_CONFIG: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The test ILS behind TLS, requiring a client certificate signed by the throwaway CA. */
async function serve(): Promise<{ server: TestIlsServer; base: string[] }> {
  const server = new TestIlsServer({
    login: { user: 'kiosk', password: 'tls-cli-pw' },
    tls: {
      key: readFileSync(f('server.key')),
      cert: readFileSync(f('server.pem')),
      requestCert: true,
      rejectUnauthorized: true,
      ca: readFileSync(f('ca.pem')),
    },
  });
  const port = await server.listen(0, '127.0.0.1');
  const base = ['--host', '127.0.0.1', '--port', String(port), '--user', 'kiosk', '--password-file', f('password')];
  return { server, base: [...base, '--encoding', 'utf8', '--tls', '--ca', f('ca.pem')] };
}

const noStack = (r: Run) => assert.not.match(r.stderr, /\n\s+at /, `a message, not a stack trace: ${r.stderr}`);

test('--cert/--key: the ILS that demands a client certificate accepts the CLI (status and item-info)', async () => {
  const { server, base } = await serve();
  try {
    const cert = ['--cert', f('client.pem'), '--key', f('client.key')];
    const [status, item] = [
      await cli(['status', ...base, ...cert]),
      await cli(['item-info', '31234000000014', ...base, ...cert]),
    ];
    assert.is(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout.trim().split('\n').pop()!) as { code: string };
    assert.is(s.code, '98');
    assert.is(item.code, 0, item.stderr);
    const i = JSON.parse(item.stdout.trim().split('\n').pop()!) as { code: string; fields: Record<string, unknown> };
    assert.is(i.code, '18');
    assert.is(i.fields['AJ'], 'Desert Solitaire');
    assert.ok(server.received.includes('93'), 'logged in over the authenticated connection');
  } finally {
    await server.close();
  }
});

test('without a client certificate, or with one from another CA: refused, no login reaches the ILS', async () => {
  const { server, base } = await serve();
  try {
    const none = await cli(['status', ...base]);
    assert.is(none.code, 1);
    assert.match(none.stderr, /sip2 error tls/, `none: ${none.stderr}`);
    noStack(none);
    const stranger = await cli(['status', ...base, '--cert', f('stranger.pem'), '--key', f('stranger.key')]);
    assert.is(stranger.code, 1);
    // Node's TLS server drops a client certificate from an unknown CA by closing the socket after the TLS 1.3
    // handshake, with no alert (unlike the missing certificate, which OpenSSL refuses with an alert): 'closed'.
    assert.match(stranger.stderr, /sip2 error (tls|closed)/, `stranger: ${stranger.stderr}`);
    noStack(stranger);
    assert.not.ok(server.received.includes('93'), 'no login reached the ILS');
  } finally {
    await server.close();
  }
});

test('bad --cert/--key use is a usage error naming the flag (exit 2), before any connection', async () => {
  const { server, base } = await serve();
  const withoutTls = base.filter((a) => a !== '--tls');
  try {
    const cases: Array<[string[], RegExp]> = [
      [['--cert', f('client.pem')], /needs both --cert FILE and --key FILE/],
      [['--key', f('client.key')], /needs both --cert FILE and --key FILE/],
      [['--cert', f('missing.pem'), '--key', f('client.key')], /--cert .*missing\.pem: cannot read it \(ENOENT\)/],
      [['--cert', f('client.key'), '--key', f('client.key')], /--cert .*: not a PEM certificate/],
      [['--cert', f('client.pem'), '--key', f('client.pem')], /--key .*: not an unencrypted PEM private key/],
      [['--cert', f('client.pem'), '--key', f('stranger.key')], /stranger\.key is not the key of --cert/],
    ];
    const runs = await Promise.all(cases.map(([extra]) => cli(['status', ...base, ...extra])));
    runs.forEach((r, n) => {
      assert.is(r.code, 2, `case ${n}: ${r.stderr}`);
      assert.match(r.stderr, cases[n]![1]);
      noStack(r);
    });
    const plain = await cli(['status', ...withoutTls, '--cert', f('client.pem'), '--key', f('client.key')]);
    assert.is(plain.code, 2);
    assert.match(plain.stderr, /--cert\/--key need TLS: add --tls/);
    assert.equal(server.received, [], 'no bad invocation reached the ILS');
  } finally {
    await server.close();
  }
});

test.after(() => pki.remove());

test.run();
