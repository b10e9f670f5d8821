/**
 * Aggregate, PII-free statistics: counts per hour of checkouts, returns, renewals, refusals by reason, alarms and
 * visitors (privacy policy A.6: "stripped of user PII"). Nothing here can name a patron or an item: the only strings
 * are reason codes, checked against a strict pattern. One writer (this process) through lowdb, which writes a
 * temporary file and renames it, so a crash leaves the previous file intact.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { StationEvent, StationEvents } from '../events.ts';

/** Counter names; `refused:<reason>` adds one per reason code. */
export type Counters = Record<string, number>;

export interface StatsData {
  version: 1;
  /** Hour start in UTC ("2026-11-28T19") → counters. */
  hours: Record<string, Counters>;
}

const reasonPattern = /^[a-z0-9_.]{1,48}$/;

export function hourKey(at: number): string {
  return new Date(at).toISOString().slice(0, 13);
}

/** The counters one event adds to, or none. Exported for tests: this mapping is what the statistics mean. */
export function countersFor(e: StationEvent): string[] {
  const reason = 'reason' in e && e.reason && reasonPattern.test(e.reason) ? e.reason : 'other';
  switch (e.type) {
    case 'checkout':
      return e.result === 'refused' ? ['checkouts_refused', `refused:${reason}`] : [`checkouts_${e.result}`];
    case 'renewal':
      return e.result === 'refused' ? ['renewals_refused', `refused:${reason}`] : [`renewals_${e.result}`];
    case 'checkin':
      return [`returns_${e.result}`, ...(e.routedToStaff ? ['returns_routed_to_staff'] : [])];
    case 'security_write':
      return e.result === 'failed' ? ['security_write_failures'] : [];
    case 'session':
      // The language is the patron's choice during the session: it is counted when the session ends.
      if (e.phase === 'start') return ['sessions'];
      return e.language && /^[a-z]{2}$/.test(e.language) ? [`sessions_${e.language}`] : [];
    case 'alarm':
      return e.phase === 'start' ? ['alarms'] : [];
    case 'visitor':
      return [`visitors_${e.direction}`];
    case 'reader':
      return e.state === 'down' ? ['reader_outages'] : [];
    case 'ils':
      return e.state === 'offline' ? ['ils_outages'] : [];
    default:
      return [];
  }
}

export class StatsStore {
  private readonly db: Low<StatsData>;
  private dirty = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  private constructor(db: Low<StatsData>) {
    this.db = db;
  }

  static async open(dataDir: string): Promise<StatsStore> {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const db = new Low<StatsData>(new JSONFile(join(dataDir, 'stats.json')), { version: 1, hours: {} });
    await db.read();
    if (db.data?.version !== 1 || typeof db.data.hours !== 'object' || db.data.hours === null)
      db.data = { version: 1, hours: {} };
    return new StatsStore(db);
  }

  /** Counts every station event; writes at most once a second. */
  attach(events: StationEvents, flushMs = 1000): void {
    this.unsubscribe = events.on((e) => {
      for (const c of countersFor(e)) this.add(c, e.at);
      if (!this.flushTimer) {
        this.flushTimer = setTimeout(() => {
          this.flushTimer = undefined;
          void this.flush();
        }, flushMs);
        this.flushTimer.unref();
      }
    });
  }

  add(counter: string, at = Date.now(), n = 1): void {
    const key = hourKey(at);
    const hour = (this.db.data.hours[key] ??= {});
    hour[counter] = (hour[counter] ?? 0) + n;
    this.dirty = true;
  }

  hours(): Record<string, Counters> {
    return this.db.data.hours;
  }

  async flush(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await this.db.write();
  }

  /** Drops hours older than `days`; returns how many were removed. */
  async purgeOlderThan(days: number, now = Date.now()): Promise<number> {
    const cutoff = hourKey(now - days * 86_400_000);
    let removed = 0;
    for (const key of Object.keys(this.db.data.hours)) {
      if (key < cutoff) {
        delete this.db.data.hours[key];
        removed++;
      }
    }
    if (removed) {
      this.dirty = true;
      await this.flush();
    }
    return removed;
  }

  oldestHour(): string | undefined {
    return Object.keys(this.db.data.hours).sort()[0];
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.flush();
  }
}
