/**
 * Start-up recovery of the crash journal (journal.ts): for each operation a previous run left in flight, ask the
 * ILS whether the item is charged (SIP2 17), look for its tags on the pad (a few inventory rounds) and write their
 * security to match (charged → checked out, otherwise secured; addressed and read back by setSecurity). A tag
 * that is not on the pad, or will not take the write, becomes a staff alert: kept in memory only, shown on the
 * staff diagnostics page and counted in /metrics. While the ILS cannot answer, entries stay and are retried when
 * it comes back online (and on a timer), never blocking the kiosk. Logs carry layer/code and counts only.
 */
import type { Logger } from '../../log/index.ts';
import type { StationEvents } from '../../events.ts';
import { isSelfcheckError } from '../../errors.ts';
import { isReaderError, type Reader } from '../../rfid/reader.ts';
import type { SecurityModel } from '../../rfid/security.ts';
import { writeParts } from './tag-security.ts';
import { isSip2Error, type Ils } from '../../sip2/ils.ts';
import { ItemJournal, QUARANTINE_DAYS, type JournalEntry, type JournalOp } from './journal.ts';

export type AlertCode =
  'tag_absent' | 'write_failed' | 'ils_error' | 'expired' | 'journal_corrupt' | 'offline_unconfirmed';

export interface StaffAlert {
  at: string;
  code: AlertCode;
  /** An item ID is not patron data; it stays in memory only and is never logged. */
  itemId?: string;
  op?: JournalOp;
  message: string;
}

const MAX_ALERTS = 50;

/** Staff alerts of this process: memory only, the most recent MAX_ALERTS, and a PII-free total. */
export class StaffAlerts {
  private readonly list: StaffAlert[] = [];
  total = 0;

  raise(a: { code: AlertCode; itemId?: string; op?: JournalOp; message?: string }, now = Date.now()): void {
    this.total++;
    this.list.unshift({
      at: new Date(now).toISOString(),
      code: a.code,
      ...(a.itemId !== undefined ? { itemId: a.itemId } : {}),
      ...(a.op ? { op: a.op } : {}),
      message: a.message ?? 'tag security not confirmed',
    });
    this.list.length = Math.min(this.list.length, MAX_ALERTS);
  }

  view(): { total: number; recent: StaffAlert[] } {
    return { total: this.total, recent: this.list.map((a) => ({ ...a })) };
  }
}

/** The station's alerts (staff diagnostics and /metrics read these). */
export const staffAlerts = new StaffAlerts();

export interface RecoveryOptions {
  journal: ItemJournal;
  ils: Ils;
  reader: Reader;
  security: { model: SecurityModel; retries: number };
  log: Logger;
  events?: StationEvents;
  alerts?: StaffAlerts;
  /** Inventory rounds looking for the journaled tags, and the pause between them. */
  rounds?: number;
  roundPauseMs?: number;
  /** A patron session is running: a retry then waits (the pad is theirs). */
  busy?: () => boolean;
  /** Retry interval while entries wait (the ILS timed out, the reader was away). */
  retryMs?: number;
  /** Takes back the sealed queue entry of an offline checkout whose item was still on the pad. */
  dropOffline?: (txId: string) => void;
  /** Entries older than this are given up with an alert (retention of the journal). */
  maxAgeMs?: number;
  now?: () => number;
}

const DAY = 86_400_000;

/** ILS failures worth waiting out: the entry is kept and retried. */
const transient = new Set(['offline', 'closed', 'timeout', 'login_failed', 'tls']);
function ilsTransient(err: unknown): boolean {
  return isSip2Error(err) && transient.has(err.code);
}

export class JournalRecovery {
  private pending: JournalEntry[];
  private pass: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly alerts: StaffAlerts;
  private readonly onOnline = (): void => void this.retry();

  constructor(private readonly o: RecoveryOptions) {
    this.pending = [...o.journal.orphans];
    this.alerts = o.alerts ?? staffAlerts;
  }

  /** Entries still waiting (the ILS could not answer yet). */
  get waiting(): number {
    return this.pending.length;
  }

  /** The first pass (await it before the first session), then retries on 'online' and on a timer. */
  async start(): Promise<void> {
    if (this.pending.length === 0) return;
    this.o.ils.on('online', this.onOnline);
    this.o.log.info({ entries: this.pending.length }, 'kiosk journal: recovering operations left in flight');
    await this.runOnce();
  }

  stop(): void {
    this.stopped = true;
    this.o.ils.off('online', this.onOnline);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One pass over the waiting entries (joins the running pass, if any). */
  runOnce(): Promise<void> {
    this.pass ??= this.runPass().finally(() => {
      this.pass = undefined;
      this.schedule();
    });
    return this.pass;
  }

  private retry(): Promise<void> {
    if (this.stopped || this.pending.length === 0) return Promise.resolve();
    if (this.o.busy?.()) {
      this.schedule();
      return Promise.resolve();
    }
    return this.runOnce();
  }

  private schedule(): void {
    if (this.stopped || this.timer || this.pending.length === 0) {
      if (this.pending.length === 0) this.stop();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.retry();
    }, this.o.retryMs ?? 60_000);
    this.timer.unref();
  }

  private async runPass(): Promise<void> {
    const now = this.o.now?.() ?? Date.now();
    const wanted = new Map<JournalEntry, boolean>(); // entry → secured wanted
    // Offline checkouts first: they need no ILS answer (the ILS was down; their entry is sealed for staff).
    const entries = [...this.pending].sort((a, b) => Number(b.op === 'offline') - Number(a.op === 'offline'));
    for (const e of entries) {
      if (now - Date.parse(e.at) > (this.o.maxAgeMs ?? QUARANTINE_DAYS * DAY)) {
        await this.finish(e, 'expired', now);
        continue;
      }
      if (e.op === 'offline') {
        wanted.set(e, true);
        continue;
      }
      try {
        const info = await this.o.ils.itemInfo(e.itemId);
        wanted.set(e, info.circulationStatus !== '04'); // 04 = charged: the tag must let it through the gate
      } catch (err) {
        this.warn(err);
        if (ilsTransient(err)) break; // the rest would fail the same way: keep them for the next pass
        await this.finish(e, 'ils_error', now);
      }
    }
    if (wanted.size === 0) return;
    let onPad: Set<string>;
    try {
      onPad = await this.findTags([...wanted.keys()].flatMap((e) => e.uids));
    } catch (err) {
      this.warn(err);
      return; // the reader is away: keep the entries for the next pass
    }
    let fixed = 0;
    for (const [e, secured] of wanted) {
      const present = e.uids.every((u) => onPad.has(u));
      // An offline checkout of a session a crash cut short, whose item left the pad: it went with the patron, and its
      // sealed entry waits for staff (this run cannot forward it); staff are told which item.
      if (!present && e.op === 'offline') await this.finish(e, 'offline_unconfirmed', now);
      else if (!present) await this.finish(e, 'tag_absent', now);
      else if (e.op === 'offline' && !this.dropOffline(e)) await this.finish(e, 'write_failed', now);
      else if (!(await this.write(e.uids, secured))) await this.finish(e, 'write_failed', now);
      else {
        await this.finish(e, undefined, now);
        fixed++;
      }
    }
    this.o.log.info({ fixed, waiting: this.pending.length, alerts: this.alerts.total }, 'kiosk journal recovery pass');
  }

  /** The item is still here: the offline checkout is taken back (its queue entry deleted) before re-securing. */
  private dropOffline(e: JournalEntry): boolean {
    try {
      if (e.txId) this.o.dropOffline?.(e.txId);
      return true;
    } catch (err) {
      this.warn(err);
      return false;
    }
  }

  /** A few inventory rounds, stopping early once every UID has answered. */
  private async findTags(uids: string[]): Promise<Set<string>> {
    const want = new Set(uids);
    const seen = new Set<string>();
    const rounds = this.o.rounds ?? 3;
    for (let r = 0; r < rounds && [...want].some((u) => !seen.has(u)); r++) {
      if (r > 0) await new Promise((res) => setTimeout(res, this.o.roundPauseMs ?? 100));
      for (const t of await this.o.reader.inventory()) if (want.has(t.uid)) seen.add(t.uid);
    }
    return seen;
  }

  private async write(uids: string[], secured: boolean): Promise<boolean> {
    const w = { reader: this.o.reader, security: this.o.security, events: this.o.events };
    const done = await writeParts({ ...w, onFailure: (_r, err) => err !== undefined && this.warn(err) }, uids, secured);
    return done.length === uids.length;
  }

  /** Ends an entry: alert when its tag security could not be confirmed, then delete it from the journal. */
  private async finish(e: JournalEntry, alert: AlertCode | undefined, now: number): Promise<void> {
    const message =
      alert === 'offline_unconfirmed' ? 'offline checkout cut short by a restart: recover its sealed entry' : undefined;
    if (alert) this.alerts.raise({ code: alert, itemId: e.itemId, op: e.op, ...(message ? { message } : {}) }, now);
    this.pending = this.pending.filter((p) => p !== e);
    await this.o.journal.remove(e.id);
  }

  private warn(err: unknown): void {
    const layer = isSelfcheckError(err) ? err.layer : isReaderError(err) ? 'reader' : 'kiosk';
    const code = isSelfcheckError(err) ? err.code : 'unexpected';
    // Layer and code only, as in pipeline.ts: an error's details can hold the item ID.
    this.o.log.warn({ layer, code }, 'kiosk journal recovery step failed');
  }
}

/**
 * Opens the journal in `dataDir` and runs the first recovery pass (start.ts awaits it before the first session).
 * A corrupt journal is quarantined by ItemJournal.open; staff are alerted, since what it held is unknown.
 */
export async function startJournal(
  o: Omit<RecoveryOptions, 'journal'> & { dataDir: string },
): Promise<{ journal: ItemJournal; recovery: JournalRecovery }> {
  let journal: ItemJournal;
  try {
    journal = ItemJournal.open(o.dataDir, o.log);
  } catch (err) {
    if (!isSelfcheckError(err, 'kiosk', 'journal_corrupt')) throw err;
    o.log.error({ layer: err.layer, code: err.code }, 'kiosk journal unreadable: moved aside, staff alerted');
    (o.alerts ?? staffAlerts).raise({
      code: 'journal_corrupt',
      message: 'journal unreadable: tag security not confirmed',
    });
    journal = ItemJournal.open(o.dataDir, o.log);
  }
  const recovery = new JournalRecovery({ ...o, journal });
  await recovery.start();
  return { journal, recovery };
}
