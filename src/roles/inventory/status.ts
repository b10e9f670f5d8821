/**
 * ILS item status for inventory (SIP2 17), cached and rate-limited: a wand reads hundreds of items a minute and the
 * ILS should see a steady trickle, not a burst. Lookups queue; at most `perSecond` go out; results are cached for `ttlMs`.
 */
import type { Ils } from '../../sip2/ils.ts';

export interface StatusCacheOptions {
  perSecond: number;
  ttlMs: number;
  now?: () => number;
}

export class ItemStatusCache {
  private readonly cache = new Map<string, { status: string; at: number }>();
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(
    private readonly ils: Ils,
    private readonly opts: StatusCacheOptions,
    private readonly onStatus: (itemId: string, status: string) => void = () => {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** The cached circulation status, if fresh; otherwise queues a lookup and returns undefined. */
  get(itemId: string): string | undefined {
    const hit = this.cache.get(itemId);
    if (hit && this.now() - hit.at < this.opts.ttlMs) return hit.status;
    if (!this.queued.has(itemId)) {
      this.queued.add(itemId);
      this.queue.push(itemId);
      this.schedule(0);
    }
    return undefined;
  }

  statuses(): Map<string, string> {
    return new Map([...this.cache].map(([k, v]) => [k, v.status]));
  }

  get pending(): number {
    return this.queue.length;
  }

  private schedule(delay: number): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.next();
    }, delay);
    this.timer.unref?.();
  }

  private async next(): Promise<void> {
    const id = this.queue.shift();
    if (id === undefined) return;
    this.queued.delete(id);
    if (this.ils.online) {
      try {
        const info = await this.ils.itemInfo(id);
        this.cache.set(id, { status: info.circulationStatus, at: this.now() });
        this.onStatus(id, info.circulationStatus);
      } catch {
        // Left uncached: a later read of the item asks again.
      }
    }
    this.schedule(Math.ceil(1000 / this.opts.perSecond));
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.queued.clear();
  }
}
