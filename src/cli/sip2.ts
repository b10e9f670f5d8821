/**
 * `selfcheck sip2 ...`: talk SIP2 by hand, for library IT and support staff.
 *   parse '<raw>'                       decode a message to JSON (code, name, fixed, fields, sequence, checksum)
 *   status | login                      SC status / login check against the configured ILS (or the flags below)
 *   patron-status PATRON [--pin PIN]    patron-info PATRON [--pin PIN] [--summary hold|overdue|charged|fine|recall|unavailable]
 *   checkout PATRON ITEM [--pin PIN]    checkin ITEM    renew PATRON ITEM [--pin PIN]    item-info ITEM    end-session PATRON [--pin PIN]
 *   serve [--port N]                    run the built-in test ILS
 * Flags: --host --port --tls --ca FILE --cert FILE --key FILE --user --password-file FILE --institution --location
 *        --encoding --raw
 * `--cert`/`--key` (PEM, together) present a TLS client certificate, for ILSs that authenticate the station.
 * `--raw` also prints the wire messages, with passwords and PINs (and other patron fields) masked.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError, type CommandMain, type CliContext } from './context.ts';
import { decodeMessage } from '../sip2/codec/index.ts';
import { Sip2Client } from '../sip2/client/client.ts';
import { Sip2Ils } from '../sip2/client/sip2-ils.ts';
import { clientOptions } from '../sip2/factory.ts';
import { TestIlsServer } from '../sip2/testils/server.ts';
import { createLogger, maskSip2 } from '../log/index.ts';
import { parseConfig, type Config } from '../config/index.ts';
import type { DecodeResult } from '../sip2/codec/index.ts';
import type { PatronInfoSummary } from '../sip2/ils.ts';

const options = {
  host: { type: 'string' },
  port: { type: 'string' },
  tls: { type: 'boolean' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  user: { type: 'string' },
  'password-file': { type: 'string' },
  institution: { type: 'string' },
  location: { type: 'string' },
  encoding: { type: 'string' },
  pin: { type: 'string' },
  summary: { type: 'string' },
  raw: { type: 'boolean', default: false },
} as const;

export function parseJson(
  raw: string,
  encoding: 'utf8' | 'latin1' | 'cp850' = 'utf8',
): Omit<DecodeResult, 'checksumBasis'> {
  const text = raw.replace(/\r?\n?$/, '').replace(/\r$/, '');
  const m = decodeMessage(Buffer.from(text, encoding === 'utf8' ? 'utf8' : 'latin1'), encoding);
  return {
    code: m.code,
    name: m.name,
    fixed: m.fixed,
    fields: m.fields,
    sequence: m.sequence,
    checksum: m.checksum,
    ...(m.unparsed ? { unparsed: m.unparsed } : {}),
  };
}

function effectiveConfig(ctx: CliContext, v: Record<string, string | boolean | undefined>): Config {
  const base =
    ctx.configPath || process.env['SELFCHECK_CONFIG'] ? ctx.config() : parseConfig({ sip2: { mode: 'remote' } });
  const s = structuredClone(base.sip2);
  if (typeof v['host'] === 'string') s.host = v['host'];
  if (typeof v['port'] === 'string') s.port = Number(v['port']);
  if (v['tls']) s.tls.enabled = true;
  if (typeof v['ca'] === 'string') s.tls.caFile = v['ca'];
  if (typeof v['cert'] === 'string') s.tls.certFile = v['cert'];
  if (typeof v['key'] === 'string') s.tls.keyFile = v['key'];
  tlsFilesUsable(s.tls);
  if (typeof v['user'] === 'string') s.user = v['user'];
  if (typeof v['password-file'] === 'string') s.passwordFile = v['password-file'];
  if (typeof v['institution'] === 'string') s.institution = v['institution'];
  if (typeof v['location'] === 'string') s.location = v['location'];
  if (typeof v['encoding'] === 'string') s.encoding = v['encoding'] as Config['sip2']['encoding'];
  return parseConfig({ ...base, sip2: { ...s, mode: 'remote' } });
}

/**
 * Catches the client-certificate mistakes up front, as usage errors naming the flag, rather than as a TLS failure
 * (or a raw Node error) after connecting: a certificate without its key, files ignored because TLS is off, an
 * unreadable or non-PEM file, a key that belongs to another certificate.
 */
function tlsFilesUsable(t: Config['sip2']['tls']): void {
  if ((t.certFile === undefined) !== (t.keyFile === undefined))
    throw new UsageError('a TLS client certificate needs both --cert FILE and --key FILE');
  if (t.certFile !== undefined && !t.enabled)
    throw new UsageError('--cert/--key need TLS: add --tls (or sip2.tls.enabled in the config)');
  const read = (flag: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new UsageError(`${flag} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  if (t.caFile !== undefined) read('--ca (sip2.tls.caFile)', t.caFile);
  if (t.certFile === undefined || t.keyFile === undefined) return;
  const certPem = read('--cert (sip2.tls.certFile)', t.certFile);
  const keyPem = read('--key (sip2.tls.keyFile)', t.keyFile);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw new UsageError(`--cert ${t.certFile}: not a PEM certificate`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    throw new UsageError(`--key ${t.keyFile}: not an unencrypted PEM private key`);
  }
  if (!cert.checkPrivateKey(key)) throw new UsageError(`--key ${t.keyFile} is not the key of --cert ${t.certFile}`);
}

export const main: CommandMain = async (argv, ctx) => {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  if (sub === 'parse') {
    if (!positionals[0]) throw new UsageError("usage: selfcheck sip2 parse '<raw message>'");
    ctx.out(JSON.stringify(parseJson(positionals[0], (values.encoding as 'utf8') ?? 'utf8')));
    return 0;
  }
  if (sub === 'serve') {
    const server = new TestIlsServer({ log: createLogger({ level: 'info' }) });
    const port = await server.listen(values.port ? Number(values.port) : 6001, '127.0.0.1');
    ctx.out(`test ILS (sample library) listening on 127.0.0.1:${port}; Ctrl-C to stop`);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()).once('SIGTERM', () => resolve()));
    await server.close();
    return 0;
  }
  const cfg = effectiveConfig(ctx, values);
  const log = createLogger({ level: 'silent' });
  const raw: string[] = [];
  const opts = clientOptions(cfg, log);
  if (values.raw) {
    // Capture the wire both ways, masked, through a trace-level logger of our own.
    opts.log = createLogger({ level: 'trace', stream: { write: (line: string) => void raw.push(line) } }).child({
      ns: 'sip2',
    });
  }
  const client = new Sip2Client(opts);
  const ils = new Sip2Ils(client, { institution: cfg.sip2.institution, location: cfg.sip2.location });
  try {
    await client.connect();
  } catch (err) {
    await ils.close();
    throw err;
  }
  const [a, b] = positionals;
  const need = (x: string | undefined, what: string) => {
    if (!x) throw new UsageError(`sip2 ${sub} needs ${what}`);
    return x;
  };
  let last: DecodeResult | undefined;
  const orig = client.request.bind(client);
  client.request = async (m) => (last = await orig(m));
  try {
    switch (sub) {
      case 'status':
        await ils.scStatus();
        break;
      case 'login':
        last = client.lastLogin;
        break;
      case 'patron-status':
        await ils.patronStatus(need(a, 'PATRON'), values.pin);
        break;
      case 'patron-info':
        await ils.patronInfo(
          need(a, 'PATRON'),
          values.pin,
          values.summary ? { summary: values.summary as PatronInfoSummary } : {},
        );
        break;
      case 'checkout':
        await ils.checkout(need(a, 'PATRON'), need(b, 'ITEM'), { pin: values.pin });
        break;
      case 'checkin':
        await ils.checkin(need(a, 'ITEM'));
        break;
      case 'renew':
        await ils.renew(need(a, 'PATRON'), need(b, 'ITEM'), { pin: values.pin });
        break;
      case 'item-info':
        await ils.itemInfo(need(a, 'ITEM'));
        break;
      case 'end-session':
        await ils.endSession(need(a, 'PATRON'), values.pin);
        break;
      default:
        throw new UsageError(
          `unknown sip2 command ${JSON.stringify(sub)}; one of: parse ${Object.keys(cmds).join(' ')} serve`,
        );
    }
  } finally {
    await ils.close();
  }
  if (values.raw)
    for (const line of raw) {
      const o = JSON.parse(line) as { out?: string; in?: string };
      if (o.out) ctx.out(`>> ${maskSip2(o.out)}`);
      if (o.in) ctx.out(`<< ${maskSip2(o.in)}`);
    }
  if (last)
    ctx.out(
      JSON.stringify({
        code: last.code,
        name: last.name,
        fixed: last.fixed,
        fields: last.fields,
        sequence: last.sequence,
        checksum: last.checksum,
      }),
    );
  return 0;
};

const cmds = {
  status: 1,
  login: 1,
  'patron-status': 1,
  'patron-info': 1,
  checkout: 1,
  checkin: 1,
  renew: 1,
  'item-info': 1,
  'end-session': 1,
};
