/** Test helpers: a test ILS plus a client connected to it, with fast timeouts. */
import { Sip2Client, type Sip2ClientOptions } from '../../src/sip2/client/client.ts';
import { Sip2Ils } from '../../src/sip2/client/sip2-ils.ts';
import { TestIlsServer, type TestIlsOptions } from '../../src/sip2/testils/server.ts';
import { silentLogger, type Logger } from '../../src/log/index.ts';

export const fastTimeouts = {
  connectMs: 1000,
  requestMs: 400,
  keepaliveMs: 60_000,
  resendRetries: 2,
  reconnectMinMs: 30,
  reconnectMaxMs: 200,
};

export async function startPair(
  server: TestIlsOptions = {},
  client: Partial<Sip2ClientOptions> = {},
  log: Logger = silentLogger,
) {
  const ils = new TestIlsServer({ login: { user: 'kiosk', password: 's3cret-pw' }, ...server, log });
  const port = await ils.listen(0);
  const c = new Sip2Client({
    host: '127.0.0.1',
    port,
    encoding: server.quirks?.encoding ?? 'utf8',
    terminator: 'CR',
    errorDetection: true,
    strictChecksum: true,
    statusBeforeLogin: false,
    maxPrintWidth: 40,
    login: { user: 'kiosk', password: 's3cret-pw', location: 'KIOSK1' },
    timeouts: fastTimeouts,
    log,
    ...client,
  });
  const api = new Sip2Ils(c, { institution: 'TESTLIB', location: 'KIOSK1' });
  return {
    server: ils,
    client: c,
    ils: api,
    async close() {
      await api.close();
      await ils.close();
    },
  };
}

export async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
