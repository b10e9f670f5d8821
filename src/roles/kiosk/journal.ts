/**
 * The kiosk's crash journal: the item operations in flight (checkout, renewal, checkin) between "about to ask the
 * ILS" and "tag security written", in one small JSON file in the data directory. A kill -9 or power cut in that
 * window leaves the entry behind, and recovery.ts makes the tag agree with the ILS at the next start.
 * Entries hold item IDs and tag UIDs only, never a patron value; an entry is deleted as soon as its operation ends.
 * Writes are atomic (temporary file, fsync, rename, fsync of the directory: src/offline/queue.ts's helper), done
 * off the event loop and one at a time, each carrying every change made before it starts. Cost on the checkout
 * path: begin() resolves once its entry is on disk (the request must wait for that; for a stack it overlaps the
 * ILS answering the item before); answered() and end() are not waited for, since losing them to a crash only
 * makes recovery redo an idempotent write.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SelfcheckError, isSelfcheckError } from '../../errors.ts';
import type { Logger } from '../../log/index.ts';
import { fsyncDir, writeFileDurablyAsync } from '../../durable-file.ts';

export const JOURNAL_FILE = 'kiosk-journal.json';
/** Where an unreadable journal is moved aside (one file; the retention timer deletes it after QUARANTINE_DAYS). */
export const JOURNAL_QUARANTINE = 'kiosk-journal.corrupt.json';
export const QUARANTINE_DAYS = 7;

/** 'offline': an offline checkout (its sealed queue entry is `txId`) whose tag write had not ended. */
export type JournalOp = 'checkout' | 'renewal' | 'checkin' | 'offline';
export type JournalPhase = 'ils-sent' | 'ils-done';

export interface JournalEntry {
  id: string;
  op: JournalOp;
  itemId: string;
  /** Tag UIDs of every part, 16 hex digits. */
  uids: string[];
  phase: JournalPhase;
  /** ISO time the operation began. */
  at: string;
  /** Offline checkouts: the transaction ID of the sealed queue entry (a random UUID, nothing of the patron). */
  txId?: string;
}

/** One operation's entry, as the pipeline holds it: every call is a one-liner there and never throws. */
export interface JournalHandle {
  /** The ILS answered: yes keeps the entry (phase ils-done) until the tag is written; no ends it. */
  answered(ok: boolean): void;
  /** The operation ended (tag written, refused, undone, failed and reported): the entry goes. */
  end(): void;
}

const noHandle: JournalHandle = { answered: () => undefined, end: () => undefined };
const ops = new Set<JournalOp>(['checkout', 'renewal', 'checkin', 'offline']);
const phases = new Set<JournalPhase>(['ils-sent', 'ils-done']);

function isEntry(x: unknown): x is JournalEntry {
  const e = x as JournalEntry;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.id === 'string' &&
    ops.has(e.op) &&
    typeof e.itemId === 'string' &&
    e.itemId.length > 0 &&
    Array.isArray(e.uids) &&
    e.uids.every((u) => typeof u === 'string' && /^[0-9A-F]{16}$/.test(u)) &&
    phases.has(e.phase) &&
    typeof e.at === 'string' &&
    !Number.isNaN(Date.parse(e.at)) &&
    (e.txId === undefined || (typeof e.txId === 'string' && /^[0-9a-f-]{36}$/.test(e.txId)))
  );
}

/** Parses the file's text; throws kiosk/journal_corrupt when it is not a journal. */
export function parseJournal(text: string): JournalEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SelfcheckError('kiosk', 'journal_corrupt', 'kiosk journal is not JSON', undefined, { cause: err });
  }
  const d = data as { v?: unknown; entries?: unknown };
  if (typeof d !== 'object' || d === null || d.v !== 1 || !Array.isArray(d.entries) || !d.entries.every(isEntry))
    throw new SelfcheckError('kiosk', 'journal_corrupt', 'kiosk journal has an unexpected shape');
  return d.entries;
}

export class ItemJournal {
  private readonly entries = new Map<string, JournalEntry>();
  /** Entries found at open: left by a run that ended mid-operation; recovery.ts resolves them. */
  readonly orphans: readonly JournalEntry[];
  /** A write not started yet: changes made now ride on it. */
  private next: Promise<void> | undefined;
  private tail: Promise<void> = Promise.resolve();
  private onDisk = false;

  private constructor(
    readonly dir: string,
    orphans: JournalEntry[],
    private readonly log: Logger | undefined,
  ) {
    this.orphans = orphans;
    for (const e of orphans) this.entries.set(e.id, e);
    this.onDisk = orphans.length > 0;
  }

  /**
   * Opens the journal in `dataDir`. An unreadable file is moved aside to JOURNAL_QUARANTINE and reported as a
   * typed kiosk/journal_corrupt error (info.quarantined); opening again then starts empty.
   */
  static open(dataDir: string, log?: Logger): ItemJournal {
    // A kill -9 mid-write can leave the temporary file; it never replaced the journal, so it holds nothing to keep.
    for (const name of readdirSync(dataDir))
      if (name.startsWith(`.${JOURNAL_FILE}.`) && name.endsWith('.tmp')) unlinkSync(join(dataDir, name));
    const path = join(dataDir, JOURNAL_FILE);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new ItemJournal(dataDir, [], log);
      throw new SelfcheckError('kiosk', 'journal_unreadable', 'kiosk journal cannot be read', undefined, {
        cause: err,
      });
    }
    try {
      return new ItemJournal(dataDir, parseJournal(text), log);
    } catch (err) {
      if (!isSelfcheckError(err, 'kiosk', 'journal_corrupt')) throw err;
      renameSync(path, join(dataDir, JOURNAL_QUARANTINE));
      fsyncDir(dataDir);
      throw new SelfcheckError('kiosk', 'journal_corrupt', err.message, { quarantined: JOURNAL_QUARANTINE }, err);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Copies of the entries now in the journal (tests and diagnostics). */
  list(): JournalEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e, uids: [...e.uids] }));
  }

  /** Records an operation about to be sent to the ILS; resolves once it is on disk (never rejects). */
  async begin(
    op: JournalOp,
    itemId: string,
    uids: readonly string[],
    now = Date.now(),
    txId?: string,
  ): Promise<JournalHandle> {
    const id = randomUUID();
    const at = new Date(now).toISOString();
    const entry: JournalEntry = { id, op, itemId, uids: [...uids], phase: 'ils-sent', at, ...(txId ? { txId } : {}) };
    this.entries.set(id, entry);
    await this.persist();
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      void this.remove(id);
    };
    return {
      answered: (ok) => {
        if (!ok) return end();
        if (ended) return;
        entry.phase = 'ils-done';
        void this.persist();
      },
      end,
    };
  }

  /** Deletes an entry; resolves once that is on disk. */
  remove(id: string): Promise<void> {
    if (!this.entries.delete(id)) return this.tail;
    return this.persist();
  }

  /** Resolves when every change made so far is on disk (stop hook, tests). */
  settled(): Promise<void> {
    return this.tail;
  }

  /** Resolves once the journal as it is now is on disk; writes are serialized and coalesced. */
  private persist(): Promise<void> {
    if (this.next) return this.next;
    const p = this.tail.then(() => {
      this.next = undefined;
      return this.write();
    });
    this.next = p;
    this.tail = p;
    return p;
  }

  /** Writes the journal; an empty journal is no file at all. Never rejects (logs layer/code). */
  private async write(): Promise<void> {
    const content = this.entries.size > 0 ? JSON.stringify({ v: 1, entries: [...this.entries.values()] }) : undefined;
    if (content === undefined && !this.onDisk) return;
    try {
      await writeFileDurablyAsync(this.dir, JOURNAL_FILE, content);
      this.onDisk = content !== undefined;
    } catch (err) {
      // A full or read-only disk must not stop checkouts: the journal is a safety net, so say so and go on.
      this.onDisk = true;
      this.log?.warn(
        { layer: 'kiosk', code: 'journal_write', errno: (err as NodeJS.ErrnoException).code },
        'kiosk journal write failed',
      );
    }
  }
}

function unlinkIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Retention for the quarantined copy (src/ops/station-ops.ts registers it): deleted after QUARANTINE_DAYS. */
export function purgeJournalQuarantine(dataDir: string, now = Date.now()): number {
  const path = join(dataDir, JOURNAL_QUARANTINE);
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st || now - st.mtimeMs <= QUARANTINE_DAYS * 86_400_000) return 0;
  unlinkIfThere(path);
  return 1;
}

/** Begins an entry in `journal` and waits for it to be on disk; a no-op handle without a journal. */
export function journalBegin(
  journal: ItemJournal | undefined,
  op: JournalOp,
  itemId: string,
  uids: readonly string[],
  txId?: string,
): Promise<JournalHandle> {
  return journal?.begin(op, itemId, uids, Date.now(), txId) ?? Promise.resolve(noHandle);
}
