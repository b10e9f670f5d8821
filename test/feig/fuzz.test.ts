/**
 * Framer fuzz: 100k random and mutated inputs (seeded, reproducible) in random chunkings. The framer must never
 * throw, every frame it yields must carry a valid CRC, and every byte must be accounted for (frame, junk or pending).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crcFeig, encodeFrame, FeigFramer, type FeigProtocol } from '../../drivers/feig/frame.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fuzz(protocol: FeigProtocol, seed: number, inputs: number): { frames: number; junk: number } {
  const rand = rng(seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const framer = new FeigFramer(protocol);
  let pushed = 0;
  let accounted = 0;
  let frames = 0;
  let junk = 0;
  const check = (events: ReturnType<FeigFramer['push']>): void => {
    for (const ev of events) {
      if (ev.kind === 'junk') {
        junk++;
        accounted += ev.bytes.length;
        continue;
      }
      frames++;
      const raw = ev.frame.raw;
      accounted += raw.length;
      const crc = raw[raw.length - 2]! | (raw[raw.length - 1]! << 8);
      // Plain checks in the hot loop (uvu's deep equal is slow at this volume); assert only on failure.
      if (crcFeig(raw, 0, raw.length - 2) !== crc) assert.unreachable('frame with a bad CRC');
      if (Buffer.compare(encodeFrame(protocol, ev.frame.addr, ev.frame.cmd, ev.frame.body), raw) !== 0)
        assert.unreachable('frame does not re-encode to its raw bytes');
    }
  };
  for (let i = 0; i < inputs; i++) {
    let input: Uint8Array;
    const kind = int(3);
    if (kind === 0) {
      input = Uint8Array.from({ length: int(40) }, () => int(256));
    } else {
      const body = Uint8Array.from({ length: int(30) }, () => int(256));
      input = encodeFrame(protocol, int(256), int(256), body);
      if (kind === 2) {
        input = input.slice();
        const muts = 1 + int(3);
        for (let m = 0; m < muts; m++) {
          const op = int(4);
          if (op === 0 && input.length) input[int(input.length)] = int(256);
          else if (op === 1) input = input.subarray(0, int(input.length + 1));
          else if (op === 2) input = Uint8Array.from([...input.subarray(0, 3), ...input]);
          else if (op === 3 && protocol === 'advanced') {
            input[1] = int(256); // garbage length, possibly oversize
          }
        }
      }
    }
    pushed += input.length;
    // Random chunking of the input.
    let at = 0;
    while (at < input.length) {
      const n = 1 + int(input.length - at);
      check(framer.push(input.subarray(at, at + n)));
      at += n;
    }
    if (int(50) === 0) check(framer.flush());
  }
  assert.is(accounted + framer.pending, pushed);
  return { frames, junk };
}

for (const protocol of ['standard', 'advanced'] as const) {
  test(`fuzz ${protocol}: 50k inputs, no exception, valid frames only, every byte accounted`, () => {
    const t0 = Date.now();
    const r = fuzz(protocol, protocol === 'standard' ? 1 : 2, 50_000);
    const ms = Date.now() - t0;
    assert.ok(r.frames > 5_000, `frames found: ${r.frames}`);
    assert.ok(r.junk > 1_000, `junk events: ${r.junk}`);
    assert.ok(ms < 30_000, `took ${ms} ms`);
  });
}

test.run();
