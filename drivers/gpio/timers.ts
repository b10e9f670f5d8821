/**
 * A time source with timers, so debounce, blink patterns and the photocell window run on the wall clock in the
 * station and on a virtual clock in tests and the gate benchmark (advance(ms) fires due timers in order).
 */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Virtual milliseconds: nothing happens until `advance` or `advanceTo`. With `source`, now() follows another
 * clock (the sim field's air time in the gate benchmark) and advanceTo() only fires the timers due by then.
 */
export class VirtualTimers implements Timers {
  private t: number;
  private seq = 0;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();

  constructor(
    startMs = 0,
    private readonly source?: () => number,
  ) {
    this.t = startMs;
  }
  now(): number {
    return this.source ? Math.max(this.t, this.source()) : this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.set(id, { at: this.now() + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Runs every timer due up to `ms` (in time order, ties in creation order), leaving the clock at `ms`. */
  advanceTo(ms: number): void {
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.pending) if (e[1].at <= ms && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.pending.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = Math.max(this.t, ms);
  }
  advance(ms: number): void {
    this.advanceTo(this.now() + ms);
  }
  /** Time of the earliest pending timer, if any. */
  nextAt(): number | undefined {
    let at: number | undefined;
    for (const e of this.pending.values()) if (at === undefined || e.at < at) at = e.at;
    return at;
  }
}
