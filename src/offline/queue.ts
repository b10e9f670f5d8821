/**
 * The offline queue: one file per transaction under <dataDir>/offline, written atomically (temporary file, fsync,
 * rename, fsync of the directory), so a kill -9 or a power cut leaves either the whole entry or none.
 * Each file holds only sealed data plus its transaction id, creation time and state (see seal.ts).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { SelfcheckError } from '../errors.ts';
import { fsyncDir, writeFileDurably } from '../durable-file.ts';
import { type GcmBox, type ProcessKey, type StaffBox, openAsStaff, sealToStaff } from './seal.ts';

/** What is sealed: everything needed to replay the checkout as SIP2 11 with no-block Y. */
export interface OfflineTransaction {
  txId: string;
  patronId: string;
  itemId: string;
  /** ISO times: when the patron took the item, and the fixed offline due date. */
  transactionDate: string;
  nbDueDate: string;
  stationId: string;
}

export type EntryState = 'queued' | 'forwarding' | 'refused';

/**
 * Why the ILS refused a forwarded entry, kept in the clear for the staff page: the item ID, a reason code
 * (refusal-reason.ts, never the ILS's own text, which may name a patron) and the time. The patron stays sealed.
 */
export interface Refusal {
  itemId: string;
  reason: string;
  at: string;
}

export interface QueueEntry {
  v: 1;
  txId: string;
  createdAt: string;
  state: EntryState;
  /** Id of the process key that sealed `local`; another run cannot open it. */
  keyId: string;
  local: GcmBox;
  staff: StaffBox;
  /** Only on a refused entry. */
  refusal?: Refusal;
}

function isEntry(x: unknown): x is QueueEntry {
  const e = x as QueueEntry;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.v === 1 &&
    typeof e.txId === 'string' &&
    /^[0-9a-f-]{36}$/.test(e.txId) &&
    typeof e.createdAt === 'string' &&
    typeof e.keyId === 'string' &&
    typeof e.local?.ct === 'string' &&
    typeof e.staff?.epk === 'string' &&
    (e.refusal === undefined ||
      (typeof e.refusal.itemId === 'string' &&
        typeof e.refusal.reason === 'string' &&
        typeof e.refusal.at === 'string'))
  );
}

export class OfflineQueue {
  readonly dir: string;
  private readonly processKey: ProcessKey;
  private readonly publicKey: KeyObject;

  constructor(dataDir: string, processKey: ProcessKey, publicKey: KeyObject) {
    this.dir = join(dataDir, 'offline');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // A kill -9 mid-write can leave a temporary file; it never became an entry, so it holds nothing to keep.
    for (const name of readdirSync(this.dir))
      if (name.startsWith('.') && name.endsWith('.tmp')) unlinkSync(join(this.dir, name));
    this.processKey = processKey;
    this.publicKey = publicKey;
  }

  /**
   * Seals and stores one checkout; returns its transaction id once it is on disk (`tx.txId` when the caller
   * journaled the ID first: the kiosk crash journal).
   */
  add(tx: Omit<OfflineTransaction, 'txId'> & { txId?: string }, now = new Date()): string {
    const txId = tx.txId ?? randomUUID();
    const plain = Buffer.from(JSON.stringify({ ...tx, txId } satisfies OfflineTransaction));
    const aad = Buffer.from(txId);
    const entry: QueueEntry = {
      v: 1,
      txId,
      createdAt: now.toISOString(),
      state: 'queued',
      keyId: this.processKey.id,
      local: this.processKey.seal(plain, aad),
      staff: sealToStaff(this.publicKey, plain, aad),
    };
    plain.fill(0);
    writeFileDurably(this.dir, `${txId}.json`, JSON.stringify(entry));
    return txId;
  }

  /** Every readable entry, oldest first; unreadable files are reported in `corrupt`, never silently dropped. */
  list(): { entries: QueueEntry[]; corrupt: string[] } {
    return readQueueDir(this.dir);
  }

  /** Rewrites an entry's state; a refusal is kept only with the 'refused' state. */
  setState(entry: QueueEntry, state: EntryState, refusal?: Refusal): QueueEntry {
    const { refusal: _old, ...rest } = entry;
    const next: QueueEntry = state === 'refused' && refusal ? { ...rest, state, refusal } : { ...rest, state };
    writeFileDurably(this.dir, `${entry.txId}.json`, JSON.stringify(next));
    return next;
  }

  /** Deletes an entry once the ILS has confirmed it. */
  remove(txId: string): void {
    this.held.delete(txId);
    removeQueueEntry(this.dir, txId);
  }

  /** The entry's file is still there (staff or the kiosk may have removed it since a listing). */
  has(txId: string): boolean {
    return existsSync(join(this.dir, `${txId}.json`));
  }

  /**
   * Held entries are not forwarded: the kiosk holds an entry from record until its tag write ended, so an entry
   * whose item could not be unsecured is taken back before the ILS ever sees it. In memory: a restart loses the
   * process key anyway, and with it this run's right to forward.
   */
  private readonly held = new Set<string>();

  hold(txId: string): void {
    this.held.add(txId);
  }

  release(txId: string): void {
    this.held.delete(txId);
  }

  isHeld(txId: string): boolean {
    return this.held.has(txId);
  }

  /** Id of this run's process key: entries with another keyId were sealed by an earlier run. */
  get keyId(): string {
    return this.processKey.id;
  }

  /** Opens an entry sealed by this process run; undefined when another run sealed it (only staff can open it now). */
  openLocal(entry: QueueEntry): OfflineTransaction | undefined {
    if (entry.keyId !== this.processKey.id) return undefined;
    return JSON.parse(
      this.processKey.open(entry.local, Buffer.from(entry.txId)).toString('utf8'),
    ) as OfflineTransaction;
  }

  depth(now = Date.now()): { depth: number; oldestAgeSeconds: number } {
    return queueDirDepth(this.dir, now);
  }

  /** Retention: deletes entries older than `days` (staff are alerted long before, at offline.maxAgeDays). */
  purgeOlderThan(days: number, now = Date.now()): number {
    return purgeQueueDir(this.dir, days, now);
  }
}

/** Depth and oldest entry's age of a queue folder (metrics and the audit need no key for this). */
export function queueDirDepth(dir: string, now = Date.now()): { depth: number; oldestAgeSeconds: number } {
  const { entries } = readQueueDir(dir);
  const oldest = entries[0] ? Date.parse(entries[0].createdAt) : now;
  return { depth: entries.length, oldestAgeSeconds: Math.max(0, Math.round((now - oldest) / 1000)) };
}

/**
 * Retention on a queue folder: deletes entries older than `days`, whatever their state (queued, forwarding, refused),
 * and unreadable files by their modification time, so nothing outlives the limit; returns how many.
 */
export function purgeQueueDir(dir: string, days: number, now = Date.now()): number {
  const limit = days * 86_400_000;
  let n = 0;
  const { entries, corrupt } = readQueueDir(dir);
  for (const e of entries) {
    // A createdAt that is not a date falls back to the file's time, so such an entry cannot outlive the limit either.
    const parsed = Date.parse(e.createdAt);
    const created = Number.isNaN(parsed) ? statSync(join(dir, `${e.txId}.json`)).mtimeMs : parsed;
    if (now - created > limit) {
      removeQueueEntry(dir, e.txId);
      n++;
    }
  }
  for (const name of corrupt) {
    const file = join(dir, name);
    if (now - statSync(file).mtimeMs > limit) {
      unlinkSync(file);
      fsyncDir(dir);
      n++;
    }
  }
  return n;
}

/** Deletes one entry of a queue folder (durably); missing is fine. */
export function removeQueueEntry(dir: string, txId: string): void {
  try {
    unlinkSync(join(dir, `${txId}.json`));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fsyncDir(dir);
}

/** Reads a queue folder (the station's, or a copy on a staff machine). */
export function readQueueDir(dir: string): { entries: QueueEntry[]; corrupt: string[] } {
  const entries: QueueEntry[] = [];
  const corrupt: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      if (isEntry(parsed) && `${parsed.txId}.json` === name) entries.push(parsed);
      else corrupt.push(name);
    } catch {
      corrupt.push(name);
    }
  }
  entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { entries, corrupt };
}

/** Staff side (`selfcheck offline recover`): opens entries with the library's private key. */
export function recoverEntry(privateKey: KeyObject, entry: QueueEntry): OfflineTransaction {
  const tx = JSON.parse(
    openAsStaff(privateKey, entry.staff, Buffer.from(entry.txId)).toString('utf8'),
  ) as OfflineTransaction;
  if (tx.txId !== entry.txId)
    throw new SelfcheckError('offline', 'tampered', `entry ${entry.txId} holds another transaction id`);
  return tx;
}
