/**
 * The inventory use case for the staff pages: a shelf list, one reading session at a time (live reads from the
 * handheld, or a file of reads uploaded from a handheld that stores them), hunt mode, ILS status checks, the analysis,
 * one-tap re-secure, and saved results. Reads are item-level only; nothing about patrons exists here.
 */
import { EventEmitter } from 'node:events';
import type { Ils } from '../../sip2/ils.ts';
import type { Reader } from '../../rfid/reader.ts';
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

  /** Live reads from a handheld reader until stopped: new tags are read, decoded and checked for security. */
  async runReader(
    reader: Reader,
    isSecured: (uid: string) => Promise<boolean | undefined>,
    signal: AbortSignal,
  ): Promise<void> {
    const known = new Set<string>();
    while (!signal.aborted) {
      try {
        for (const tag of await reader.inventory({})) {
          if (known.has(tag.uid)) {
            this.ingest({ uid: tag.uid });
            continue;
          }
          const info = await reader.systemInfo(tag.uid);
          const bytes = await reader.readBlocks(tag.uid, 0, info.blockCount ?? 28);
          const secured = await isSecured(tag.uid);
          known.add(tag.uid);
          this.ingest({ uid: tag.uid, bytes, ...(secured === undefined ? {} : { secured }) });
        }
      } catch (err) {
        this.emit('reader_error', err instanceof Error ? err.message : String(err));
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  close(): void {
    this.status.close();
  }
}
