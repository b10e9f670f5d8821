/**
 * The pure half of `npm run bench:report`: parse a run's output into BENCH lines and notes, decide whether the run
 * delivered what it should, judge each line against its goal, and keep the saved results (bench-results.json).
 * No I/O here, so test/bench/report.test.ts can feed it text.
 */
import { defFor, type BenchDef, type Check } from './report-defs.ts';

/** One `BENCH <name> k=v ...` line. Values stay strings so a figure is shown as the bench printed it. */
export interface BenchLine {
  name: string;
  fields: Record<string, string>;
  /** Tokens without `=`: a malformed line is shown with them, not dropped. */
  stray: string[];
  raw: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  /** The cgroup's CPU limit when there is one (a container may see more cores than it may use). */
  cpuQuota?: string;
  ramGiB: number;
  os: string;
  kernel: string;
  arch: string;
  node: string;
}

export type RunStatus = 'ok' | 'failed' | 'missing';

/** What one run of one command left: saved as is in bench-results.json, rendered into BENCHMARKS.md. */
export interface RunRecord {
  run: string;
  title: string;
  command: string;
  status: RunStatus;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  startedAt: string;
  seconds: number;
  commit: string;
  machine: Machine;
  loadavg: number[];
  /** Environment variables that change a benchmark's size (FUZZ_INPUTS, GATE_BENCH_MODE, ...), as set. */
  env: Record<string, string>;
  lines: string[];
  notes: string[];
  /** Expected BENCH names the run did not print, each with the reason when the output gave one. */
  missing: string[];
  /** The last lines of output, kept when the run failed. */
  tail: string[];
}

export interface ResultsFile {
  version: 1;
  runs: Record<string, RunRecord>;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

export function parseBenchLine(raw: string): BenchLine | undefined {
  const line = raw.replace(/\r$/, '').trim();
  if (!line.startsWith('BENCH ')) return undefined;
  const [name = '', ...tokens] = line.slice(6).trim().split(/\s+/);
  const fields: Record<string, string> = {};
  const stray: string[] = [];
  for (const t of tokens) {
    const eq = t.indexOf('=');
    if (eq > 0) fields[t.slice(0, eq)] = t.slice(eq + 1);
    else stray.push(t);
  }
  return { name, fields, stray, raw: line };
}

/** BENCH lines and `# ` notes of a run's output (the runner's `# <file>.bench.ts` headers left out). */
export function parseOutput(text: string): { lines: string[]; notes: string[] } {
  const lines: string[] = [];
  const notes: string[] = [];
  for (const l of text.split('\n').map((s) => s.replace(/\r$/, '').trim())) {
    if (parseBenchLine(l)) lines.push(l);
    else if (l.startsWith('# ') && !/^# \S+\.bench\.ts$/.test(l)) notes.push(l);
  }
  return { lines, notes };
}

/**
 * ok: exit 0 and every expected name printed. failed: non-zero exit, signal or timeout (its lines still count).
 * missing: exit 0 but an expected line is absent (a bench that skipped itself says why in a `# <name> skipped` note).
 */
export function classify(
  exit: { code: number | null; signal: string | null; timedOut: boolean },
  lines: string[],
  notes: string[],
  expects: string[],
): { status: RunStatus; missing: string[] } {
  const names = new Set(lines.map((l) => parseBenchLine(l)?.name));
  const missing: string[] = [];
  if (expects.length === 0 && names.size === 0) missing.push('any BENCH line');
  for (const e of expects) {
    if (names.has(e)) continue;
    const skip = notes.find((n) => n.startsWith(`# ${e} skipped`));
    missing.push(skip ? `${e} (${skip.slice(2)})` : e);
  }
  const failed = exit.timedOut || exit.signal !== null || exit.code !== 0;
  return { status: failed ? 'failed' : missing.length > 0 ? 'missing' : 'ok', missing };
}

export type Verdict = 'pass' | 'fail' | 'none';

const holds = (x: number, c: Check): boolean =>
  c.op === '=='
    ? x === c.value
    : c.op === '<'
      ? x < c.value
      : c.op === '<='
        ? x <= c.value
        : c.op === '>='
          ? x >= c.value
          : x > c.value;

const NEGATION: Record<Check['op'], string> = { '==': '≠', '<': '≥', '<=': '>', '>=': '<', '>': '≤' };

/** A line against its goal: every check must hold; a missing or non-numeric field fails its check. */
export function judge(
  line: BenchLine,
  def: BenchDef | undefined = defFor(line.name),
): { verdict: Verdict; why: string[] } {
  if (!def || def.checks.length === 0) return { verdict: 'none', why: [] };
  const why: string[] = [];
  const matches = (want: Record<string, string>) => Object.entries(want).every(([k, v]) => line.fields[k] === v);
  for (const c of def.checks) {
    if ((c.onlyIf && !matches(c.onlyIf)) || (c.skipIf && matches(c.skipIf))) continue;
    const raw = line.fields[c.key];
    if (raw === undefined) why.push(`${c.key} missing`);
    else if (!NUMBER.test(raw)) why.push(`${c.key}=${raw} is not a number`);
    else if (!holds(Number(raw), c)) why.push(`${c.key} ${raw} ${NEGATION[c.op]} ${c.value}`);
  }
  return { verdict: why.length > 0 ? 'fail' : 'pass', why };
}

/** A run's overall verdict: fail when the run failed or any line failed its goal. */
export function runVerdict(r: RunRecord): Verdict {
  if (r.status !== 'ok') return 'fail';
  const vs = r.lines.map((l) => parseBenchLine(l)).map((b) => (b ? judge(b).verdict : 'fail'));
  return vs.includes('fail') ? 'fail' : vs.includes('pass') ? 'pass' : 'none';
}

/** Reads bench-results.json; throws on anything that is not one, so a damaged file is never overwritten. */
export function parseResults(text: string): ResultsFile {
  const data = JSON.parse(text) as Partial<ResultsFile>;
  if (data?.version !== 1 || typeof data.runs !== 'object' || data.runs === null)
    throw new Error('not a bench-results.json (version 1)');
  for (const [k, r] of Object.entries(data.runs)) {
    if (!r || !Array.isArray(r.lines) || !Array.isArray(r.notes) || typeof r.command !== 'string')
      throw new Error(`bench-results.json: run "${k}" is incomplete`);
  }
  return data as ResultsFile;
}

/** The previous results with the runs of this invocation replaced; the others keep their last figures. */
export function mergeResults(previous: ResultsFile | undefined, fresh: RunRecord[]): ResultsFile {
  const runs = { ...(previous?.runs ?? {}) };
  for (const r of fresh) runs[r.run] = r;
  return { version: 1, runs };
}
