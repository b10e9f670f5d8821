/**
 * Test helpers for the staff roles against the real service: a staff HTTP client (login, cookie, CSRF token) and
 * the tag codec the tests use: src/tags when it is installed, otherwise the kiosk tests' stand-in codec
 * (test/kiosk/fakes.ts), wrapped by the roles' own codec adapter (src/roles/inventory/codec.ts) either way.
 */
import * as assert from 'uvu/assert';
import type { Config } from '../../src/config/index.ts';
import { codecFrom, type TagCodec } from '../../src/roles/inventory/codec.ts';
import type { ItemInput } from '../../src/tags/types.ts';
import { decodeTestTag, encodeTestTag } from '../kiosk/fakes.ts';

export class StaffClient {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async login(user: string, password: string): Promise<Response> {
    const res = await fetch(new URL('/api/staff/login', this.base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, password }),
    });
    if (res.ok) {
      this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      this.csrf = ((await res.json()) as { csrf: string }).csrf;
    }
    return res;
  }

  raw(path: string, init: { method?: string; json?: unknown; text?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookie, 'x-csrf-token': this.csrf };
    let body: string | undefined;
    if (init.json !== undefined) [headers['content-type'], body] = ['application/json', JSON.stringify(init.json)];
    if (init.text !== undefined) [headers['content-type'], body] = ['text/csv', init.text];
    return fetch(new URL(path, this.base), { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
  }

  async call<T>(path: string, init: { method?: string; json?: unknown; text?: string } = {}): Promise<T> {
    const res = await this.raw(path, init);
    const text = await res.text();
    assert.ok(res.ok, `${path}: ${res.status} ${text}`);
    return (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
  }
}

export async function until<T>(fn: () => Promise<T>, pred: (v: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 300; i++) {
    last = await fn();
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}

export interface TestCodec {
  codec: TagCodec;
  /** Item → user memory, for the service's sim tags. */
  content: (item: ItemInput) => Uint8Array;
  real: boolean;
}

/** src/tags when present (the station's own codec), else the stand-in. */
export async function testCodec(config: Config): Promise<TestCodec> {
  try {
    const spec = '../../src/tags/index.ts';
    const mod = (await import(spec)) as Parameters<typeof codecFrom>[0];
    const codec = codecFrom(mod, config);
    return {
      codec,
      content: (item) => codec.encode(item, { blockSize: 4, blockCount: 28 }).bytes,
      real: true,
    };
  } catch {
    const codec = codecFrom(
      {
        decodeTag: (bytes) => decodeTestTag(bytes),
        encodeItem: (i) => encodeTestTag(i.primaryItemId, i.partNumber ?? 1, i.partsInItem ?? 1),
      },
      config,
    );
    return {
      codec,
      content: (item) => encodeTestTag(item.primaryItemId, item.partNumber ?? 1, item.partsInItem ?? 1),
      real: false,
    };
  }
}
