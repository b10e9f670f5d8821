/**
 * The staff side of the offline queue on the station (the staff page, behind staff login): the entries staff must
 * handle, without patron data. That is entries the ILS refused when forwarded (transaction ID, item ID, reason code,
 * times) and entries an earlier run sealed, which this run cannot open (transaction ID and time only). Staff can
 * retry a refused entry of this run, or export any of them (the sealed file as is, for `selfcheck offline recover`
 * on the staff machine with the library's private key) and then delete it. A delete before an export is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SelfcheckError } from '../errors.ts';
import type { RetryOutcome } from './forwarder.ts';
import { readQueueDir, removeQueueEntry, type QueueEntry } from './queue.ts';

export interface DeskEntry {
  txId: string;
  /** 'refused': the ILS refused it when forwarded; 'earlier_run': sealed before a restart, only staff can recover it. */
  kind: 'refused' | 'earlier_run';
  createdAt: string;
  itemId?: string;
  reason?: string;
  refusedAt?: string;
  retryable: boolean;
  exported: boolean;
}

export interface DeskView {
  entries: DeskEntry[];
  /** Entries of this run the station forwards by itself when the ILS is up. */
  waiting: number;
  corrupt: number;
  /** Times a kiosk request stopped waiting for a forwarding pass since start (offline.forwardWaitSeconds). */
  forwardWaitTimeouts: number;
}

export interface DeskLive {
  keyId: string;
  retry(txId: string): Promise<RetryOutcome>;
  forwardWaitTimeouts(): number;
}

const TX_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class OfflineDesk {
  private readonly exported = new Set<string>();

  constructor(
    readonly dir: string,
    private readonly live: DeskLive,
  ) {}

  view(): DeskView {
    const { entries, corrupt } = readQueueDir(this.dir);
    const out: DeskEntry[] = [];
    let waiting = 0;
    for (const e of entries) {
      const ours = e.keyId === this.live.keyId;
      if (e.state !== 'refused' && ours) {
        waiting++;
        continue;
      }
      out.push({
        txId: e.txId,
        kind: e.state === 'refused' ? 'refused' : 'earlier_run',
        createdAt: e.createdAt,
        ...(e.refusal ? { itemId: e.refusal.itemId, reason: e.refusal.reason, refusedAt: e.refusal.at } : {}),
        retryable: e.state === 'refused' && ours,
        exported: this.exported.has(e.txId),
      });
    }
    for (const txId of this.exported) if (!entries.some((e) => e.txId === txId)) this.exported.delete(txId);
    return { entries: out, waiting, corrupt: corrupt.length, forwardWaitTimeouts: this.live.forwardWaitTimeouts() };
  }

  retry(txId: string): Promise<RetryOutcome> {
    return this.live.retry(checkTxId(txId));
  }

  /** The sealed entry file exactly as stored (it holds no readable patron value), named as recover expects. */
  export(txId: string): { filename: string; body: string } {
    const entry = this.staffEntry(txId);
    const filename = `${entry.txId}.json`;
    const body = readFileSync(join(this.dir, filename), 'utf8');
    this.exported.add(entry.txId);
    return { filename, body };
  }

  /** Deletes an entry staff exported first (from this station's page, since the service started). */
  remove(txId: string): void {
    const entry = this.staffEntry(txId);
    if (!this.exported.has(entry.txId))
      throw new SelfcheckError('offline', 'not_exported', 'export the entry for the ILS before deleting it');
    removeQueueEntry(this.dir, entry.txId);
    this.exported.delete(entry.txId);
  }

  /** An entry staff may export or delete: refused, or sealed by an earlier run (this run forwards its own). */
  private staffEntry(txId: string): QueueEntry {
    const id = checkTxId(txId);
    const entry = readQueueDir(this.dir).entries.find((e) => e.txId === id);
    if (!entry) throw new SelfcheckError('offline', 'not_found', 'no such offline entry');
    if (entry.state !== 'refused' && entry.keyId === this.live.keyId)
      throw new SelfcheckError('offline', 'not_for_staff', 'the station forwards this entry itself');
    return entry;
  }
}

function checkTxId(txId: string): string {
  if (!TX_ID.test(txId)) throw new SelfcheckError('offline', 'bad_tx_id', 'not a transaction ID');
  return txId;
}

let active: OfflineDesk | undefined;

/** The running kiosk's desk (the staff routes reach it here); undefined when offline checkout is off. */
export function getOfflineDesk(): OfflineDesk | undefined {
  return active;
}

export function setOfflineDesk(desk: OfflineDesk | undefined, only?: OfflineDesk): void {
  if (only === undefined || active === only) active = desk;
}
