/**
 * A serial port that survives being unplugged. Wraps a serialport stream; when the port closes under us
 * (USB adapter pulled: 'close' with a disconnected error, or a read/write error) it emits 'state' 'down',
 * then tries to open the same path every `reconnectMs` until it succeeds and emits 'state' 'up'.
 *
 * `serialport` (native bindings) is imported dynamically, only when a transport is opened (STYLE.md: native
 * modules only when configured). Tests pass `binding: MockBinding`.
 */
import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import type { Logger } from '../../src/log/index.ts';
import { hex } from '../../src/log/index.ts';
import { ReaderError } from '../../src/rfid/reader.ts';

export interface SerialTransportOptions {
  path: string;
  baudRate: number;
  dataBits?: 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
  reconnectMs: number;
  log: Logger;
  /** A serialport binding (e.g. MockBinding from @serialport/binding-mock); the OS binding when absent. */
  binding?: unknown;
}

/** The few members of @serialport/stream's SerialPortStream we use (typed here so the import stays dynamic). */
interface PortStream extends EventEmitter {
  readonly isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  write(data: Buffer, cb: (err: Error | null | undefined) => void): boolean;
  close(cb?: (err: Error | null) => void): void;
  destroy(): void;
}
type PortCtor = new (options: Record<string, unknown>) => PortStream;

async function loadPortCtor(binding: unknown): Promise<{ Ctor: PortCtor; binding: unknown }> {
  const stream = (await import('@serialport/stream')) as unknown as { SerialPortStream: PortCtor };
  if (binding !== undefined) return { Ctor: stream.SerialPortStream, binding };
  const sp = (await import('serialport')) as unknown as { SerialPort: { binding: unknown } };
  return { Ctor: stream.SerialPortStream, binding: sp.SerialPort.binding };
}

export class SerialTransport extends EventEmitter {
  private port: PortStream | undefined;
  private up = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  /** Writes the binding has not called back yet: a port that dies under a write never calls back (seen on ptys). */
  private readonly writes = new Set<(err: ReaderError) => void>();
  private readonly log: Logger;

  private constructor(
    private readonly opts: SerialTransportOptions,
    private readonly Ctor: PortCtor,
    private readonly binding: unknown,
  ) {
    super();
    this.log = opts.log;
  }

  /** Opens the port; rejects ReaderError 'reader_gone' when it cannot be opened at all. */
  static async open(opts: SerialTransportOptions): Promise<SerialTransport> {
    let loaded: { Ctor: PortCtor; binding: unknown };
    try {
      loaded = await loadPortCtor(opts.binding);
    } catch (err) {
      throw new ReaderError('unsupported', 'serialport is not installed', {}, { cause: err });
    }
    const t = new SerialTransport(opts, loaded.Ctor, loaded.binding);
    await t.openPort();
    return t;
  }

  get isUp(): boolean {
    return this.up;
  }

  get path(): string {
    return this.opts.path;
  }

  /** Writes all bytes; resolves when the binding has taken them. */
  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!this.up || !port) return Promise.reject(new ReaderError('reader_gone', 'serial port is not open'));
    this.log.trace({ out: hex(bytes) }, 'serial out');
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err: ReaderError): void => {
        if (settled) return;
        settled = true;
        this.writes.delete(fail);
        reject(err);
      };
      this.writes.add(fail);
      port.write(Buffer.from(bytes), (err) => {
        if (settled) return;
        if (!err) {
          settled = true;
          this.writes.delete(fail);
          return resolve();
        }
        fail(new ReaderError('reader_gone', `serial write failed: ${err.message}`, {}, { cause: err }));
        this.goDown(`write failed: ${err.message}`);
      });
    });
  }

  private failWrites(why: string): void {
    for (const fail of [...this.writes]) fail(new ReaderError('reader_gone', `serial write aborted: ${why}`));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.retryTimer = undefined;
    this.watchTimer = undefined;
    const port = this.port;
    this.port = undefined;
    this.up = false;
    this.failWrites('transport closed');
    if (port) await closePort(port);
  }

  private async openPort(): Promise<void> {
    const o = this.opts;
    const port = new this.Ctor({
      binding: this.binding,
      path: o.path,
      baudRate: o.baudRate,
      dataBits: o.dataBits ?? 8,
      parity: o.parity ?? 'none',
      stopBits: o.stopBits ?? 1,
      autoOpen: false,
    });
    // Listeners first: an error between open and listener set-up must not become an uncaught 'error'.
    port.on('error', (err: Error) => this.onPortEnd(port, `error: ${err.message}`));
    port.on('close', (err?: Error | null) => this.onPortEnd(port, err ? `closed: ${err.message}` : 'closed'));
    port.on('data', (chunk: Buffer) => {
      if (port !== this.port) return;
      this.log.trace({ in: hex(chunk) }, 'serial in');
      this.emit('data', chunk);
    });
    await new Promise<void>((resolve, reject) => {
      port.open((err) => {
        if (!err) return resolve();
        reject(
          new ReaderError('reader_gone', `cannot open ${o.path}: ${err.message}`, { path: o.path }, { cause: err }),
        );
      });
    });
    if (this.closed) {
      await closePort(port);
      return;
    }
    this.port = port;
    this.up = true;
    await this.startWatch(port);
  }

  /**
   * The native binding does not always report a vanished device (seen with ptys: a hang-up while no read is
   * pending goes unnoticed), so a device-node watch backs it up: the path disappearing or pointing at another
   * device counts as unplugged. Only for paths that exist in the file system (not MockBinding's).
   */
  private async startWatch(port: PortStream): Promise<void> {
    const id = await deviceId(this.opts.path);
    if (id === undefined || port !== this.port) return;
    const every = Math.min(Math.max(this.opts.reconnectMs, 50), 1000);
    const tick = (): void => {
      this.watchTimer = undefined;
      void deviceId(this.opts.path).then((now) => {
        if (port !== this.port) return;
        if (now !== id) return this.goDown(now === undefined ? 'device vanished' : 'device replaced');
        this.watchTimer = setTimeout(tick, every);
        this.watchTimer.unref?.();
      });
    };
    this.watchTimer = setTimeout(tick, every);
    this.watchTimer.unref?.();
  }

  private onPortEnd(port: PortStream, reason: string): void {
    if (port !== this.port) return;
    this.goDown(reason);
  }

  private goDown(reason: string): void {
    if (!this.up) return;
    this.up = false;
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.watchTimer = undefined;
    const port = this.port;
    this.port = undefined;
    this.failWrites(reason);
    if (port) void closePort(port);
    this.log.warn({ path: this.opts.path, reason }, 'serial port down');
    this.emit('state', 'down', reason);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.openPort().then(
        () => {
          if (this.closed || !this.up) return;
          this.log.info({ path: this.opts.path }, 'serial port up');
          this.emit('state', 'up');
        },
        (err: unknown) => {
          this.log.debug({ err }, 'serial reopen failed');
          this.scheduleRetry();
        },
      );
    }, this.opts.reconnectMs);
    this.retryTimer.unref?.();
  }
}

/** `dev:ino` of what the path resolves to now, or undefined when it does not exist. */
async function deviceId(path: string): Promise<string | undefined> {
  try {
    const st = await stat(path);
    return `${st.rdev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** Closes a port whatever state it is in; never rejects (a vanished device cannot be closed cleanly). */
function closePort(port: PortStream): Promise<void> {
  port.removeAllListeners('data');
  // Keep swallowing late errors from a dead port.
  port.on('error', () => undefined);
  if (!port.isOpen) {
    port.destroy();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    port.close(() => {
      port.destroy();
      resolve();
    });
  });
}
