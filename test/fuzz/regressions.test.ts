/**
 * Replays every input that ever failed a fuzz run (test/fuzz-regressions/<target>/<sha1>.bin, written by
 * `npm run fuzz`), then a small fixed-seed pass of each target, under the fuzz run's rules: only SelfcheckErrors,
 * no stray exception, no input over 100 ms. Also checks that those rules do catch what they must.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { check, fuzzTarget, REGRESSION_DIR, type Target } from '../../fuzz/harness.ts';
import { createRng } from '../../fuzz/prng.ts';
import { loadTargets } from '../../fuzz/targets/index.ts';
import { SelfcheckError } from '../../src/errors.ts';

/** Inputs per target in the fixed pass: enough to cover each mutator, small enough for `npm test`. */
const QUICK: Record<string, number> = { 'http-api': 150, 'config-yaml': 200 };
const QUICK_DEFAULT = 1500;
const SEED = 0x0f022;

const notes: string[] = [];
const targets = await loadTargets((n) => notes.push(n));
const byName = new Map(targets.map((t) => [t.name, t]));

test('the harness fails an untyped error, a stray exception and a slow input; passes a typed error', async () => {
  const base = { full: 1, generate: () => new Uint8Array(0) };
  const typed: Target = {
    ...base,
    name: 't',
    run: () => {
      throw new SelfcheckError('frame', 'x', 'typed');
    },
  };
  const untyped: Target = {
    ...base,
    name: 'u',
    run: () => {
      throw new TypeError('boom');
    },
  };
  const stray: Target = {
    ...base,
    name: 's',
    run: async () => {
      setImmediate(() => {
        throw new Error('from a timer');
      });
      await new Promise((r) => setTimeout(r, 5));
    },
  };
  const slow: Target = {
    ...base,
    name: 'w',
    run: () => {
      const end = Date.now() + 120;
      while (Date.now() < end);
    },
  };
  const input = Uint8Array.of(1, 2, 3);
  assert.is(await check(typed, input), undefined);
  assert.is((await check(untyped, input))?.reason, 'untyped');
  assert.is((await check(stray, input))?.reason, 'uncaught');
  assert.is((await check(slow, input))?.reason, 'slow');
});

test('the same seed gives the same inputs', () => {
  const t = byName.get('sip2-decode');
  assert.ok(t, 'sip2-decode target loaded');
  const a = Array.from({ length: 50 }, (_, i) => i).map(() => 0);
  const r1 = createRng(SEED, t.name);
  const r2 = createRng(SEED, t.name);
  for (const _ of a) assert.equal(t.generate(r1), t.generate(r2));
});

for (const t of targets) {
  test(`${t.name}: kept failing inputs and a fixed-seed pass`, async () => {
    await t.setup?.();
    try {
      const dir = path.join(REGRESSION_DIR, t.name);
      const files = existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => f.endsWith('.bin'))
            .sort()
        : [];
      for (const f of files) {
        const failure = await check(t, readFileSync(path.join(dir, f)));
        assert.is(failure, undefined, `${t.name}/${f}: ${failure?.reason} ${failure?.message}`);
      }
      const r = await fuzzTarget(t, createRng(SEED, t.name), QUICK[t.name] ?? QUICK_DEFAULT, Date.now() + 60_000);
      const first = r.failures[0];
      assert.is(r.failures.length, 0, first && `${first.reason}: ${first.message} (input ${first.sha1})`);
      assert.ok(!r.stoppedByTime, 'the fixed pass ran out of time');
    } finally {
      await t.teardown?.();
    }
  });
}

test('every regression folder names a target', () => {
  if (!existsSync(REGRESSION_DIR)) return;
  for (const d of readdirSync(REGRESSION_DIR, { withFileTypes: true }))
    if (d.isDirectory()) assert.ok(byName.has(d.name) || notes.length > 0, `no fuzz target "${d.name}"`);
});

test.run();
