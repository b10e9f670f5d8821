/**
 * The inventory use case for the staff pages: a shelf list, one reading session at a time (live reads from the
 * handheld, or a file of reads uploaded from a handheld that stores them), hunt mode, ILS status checks, the analysis,
 * one-tap re-secure, and saved results. Reads are item-level only; nothing about patrons exists here.
 */
import { EventEmitter } from 'node:events';
import type { Ils } from '../../sip2/ils.ts';
import type { Reader } from '../../rfid/reader.ts';
import { readSecurity, type SecurityModel } from '../../rfid/security.ts';
import { SelfcheckError } from '../../errors.ts';
import { ShelfList } from './shelflist.ts';
import { InventorySession, type Decoder, type ReadOutcome, type TagRead } from './session.ts';
import { ShelfAnalyzer, type Analysis } from './analysis.ts';
import { ItemStatusCache } from './status.ts';
import type { InventoryStore } from './store.ts';
import type { Scheme } from './callnumber.ts';

export interface InventoryDeps {
  ils: Ils;
  store: InventoryStore;
  decode: Decoder;
  scheme: Scheme;
  tolerance: number;
  /** Re-secures one tag (addressed, read back); absent when the reader cannot write. */
  resecure?: (uid: string) => Promise<{ ok: true } | { ok: false; reason: string }>;
  statusPerSecond?: number;
}

export interface LiveReadOptions {
  security: SecurityModel;
  exclusive?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Pause between inventory rounds (ms). */
  idleMs?: number;
  /** After each round, with the number of tags it saw. */
  onRound?: (tags: number) => void;
}

/** One new tag read in full: user memory for the decoder, and its security state per the library's model. */
async function readTag(reader: Reader, uid: string, dsfid: number, model: SecurityModel): Promise<TagRead> {
  const info = await reader.systemInfo(uid);
  const bytes = await reader.readBlocks(uid, 0, info.blockCount ?? 28);
  let secured: boolean | undefined;
  if (model.mode === 'afi')
    secured = info.afi === model.afiSecured ? true : info.afi === model.afiCheckedOut ? false : undefined;
  else secured = (await readSecurity(reader, uid, model)).secured;
  return { uid, bytes, dsfid: info.dsfid ?? dsfid, ...(secured === undefined ? {} : { secured }) };
}

export interface InventoryStatus {
  shelfListSize: number;
  active: boolean;
  location: string | undefined;
  reads: number;
  duplicates: number;
  items: number;
  unreadable: number;
  huntList: number;
  huntHits: string[];
  pendingStatusChecks: number;
}

export class InventoryController extends EventEmitter {
  private shelf: ShelfList;
  private analyzer: ShelfAnalyzer;
  private session: InventorySession | undefined;
  private readonly status: ItemStatusCache;
  private huntList: string[] = [];

  constructor(private readonly deps: InventoryDeps) {
    super();
    this.shelf = new ShelfList(deps.scheme);
    this.analyzer = new ShelfAnalyzer(this.shelf);
    this.status = new ItemStatusCache(deps.ils, { perSecond: deps.statusPerSecond ?? 5, ttlMs: 10 * 60_000 });
  }

  get store(): InventoryStore {
    return this.deps.store;
  }

  loadShelfList(csv: string): number {
    this.shelf = ShelfList.fromCsv(csv, this.deps.scheme);
    this.analyzer = new ShelfAnalyzer(this.shelf);
    return this.shelf.size;
  }

  start(location?: string): void {
    this.session = new InventorySession(this.deps.decode, location || undefined);
    this.session.setHuntList(this.huntList);
    this.emit('status', this.statusView());
  }

  setHuntList(ids: string[]): void {
    this.huntList = ids.map((s) => s.trim()).filter(Boolean);
    this.session?.setHuntList(this.huntList);
  }

  ingest(read: TagRead): ReadOutcome {
    if (!this.session) this.start();
    const out = this.session!.ingest(read);
    if (out.kind === 'new') {
      this.status.get(out.itemId);
      this.emit('read', { itemId: out.itemId, hunted: out.hunted });
      if (out.hunted) this.emit('hunt', { itemId: out.itemId });
    }
    return out;
  }

  /** A file of reads from a handheld: one per line, `uid,itemId` or `uid,hex:<tag memory>` (a header line is skipped). */
  ingestFile(text: string): { lines: number; items: number; rejected: number } {
    let lines = 0;
    let rejected = 0;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || /^uid\b/i.test(line)) continue;
      lines++;
      const [uid, value] = line.split(',').map((s) => s.trim());
      if (!uid || !value) {
        rejected++;
        continue;
      }
      const read: TagRead = value.startsWith('hex:')
        ? { uid, bytes: Buffer.from(value.slice(4), 'hex') }
        : { uid, itemId: value };
      if (this.ingest(read).kind === 'unreadable') rejected++;
    }
    return { lines, items: this.session?.order.length ?? 0, rejected };
  }

  analyze(): Analysis {
    if (!this.session) throw new SelfcheckError('staff', 'no_session', 'no inventory session: start one first');
    return this.analyzer.analyze(this.session, this.deps.tolerance, this.status.statuses());
  }

  finish(): { id: string; analysis: Analysis } {
    const analysis = this.analyze();
    const id = this.deps.store.save(analysis);
    this.session = undefined;
    this.emit('status', this.statusView());
    return { id, analysis };
  }

  async resecure(itemId: string): Promise<{ ok: true } | { ok: false; reason: string }> {
    const uid = this.session?.uidOf.get(itemId);
    if (!uid) return { ok: false, reason: 'this item was not read in the current session' };
    if (!this.deps.resecure) return { ok: false, reason: 'this reader cannot write tags' };
    const r = await this.deps.resecure(uid);
    if (r.ok) this.session!.unsecured.delete(itemId);
    return r;
  }

  statusView(): InventoryStatus {
    const s = this.session;
    return {
      shelfListSize: this.shelf.size,
      active: s !== undefined,
      location: s?.location,
      reads: s?.reads ?? 0,
      duplicates: s?.duplicates ?? 0,
      items: s?.order.length ?? 0,
      unreadable: s?.unreadable.size ?? 0,
      huntList: this.huntList.length,
      huntHits: s?.huntHits ?? [],
      pendingStatusChecks: this.status.pending,
    };
  }

  /**
   * Live reads from a handheld reader until stopped: inventory rounds back to back; a tag seen for the first time is
   * read once (system info, user memory, security state) and decoded; later sightings count as duplicate reads.
   * A tag that fails mid-read (left the field) is tried again on its next sighting. `exclusive` serialises reader
   * use with re-secure writes (one command at a time on the one reader).
   */
  async runReader(reader: Reader, signal: AbortSignal, opts: LiveReadOptions): Promise<void> {
    const known = new Set<string>();
    const exclusive = opts.exclusive ?? (<T>(fn: () => Promise<T>) => fn());
    let failures = 0;
    while (!signal.aborted) {
      try {
        const tags = await exclusive(() => reader.inventory({}));
        for (const tag of tags) {
          if (signal.aborted) break;
          if (known.has(tag.uid)) {
            this.ingest({ uid: tag.uid });
            continue;
          }
          const read = await exclusive(() => readTag(reader, tag.uid, tag.dsfid, opts.security)).catch(
            (err: unknown) => {
              this.emit('reader_error', err);
              return undefined;
            },
          );
          if (!read) continue;
          known.add(tag.uid);
          this.ingest(read);
        }
        opts.onRound?.(tags.length);
        failures = 0;
      } catch (err) {
        this.emit('reader_error', err);
        failures = Math.min(failures + 1, 10);
      }
      // Let HTTP and timers run between rounds (a virtual-time reader never waits), and back off while it fails.
      await new Promise((r) => setTimeout(r, failures ? 100 * failures : (opts.idleMs ?? 5)));
    }
  }

  close(): void {
    this.status.close();
  }
}
