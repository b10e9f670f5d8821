/**
 * BENCHMARKS.md from bench-results.json: a summary table (figures, goal, verdict per benchmark), the machines the
 * figures came from, then one section per run with its command, what it measures, the bound and goal
 * (bench/report-defs.ts) and every BENCH line. Pure: the caller passes the time and the current commit.
 */
import {
  judge,
  parseBenchLine,
  runVerdict,
  type BenchLine,
  type Machine,
  type ResultsFile,
  type RunRecord,
} from './report-core.ts';
import { defFor, type BenchDef, type RunDef } from './report-defs.ts';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: string[][]): string[] => [row(head), row(head.map(() => '---')), ...rows.map(row)];
const when = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const code = (s: string): string => `\`${s}\``;

function machineText(m: Machine): string[] {
  return [
    m.cpu,
    `${m.cores}${m.cpuQuota ? ` (cgroup limit ${m.cpuQuota})` : ''}`,
    `${m.ramGiB.toFixed(1)} GiB`,
    m.os,
    m.kernel,
    m.arch,
    m.node,
  ];
}

/** Lines of a run grouped by their definition (all rfid-<driver> lines share one), in order of appearance. */
function groups(r: RunRecord): Array<{ def: BenchDef | undefined; key: string; lines: BenchLine[] }> {
  const out: Array<{ def: BenchDef | undefined; key: string; lines: BenchLine[] }> = [];
  for (const raw of r.lines) {
    const b = parseBenchLine(raw);
    if (!b) continue;
    const def = defFor(b.name);
    const key = def?.name ?? b.name;
    const g = out.find((x) => x.key === key);
    if (g) g.lines.push(b);
    else out.push({ def, key, lines: [b] });
  }
  return out;
}

const VERDICT = { pass: 'pass', fail: '**FAIL**', none: 'no numeric goal' } as const;

function verdictText(b: BenchLine): string {
  const j = judge(b);
  const stray = b.stray.length > 0 ? ` (malformed: ${b.stray.join(' ')})` : '';
  if (j.verdict === 'pass') return `pass${stray}`;
  if (j.verdict === 'fail') return `**FAIL**: ${j.why.join(', ')}${stray}`;
  return `no numeric goal${stray}`;
}

function statusText(r: RunRecord): string {
  const exit = r.timedOut ? 'timed out' : r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`;
  if (r.status === 'failed') return `**FAILED** (${exit})`;
  if (r.status === 'missing') return `**MISSING** lines: ${r.missing.join('; ')}`;
  return 'ok';
}

function headline(b: BenchLine, def: BenchDef | undefined): string {
  const keys = def?.headline ?? Object.keys(b.fields);
  const shown = keys.filter((k) => b.fields[k] !== undefined).map((k) => `${k}=${b.fields[k]}`);
  return [b.name, ...shown].join(' ');
}

function summaryRows(def: RunDef, r: RunRecord | undefined, label: (m: Machine) => string): string[][] {
  const cmd = code(`npm ${def.npmArgs.join(' ')}`);
  const goals = [...new Set(def.expects.map((e) => defFor(e)?.goal).filter((g) => g !== undefined))].join('<br>');
  if (!r) return [[def.name, '—', cmd, goals || '—', 'not run yet', '—']];
  const ran = `${when(r.startedAt)}, ${label(r.machine)}`;
  const gs = groups(r);
  const rows = gs.map((g) => [
    def.name,
    g.lines.map((b) => headline(b, g.def)).join('<br>'),
    cmd,
    g.def?.goal ?? 'no definition in bench/report-defs.ts',
    [...(r.status === 'ok' ? [] : [statusText(r)]), ...g.lines.map(verdictText)].join('<br>'),
    ran,
  ]);
  if (rows.length === 0) rows.push([def.name, 'no BENCH line', cmd, goals || '—', statusText(r), ran]);
  return rows;
}

/** What a run that left no line would have measured, so a failed or missing benchmark is still explained. */
function expected(def: RunDef): string[] {
  const defs = [...new Set(def.expects.map((e) => defFor(e)).filter((d) => d !== undefined))];
  return defs.flatMap((d) => [`#### ${d.name}`, '', ...describe(d)]);
}

function describe(d: BenchDef): string[] {
  return [`- Measures: ${d.measures}`, `- Bound: ${d.bound}`, `- Goal: ${d.goal}`, ''];
}

function section(def: RunDef, r: RunRecord | undefined, label: (m: Machine) => string): string[] {
  const out = [
    `### ${def.name}: ${def.title}`,
    '',
    `Command: ${code(r?.command ?? `npm ${def.npmArgs.join(' ')}`)}`,
    '',
  ];
  if (!r) return [...out, 'Not run yet.', '', ...expected(def)];
  out.push(
    `Ran ${when(r.startedAt)} at commit ${code(r.commit)} on ${label(r.machine)} (load average at start ` +
      `${r.loadavg.map((x) => x.toFixed(2)).join(' ')}), ${r.seconds.toFixed(1)} s: ${statusText(r)}; ` +
      `verdict: ${VERDICT[runVerdict(r)]}.`,
    '',
  );
  const env = Object.entries(r.env);
  if (env.length > 0) out.push(`Environment: ${env.map(([k, v]) => code(`${k}=${v}`)).join(' ')}`, '');
  for (const g of groups(r)) {
    out.push(`#### ${g.key}`, '');
    if (g.def) {
      out.push(...describe(g.def));
    } else out.push('- No definition in bench/report-defs.ts for this line yet.', '');
    const keys = [...new Set(g.lines.flatMap((b) => Object.keys(b.fields)))];
    out.push(
      ...table(
        ['line', ...keys, 'verdict'],
        g.lines.map((b) => [b.name, ...keys.map((k) => b.fields[k] ?? ''), verdictText(b)]),
      ),
      '',
    );
  }
  if (groups(r).length === 0) out.push(...expected(def));
  if (r.notes.length > 0) out.push('Notes printed by the run:', '', '```', ...r.notes, '```', '');
  if (r.status !== 'ok' && r.tail.length > 0) out.push('Last lines of output:', '', '```', ...r.tail, '```', '');
  return out;
}

export function renderReport(results: ResultsFile, order: RunDef[], now: { at: string; commit: string }): string {
  // Runs saved earlier whose command is no longer part of the report still show, after the current ones.
  const extra = Object.values(results.runs)
    .filter((r) => !order.some((d) => d.name === r.run))
    .map((r): RunDef => ({
      name: r.run,
      title: r.title,
      npmArgs: r.command.split(' ').slice(1),
      expects: [],
      timeoutMin: 0,
      envPrefix: '',
    }));
  const defs = [...order, ...extra];
  const machines: string[] = [];
  const label = (m: Machine): string => {
    const k = JSON.stringify(machineText(m));
    if (!machines.includes(k)) machines.push(k);
    return `M${machines.indexOf(k) + 1}`;
  };
  const summary = defs.flatMap((d) => summaryRows(d, results.runs[d.name], label));
  const sections = defs.flatMap((d) => section(d, results.runs[d.name], label));
  const ran = defs.map((d) => results.runs[d.name]).filter((r): r is RunRecord => r !== undefined);
  const failing = ran.filter((r) => runVerdict(r) === 'fail').map((r) => r.run);
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench:report` (bench/report.ts) from the figures kept in bench-results.json; the wording ' +
      'of each benchmark, bound and goal lives in bench/report-defs.ts. Every ratio is against a bound that does not ' +
      'depend on how the station is written (../shared/reference/bench-definitions.md; the air-time formulas are in ' +
      "drivers/sim/README.md). `npm run bench:report -- --only <names>` re-runs some and keeps the others' figures.",
    '',
    `Written ${when(now.at)} at commit ${code(now.commit)}. ${ran.length} of ${defs.length} runs have figures; ` +
      (failing.length > 0 ? `**not meeting their goal or failed: ${failing.join(', ')}**.` : 'none failed its goal.'),
    '',
    '## Summary',
    '',
    ...table(['run', 'figures', 'command', 'goal', 'verdict', 'ran'], summary),
    '',
    '## Machines',
    '',
    ...table(
      ['', 'CPU', 'cores', 'RAM', 'OS', 'kernel', 'arch', 'Node'],
      machines.map((k, i) => [`M${i + 1}`, ...(JSON.parse(k) as string[])]),
    ),
    '',
    '## Details',
    '',
    ...sections,
  ].join('\n');
}
