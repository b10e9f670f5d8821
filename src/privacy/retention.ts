/**
 * Retention enforcement inside the service: every privacy.retentionIntervalMinutes (and once at start) each registered
 * purger deletes what has passed its limit: statistics, offline entries, inventory results, alarm records.
 * Roles register their own purgers; a failing purger is logged and the others still run.
 */
import type { Logger } from '../log/index.ts';
import { toError } from '../errors.ts';

export type Purger = (now: number) => Promise<number> | number;

export class RetentionTimer {
  private readonly purgers = new Map<string, Purger>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: Logger) {}

  register(name: string, purger: Purger): void {
    this.purgers.set(name, purger);
  }

  /** Runs every purger once; returns how many records each removed. */
  async runOnce(now = Date.now()): Promise<Record<string, number>> {
    const removed: Record<string, number> = {};
    for (const [name, purge] of this.purgers) {
      try {
        removed[name] = await purge(now);
      } catch (err) {
        this.log.error({ err: toError(err), purger: name }, 'retention purge failed');
      }
    }
    const total = Object.values(removed).reduce((a, b) => a + b, 0);
    if (total) this.log.info({ removed }, 'retention purge');
    return removed;
  }

  start(intervalMinutes: number): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), intervalMinutes * 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
