/**
 * The built-in test ILS: a SIP2 server (TCP, optionally TLS) over TestLibrary. `npm start` runs it in-process and the
 * station talks to it over a real socket; `selfcheck sip2 serve` runs it alone. Switches for the quirks real ILSs
 * have (CRLF, no checksums, code page, checksum over code points) and for faults, so the client's tolerance is tested.
 */
import { createServer as netServer, type Server, type Socket } from 'node:net';
import { createServer as tlsServer, type TlsOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../log/index.ts';
import { maskSip2, silentLogger } from '../../log/index.ts';
import {
  Sip2Framer,
  checksumOf,
  decodeMessage,
  decodeText,
  encodeText,
  messageBody,
  type Sip2Encoding,
  type Sip2Outgoing,
} from '../codec/index.ts';
import { TestLibrary } from './library.ts';
import { respond, type ResponderOptions } from './responder.ts';

export interface TestIlsQuirks {
  terminator?: 'CR' | 'CRLF';
  /** Send no AY/AZ at all (servers that ignore error detection). */
  noChecksums?: boolean;
  encoding?: Sip2Encoding;
  /** Compute AZ over code points instead of bytes (php-sip2 #8). */
  checksumOverCodePoints?: boolean;
}

/** One-shot faults a test arms before a request; each fires on the next response and disarms itself. */
export interface TestIlsFaults {
  splitIntoChunks?: number;
  closeMidResponse?: boolean;
  delayMs?: number;
  garbage?: boolean;
  badChecksum?: boolean;
}

export interface TestIlsOptions extends Partial<ResponderOptions> {
  latencyMs?: number;
  quirks?: TestIlsQuirks;
  tls?: TlsOptions;
  log?: Logger;
  library?: TestLibrary;
}

export class TestIlsServer {
  readonly library: TestLibrary;
  readonly faults: TestIlsFaults = {};
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly responder: ResponderOptions;
  port = 0;
  /** Requests seen, by code, for tests. */
  readonly received: string[] = [];

  constructor(private readonly opts: TestIlsOptions = {}) {
    this.library = opts.library ?? new TestLibrary();
    this.responder = {
      institution: opts.institution ?? 'TESTLIB',
      libraryName: opts.libraryName ?? 'Sample Public Library',
      offlineOk: opts.offlineOk ?? true,
      login: opts.login,
    };
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    const onConn = (s: Socket) => this.serve(s);
    this.server = this.opts.tls ? tlsServer(this.opts.tls, onConn) : netServer(onConn);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const srv = this.server;
    this.server = undefined;
    if (srv) await new Promise<void>((r) => srv.close(() => r()));
  }

  /** Closes every client connection but keeps listening: an ILS dropping idle sessions (Koha client_timeout). */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /** Stops and starts again on the same port (a server restart), keeping the library's state. */
  async restart(downMs = 0): Promise<void> {
    const port = this.port;
    await this.close();
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    await this.listen(port);
  }

  private get enc(): Sip2Encoding {
    return this.opts.quirks?.encoding ?? 'utf8';
  }

  private encode(msg: Sip2Outgoing, sequence: number | undefined): Buffer {
    const q = this.opts.quirks ?? {};
    const term = Buffer.from(q.terminator === 'CRLF' ? '\r\n' : '\r');
    const body = messageBody(msg);
    if (q.noChecksums) return Buffer.concat([encodeText(body, this.enc), term]);
    const text = `${body}${sequence === undefined ? '' : `AY${sequence}`}AZ`;
    const head = encodeText(text, this.enc);
    const sum = q.checksumOverCodePoints ? checksumOf([...text].map((c) => c.codePointAt(0)!)) : checksumOf(head);
    return Buffer.concat([head, Buffer.from(sum), term]);
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    const log = this.opts.log ?? silentLogger;
    let last: Buffer | undefined;
    let chain = Promise.resolve();
    const framer = new Sip2Framer(
      (bytes) => {
        chain = chain.then(() =>
          this.handle(
            socket,
            bytes,
            log,
            () => last,
            (b) => (last = b),
          ),
        );
      },
      (err) => log.warn({ err }, 'test ILS framing error'),
    );
    socket.on('data', (c) => framer.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async handle(
    socket: Socket,
    bytes: Buffer,
    log: Logger,
    getLast: () => Buffer | undefined,
    setLast: (b: Buffer) => void,
  ): Promise<void> {
    let out: Buffer;
    try {
      const req = decodeMessage(bytes, this.enc);
      this.received.push(req.code);
      log.trace({ in: maskSip2(decodeText(bytes, this.enc)) }, 'test ILS in');
      if (req.code === '97') {
        // Resend the last response; 96 when nothing was sent yet (spec p.16, [EG] Sip.pm).
        out = getLast() ?? this.encode({ code: '96' }, undefined);
      } else if (req.checksum === 'invalid') {
        out = this.encode({ code: '96' }, undefined);
      } else {
        out = this.encode(respond(this.library, req, this.responder), req.sequence);
        setLast(out);
      }
    } catch (err) {
      log.debug({ err }, 'test ILS could not decode a request; asking for a resend');
      out = this.encode({ code: '96' }, undefined);
    }
    const latency = (this.opts.latencyMs ?? 0) + (this.faults.delayMs ?? 0);
    delete this.faults.delayMs;
    if (latency) await new Promise((r) => setTimeout(r, latency));
    await this.send(socket, out);
  }

  private async send(socket: Socket, out: Buffer): Promise<void> {
    const f = this.faults;
    if (f.garbage) {
      delete f.garbage;
      socket.write(Buffer.from('\x01\x02garbage!!\r'));
      return;
    }
    if (f.badChecksum) {
      delete f.badChecksum;
      const bad = Buffer.from(out);
      const az = bad.lastIndexOf('AZ');
      if (az >= 0) bad[az + 2] = bad[az + 2] === 0x30 ? 0x31 : 0x30;
      socket.write(bad);
      return;
    }
    if (f.closeMidResponse) {
      delete f.closeMidResponse;
      socket.end(out.subarray(0, Math.floor(out.length / 2)));
      socket.destroy();
      return;
    }
    if (f.splitIntoChunks) {
      const n = f.splitIntoChunks;
      delete f.splitIntoChunks;
      const size = Math.max(1, Math.ceil(out.length / n));
      for (let i = 0; i < out.length; i += size) {
        socket.write(out.subarray(i, i + size));
        await new Promise((r) => setTimeout(r, 2));
      }
      return;
    }
    socket.write(out);
  }
}
