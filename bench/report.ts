/**
 * `npm run bench:report`: runs every benchmark one after the other (each bench file through `npm run bench -- <name>`,
 * then `npm run fuzz`, `npm run load`, `npm run soak`), keeps every BENCH line with the machine and commit in
 * bench-results.json and writes BENCHMARKS.md from it.
 *   --only a,b     run only these (names: the bench files, fuzz, load, soak; `bench` = every bench file); the others
 *                  keep their last figures
 *   --no-soak      leave the soak out (its last figures stay)
 *   --render       run nothing; rewrite BENCHMARKS.md from bench-results.json
 *   --out-dir d    write both files to d instead of the repository root (to try the plumbing)
 *   --timeout-min n  per-run time limit instead of each run's default
 * Exit 1 when a run failed, printed no BENCH line it should, or missed its goal; 2 on bad arguments or a damaged
 * bench-results.json (which is then left as it is).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  classify,
  mergeResults,
  parseOutput,
  parseResults,
  runVerdict,
  type Machine,
  type ResultsFile,
  type RunRecord,
} from './report-core.ts';
import { runDefs, type RunDef } from './report-defs.ts';
import { renderReport } from './report-render.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const TAIL = 30;

function usage(msg: string): never {
  console.error(
    `${msg}\nusage: npm run bench:report [-- --only a,b] [--no-soak] [--render] [--out-dir d] [--timeout-min n]`,
  );
  process.exit(2);
}

function args(all: RunDef[]) {
  const argv = process.argv.slice(2);
  const opt = { only: undefined as Set<string> | undefined, noSoak: false, render: false, outDir: root, timeoutMin: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--only')
      opt.only = new Set(
        value()
          .split(/[,\s]+/)
          .filter(Boolean),
      );
    else if (a === '--no-soak') opt.noSoak = true;
    else if (a === '--render') opt.render = true;
    else if (a === '--out-dir') opt.outDir = value();
    else if (a === '--timeout-min') opt.timeoutMin = Number(value());
    else usage(`unknown argument ${a}`);
  }
  if (!(opt.timeoutMin >= 0)) usage('--timeout-min takes a number of minutes');
  const benches = all.filter((d) => d.npmArgs[1] === 'bench').map((d) => d.name);
  if (opt.only?.delete('bench')) for (const b of benches) opt.only.add(b);
  const unknown = [...(opt.only ?? [])].filter((n) => !all.some((d) => d.name === n));
  if (unknown.length > 0)
    usage(`unknown run ${unknown.join(', ')}; known: bench, ${all.map((d) => d.name).join(', ')}`);
  return opt;
}

const read = (p: string): string => (existsSync(p) ? readFileSync(p, 'utf8') : '');

function machine(): Machine {
  const cpuinfo = read('/proc/cpuinfo');
  // x86 has "model name"; a Raspberry Pi's kernel gives "Model" for the board instead.
  const fromProc = /^(?:model name|Model)\s*:\s*(.+)$/m.exec(cpuinfo)?.[1];
  const quota = read('/sys/fs/cgroup/cpu.max').trim().split(/\s+/);
  const osName = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(read('/etc/os-release'))?.[1];
  return {
    cpu: os.cpus()[0]?.model ?? fromProc ?? 'unknown',
    cores: os.availableParallelism(),
    ...(quota[0] && quota[0] !== 'max' && quota[1] ? { cpuQuota: `${Number(quota[0]) / Number(quota[1])} CPUs` } : {}),
    ramGiB: os.totalmem() / 2 ** 30,
    os: osName ?? `${os.type()} ${os.version()}`,
    kernel: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    node: process.version,
  };
}

function commit(): string {
  const git = (...a: string[]) => spawnSync('git', a, { cwd: root, encoding: 'utf8' });
  const head = git('rev-parse', '--short=12', 'HEAD');
  if (head.status !== 0) return 'unknown (not a git checkout)';
  const dirty = git('status', '--porcelain', '--untracked-files=no').stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? ' + uncommitted changes' : ''}`;
}

/** Index of the first non-blank line (length when none), so a kept tail does not start with npm's blank line. */
const firstText = (ls: string[]): number => {
  const i = ls.findIndex((l) => l.trim() !== '');
  return i < 0 ? ls.length : i;
};

/** bench-results.json as `npm run lint` (prettier --check .) wants it; as is when prettier is not installed. */
async function asPrettier(path: string, json: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const options = await prettier.resolveConfig(join(root, 'bench-results.json'));
    return await prettier.format(json, { ...options, filepath: path });
  } catch {
    return json;
  }
}

/** Runs one command in its own process group (so a timeout stops its children too), echoing its output. */
async function runOne(def: RunDef, timeoutMin: number, m: Machine, rev: string): Promise<RunRecord> {
  const command = `npm ${def.npmArgs.join(' ')}`;
  console.log(`\n== ${def.name}: ${command}`);
  const startedAt = new Date().toISOString();
  const loadavg = os.loadavg();
  const t0 = performance.now();
  const child = spawn('npm', def.npmArgs, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  let tail: string[] = [];
  const kept: string[] = [];
  const take = (chunk: Buffer, to: NodeJS.WriteStream): void => {
    const s = chunk.toString();
    to.write(s);
    text += s;
    // Keep only whole lines we need: fuzz prints a line per target, a failing run may print much more.
    const cut = text.lastIndexOf('\n');
    const done = text
      .slice(0, cut + 1)
      .split('\n')
      .slice(0, -1);
    text = text.slice(cut + 1);
    tail = [...tail, ...done].slice(-TAIL);
    kept.push(...done.filter((l) => /^\s*(BENCH |# )/.test(l)));
  };
  child.stdout.on('data', (c: Buffer) => take(c, process.stdout));
  child.stderr.on('data', (c: Buffer) => take(c, process.stderr));
  let timedOut = false;
  const limit = setTimeout(
    () => {
      timedOut = true;
      console.error(`${def.name}: over ${timeoutMin || def.timeoutMin} min, stopping it`);
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000).unref();
    },
    (timeoutMin || def.timeoutMin) * 60_000,
  );
  const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.on('error', (err) => {
      tail.push(`could not start npm: ${err.message}`);
      resolve({ code: null, signal: null });
    });
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(limit);
  if (text) kept.push(text);
  const { lines, notes } = parseOutput(kept.join('\n'));
  const verdict = classify({ ...exit, code: exit.code ?? -1, timedOut }, lines, notes, def.expects);
  return {
    run: def.name,
    title: def.title,
    command,
    ...verdict,
    exitCode: exit.code,
    signal: exit.signal,
    timedOut,
    startedAt,
    seconds: (performance.now() - t0) / 1000,
    commit: rev,
    machine: m,
    loadavg,
    // Variables that change what the run measures: kept with its figures so a short run is not taken for a full one.
    env: Object.fromEntries(
      Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith(def.envPrefix) && !!e[1]),
    ),
    lines,
    notes,
    tail: verdict.status === 'ok' ? [] : tail.slice(firstText(tail)),
  };
}

async function main(): Promise<number> {
  const all = runDefs(readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts')));
  const opt = args(all);
  const jsonPath = join(opt.outDir, 'bench-results.json');
  const mdPath = join(opt.outDir, 'BENCHMARKS.md');
  let saved: ResultsFile | undefined;
  try {
    saved = existsSync(jsonPath) ? parseResults(readFileSync(jsonPath, 'utf8')) : undefined;
  } catch (err) {
    console.error(`${jsonPath}: ${(err as Error).message}; fix or remove it (nothing was run or written)`);
    return 2;
  }
  const rev = commit();
  const write = async (results: ResultsFile): Promise<void> => {
    writeFileSync(jsonPath, await asPrettier(jsonPath, `${JSON.stringify(results, null, 2)}\n`));
    writeFileSync(mdPath, renderReport(results, all, { at: new Date().toISOString(), commit: rev }));
  };
  if (opt.render) {
    await write(saved ?? { version: 1, runs: {} });
    console.log(`wrote ${mdPath}`);
    return 0;
  }
  const todo = all.filter((d) => (opt.only ? opt.only.has(d.name) : !(opt.noSoak && d.name === 'soak')));
  const m = machine();
  const fresh: RunRecord[] = [];
  for (const def of todo) {
    fresh.push(await runOne(def, opt.timeoutMin, m, rev));
    // Written after every run: an interrupted full report keeps what it measured.
    await write(mergeResults(saved, fresh));
  }
  console.log(`\nwrote ${mdPath} and ${jsonPath}`);
  const bad = fresh.filter((r) => runVerdict(r) === 'fail');
  for (const r of bad)
    console.log(
      `${r.run}: ${r.status === 'ok' ? 'misses its goal' : r.status}` +
        (r.missing.length > 0 ? `; no BENCH line for ${r.missing.join('; ')}` : ''),
    );
  return bad.length > 0 ? 1 : 0;
}

main().then(
  (c) => process.exit(c),
  (err: unknown) => {
    console.error('bench report failed:', err);
    process.exit(2);
  },
);
