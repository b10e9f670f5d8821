/** Opening the SIP2 connection: plain TCP or TLS, bounded by the connect timeout, with TLS failures typed 'tls'. */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { Sip2Error } from '../ils.ts';

/** Certificate and handshake failures (OpenSSL's ERR_SSL_* alerts, Node's cert verification codes). */
export function isTlsFailure(err: Error): boolean {
  const code = String((err as NodeJS.ErrnoException).code ?? '');
  return (
    /^ERR_(SSL|TLS)_|CERT|SIGNATURE|ISSUER/.test(code) || /certificate|self.signed|handshake|alert/i.test(err.message)
  );
}

export function openSocket(o: {
  host: string;
  port: number;
  tls?: ConnectionOptions | undefined;
  connectMs: number;
}): Promise<Socket> {
  const { host, port, tls } = o;
  return new Promise<Socket>((resolve, reject) => {
    const s = tls ? tlsConnect({ host, port, ...tls }) : netConnect({ host, port });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Sip2Error('timeout', `connect to ${host}:${port} timed out`));
    }, o.connectMs);
    s.once(tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('error', (err: Error) => {
      clearTimeout(timer);
      reject(tls && isTlsFailure(err) ? new Sip2Error('tls', err.message, {}, { cause: err }) : err);
    });
  });
}
