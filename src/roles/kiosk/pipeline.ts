/**
 * The item pipeline of one session: inventories the pad continuously, reads and decodes each NEW tag, checks
 * sets, sends each item to the ILS (checkout/renew, or checkin in returns mode) and only after the ILS says yes
 * flips its security, addressed and read back. The reader and the SIP2 link are two one-at-a-time queues, so
 * while the ILS answers one item the next tags are read and the finished ones written: a stack of N items costs
 * close to N ILS round trips. One pipeline per session; dropping it drops every value it held.
 */
import { randomUUID } from 'node:crypto';
import { isReaderError, type Uid } from '../../rfid/reader.ts';
import { isSip2Error, type CirculationResult } from '../../sip2/ils.ts';
import { isSelfcheckError } from '../../errors.ts';
import { SerialQueue } from './serial-queue.ts';
import { readItem } from './read-item.ts';
import { writeParts } from './tag-security.ts';
import type { PipelineOptions } from './pipeline-options.ts';
import { checkinOutcome, checkoutRefusal } from './refusals.ts';
import type { KioskItemRow, KioskMessage } from './view.ts';
import { journalBegin, type JournalHandle } from './journal.ts';

export type { PipelineOptions, PipelinePatron } from './pipeline-options.ts';

interface Row extends KioskItemRow {
  itemId?: string;
}

interface PendingSet {
  row: Row;
  itemId: string;
  parts: number;
  uids: Map<number, Uid>;
  firstRound: number;
}

// Reader priorities: security writes first (they end an item), then reads, then inventory rounds.
const P_WRITE = 0;
const P_READ = 1;
const P_INVENTORY = 2;

export class ItemPipeline {
  private readonly rq = new SerialQueue();
  private readonly iq = new SerialQueue();
  private readonly seen = new Set<Uid>();
  private readonly rows: Row[] = [];
  private readonly sets = new Map<string, PendingSet>();
  private readonly inflight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private round = 0;
  private nextKey = 1;
  private wake: (() => void) | undefined;
  private offlineItems = 0;
  /** Offline checkouts' journal entries stay until the session ends: a crash before then is resolved at restart. */
  private readonly offlineOpen: JournalHandle[] = [];

  constructor(private readonly o: PipelineOptions) {}

  get itemsPending(): number {
    return this.rows.filter((r) => r.state === 'reading' || r.state === 'pending').length;
  }

  /** Rows for the view: copies without the item IDs. */
  view(): KioskItemRow[] {
    return this.rows.map(({ itemId: _id, ...row }) => ({ ...row }));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.inventoryLoop();
  }

  /** Stops reading new tags, gives up on incomplete sets, and waits for every item in flight to finish. */
  async drain(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.settle();
    for (const j of this.offlineOpen.splice(0)) j.end();
    // Parts read after the last round: a complete set still goes out; an incomplete one goes to the desk.
    this.checkSets(true);
    await this.settle();
  }

  private async inventoryLoop(): Promise<void> {
    while (this.running) {
      try {
        const tags = await this.rq.run(P_INVENTORY, () => this.o.reader.inventory());
        this.round++;
        for (const t of tags) if (!this.seen.has(t.uid)) this.onNewTag(t.uid);
        this.checkSets();
        await this.pause(this.inflight.size > 0 ? this.o.busyInventoryMs : this.o.idleInventoryMs);
      } catch (err) {
        this.noteError(err);
        await this.pause(this.o.errorBackoffMs);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private track(p: Promise<void>): void {
    const q = p.catch((err: unknown) => this.noteError(err)).finally(() => this.inflight.delete(q));
    this.inflight.add(q);
  }

  private onNewTag(uid: Uid): void {
    this.seen.add(uid);
    this.o.onActivity();
    this.track(this.handleTag(uid));
  }

  private addRow(): Row {
    const row: Row = { key: `r${this.nextKey++}`, state: 'reading' };
    this.rows.push(row);
    return row;
  }

  private update(row: Row, patch: Partial<Row>): void {
    Object.assign(row, patch);
    this.o.onChange();
  }

  private async handleTag(uid: Uid): Promise<void> {
    let data;
    try {
      data = await this.rq.run(P_READ, () => readItem(this.o.reader, uid, this.o.decode, this.o.readBlocks));
    } catch (err) {
      this.noteError(err);
      if (isReaderError(err)) {
        // The tag left the field or the air was noisy: forget it so the next round that sees it tries again.
        this.seen.delete(uid);
        return;
      }
      const row = this.addRow();
      this.update(row, { state: 'error', message: { key: 'item.tagUnreadable' }, seeStaff: true });
      return;
    }
    if (data.partsInItem > 1) {
      const key = `${data.ownerLibrary ?? ''}/${data.primaryItemId}`;
      let set = this.sets.get(key);
      if (!set) {
        const row = this.addRow();
        set = { row, itemId: data.primaryItemId, parts: data.partsInItem, uids: new Map(), firstRound: this.round };
        this.sets.set(key, set);
        this.o.onChange();
      }
      set.uids.set(data.partNumber, uid);
      return; // the next inventory round's checkSets() sends it on once complete
    }
    const row = this.addRow();
    if (this.rows.length > this.o.maxItems) {
      this.update(row, { state: 'refused', message: { key: 'item.limitSession', params: { max: this.o.maxItems } } });
      return;
    }
    this.o.onChange();
    await this.process(row, data.primaryItemId, [uid]);
  }

  private async settle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  private checkSets(final = false): void {
    for (const [key, set] of this.sets) {
      const complete = set.uids.size >= set.parts && [...Array(set.parts).keys()].every((i) => set.uids.has(i + 1));
      if (complete) {
        this.sets.delete(key);
        this.track(this.process(set.row, set.itemId, [...set.uids.values()]));
      } else if (final || this.round - set.firstRound >= this.o.setRounds) {
        this.sets.delete(key);
        this.setIncomplete(set);
      }
    }
  }

  private setIncomplete(set: PendingSet): void {
    const message: KioskMessage = { key: 'item.setIncomplete', params: { parts: set.parts, present: set.uids.size } };
    this.update(set.row, { state: 'staff', message, seeStaff: true });
  }

  private async process(row: Row, itemId: string, uids: Uid[]): Promise<void> {
    this.update(row, { state: 'pending', itemId });
    if (this.o.mode === 'returns') return this.processReturn(row, itemId, uids);
    const patron = this.o.patron;
    if (!patron) throw new Error('checkout pipeline without a patron');
    const renew = patron.charged.has(itemId);
    const type = renew ? 'renewal' : 'checkout';
    if (this.o.offline?.session) return this.processOffline(row, itemId, uids, patron.id);
    const j = await journalBegin(this.o.journal, type, itemId, uids);
    let res: CirculationResult;
    try {
      res = await this.iq.run(0, () =>
        renew
          ? this.o.ils.renew(patron.id, itemId, { pin: patron.pin })
          : this.o.ils.checkout(patron.id, itemId, { pin: patron.pin, renewalAllowed: true }),
      );
    } catch (err) {
      j.end(); // reported to the patron below (see staff), or recorded in the offline queue instead
      // Not sent at all (not connected): safe to record offline; a timeout might have been applied, so never then.
      if (!renew && isSip2Error(err, 'offline') && this.o.offline?.sink.available()) {
        this.noteError(err);
        return this.processOffline(row, itemId, uids, patron.id);
      }
      this.ilsFailed(row, err, type);
      return;
    }
    const action = renew || res.renewalOk ? 'renewal' : 'checkout';
    j.answered(res.ok);
    if (!res.ok) {
      const out = checkoutRefusal(res);
      this.o.events.emit({ type: action, result: 'refused', reason: out.message.key });
      this.update(row, { state: 'refused', action, title: res.title, message: out.message, seeStaff: out.seeStaff });
      return;
    }
    this.o.events.emit({ type: action, result: 'ok' });
    const due = dueFields(res);
    const written = await this.secure(uids, false);
    if (written.length < uids.length) {
      // Security must follow the ILS: undo a fresh checkout (not a renewal: the patron already had it).
      if (action === 'checkout') await this.undo(itemId, written);
      j.end();
      this.update(row, {
        state: 'staff',
        action,
        title: res.title,
        message: { key: 'item.securityFailed' },
        seeStaff: true,
      });
      return;
    }
    j.end();
    const key = action === 'renewal' ? 'item.renewed' : 'item.checkedOut';
    const message: KioskMessage = { key, params: { dueDate: due.dueDate ?? due.dueDateText ?? '' } };
    this.update(row, { state: 'ok', action, title: res.title, ...due, message });
  }

  /**
   * An offline checkout: recorded durably (sealed twice) first, then the security flipped as online; a failed
   * write takes the entry back, so what the library receives is exactly what left unsecured.
   */
  private async processOffline(row: Row, itemId: string, uids: Uid[], patronId: string): Promise<void> {
    const sink = this.o.offline!.sink;
    if (this.offlineItems >= sink.maxItems) {
      this.update(row, { state: 'refused', message: { key: 'item.limitSession', params: { max: sink.maxItems } } });
      return;
    }
    this.offlineItems++;
    const now = this.o.now?.() ?? Date.now();
    // Journaled before it is recorded: after a crash, recovery takes back an entry whose item is still on the pad.
    const txId = randomUUID();
    const j = await journalBegin(this.o.journal, 'offline', itemId, uids, txId);
    try {
      sink.record(patronId, itemId, now, txId);
    } catch (err) {
      j.end();
      this.offlineItems--;
      this.noteError(err);
      this.o.events.emit({ type: 'checkout', result: 'error', reason: 'offline_queue' });
      this.update(row, { state: 'error', message: { key: 'item.error' }, seeStaff: true });
      return;
    }
    const written = await this.secure(uids, false);
    if (written.length < uids.length) {
      this.offlineItems--;
      try {
        sink.cancel(txId);
      } catch (err) {
        this.noteError(err);
      }
      if (written.length > 0) await this.secure(written, true);
      j.end();
      this.o.events.emit({ type: 'checkout', result: 'error', reason: 'security_failed' });
      this.update(row, { state: 'staff', action: 'checkout', message: { key: 'item.securityFailed' }, seeStaff: true });
      return;
    }
    // Kept open until drain(): the patron may not have seen the result, and the restarted station cannot forward it.
    this.offlineOpen.push(j);
    sink.commit?.(txId);
    this.o.events.emit({ type: 'checkout', result: 'offline' });
    const dueDate = sink.dueDate(now).toISOString();
    this.update(row, {
      state: 'ok',
      action: 'checkout',
      dueDate,
      message: { key: 'item.checkedOutOffline', params: { dueDate } },
    });
  }

  private async processReturn(row: Row, itemId: string, uids: Uid[]): Promise<void> {
    const j = await journalBegin(this.o.journal, 'checkin', itemId, uids);
    let res;
    try {
      res = await this.iq.run(0, () => this.o.ils.checkin(itemId));
    } catch (err) {
      j.end();
      this.ilsFailed(row, err, 'checkin');
      return;
    }
    const { state, outcome } = checkinOutcome(res);
    this.o.events.emit({
      type: 'checkin',
      result: state === 'refused' ? 'refused' : 'ok',
      ...(state === 'refused' ? { reason: outcome.message.key } : {}),
      routedToStaff: state === 'staff',
    });
    j.answered(state !== 'refused');
    if (state === 'refused') {
      this.update(row, { state, action: 'checkin', title: res.title, ...outcome });
      return;
    }
    const written = await this.secure(uids, true);
    j.end();
    if (written.length < uids.length) {
      this.update(row, {
        state: 'staff',
        action: 'checkin',
        title: res.title,
        message: { key: 'item.securityFailed' },
        seeStaff: true,
      });
      return;
    }
    this.update(row, { state, action: 'checkin', title: res.title, ...outcome });
  }

  /** Writes every part at the reader's write priority (tag-security.ts); returns the UIDs written. */
  private secure(uids: Uid[], secured: boolean): Promise<Uid[]> {
    return writeParts(
      {
        reader: this.o.reader,
        security: this.o.security,
        events: this.o.events,
        run: (fn) => this.rq.run(P_WRITE, fn),
        onFailure: (reason, err) => {
          if (err !== undefined) this.noteError(err);
          this.o.onError('reader', `security_${reason}`);
        },
      },
      uids,
      secured,
    );
  }

  /** Undoes a checkout whose tag could not be unsecured: checkin, and re-secure any part already written. */
  private async undo(itemId: string, written: Uid[]): Promise<void> {
    try {
      await this.iq.run(0, () => this.o.ils.checkin(itemId));
      this.o.events.emit({ type: 'checkin', result: 'ok', reason: 'undo_security' });
    } catch (err) {
      this.noteError(err);
      this.o.events.emit({ type: 'checkin', result: 'error', reason: 'undo_security' });
    }
    if (written.length > 0) await this.secure(written, true);
  }

  private ilsFailed(row: Row, err: unknown, type: 'checkout' | 'renewal' | 'checkin'): void {
    this.noteError(err);
    const offline = isSip2Error(err, 'offline') || isSip2Error(err, 'closed');
    this.o.events.emit({ type, result: 'error', reason: isSelfcheckError(err) ? err.code : 'unknown' });
    this.update(row, { state: 'error', message: { key: offline ? 'ils.offline' : 'item.error' }, seeStaff: true });
  }

  private noteError(err: unknown): void {
    const layer = isSelfcheckError(err) ? err.layer : 'kiosk';
    const code = isSelfcheckError(err) ? err.code : 'unexpected';
    // Layer and code only: error details can hold item IDs, which link a patron to what they borrowed.
    this.o.log.warn({ layer, code }, 'kiosk item step failed');
    this.o.onError(layer, code);
  }
}

function dueFields(res: CirculationResult): { dueDate?: string; dueDateText?: string } {
  if (res.dueDateParsed && !Number.isNaN(res.dueDateParsed.getTime()))
    return { dueDate: res.dueDateParsed.toISOString() };
  if (res.dueDate) return { dueDateText: res.dueDate };
  return {};
}
