/**
 * The alarm decision, pure (no timers, no I/O): a secured item seen → alarm at once; the alarm holds `holdMs`
 * after the last secured read and restarts while secured items are still seen; staff silence ends it, and it stays
 * silent while the same items are still seen (the patron is standing at the desk with the book), re-arming once
 * nothing secured has been seen for `holdMs`.
 */
export type AlarmState = 'idle' | 'alarm' | 'silenced';

export type AlarmTransition = 'start' | 'end' | 'silenced' | undefined;

export class AlarmDecision {
  private st: AlarmState = 'idle';
  private lastSeen = -Infinity;
  private startedAt: number | undefined;

  constructor(private readonly holdMs: number) {}

  get state(): AlarmState {
    return this.st;
  }
  get since(): number | undefined {
    return this.startedAt;
  }
  /** When the current alarm (or silence) ends unless more secured reads come. */
  get until(): number | undefined {
    return this.st === 'idle' ? undefined : this.lastSeen + this.holdMs;
  }

  /** A poll found secured items at `now`. */
  seen(now: number): AlarmTransition {
    const t = this.tick(now);
    this.lastSeen = Math.max(this.lastSeen, now);
    if (this.st === 'idle') {
      this.st = 'alarm';
      this.startedAt = now;
      return 'start';
    }
    return t;
  }

  /** Time passes; ends the alarm or the silence once the hold has run out. */
  tick(now: number): AlarmTransition {
    if (this.st !== 'idle' && now >= this.lastSeen + this.holdMs) {
      const was = this.st;
      this.st = 'idle';
      this.startedAt = undefined;
      return was === 'alarm' ? 'end' : undefined;
    }
    return undefined;
  }

  /** The staff key: ends a sounding alarm. */
  silence(now: number): AlarmTransition {
    this.tick(now);
    if (this.st !== 'alarm') return undefined;
    this.st = 'silenced';
    this.startedAt = undefined;
    return 'silenced';
  }
}
