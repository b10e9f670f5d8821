/**
 * `npm run fuzz`: feeds random and mutated inputs to every input surface (fuzz/targets/) and keeps each failing
 * input under test/fuzz-regressions/<target>/<sha1>.bin, where test/fuzz/regressions.test.ts replays it.
 *   npm run fuzz                  full run: 1,000,000 inputs split by each target's weight
 *   npm run fuzz -- --quick       CI pass: 100,000 inputs, fixed seed
 *   FUZZ_INPUTS=n FUZZ_SECONDS=s FUZZ_SEED=n FUZZ_TARGETS=a,b   override the count, the time bound, the seed, targets
 * The run is deterministic from its seed (printed first). Exit code 1 when anything failed.
 */
import { fuzzTarget, keep, signature, type Failure, type Target } from './harness.ts';
import { createRng } from './prng.ts';
import { loadTargets } from './targets/index.ts';

const FULL_TOTAL = 1_000_000;
/** Inputs kept (and printed) per distinct failure: one bug must not flood the regression folder. */
const KEEP_PER_SIGNATURE = 3;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`${name}=${raw} is not a positive number`);
    process.exit(2);
  }
  return n;
}

/** Each target's share of `total`, in proportion to its full-run weight (at least 20 inputs each). */
export function plan(targets: Target[], total: number): Map<Target, number> {
  const weight = targets.reduce((n, t) => n + t.full, 0);
  return new Map(targets.map((t) => [t, Math.max(20, Math.round((t.full / weight) * total))]));
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const total = envNumber('FUZZ_INPUTS', quick ? 100_000 : FULL_TOTAL);
  const seconds = envNumber('FUZZ_SECONDS', quick ? 90 : 1200);
  const seed = envNumber('FUZZ_SEED', quick ? 0x5e1f : (Date.now() & 0x7fffffff) >>> 0) >>> 0;
  const only = process.env['FUZZ_TARGETS']?.split(',').filter(Boolean);
  console.log(`fuzz seed=${seed} inputs=${total} seconds=${seconds}${quick ? ' (quick)' : ''}`);
  console.log(`replay with: FUZZ_SEED=${seed} FUZZ_INPUTS=${total} npm run fuzz`);

  let targets = await loadTargets();
  if (only) targets = targets.filter((t) => only.includes(t.name));
  const counts = plan(targets, total);
  const started = Date.now();
  const end = started + seconds * 1000;
  const failures: Failure[] = [];
  let inputs = 0;
  let cut = false;
  const budgetTotal = [...counts.values()].reduce((a, b) => a + b, 0);
  let planned = 0;
  const seen = new Map<string, number>();
  for (const t of targets) {
    const count = counts.get(t)!;
    // Each target may use time up to its cumulative share: what earlier targets left unused carries over.
    planned += count;
    const deadline = Math.min(end, started + (seconds * 1000 * planned) / budgetTotal);
    await t.setup?.();
    const r = await fuzzTarget(t, createRng(seed, t.name), count, Math.max(deadline, Date.now() + 1000), (f) => {
      const sig = signature(f);
      const n = (seen.get(sig) ?? 0) + 1;
      seen.set(sig, n);
      if (n <= KEEP_PER_SIGNATURE) console.log(`  FAIL ${f.target} ${f.reason}: ${f.message} -> ${keep(f)}`);
    });
    const summary = t.summary?.();
    await t.teardown?.();
    inputs += r.inputs;
    failures.push(...r.failures);
    cut ||= r.stoppedByTime;
    const rate = r.ms > 0 ? Math.round((r.inputs / r.ms) * 1000) : r.inputs;
    console.log(
      `${t.name.padEnd(14)} inputs=${String(r.inputs).padStart(7)} failures=${r.failures.length} ` +
        `${(r.ms / 1000).toFixed(1)}s (${rate}/s) slowest=${r.maxMs.toFixed(1)}ms${r.stoppedByTime ? ' stopped by time bound' : ''}`,
    );
    if (summary) console.log(`  ${summary}`);
  }
  for (const [sig, n] of seen) if (n > KEEP_PER_SIGNATURE) console.log(`  ${n} inputs failed as: ${sig}`);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (cut) console.log(`note: the time bound (${seconds}s) cut the run short of ${total} inputs`);
  console.log(`BENCH fuzz inputs=${inputs} failures=${failures.length} seconds=${secs} seed=${seed}`);
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch((err: unknown) => {
  // The harness listens for uncaught errors (to pin them on an input): a broken driver must still end the run.
  console.error('fuzz driver failed:', err);
  process.exit(2);
});
