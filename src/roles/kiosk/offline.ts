/**
 * Offline checkout for the kiosk (issue 7): when the ILS cannot be reached, config offline.enabled is on and the
 * ILS's last 98 said offline is acceptable, checkouts go to the sealed, durable OfflineQueue (src/offline/) with
 * a fixed loan period, a per-session item limit and no returns. The OfflineForwarder sends them as SIP2 11 with
 * no-block Y when the ILS is back (on its 'online' event, and on a timer while anything of this run waits).
 * Until they are sent, the kiosk's own ILS requests wait (beforeIls, bounded by offline.forwardWaitSeconds), and the
 * staff page (src/offline/desk.ts) lists what the ILS refused.
 */
import { readFileSync } from 'node:fs';
import type { Config } from '../../config/index.ts';
import type { Logger } from '../../log/index.ts';
import type { Ils } from '../../sip2/ils.ts';
import { isSelfcheckError } from '../../errors.ts';
import { OfflineQueue } from '../../offline/queue.ts';
import { OfflineForwarder, type ForwardResult } from '../../offline/forwarder.ts';
import { ProcessKey, loadPublicKey } from '../../offline/seal.ts';
import { OfflineDesk, setOfflineDesk } from '../../offline/desk.ts';

/** What the controller and the pipeline need (the real one below, or a test fake). */
export interface KioskOffline {
  /** Offline checkout is possible right now (ILS down, enabled, and its last 98 said offline OK). */
  available(): boolean;
  readonly maxItems: number;
  /** With a PIN required: 'refuse' the patron (no PIN check is possible) or accept the card only. */
  readonly withoutPin: 'refuse' | 'cardOnly';
  /** The fixed offline due date for a checkout made at `now`. */
  dueDate(now: number): Date;
  /**
   * Writes one checkout durably (sealed twice) and holds it back from forwarding until commit or cancel; returns its
   * transaction id (`txId` when given: the kiosk journals it before recording).
   */
  record(patronId: string, itemId: string, now: number, txId?: string): string;
  /** The item's tag is unsecured: the entry may be forwarded. */
  commit?(txId: string): void;
  /** Takes back an entry whose item could not be unsecured (the patron does not leave with it). */
  cancel(txId: string): void;
  /**
   * Resolves when the kiosk may talk to the ILS: after the offline entries of this run are forwarded, or after the
   * bounded wait. The controller gates every ILS request of a session on it (src/offline/ils-gate.ts).
   */
  beforeIls?(): Promise<void>;
}

export interface OfflineDeps {
  config: Pick<Config, 'offline' | 'general'>;
  ils: Ils;
  log: Logger;
  queue: OfflineQueue;
  /** Retry period while entries of this run wait and the ILS is online. */
  retryMs?: number;
}

/** What a bounded wait for forwarding came to, since start (the staff page shows it; the log says each one). */
export interface ForwardWaitStats {
  waits: number;
  timeouts: number;
}

export class QueueOffline implements KioskOffline {
  readonly forwarder: OfflineForwarder;
  readonly desk: OfflineDesk;
  readonly waitStats: ForwardWaitStats = { waits: 0, timeouts: 0 };
  private readonly timer: NodeJS.Timeout;
  private readonly onOnline = (): void => void this.forward();
  /** Entries of this run may wait (a new one was recorded, or the last pass stopped early). */
  private pending = false;
  private lastFailedAt = 0;

  constructor(private readonly d: OfflineDeps) {
    this.forwarder = new OfflineForwarder(d.queue, d.ils, d.log);
    this.desk = new OfflineDesk(d.queue.dir, {
      keyId: d.queue.keyId,
      retry: (txId) => this.forwarder.retry(txId),
      forwardWaitTimeouts: () => this.waitStats.timeouts,
    });
    setOfflineDesk(this.desk);
    d.ils.on('online', this.onOnline);
    // A pass that failed half-way (the ILS dropped again) is retried; an 'online' event starts one at once.
    this.timer = setInterval(() => {
      if (d.ils.online && d.queue.depth().depth > 0) void this.forward();
    }, d.retryMs ?? 30_000);
    this.timer.unref();
  }

  get maxItems(): number {
    return this.d.config.offline.maxItemsPerSession;
  }

  get withoutPin(): 'refuse' | 'cardOnly' {
    return this.d.config.offline.withoutPin;
  }

  available(): boolean {
    return this.d.config.offline.enabled && !this.d.ils.online && this.d.ils.acsStatus?.offlineOk === true;
  }

  dueDate(now: number): Date {
    return new Date(now + this.d.config.offline.loanDays * 86_400_000);
  }

  record(patronId: string, itemId: string, now: number, txId?: string): string {
    this.pending = true;
    const id = this.d.queue.add(
      {
        ...(txId ? { txId } : {}),
        patronId,
        itemId,
        transactionDate: new Date(now).toISOString(),
        nbDueDate: this.dueDate(now).toISOString(),
        stationId: this.d.config.general.stationId,
      },
      new Date(now),
    );
    this.d.queue.hold(id);
    return id;
  }

  commit(txId: string): void {
    this.d.queue.release(txId);
    if (this.d.ils.online) void this.forward();
  }

  cancel(txId: string): void {
    this.d.queue.remove(txId);
  }

  async beforeIls(): Promise<void> {
    if (!this.forwarder.busy) {
      // Nothing of this run waits, or a pass just failed (the retry timer tries again): no reason to hold the patron.
      const retryMs = this.d.retryMs ?? 30_000;
      if (!this.pending || !this.d.ils.online || Date.now() - this.lastFailedAt < retryMs) return;
      void this.forward();
    }
    this.waitStats.waits++;
    const waitMs = this.d.config.offline.forwardWaitSeconds * 1000;
    if (await this.forwarder.settled(waitMs)) return;
    this.waitStats.timeouts++;
    this.d.log.warn(
      { waitedMs: waitMs, timeouts: this.waitStats.timeouts },
      'offline forwarding still running: the kiosk goes ahead of it',
    );
  }

  /** One forwarding pass (shared when several are asked for at once). */
  async forward(): Promise<ForwardResult | undefined> {
    try {
      const r = await this.forwarder.drain();
      this.pending = this.forwarder.waiting() > 0;
      if (r.failed) this.lastFailedAt = Date.now();
      return r;
    } catch (err) {
      this.lastFailedAt = Date.now();
      this.d.log.error({ code: isSelfcheckError(err) ? err.code : 'unexpected' }, 'offline forwarding failed');
      return undefined;
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.d.ils.off('online', this.onOnline);
    setOfflineDesk(undefined, this.desk);
  }
}

/** Builds the kiosk's offline checkout from the configuration; undefined when it is off or cannot seal. */
export function createKioskOffline(
  config: Pick<Config, 'offline' | 'general'>,
  dataDir: string,
  ils: Ils,
  log: Logger,
): QueueOffline | undefined {
  const o = config.offline;
  if (!o.enabled) return undefined;
  if (!o.publicKeyFile) {
    // Without the library's public key an entry cannot be sealed for staff recovery: no offline checkout at all.
    log.error('offline.enabled needs offline.publicKeyFile: offline checkout is off');
    return undefined;
  }
  let publicKey;
  try {
    publicKey = loadPublicKey(readFileSync(o.publicKeyFile, 'utf8'));
  } catch (err) {
    log.error({ code: isSelfcheckError(err) ? err.code : 'unreadable' }, 'offline public key unusable: offline is off');
    return undefined;
  }
  const queue = new OfflineQueue(dataDir, new ProcessKey(), publicKey);
  return new QueueOffline({ config, ils, log, queue });
}
