/**
 * `npm run soak [-- --checkouts N] [--seed S] [--mode afi|eas|both] [--log-level L] [--keep]`: the soak with faults
 * (issue 8). Prints progress every 500 checkouts, the figures, and last the line
 * `BENCH soak checkouts=<n> mismatches_unreported=<n> lost=<n> doubled=<n> pii_hits=<n> rss_growth_pct=<p>`;
 * exits 1 when any of the first four counts is not zero or RSS grew 10 % or more.
 */
import { parseArgs } from 'node:util';
import { finishSoak, type SoakResult } from './checks.ts';
import { Soak, type SoakOptions } from './soak.ts';

export async function runSoak(o: SoakOptions & { keep?: boolean }): Promise<SoakResult> {
  const soak = new Soak(o);
  try {
    await soak.setup();
    await soak.loop();
    return await finishSoak(soak);
  } finally {
    await soak.teardown(o.keep ?? false);
  }
}

export function benchLine(r: SoakResult): string {
  return (
    `BENCH soak checkouts=${r.checkouts} mismatches_unreported=${r.mismatchesUnreported} lost=${r.lost} ` +
    `doubled=${r.doubled} pii_hits=${r.piiHits} rss_growth_pct=${r.rssGrowthPct}`
  );
}

export function failed(r: SoakResult): boolean {
  return r.mismatchesUnreported > 0 || r.lost > 0 || r.doubled > 0 || r.piiHits > 0 || r.rssGrowthPct >= 10;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      checkouts: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      mode: { type: 'string', default: 'afi' },
      'log-level': { type: 'string', default: 'info' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const checkouts = Number(values.checkouts);
  const seed = Number(values.seed);
  if (!Number.isInteger(checkouts) || checkouts < 1) throw new Error('--checkouts must be a positive integer');
  if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a non-negative integer');
  if (!['afi', 'eas', 'both'].includes(values.mode)) throw new Error('--mode must be afi, eas or both');
  const t0 = Date.now();
  const r = await runSoak({
    checkouts,
    seed,
    mode: values.mode as 'afi' | 'eas' | 'both',
    logLevel: values['log-level'],
    keep: values.keep,
    progress: (l) => console.log(l),
  });
  for (const l of r.lines) console.log(l);
  console.log(`soak: ${Math.round((Date.now() - t0) / 1000)} s, seed ${seed}`);
  console.log(benchLine(r));
  return failed(r) ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(2);
    },
  );
}
