/** The kiosk HTTP API as tests drive it: JSON GET/POST against a running service, and waiting for a view. */
import * as assert from 'uvu/assert';
import type { KioskView } from '../../src/roles/kiosk/view.ts';

export interface KioskApi {
  api: <T>(p: string, body?: unknown) => Promise<T>;
  /** Polls /api/kiosk/view until `pred` holds (about 5 s). */
  until: (pred: (v: KioskView) => boolean, what: string) => Promise<KioskView>;
}

/** Polls `fn` until `pred` holds; the error names what it waited for and the last value. */
export async function waitFor<T>(
  fn: () => Promise<T> | T,
  pred: (v: T) => boolean,
  what: string,
  ms = 8000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (pred(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `base` is read on every call, so it can point at a service started later (or restarted). */
export function kioskApi(base: () => string): KioskApi {
  async function api<T>(p: string, body?: unknown): Promise<T> {
    const r = await fetch(
      new URL(p, base()),
      body === undefined
        ? {}
        : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
    );
    assert.ok(r.ok, `${p}: ${r.status}`);
    return (await r.json()) as T;
  }
  async function until(pred: (v: KioskView) => boolean, what: string): Promise<KioskView> {
    for (let i = 0; i < 200; i++) {
      const v = await api<KioskView>('/api/kiosk/view');
      if (pred(v)) return v;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  return { api, until };
}
