// `selfcheck sip2 ...` as support staff run it: a real process (node --import tsx src/cli.ts) against the built-in
// test ILS on a random loopback port. JSON shape per issue 2; --raw shows the wire with passwords and PINs masked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestIlsServer } from '../../src/sip2/testils/server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sip2-cli-'));
const PASSWORD = 'cli-Login-pw-42';
const passwordFile = join(dir, 'pw');
writeFileSync(passwordFile, `${PASSWORD}\n`);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: root,
      env: { ...process.env, SELFCHECK_CONFIG: '', ...env },
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

const SHAPE = ['code', 'name', 'fixed', 'fields', 'sequence', 'checksum'];

function json(r: Run): Record<string, unknown> & { fixed: Record<string, string>; fields: Record<string, unknown> } {
  assert.is(r.code, 0, r.stderr);
  const last = r.stdout.trim().split('\n').pop()!;
  const o = JSON.parse(last) as ReturnType<typeof json>;
  for (const k of ['code', 'name', 'fixed', 'fields', 'checksum']) assert.ok(k in o, `${k} in ${last}`);
  assert.ok(
    Object.keys(o).every((k) => SHAPE.includes(k) || k === 'unparsed'),
    last,
  );
  return o;
}

test('parse: the shared vectors print the JSON shape, checksums valid / invalid / absent', async () => {
  const [login, bad, none, malformed] = await Promise.all([
    cli(['sip2', 'parse', '9300CNuser|COpasswd|CPlocation|AY0AZF2FB']), // jsip2 SIP2LoginRequestTest
    cli(['sip2', 'parse', '9300CNuser_id|COpassw0rd|AY1AZF595']), // edge-sip2 ParserTests (INVALID)
    cli(['sip2', 'parse', '6300120170329    165944          AO1|AATEST04|ACpassword|AD|BP|BQ|\r']),
    cli(['sip2', 'parse', '64 too short']),
  ]);
  const l = json(login);
  assert.equal(l, {
    code: '93',
    name: 'Login',
    fixed: { uidAlgorithm: '0', pwdAlgorithm: '0' },
    fields: { CN: 'user', CO: 'passwd', CP: 'location' },
    sequence: 0,
    checksum: 'valid',
  });
  assert.is(json(bad).checksum, 'invalid');
  const n = json(none);
  assert.is(n.checksum, 'absent');
  assert.is(n.fixed['summary'], '          ');
  assert.equal(n.fields['AD'], '');
  assert.is(malformed.code, 1);
  assert.match(malformed.stderr, /sip2 error malformed: .*truncated/);
  assert.not.match(malformed.stderr, /\n\s+at /, 'a message, not a stack trace');
});

test('every request command against the test ILS, then --raw with the password and PINs masked', async () => {
  const server = new TestIlsServer({ login: { user: 'kiosk', password: PASSWORD }, quirks: { encoding: 'cp850' } });
  const port = await server.listen(0);
  const base = ['--host', '127.0.0.1', '--port', String(port), '--user', 'kiosk', '--password-file', passwordFile];
  const sip2 = (...a: string[]) => cli(['sip2', ...a, ...base]);
  try {
    const [status, login, pstatus, pinfo, item] = await Promise.all([
      sip2('status'),
      sip2('login'),
      sip2('patron-status', '23333000000006', '--pin', '6789'),
      sip2('patron-info', '23333000000002', '--pin', '2345', '--summary', 'charged'),
      sip2('item-info', '31234000000013'),
    ]);
    const st = json(status);
    assert.is(st.code, '98');
    assert.is(st.fields['AO'], 'TESTLIB');
    assert.is(json(login).fixed['ok'], '1');
    const ps = json(pstatus);
    assert.is(ps.code, '24');
    assert.is(ps.fields['AE'], 'María López', 'cp850 (the default encoding) decoded');
    assert.is(ps.fields['CQ'], 'Y');
    const pi = json(pinfo);
    assert.is(pi.code, '64');
    assert.equal(pi.fields['AU'], ['31234000000023', '31234000000024']);
    const it = json(item);
    assert.is(it.code, '18');
    assert.is(it.fields['AJ'], 'Cien años de soledad');

    const out = json(await sip2('checkout', '23333000000001', '31234000000011', '--pin', '1234'));
    assert.is(out.code, '12');
    assert.is(out.fixed['ok'], '1');
    const renew = json(await sip2('renew', '23333000000001', '31234000000011', '--pin', '1234'));
    assert.is(renew.code, '30');
    assert.is(renew.fixed['ok'], '1');
    const back = json(await sip2('checkin', '31234000000011'));
    assert.is(back.code, '10');
    assert.is(back.fixed['ok'], '1');
    const end = json(await sip2('end-session', '23333000000001', '--pin', '1234'));
    assert.is(end.code, '36');
    assert.is(end.fixed['endSession'], 'Y');

    const raw = await sip2('checkout', '23333000000001', '31234000000012', '--pin', '1234', '--raw');
    assert.is(raw.code, 0, raw.stderr);
    const lines = raw.stdout.trim().split('\n');
    assert.ok(
      lines.some((x) => /^>> 93\d\dCNkiosk\|CO\*\*\*\|/.test(x)),
      'login with the password masked',
    );
    assert.ok(
      lines.some((x) => /^>> 11.*AA\*\*\*\|AB31234000000012\|.*AD\*\*\*\|/.test(x)),
      'checkout, PIN masked',
    );
    assert.ok(
      lines.some((x) => x.startsWith('<< 12')),
      'the response is shown',
    );
    for (const secret of [PASSWORD, 'AD1234', '23333000000001', 'Bless Me, Ultima'])
      assert.not.ok(lines.slice(0, -1).join('\n').includes(secret), `${secret} in the raw wire lines`);
    assert.is(json(raw).code, '12');
  } finally {
    await server.close();
  }
});

test('serve runs the built-in test ILS on the given port until SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'sip2', 'serve', '--port', '0'], {
    cwd: root,
    env: { ...process.env, SELFCHECK_CONFIG: '' },
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error(`no listening line: ${buf}`)), 20_000);
      child.stdout.on('data', (c: Buffer) => {
        buf += c.toString();
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(buf);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    const r = await cli(['sip2', 'item-info', '31234000000014', '--host', '127.0.0.1', '--port', String(port)]);
    assert.is(json(r).fields['AJ'], 'Desert Solitaire');
  } finally {
    const closed = new Promise((r) => child.once('close', r));
    child.kill('SIGTERM');
    await closed;
  }
  assert.is(child.exitCode, 0);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
