/**
 * A throwaway PKI made by openssl in a temp folder, for the SIP2 TLS tests: CAs and certificates signed by them
 * (EC P-256, valid two days). Files are `<dir>/<name>.pem` and `<dir>/<name>.key`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export class ThrowawayPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'sip2-pki-'));

  /** Path of a file in the PKI's folder. */
  file(name: string): string {
    return join(this.dir, name);
  }

  private openssl(...args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  /** A self-signed CA `<name>.pem` / `<name>.key`. */
  ca(name: string, subj: string): this {
    const f = (x: string) => this.file(x);
    this.openssl(
      'req',
      '-x509',
      ...EC,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.pem`),
      '-days',
      '2',
      '-subj',
      subj,
    );
    return this;
  }

  /** A certificate `<name>.pem` / `<name>.key` signed by CA `ca`, with the X.509 extensions `ext` (openssl syntax). */
  sign(ca: string, name: string, subj: string, ext: string): this {
    const f = (x: string) => this.file(x);
    this.openssl('req', ...EC, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', subj);
    writeFileSync(f(`${name}.ext`), ext);
    const by = ['-CA', f(`${ca}.pem`), '-CAkey', f(`${ca}.key`), '-CAcreateserial'];
    this.openssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      ...by,
      '-out',
      f(`${name}.pem`),
      '-days',
      '2',
      '-extfile',
      f(`${name}.ext`),
    );
    return this;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const SERVER_EXT = 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n';
export const CLIENT_EXT = 'extendedKeyUsage=clientAuth\n';
