/**
 * `npm run bench [-- <name filter>]`: runs every bench/*.bench.ts in its own process (so one benchmark's
 * memory and timers cannot skew another) and passes their output through. Each prints `BENCH <name> k=v ...`
 * lines whose ratios are defined in ../shared/reference/bench-definitions.md.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ? new RegExp(process.argv[2]) : undefined;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || filter.test(f)))
  .sort();

let failed = 0;
for (const f of files) {
  console.log(`# ${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, f)], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    failed++;
    console.log(`# ${f} failed (exit ${r.status ?? r.signal})`);
  }
}
if (files.length === 0) console.log('no benchmarks matched');
process.exit(failed > 0 ? 1 : 0);
