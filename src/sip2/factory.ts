/**
 * Creates the station's Ils from the configuration. `builtin` starts the test ILS in this process on an ephemeral
 * loopback port and connects a real client to it over TCP (so `npm start` speaks real SIP2); `remote` connects to
 * the library's ILS with TLS settings and the password from a file or systemd credential.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { Config } from '../config/index.ts';
import { readSecret } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import type { StationEvents } from '../events.ts';
import type { Ils } from './ils.ts';
import { Sip2Client } from './client/client.ts';
import { Sip2Ils } from './client/sip2-ils.ts';
import { TestIlsServer } from './testils/server.ts';

function tlsOptions(cfg: Config['sip2'], log: Logger): ConnectionOptions | undefined {
  const t = cfg.tls;
  if (!t.enabled) return undefined;
  if (!t.rejectUnauthorized)
    log.warn('SIP2 TLS certificate verification is OFF: the privacy audit will fail this station');
  return {
    ...(t.caFile ? { ca: readFileSync(t.caFile) } : {}),
    ...(t.certFile ? { cert: readFileSync(t.certFile) } : {}),
    ...(t.keyFile ? { key: readFileSync(t.keyFile) } : {}),
    // SNI must be a host name (RFC 6066); for an IP address Node checks the certificate's IP SAN by itself.
    ...(t.servername || !isIP(cfg.host) ? { servername: t.servername ?? cfg.host } : {}),
    rejectUnauthorized: t.rejectUnauthorized,
    minVersion: 'TLSv1.2',
  };
}

export function clientOptions(
  config: Config,
  log: Logger,
  over: { host?: string; port?: number; password?: string | undefined } = {},
) {
  const s = config.sip2;
  const password = over.password ?? readSecret('sip2-password', s.passwordFile, 'sip2.passwordFile');
  return {
    host: over.host ?? s.host,
    port: over.port ?? s.port,
    tls: tlsOptions(s, log),
    encoding: s.encoding,
    terminator: s.terminator,
    errorDetection: s.errorDetection,
    strictChecksum: s.strictChecksum,
    statusBeforeLogin: s.statusBeforeLogin,
    maxPrintWidth: s.maxPrintWidth,
    login: s.user ? { user: s.user, password: password ?? '', location: s.location } : undefined,
    timeouts: s.timeouts,
    log: log.child({ ns: 'sip2' }),
  };
}

export async function createIls(config: Config, log: Logger, events?: StationEvents): Promise<Ils> {
  const s = config.sip2;
  const terminalPassword = readSecret('sip2-terminal-password', s.terminalPasswordFile, 'sip2.terminalPasswordFile');
  if (s.mode === 'remote') {
    const client = new Sip2Client(clientOptions(config, log));
    const ils = new Sip2Ils(client, { institution: s.institution, terminalPassword, location: s.location, events });
    await ils.start();
    return ils;
  }
  // Built-in: a throwaway login password, the same code page the configuration names.
  const password = randomBytes(12).toString('base64url');
  const server = new TestIlsServer({
    institution: s.institution,
    latencyMs: s.builtin.latencyMs,
    login: { user: s.user, password },
    quirks: { encoding: s.encoding, terminator: s.terminator },
    log: log.child({ ns: 'test-ils' }),
  });
  const port = await server.listen(0, '127.0.0.1');
  const client = new Sip2Client({
    ...clientOptions(config, log, { host: '127.0.0.1', port, password }),
    tls: undefined,
  });
  const ils = new Sip2Ils(client, { institution: s.institution, terminalPassword, location: s.location, events });
  const close = ils.close.bind(ils);
  ils.close = async () => {
    await close();
    await server.close();
  };
  await ils.start();
  log.info({ port }, 'built-in test ILS (sample library) is serving SIP2 on loopback');
  return ils;
}
