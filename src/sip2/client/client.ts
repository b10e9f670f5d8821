/**
 * The SIP2 client: one TCP or TLS connection to the ILS, login (93) and SC status (99) at start, 99 as a keepalive
 * when idle, one request in flight (a queue), a per-request timeout, 97/96 resends through Exchange, reconnect with
 * backoff and re-login when the socket closes, and 'online'/'offline' events for the rest of the station.
 * Wire text is logged only through maskSip2 (patron fields and passwords masked).
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { Logger } from '../../log/index.ts';
import { maskSip2 } from '../../log/index.ts';
import { Sip2Error } from '../ils.ts';
import {
  BLANK_DATE,
  Sip2Framer,
  decodeMessage,
  decodeText,
  encodeMessage,
  formatSipDate,
  responseFor,
  type DecodeResult,
  type Sip2Encoding,
  type Sip2Outgoing,
} from '../codec/index.ts';
import { Exchange } from './exchange.ts';
import { isTlsFailure, openSocket } from './socket.ts';

export interface Sip2ClientOptions {
  host: string;
  port: number;
  tls?: ConnectionOptions | undefined;
  encoding: Sip2Encoding;
  terminator: 'CR' | 'CRLF';
  errorDetection: boolean;
  strictChecksum: boolean;
  statusBeforeLogin: boolean;
  maxPrintWidth: number;
  login?: { user: string; password: string; location: string } | undefined;
  timeouts: {
    connectMs: number;
    requestMs: number;
    keepaliveMs: number;
    resendRetries: number;
    reconnectMinMs: number;
    reconnectMaxMs: number;
  };
  log: Logger;
}

interface Pending {
  msg: Sip2Outgoing;
  resolve: (m: DecodeResult) => void;
  reject: (e: Error) => void;
  /** Requests of the login sequence run while the client is not yet online. */
  internal: boolean;
}

export class Sip2Client extends EventEmitter {
  private socket: Socket | undefined;
  private readonly framer: Sip2Framer;
  private queue: Pending[] = [];
  private current: { p: Pending; ex: Exchange; timer: NodeJS.Timeout; wire: Buffer } | undefined;
  private seq = 0;
  private state: 'idle' | 'connecting' | 'login' | 'online' | 'offline' | 'closed' = 'idle';
  private backoff: number;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private keepaliveTimer: NodeJS.Timeout | undefined;
  /** The last 98, for Ils.acsStatus. */
  lastStatus: DecodeResult | undefined;
  /** The 94 of the last login. */
  lastLogin: DecodeResult | undefined;

  constructor(private readonly opts: Sip2ClientOptions) {
    super();
    this.backoff = opts.timeouts.reconnectMinMs;
    this.framer = new Sip2Framer(
      (bytes) => this.onFrame(bytes),
      (err) => this.opts.log.warn({ err }, 'SIP2 framing error'),
    );
  }

  get online(): boolean {
    return this.state === 'online';
  }

  /** Connects and logs in; resolves when online, or after the first failure (reconnecting in the background). */
  async start(): Promise<void> {
    if (this.state === 'closed') throw new Sip2Error('closed', 'client closed');
    await this.connectOnce().catch((err: unknown) => {
      this.opts.log.warn({ err }, 'SIP2 connection failed; retrying in the background');
      this.scheduleReconnect();
    });
  }

  /** Connects and logs in once, throwing on failure (the CLI wants the error, not a background retry). */
  connect(): Promise<void> {
    return this.connectOnce();
  }

  private async connectOnce(): Promise<void> {
    this.state = 'connecting';
    const { host, port, tls } = this.opts;
    const socket = await openSocket({ host, port, tls, connectMs: this.opts.timeouts.connectMs });
    socket.setKeepAlive(true, 30_000);
    socket.setNoDelay(true);
    this.socket = socket;
    this.framer.reset();
    socket.on('data', (chunk) => this.framer.push(chunk));
    // TLS 1.3 finishes the client's handshake before the server checks our certificate: a refusal arrives later
    // as an alert on the open socket. Remember it so the request it kills fails as 'tls', not a plain close.
    let tlsFailure: Error | undefined;
    socket.on('error', (err) => {
      if (tls && isTlsFailure(err)) tlsFailure = err;
      this.opts.log.warn({ err }, 'SIP2 socket error');
    });
    socket.on('close', () => this.onClose(socket, tlsFailure));
    this.state = 'login';
    if (this.opts.statusBeforeLogin) await this.scStatusInternal();
    if (this.opts.login) {
      const { user, password, location } = this.opts.login;
      const r = await this.send(
        {
          code: '93',
          fixed: { uidAlgorithm: '0', pwdAlgorithm: '0' },
          fields: [
            ['CN', user],
            ['CO', password],
            ['CP', location],
          ],
        },
        true,
      );
      this.lastLogin = r;
      if (r.fixed['ok'] !== '1') {
        socket.destroy();
        throw new Sip2Error('login_failed', `the ILS refused the SIP2 login of user ${user}`);
      }
    }
    await this.scStatusInternal();
    this.state = 'online';
    this.backoff = this.opts.timeouts.reconnectMinMs;
    this.armKeepalive();
    this.opts.log.info({ host, port, tls: Boolean(tls) }, 'SIP2 online');
    this.emit('online');
    this.pump();
  }

  private async scStatusInternal(): Promise<DecodeResult> {
    const r = await this.send(
      {
        code: '99',
        fixed: {
          statusCode: '0',
          maxPrintWidth: String(this.opts.maxPrintWidth).padStart(3, '0'),
          protocolVersion: '2.00',
        },
      },
      true,
    );
    this.lastStatus = r;
    return r;
  }

  private armKeepalive(): void {
    if (this.keepaliveTimer) clearTimeout(this.keepaliveTimer);
    this.keepaliveTimer = setTimeout(() => {
      if (this.state === 'online' && !this.current && this.queue.length === 0)
        this.send(
          {
            code: '99',
            fixed: {
              statusCode: '0',
              maxPrintWidth: String(this.opts.maxPrintWidth).padStart(3, '0'),
              protocolVersion: '2.00',
            },
          },
          false,
        )
          .then((r) => {
            this.lastStatus = r;
          })
          .catch((err: unknown) => this.opts.log.warn({ err }, 'SIP2 keepalive failed'));
      else this.armKeepalive();
    }, this.opts.timeouts.keepaliveMs);
    this.keepaliveTimer.unref();
  }

  /** Sends one request and resolves with its response; rejects with Sip2Error('offline') when not connected. */
  request(msg: Sip2Outgoing): Promise<DecodeResult> {
    return this.send(msg, false);
  }

  private send(msg: Sip2Outgoing, internal: boolean): Promise<DecodeResult> {
    if (!internal && this.state !== 'online')
      return Promise.reject(new Sip2Error('offline', 'the ILS is not connected'));
    return new Promise((resolve, reject) => {
      this.queue.push({ msg, resolve, reject, internal });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current || !this.socket) return;
    const idx = this.queue.findIndex((p) => p.internal || this.state === 'online');
    if (idx < 0) return;
    const [p] = this.queue.splice(idx, 1) as [Pending];
    const expect = responseFor[p.msg.code];
    if (!expect) {
      p.reject(new Sip2Error('malformed', `${p.msg.code} is not a request`));
      this.pump();
      return;
    }
    const sequence = this.opts.errorDetection ? this.seq : undefined;
    this.seq = (this.seq + 1) % 10;
    let wire: Buffer;
    try {
      wire = encodeMessage(p.msg, {
        encoding: this.opts.encoding,
        errorDetection: this.opts.errorDetection,
        sequence,
        terminator: this.opts.terminator === 'CRLF' ? '\r\n' : '\r',
      });
    } catch (err) {
      p.reject(err as Error);
      this.pump();
      return;
    }
    const ex = new Exchange({
      expect,
      sequence,
      errorDetection: this.opts.errorDetection,
      strictChecksum: this.opts.strictChecksum,
      resendRetries: this.opts.timeouts.resendRetries,
    });
    // Waiter registered, then write, then the timer (STYLE.md #7).
    this.current = { p, ex, wire, timer: undefined as unknown as NodeJS.Timeout };
    this.write(wire);
    this.current.timer = setTimeout(
      () =>
        this.fail(new Sip2Error('timeout', `no ${expect} response within ${this.opts.timeouts.requestMs} ms`), true),
      this.opts.timeouts.requestMs,
    );
  }

  private write(bytes: Buffer): void {
    if (this.opts.log.isLevelEnabled('trace'))
      this.opts.log.trace({ out: maskSip2(this.wireText(bytes).trimEnd()) }, 'SIP2 out');
    this.socket?.write(bytes);
  }

  /** Wire bytes as text in the account's encoding, so masking sees the same characters the ILS meant. */
  private wireText(bytes: Buffer): string {
    return decodeText(bytes, this.opts.encoding);
  }

  private onFrame(bytes: Buffer): void {
    const cur = this.current;
    if (this.opts.log.isLevelEnabled('trace')) this.opts.log.trace({ in: maskSip2(this.wireText(bytes)) }, 'SIP2 in');
    if (!cur) {
      this.opts.log.warn({ bytes: bytes.length }, 'SIP2 message with no request waiting: discarded');
      return;
    }
    let verdict;
    try {
      verdict = cur.ex.onMessage(decodeMessage(bytes, this.opts.encoding));
    } catch (err) {
      verdict = cur.ex.onGarbage(err instanceof Sip2Error ? err : new Sip2Error('malformed', String(err)));
    }
    switch (verdict.kind) {
      case 'resolve':
        clearTimeout(cur.timer);
        this.current = undefined;
        if (verdict.message.checksum === 'invalid')
          this.opts.log.warn(
            { code: verdict.message.code },
            'SIP2 response checksum invalid; accepted (strictChecksum off)',
          );
        cur.p.resolve(verdict.message);
        if (this.state === 'online') this.armKeepalive();
        this.pump();
        break;
      case 'send97':
        this.write(
          encodeMessage(
            { code: '97' },
            {
              encoding: this.opts.encoding,
              errorDetection: this.opts.errorDetection,
              terminator: this.opts.terminator === 'CRLF' ? '\r\n' : '\r',
            },
          ),
        );
        break;
      case 'resend_request':
        this.write(cur.wire);
        break;
      case 'fail':
        this.fail(verdict.error, true);
        break;
    }
  }

  /** Fails the request in flight; out-of-sync and timeouts reset the connection (a late answer would be misread). */
  private fail(err: Sip2Error, reset: boolean): void {
    const cur = this.current;
    if (!cur) return;
    clearTimeout(cur.timer);
    this.current = undefined;
    cur.p.reject(err);
    if (reset) this.socket?.destroy();
    else this.pump();
  }

  private onClose(socket: Socket, tlsFailure?: Error): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.framer.reset();
    if (this.keepaliveTimer) clearTimeout(this.keepaliveTimer);
    this.fail(
      tlsFailure
        ? new Sip2Error('tls', `TLS refused by the ILS: ${tlsFailure.message}`, {}, { cause: tlsFailure })
        : new Sip2Error('closed', 'the ILS connection closed'),
      false,
    );
    for (const p of this.queue.splice(0)) p.reject(new Sip2Error('offline', 'the ILS connection closed'));
    const wasOnline = this.state === 'online';
    if (this.state === 'closed') return;
    this.state = 'offline';
    if (wasOnline) {
      this.opts.log.warn('SIP2 offline; reconnecting');
      this.emit('offline', 'connection closed');
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.state === 'closed' || this.reconnectTimer) return;
    if (this.state !== 'offline') {
      this.state = 'offline';
      this.emit('offline', 'not connected');
    }
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.opts.timeouts.reconnectMaxMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connectOnce().catch((err: unknown) => {
        this.opts.log.debug({ err }, 'SIP2 reconnect failed');
        this.socket?.destroy();
        if (this.state !== 'closed') {
          this.state = 'offline';
          this.scheduleReconnect();
        }
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  async close(): Promise<void> {
    this.state = 'closed';
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.keepaliveTimer) clearTimeout(this.keepaliveTimer);
    this.fail(new Sip2Error('closed', 'client closed'), false);
    for (const p of this.queue.splice(0)) p.reject(new Sip2Error('closed', 'client closed'));
    const s = this.socket;
    this.socket = undefined;
    // end() on a socket already destroyed (e.g. after a refused login) never calls back: wait for 'close' as well.
    if (s && !s.destroyed)
      await new Promise<void>((r) => {
        s.once('close', () => r());
        s.once('error', () => r());
        s.end(() => r());
      });
    s?.destroy();
  }

  /** Fixed date fields for requests. */
  static now(d = new Date()): string {
    return formatSipDate(d);
  }

  static readonly blankDate = BLANK_DATE;
}
