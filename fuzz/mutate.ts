/**
 * Byte-level mutations of corpus entries (AFL-style havoc): bit flips, interesting values, truncation, deletion,
 * duplication, splicing with another entry, random insertions and insertion of the surface's own delimiters
 * ('|', CR, 0x02, 0xD6, 0x7E ...), where parsers are most likely to go wrong.
 */
import type { Rng } from './prng.ts';

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x0d, 0x0a, 0x20, 0x30, 0x39, 0x41, 0x7c];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function mutateOnce(rng: Rng, buf: Uint8Array, corpus: readonly Uint8Array[], delims: readonly number[]): Uint8Array {
  const n = buf.length;
  const at = rng.int(n + 1);
  switch (rng.int(10)) {
    case 0: {
      if (n === 0) return rng.bytes(1 + rng.int(8));
      const out = buf.slice();
      const i = rng.int(n);
      out[i] = out[i]! ^ (1 << rng.int(8));
      return out;
    }
    case 1: {
      if (n === 0) return Uint8Array.of(rng.pick(INTERESTING));
      const out = buf.slice();
      out[rng.int(n)] = rng.chance(0.5) ? rng.pick(INTERESTING) : rng.u32() & 0xff;
      return out;
    }
    case 2:
      return buf.slice(0, rng.int(n + 1));
    case 3: {
      const len = 1 + rng.int(Math.max(1, n >> 2));
      return concat(buf.subarray(0, at), buf.subarray(Math.min(n, at + len)));
    }
    case 4: {
      const from = rng.int(n + 1);
      const len = rng.int(Math.min(64, n - from) + 1);
      return concat(buf.subarray(0, at), buf.subarray(from, from + len), buf.subarray(at));
    }
    case 5: {
      const other = corpus.length ? rng.pick(corpus) : rng.bytes(16);
      const cut = rng.int(other.length + 1);
      return concat(buf.subarray(0, at), other.subarray(cut));
    }
    case 6:
      return concat(buf.subarray(0, at), rng.bytes(1 + rng.int(16)), buf.subarray(at));
    case 7:
    case 8: {
      const d = delims.length ? rng.pick(delims) : rng.pick(INTERESTING);
      const count = 1 + (rng.chance(0.2) ? rng.int(4) : 0);
      return concat(buf.subarray(0, at), new Uint8Array(count).fill(d), buf.subarray(at));
    }
    default: {
      if (n === 0) return buf;
      // Overwrite a run with one byte value: long digit runs, long separator runs.
      const out = buf.slice();
      const len = 1 + rng.int(Math.min(32, n));
      out.fill(rng.pick([...INTERESTING, ...delims]), at, Math.min(n, at + len));
      return out;
    }
  }
}

export interface GenOptions {
  corpus: readonly Uint8Array[];
  delimiters: readonly number[];
  /** Largest random input (bytes). */
  maxRandom?: number;
}

/** One input: a corpus entry as is (5%), random bytes (10%), or a corpus entry after 1..6 stacked mutations. */
export function generate(rng: Rng, o: GenOptions): Uint8Array {
  const roll = rng.int(100);
  if (o.corpus.length === 0 || roll < 10) {
    const n = rng.int((o.maxRandom ?? 256) + 1);
    if (rng.chance(0.5) || o.delimiters.length === 0) return rng.bytes(n);
    // Random bytes dense with delimiters: most parsers never see more than one per line in real traffic.
    const out = rng.bytes(n);
    for (let i = 0; i < n; i++) if (rng.chance(0.25)) out[i] = rng.pick(o.delimiters);
    return out;
  }
  // A copy as a plain Uint8Array: Buffer#slice is a view, so mutating a Buffer entry in place would rot the corpus.
  let buf: Uint8Array = Uint8Array.from(rng.pick(o.corpus));
  if (roll < 15) return buf;
  const rounds = 1 + rng.int(6);
  for (let i = 0; i < rounds; i++) buf = mutateOnce(rng, buf, o.corpus, o.delimiters);
  return buf;
}
