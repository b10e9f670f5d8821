/**
 * The simulated patrons' side of the kiosk HTTP API: POST /api/kiosk/action, and the server-sent view stream
 * (GET /api/kiosk/events) so every wait is event-driven. Reconnects after the service restarts (new URL, seq from 0).
 */
import type { KioskAction, KioskView } from '../src/roles/kiosk/view.ts';

interface Waiter {
  pred: (v: KioskView) => boolean;
  resolve: (v: KioskView) => void;
}

export class KioskClient {
  latest: KioskView | undefined;
  /** Every view seen with no session (attract/goodbye): the PII scan reads these. */
  readonly idleViews: string[] = [];
  private readonly waiters = new Set<Waiter>();
  private abort: AbortController | undefined;
  private base = '';

  /** Points the client at a (re)started service and opens its event stream. */
  connect(url: string): void {
    this.close();
    this.base = url;
    this.latest = undefined;
    const ac = new AbortController();
    this.abort = ac;
    void this.stream(ac).catch(() => undefined);
  }

  close(): void {
    this.abort?.abort();
    this.abort = undefined;
  }

  private async stream(ac: AbortController): Promise<void> {
    const res = await fetch(new URL('api/kiosk/events', this.base), { signal: ac.signal });
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buf = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      let at;
      while ((at = buf.indexOf('\n\n')) >= 0) {
        const event = buf.slice(0, at);
        buf = buf.slice(at + 2);
        const data = event
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n');
        if (data) this.onView(data);
      }
    }
  }

  private onView(text: string): void {
    let v: KioskView;
    try {
      v = JSON.parse(text) as KioskView;
    } catch {
      return;
    }
    if (this.latest && v.seq < this.latest.seq) return;
    this.latest = v;
    if ((v.screen === 'attract' || v.screen === 'goodbye') && this.idleViews.length < 5000) this.idleViews.push(text);
    for (const w of [...this.waiters])
      if (w.pred(v)) {
        this.waiters.delete(w);
        w.resolve(v);
      }
  }

  async action(a: KioskAction): Promise<KioskView> {
    const r = await fetch(new URL('api/kiosk/action', this.base), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(a),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`kiosk action ${a.type}: HTTP ${r.status} ${text.slice(0, 200)}`);
    this.onView(text);
    return JSON.parse(text) as KioskView;
  }

  /** Resolves with the first view (the current one included) that satisfies `pred`. */
  waitFor(pred: (v: KioskView) => boolean, what: string, timeoutMs = 30_000): Promise<KioskView> {
    if (this.latest && pred(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        pred,
        resolve: (v) => {
          clearTimeout(t);
          resolve(v);
        },
      };
      const t = setTimeout(() => {
        this.waiters.delete(w);
        const l = this.latest;
        reject(
          new Error(
            `timed out waiting for ${what} (screen ${l?.screen}, rows ${l?.items.map((i) => i.state).join(',')})`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  async get(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(new URL(path, this.base), init);
  }
}
