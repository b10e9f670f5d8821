/**
 * Fakes for the kiosk tests: a manual clock, an RF pad of tags (a Reader with write-failure injection), and a
 * tiny test tag codec (ASCII "id/part/parts", zero-padded) standing in for src/tags in the machine tests.
 */
import { EventEmitter } from 'node:events';
import type { InventoryTag, Reader, ReaderInfo, SystemInfo } from '../../src/rfid/reader.ts';
import { ReaderError } from '../../src/rfid/reader.ts';
import type { ItemData } from '../../src/tags/types.ts';
import { TagError } from '../../src/tags/types.ts';
import type { KioskClock } from '../../src/roles/kiosk/clock.ts';

export class FakeClock implements KioskClock {
  t = Date.UTC(2026, 10, 28, 12, 0, 0);
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private next = 1;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  get pending(): number {
    return this.timers.length;
  }
  /** Advances time, firing due timers in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const first = this.timers[0];
      if (!first || first.at > end) break;
      this.timers.shift();
      this.t = first.at;
      first.fn();
    }
    this.t = end;
  }
}

export interface FakeTag {
  uid: string;
  memory: Uint8Array;
  afi: number;
  eas: boolean;
  /** Write AFI fails this many more times (Infinity = always). */
  failWrites: number;
  /** Reads go unanswered this many more times (a tag at the edge of the field). */
  failReads: number;
}

export function encodeTestTag(id: string, part = 1, parts = 1): Uint8Array {
  const out = new Uint8Array(32);
  out.set(new TextEncoder().encode(`${id}/${part}/${parts}`));
  return out;
}

export function decodeTestTag(bytes: Uint8Array): ItemData {
  if (bytes.every((b) => b === 0)) throw new TagError('blank', 'blank tag');
  const text = new TextDecoder().decode(bytes).replace(/\0+$/, '');
  const m = /^([0-9A-Za-z]+)\/(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new TagError('unknown_model', 'not a test tag');
  return {
    model: '28560-3',
    primaryItemId: m[1] ?? '',
    ownerLibrary: undefined,
    partNumber: Number(m[2]),
    partsInItem: Number(m[3]),
    typeOfUsage: undefined,
    other: {},
  };
}

let uidSeq = 0x1000;

export class FakeReader extends EventEmitter implements Reader {
  readonly driver = 'fake';
  readonly field = new Map<string, FakeTag>();
  readonly ops: string[] = [];
  inventories = 0;

  place(
    id: string,
    opts: {
      part?: number;
      parts?: number;
      afi?: number;
      failWrites?: number;
      failReads?: number;
      blank?: boolean;
    } = {},
  ): FakeTag {
    const uid = `E0040150${(uidSeq++).toString(16).toUpperCase().padStart(8, '0')}`;
    const tag: FakeTag = {
      uid,
      memory: opts.blank ? new Uint8Array(32) : encodeTestTag(id, opts.part, opts.parts),
      afi: opts.afi ?? 0x07,
      eas: true,
      failWrites: opts.failWrites ?? 0,
      failReads: opts.failReads ?? 0,
    };
    this.field.set(uid, tag);
    return tag;
  }

  private tag(uid: string): FakeTag {
    const t = this.field.get(uid);
    if (!t) throw new ReaderError('no_tag', 'no answer');
    return t;
  }

  async inventory(): Promise<InventoryTag[]> {
    this.inventories++;
    await new Promise((r) => setTimeout(r, 1));
    return [...this.field.values()].map((t) => ({ uid: t.uid, dsfid: 0 }));
  }
  async readBlocks(uid: string, first: number, count: number): Promise<Uint8Array> {
    this.ops.push('read');
    const t = this.tag(uid);
    if (t.failReads > 0) {
      t.failReads--;
      throw new ReaderError('no_tag', 'no answer');
    }
    return t.memory.slice(first * 4, (first + count) * 4);
  }
  async writeBlocks(): Promise<void> {
    throw new ReaderError('unsupported', 'kiosk never writes blocks');
  }
  async lockBlock(): Promise<void> {
    throw new ReaderError('unsupported', 'kiosk never locks');
  }
  async writeAfi(uid: string, afi: number): Promise<void> {
    this.ops.push('writeAfi');
    const t = this.tag(uid);
    if (t.failWrites > 0) {
      t.failWrites--;
      throw new ReaderError('tag_error', 'write failed', { tagError: 0x13 });
    }
    t.afi = afi;
  }
  async lockAfi(): Promise<void> {
    throw new ReaderError('unsupported', 'kiosk never locks AFI');
  }
  async writeDsfid(): Promise<void> {
    throw new ReaderError('unsupported', 'kiosk never writes DSFID');
  }
  async setEas(uid: string, on: boolean): Promise<void> {
    this.tag(uid).eas = on;
  }
  async easAlarm(): Promise<boolean> {
    return [...this.field.values()].some((t) => t.eas);
  }
  async systemInfo(uid: string): Promise<SystemInfo> {
    this.ops.push('systemInfo');
    const t = this.tag(uid);
    return { uid, afi: t.afi, blockCount: 8, blockSize: 4 };
  }
  async rfReset(): Promise<void> {}
  async selectAntenna(): Promise<void> {}
  async info(): Promise<ReaderInfo> {
    return { driver: 'fake' };
  }
  async close(): Promise<void> {}
}

/** Waits (real time, generous bound) until `cond` holds; fails the test with `what` otherwise. */
export async function waitFor(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
