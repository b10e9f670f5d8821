/**
 * The byte link a serial driver talks through. drivers/serial/transport.ts (SerialTransport) has this shape; tests
 * use `memoryLinkPair()` to wire a driver straight to an emulator with no port at all (STYLE.md #2: one seam).
 */
import { EventEmitter } from 'node:events';
import { ReaderError } from '../../src/rfid/reader.ts';

export type LinkState = 'up' | 'down';

export interface ByteLink {
  write(bytes: Uint8Array): Promise<void>;
  readonly isUp: boolean;
  close(): Promise<void>;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'state', listener: (state: LinkState, reason?: string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
  off(event: 'state', listener: (state: LinkState, reason?: string) => void): unknown;
}

/** One end of an in-memory link: writes arrive as 'data' on the other end (asynchronously, like a port). */
export class MemoryLink extends EventEmitter implements ByteLink {
  peer: MemoryLink | undefined;
  private up = true;
  private closed = false;

  get isUp(): boolean {
    return this.up && !this.closed;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.isUp) return Promise.reject(new ReaderError('reader_gone', 'link is down'));
    const peer = this.peer;
    const copy = Buffer.from(bytes);
    setImmediate(() => {
      if (peer?.isUp) peer.emit('data', copy);
    });
    return Promise.resolve();
  }

  /** Test hook: both ends go down (cable pulled) or come back. */
  setUp(up: boolean, reason = 'unplugged'): void {
    for (const end of [this, this.peer]) {
      if (!end || end.up === up) continue;
      end.up = up;
      end.emit('state', up ? 'up' : 'down', up ? undefined : reason);
    }
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

export function memoryLinkPair(): [MemoryLink, MemoryLink] {
  const a = new MemoryLink();
  const b = new MemoryLink();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/**
 * One request in flight (STYLE.md #7): the waiter is armed before the write, then the timer starts. Replies are fed
 * in by the driver's framer; a link going down rejects the waiter with 'reader_gone'.
 */
export class Exchange<T> {
  private chain: Promise<unknown> = Promise.resolve();
  private waiter: { accept(v: T): boolean; resolve(v: T): void; reject(e: Error): void } | undefined;

  constructor(private readonly link: ByteLink) {
    link.on('state', (s, reason) => {
      if (s === 'down') this.fail(new ReaderError('reader_gone', `reader link down (${reason ?? 'closed'})`));
    });
  }

  get busy(): boolean {
    return this.waiter !== undefined;
  }

  /** Offers a parsed reply; true when it completed the request in flight. */
  feed(v: T): boolean {
    const w = this.waiter;
    if (!w || !w.accept(v)) return false;
    this.waiter = undefined;
    w.resolve(v);
    return true;
  }

  fail(err: Error): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(err);
  }

  /**
   * Writes `bytes` and waits for the first fed reply that `accept` takes. `onTurn` runs when this request's turn
   * comes, just before the write (a line collector arms itself there).
   */
  run(bytes: Uint8Array, accept: (v: T) => boolean, timeoutMs: number, onTurn?: () => void): Promise<T> {
    const next = this.chain.then(() => {
      onTurn?.();
      return this.once(bytes, accept, timeoutMs);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private once(bytes: Uint8Array, accept: (v: T) => boolean, timeoutMs: number): Promise<T> {
    if (!this.link.isUp) return Promise.reject(new ReaderError('reader_gone', 'reader link is down'));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.waiter === w) this.waiter = undefined;
        reject(new ReaderError('timeout', `no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      const w = {
        accept,
        resolve: (v: T) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiter = w;
      this.link.write(bytes).catch((err: unknown) => {
        if (this.waiter === w) this.waiter = undefined;
        w.reject(err instanceof Error ? err : new ReaderError('reader_gone', String(err)));
      });
    });
  }
}
