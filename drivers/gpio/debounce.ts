/**
 * Debounce for mechanical keys and photocells: a new level is reported only after it has held for `ms`
 * (contact bounce and a flickering beam edge are shorter). The reported time is when the level first
 * changed, so the order of two photocells stays right even though both reports come `ms` late.
 */
import { realTimers, type Timers } from './timers.ts';

export class Debouncer {
  private stable: 0 | 1;
  private candidate: { value: 0 | 1; at: number } | undefined;
  private timer: unknown;

  constructor(
    initial: 0 | 1,
    private readonly ms: number,
    private readonly onChange: (value: 0 | 1, atMs: number) => void,
    private readonly timers: Timers = realTimers,
  ) {
    this.stable = initial;
  }

  get value(): 0 | 1 {
    return this.stable;
  }

  /** A raw level from the line (edges may repeat or bounce). */
  input(value: 0 | 1, atMs = this.timers.now()): void {
    if (this.ms <= 0) {
      if (value !== this.stable) {
        this.stable = value;
        this.onChange(value, atMs);
      }
      return;
    }
    if (this.candidate?.value === value) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (value === this.stable) {
      // Bounced back before the hold time: nothing happened.
      this.candidate = undefined;
      return;
    }
    this.candidate = { value, at: atMs };
    const wait = Math.max(0, atMs + this.ms - this.timers.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      const c = this.candidate;
      this.candidate = undefined;
      if (!c) return;
      this.stable = c.value;
      this.onChange(c.value, c.at);
    }, wait);
  }

  close(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.candidate = undefined;
  }
}
