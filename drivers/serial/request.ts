/**
 * One request in flight over a SerialTransport (STYLE.md #7): the waiter is armed before the write, then the
 * timer starts. A response is the first complete frame the framer yields (optionally filtered by `accept`).
 * Timeout → ReaderError 'timeout' (or 'frame' when only corrupt bytes came back); port down → 'reader_gone'.
 *
 * Any framer fits whose `push` returns `{kind:'frame', frame}` / `{kind:'junk', bytes, reason}` events in
 * stream order (drivers/3m/frame.ts FrameParser, drivers/feig/frame.ts FeigFramer).
 */
import type { Logger } from '../../src/log/index.ts';
import { hex } from '../../src/log/index.ts';
import { ReaderError } from '../../src/rfid/reader.ts';
import type { SerialTransport } from './transport.ts';

export type FramerEvent<F> = { kind: 'frame'; frame: F } | { kind: 'junk'; bytes: Uint8Array; reason: string };

export interface ResponseFramer<F> {
  /** Bytes buffered towards an incomplete frame (the inter-byte timer only runs while this is not 0). */
  readonly pending?: number;
  push(chunk: Uint8Array): FramerEvent<F>[];
  /** Drops a buffered partial frame (called before each request and after a timeout). */
  reset?(): void;
  /** 3M-style alternative to reset: flushes the partial frame as junk. */
  timeout?(): unknown;
  /** Inter-byte timeout: rescans stale buffered bytes for a frame behind garbage, then empties the buffer. */
  flush?(): FramerEvent<F>[];
}

export interface RequestChannelOptions {
  /** Default response timeout per request. */
  timeoutMs: number;
  log: Logger;
  /** Quiet time between the end of a response and the next request (reader protocol rule), default 0. */
  interFrameMs?: number;
  /** Gap after which a partial frame counts as stale and the framer's `flush` runs; off when absent. */
  interByteMs?: number;
}

export interface RequestOptions<F> {
  timeoutMs?: number;
  /** Frames not accepted are logged and skipped (e.g. a late answer to an earlier, timed-out request). */
  accept?: (frame: F) => boolean;
}

interface Pending<F> {
  accept: ((frame: F) => boolean) | undefined;
  resolve(frame: F): void;
  reject(err: Error): void;
  /** A corrupt frame arrived while waiting: a timeout then reports 'frame', not 'timeout'. */
  sawJunk: string | undefined;
}

export class RequestChannel<F> {
  private pending: Pending<F> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private lastRxAt = 0;
  private gapTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly onData = (chunk: Buffer): void => this.feed(chunk);
  private readonly onState = (state: 'up' | 'down', reason?: string): void => {
    this.framerReset();
    if (state === 'down')
      this.fail(new ReaderError('reader_gone', `reader port went down${reason ? `: ${reason}` : ''}`));
  };

  constructor(
    readonly transport: SerialTransport,
    private readonly framer: ResponseFramer<F>,
    private readonly opts: RequestChannelOptions,
  ) {
    transport.on('data', this.onData);
    transport.on('state', this.onState);
  }

  /** Sends `bytes` and resolves with the response frame. Requests are serialised. */
  request(bytes: Uint8Array, ropts: RequestOptions<F> = {}): Promise<F> {
    const run = (): Promise<F> => this.exchange(bytes, ropts);
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Detaches from the transport; a pending request fails 'reader_gone'. Does not close the transport. */
  close(): void {
    this.closed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.transport.off('data', this.onData);
    this.transport.off('state', this.onState);
    this.fail(new ReaderError('reader_gone', 'request channel closed'));
  }

  private async exchange(bytes: Uint8Array, ropts: RequestOptions<F>): Promise<F> {
    if (this.closed) throw new ReaderError('reader_gone', 'request channel closed');
    if (!this.transport.isUp) throw new ReaderError('reader_gone', 'reader port is down');
    const gap = (this.opts.interFrameMs ?? 0) - (Date.now() - this.lastRxAt);
    if (gap > 0) await new Promise((r) => setTimeout(r, gap));
    this.framerReset();
    const timeoutMs = ropts.timeoutMs ?? this.opts.timeoutMs;
    const response = new Promise<F>((resolve, reject) => {
      this.pending = { accept: ropts.accept, resolve, reject, sawJunk: undefined };
    });
    // It may be rejected (port down, timeout) while the write is still being awaited; it is awaited below either way.
    response.catch(() => undefined);
    // The timer covers the write too: a write stuck in the binding (dead port, flow control) must not hang the caller.
    const timer = setTimeout(() => {
      const p = this.pending;
      if (!p) return;
      this.framerReset();
      this.fail(
        p.sawJunk
          ? new ReaderError('frame', `corrupt response (${p.sawJunk})`, { timeoutMs })
          : new ReaderError('timeout', `no response within ${timeoutMs} ms`, { timeoutMs, request: hex(bytes) }),
      );
    }, timeoutMs);
    try {
      await Promise.race([this.transport.write(bytes), response]);
      return await response;
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
      // The pending promise may already be settled; the thrown error is the one the caller sees.
      return await response;
    } finally {
      clearTimeout(timer);
      this.pending = undefined;
    }
  }

  private feed(chunk: Uint8Array): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
    this.handle(() => this.framer.push(chunk));
    const gap = this.opts.interByteMs;
    if (gap !== undefined && this.framer.flush && this.framer.pending !== 0) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = undefined;
        this.handle(() => this.framer.flush?.() ?? []);
      }, gap);
      this.gapTimer.unref?.();
    }
  }

  private handle(produce: () => FramerEvent<F>[]): void {
    let events: FramerEvent<F>[];
    try {
      events = produce();
    } catch (err) {
      // A framer must not throw on bad input; if one does, treat the whole chunk as junk.
      this.opts.log.warn({ err }, 'framer threw');
      this.framerReset();
      if (this.pending) this.pending.sawJunk = 'framer error';
      return;
    }
    for (const ev of events) {
      if (ev.kind === 'junk') {
        this.opts.log.debug({ junk: hex(ev.bytes), reason: ev.reason }, 'discarded bytes');
        if (this.pending && ev.reason !== 'no_start' && ev.reason !== 'bad_start') this.pending.sawJunk = ev.reason;
        continue;
      }
      this.lastRxAt = Date.now();
      const p = this.pending;
      if (!p) {
        this.opts.log.debug('unsolicited frame dropped');
        continue;
      }
      if (p.accept && !p.accept(ev.frame)) {
        this.opts.log.debug('unexpected frame skipped');
        continue;
      }
      this.pending = undefined;
      p.resolve(ev.frame);
    }
  }

  private fail(err: Error): void {
    const p = this.pending;
    this.pending = undefined;
    p?.reject(err);
  }

  private framerReset(): void {
    if (this.framer.reset) this.framer.reset();
    else this.framer.timeout?.();
  }
}
