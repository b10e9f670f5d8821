/**
 * Forwards this run's offline checkouts to the ILS when it comes back: SIP2 11 with no-block Y, the no-block due
 * date and the original transaction time (sip2-facts.md quirk 7; Koha honours no_block_due_date). Forwarding comes
 * before any other ILS traffic of the kiosk: the kiosk's ILS is gated (ils-gate.ts) on `settled()`, so a new session's
 * requests wait for a pass in progress (bounded). Oldest first, one at a time.
 * An entry is marked `forwarding` before it is sent and deleted when the ILS confirms; if the process dies in between,
 * the next attempt first asks the ILS (17) whether the item is already charged, so a transaction is never applied twice.
 */
import type { Logger } from '../log/index.ts';
import type { Ils } from '../sip2/ils.ts';
import { toError } from '../errors.ts';
import type { OfflineQueue, QueueEntry } from './queue.ts';
import { refusalReason } from './refusal-reason.ts';

export interface ForwardResult {
  forwarded: number;
  alreadyApplied: number;
  refused: number;
  /** Entries sealed by an earlier run: only staff can recover them (`selfcheck offline recover`). */
  notOurs: number;
  failed: number;
}

/** What a staff retry of a refused entry came to. */
export type RetryOutcome = 'forwarded' | 'refused' | 'waiting' | 'not_found' | 'not_refused' | 'not_ours';

export class OfflineForwarder {
  private running: Promise<ForwardResult> | undefined;

  constructor(
    private readonly queue: OfflineQueue,
    private readonly ils: Ils,
    private readonly log: Logger,
    private readonly onChange: () => void = () => {},
  ) {}

  /** Entries of this run still to send (queued, or interrupted mid-send); refused ones wait for staff. */
  waiting(): number {
    return this.queue.list().entries.filter((e) => e.keyId === this.queue.keyId && e.state !== 'refused').length;
  }

  /** A pass is in progress. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Resolves when no pass is in progress (true), or after `ms` with one still running (false): a stuck ILS request
   * must not freeze whoever waits.
   */
  async settled(ms: number): Promise<boolean> {
    const running = this.running;
    if (!running) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([
        running.then(
          () => true,
          () => true,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Staff asked to send a refused entry again (after settling it in the ILS): it goes back to the queue and a pass
   * runs. Only entries this run sealed can be sent; others are exported for `selfcheck offline recover`.
   */
  async retry(txId: string): Promise<RetryOutcome> {
    const find = (): QueueEntry | undefined => this.queue.list().entries.find((e) => e.txId === txId);
    const entry = find();
    if (!entry) return 'not_found';
    if (entry.state !== 'refused') return 'not_refused';
    if (entry.keyId !== this.queue.keyId) return 'not_ours';
    this.queue.setState(entry, 'queued');
    // A pass already running listed the queue before this entry was queued again: a second pass picks it up.
    for (let i = 0; i < 2 && this.ils.online; i++) {
      await this.drain();
      const now = find();
      if (!now) return 'forwarded';
      if (now.state === 'refused') return 'refused';
    }
    return 'waiting';
  }

  /** Forwards everything this run can; concurrent calls share one pass. */
  drain(): Promise<ForwardResult> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
      this.onChange();
    });
    return this.running;
  }

  private async pass(): Promise<ForwardResult> {
    const result: ForwardResult = { forwarded: 0, alreadyApplied: 0, refused: 0, notOurs: 0, failed: 0 };
    for (const entry of this.queue.list().entries) {
      if (!this.ils.online) break;
      const tx = this.queue.openLocal(entry);
      if (!tx) {
        result.notOurs++;
        continue;
      }
      if (entry.state === 'refused' || this.queue.isHeld(entry.txId)) continue;
      // Taken back (tag write failed) or handled by staff since the listing: never send it.
      if (!this.queue.has(entry.txId)) continue;
      try {
        if (entry.state === 'forwarding' && (await this.alreadyCharged(tx.itemId))) {
          this.queue.remove(entry.txId);
          result.alreadyApplied++;
          continue;
        }
        const marked: QueueEntry = this.queue.setState(entry, 'forwarding');
        const res = await this.ils.checkout(tx.patronId, tx.itemId, {
          noBlock: true,
          nbDueDate: new Date(tx.nbDueDate),
          transactionDate: new Date(tx.transactionDate),
        });
        if (res.ok) {
          this.queue.remove(entry.txId);
          result.forwarded++;
        } else {
          // The ILS refused even a no-block checkout: staff must settle it (staff page); the patron stays sealed.
          this.queue.setState(marked, 'refused', {
            itemId: tx.itemId,
            reason: refusalReason(res.screenMessages),
            at: new Date().toISOString(),
          });
          result.refused++;
        }
      } catch (err) {
        result.failed++;
        this.log.warn({ err: toError(err), txId: entry.txId }, 'offline forward failed; will retry');
        break;
      }
    }
    if (result.forwarded || result.refused || result.failed || result.alreadyApplied)
      this.log.info({ ...result }, 'offline queue forwarded');
    return result;
  }

  private async alreadyCharged(itemId: string): Promise<boolean> {
    const info = await this.ils.itemInfo(itemId);
    return info.circulationStatus === '04' || info.circulationStatus === '05';
  }
}
