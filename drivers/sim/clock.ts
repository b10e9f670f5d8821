/**
 * The sim's time source in microseconds. 'virtual' only advances a counter (tests, fast scenarios);
 * 'real' waits the air time on the wall clock, catching up on timer overshoot so that a sequence of
 * commands takes as long as the air interface would, not longer.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface SimClock {
  readonly mode: 'real' | 'virtual';
  nowUs(): number;
  /** Lets `us` microseconds of air time pass. */
  elapse(us: number): Promise<void>;
}

export class VirtualClock implements SimClock {
  readonly mode = 'virtual' as const;
  private t = 0;
  nowUs(): number {
    return this.t;
  }
  elapse(us: number): Promise<void> {
    this.t += Math.max(0, us);
    return Promise.resolve();
  }
}

export class RealClock implements SimClock {
  readonly mode = 'real' as const;
  /** Wall time (µs) at which the air is next free; timer overshoot of one command shortens the next wait. */
  private freeAt = 0;
  nowUs(): number {
    return performance.now() * 1000;
  }
  async elapse(us: number): Promise<void> {
    const now = this.nowUs();
    this.freeAt = Math.max(this.freeAt, now) + Math.max(0, us);
    const waitMs = (this.freeAt - now) / 1000;
    // setTimeout has ~1 ms granularity: sleep the bulk, then yield until the exact instant.
    if (waitMs > 2) await sleep(Math.floor(waitMs - 1));
    while (this.nowUs() < this.freeAt) await new Promise<void>((r) => setImmediate(r));
  }
}

/** Seeded PRNG (mulberry32): repeatable fault injection and UID generation. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
