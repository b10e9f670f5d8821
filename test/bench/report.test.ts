/**
 * The parsing, verdict and rendering half of `npm run bench:report` (bench/report-core.ts, report-render.ts), fed
 * BENCH lines as the benches print them; nothing is run. Figures are the ones the issues quote (issues 4, 5, 6, 8).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  classify,
  judge,
  mergeResults,
  parseBenchLine,
  parseOutput,
  parseResults,
  runVerdict,
  type RunRecord,
} from '../../bench/report-core.ts';
import { defFor, runDefs } from '../../bench/report-defs.ts';
import { renderReport } from '../../bench/report-render.ts';

const line = (s: string) => {
  const b = parseBenchLine(s);
  if (!b) throw new Error(`not a BENCH line: ${s}`);
  return b;
};

const machine = {
  cpu: 'Test CPU',
  cores: 2,
  ramGiB: 4,
  os: 'Debian GNU/Linux 12 (bookworm)',
  kernel: 'Linux 6.1.0',
  arch: 'x64',
  node: 'v20.0.0',
};

function record(run: string, output: string, exit = 0, expects = [run]): RunRecord {
  const { lines, notes } = parseOutput(output);
  const v = classify({ code: exit, signal: null, timedOut: false }, lines, notes, expects);
  return {
    run,
    title: `title of ${run}`,
    command: `npm run bench -- ${run}`,
    ...v,
    exitCode: exit,
    signal: null,
    timedOut: false,
    startedAt: '2026-01-02T03:04:05.000Z',
    seconds: 1.5,
    commit: 'abc123',
    machine,
    loadavg: [0.5, 0.25, 0],
    env: {},
    lines,
    notes,
    tail: v.status === 'ok' ? [] : output.split('\n').slice(-3),
  };
}

test('a BENCH line: name, fields as printed, stray tokens kept, CRLF and other lines ignored', () => {
  const b = line('BENCH gate passes=10000 missed=0 false=0 p50_ratio=1.047 p99_ratio=1.320\r');
  assert.is(b.name, 'gate');
  assert.equal(b.fields, { passes: '10000', missed: '0', false: '0', p50_ratio: '1.047', p99_ratio: '1.320' });
  assert.equal(line('BENCH x a=1 oops b=').stray, ['oops']);
  assert.equal(line('BENCH x a=1 oops b=').fields, { a: '1', b: '' });
  assert.is(parseBenchLine('fuzz seed=1 inputs=2'), undefined);
  assert.is(parseBenchLine('# BENCH gate'), undefined);
});

test('output: BENCH lines and notes, without the runner headers', () => {
  const out = parseOutput(
    '> selfcheck@0.1.0 bench\n# kiosk.bench.ts\nBENCH kiosk-stack n=10 ms=603.9 bound_ms=573.9 ratio=1.052\n' +
      '# runs=5 min_ms=590.0\nnoise\n',
  );
  assert.equal(out.lines, ['BENCH kiosk-stack n=10 ms=603.9 bound_ms=573.9 ratio=1.052']);
  assert.equal(out.notes, ['# runs=5 min_ms=590.0']);
});

test('run status: ok, failed on exit/timeout, missing lines with the skip reason', () => {
  const ok = classify({ code: 0, signal: null, timedOut: false }, ['BENCH load errors=0'], [], ['load']);
  assert.equal(ok, { status: 'ok', missing: [] });
  assert.is(
    classify({ code: 1, signal: null, timedOut: false }, ['BENCH load errors=3'], [], ['load']).status,
    'failed',
  );
  assert.is(
    classify({ code: 0, signal: null, timedOut: true }, ['BENCH load errors=0'], [], ['load']).status,
    'failed',
  );
  assert.is(classify({ code: null, signal: 'SIGKILL', timedOut: false }, [], [], ['load']).status, 'failed');
  const rfid = classify(
    { code: 0, signal: null, timedOut: false },
    ['BENCH rfid-sim n=1 ratio=1.036'],
    ['# rfid-feig skipped: not built'],
    ['rfid-sim', 'rfid-feig', 'rfid-3m'],
  );
  assert.equal(rfid, { status: 'missing', missing: ['rfid-feig (rfid-feig skipped: not built)', 'rfid-3m'] });
  assert.equal(classify({ code: 0, signal: null, timedOut: false }, [], [], []), {
    status: 'missing',
    missing: ['any BENCH line'],
  });
});

test('gate goal (issue 5): missed = 0, false = 0, p99 < 1.5 cycles', () => {
  assert.equal(judge(line('BENCH gate passes=10000 missed=0 false=0 p50_ratio=1.047 p99_ratio=1.320')), {
    verdict: 'pass',
    why: [],
  });
  // EAS-only: p99 in inventory rounds has no verdict (one EAS answer is 1.57 rounds); it is held to 1.5 EAS answers.
  assert.equal(judge(line('BENCH gate mode=eas passes=10000 missed=0 false=0 p99_ratio=2.054 p99_eas_answers=1.307')), {
    verdict: 'pass',
    why: [],
  });
  assert.equal(judge(line('BENCH gate mode=eas passes=10000 missed=0 false=0 p99_ratio=2.9 p99_eas_answers=1.9')), {
    verdict: 'fail',
    why: ['p99_eas_answers 1.9 ≥ 1.5'],
  });
  assert.equal(judge(line('BENCH gate mode=afi passes=10000 missed=0 false=0 p99_ratio=1.6')).why, [
    'p99_ratio 1.6 ≥ 1.5',
  ]);
  assert.equal(judge(line('BENCH gate passes=10000 missed=2 false=1 p99_ratio=1.5')).why, [
    'missed 2 ≠ 0',
    'false 1 ≠ 0',
    'p99_ratio 1.5 ≥ 1.5',
  ]);
  assert.equal(judge(line('BENCH gate passes=10000 missed=0 false=0')).why, ['p99_ratio missing']);
  assert.equal(judge(line('BENCH gate missed=0 false=0 p99_ratio=NaN')).why, ['p99_ratio=NaN is not a number']);
});

test('kiosk (issue 4), inventory (issue 6), fuzz, load and soak (issue 8) goals', () => {
  assert.is(judge(line('BENCH kiosk-stack n=10 ms=603.9 bound_ms=573.9 ratio=1.052')).verdict, 'pass');
  assert.is(judge(line('BENCH kiosk-stack n=10 ratio=1.150')).verdict, 'pass');
  assert.equal(judge(line('BENCH kiosk-stack n=10 ratio=1.151')).why, ['ratio 1.151 > 1.15']);
  assert.is(judge(line('BENCH inventory reads_per_s=78752 rss_mb=324 order_check_s=1.72')).verdict, 'pass');
  assert.equal(judge(line('BENCH inventory reads_per_s=49999 rss_mb=401 order_check_s=5.00')).why, [
    'reads_per_s 49999 < 50000',
    'rss_mb 401 > 400',
    'order_check_s 5.00 ≥ 5',
  ]);
  assert.is(judge(line('BENCH fuzz inputs=1000000 failures=0 seconds=60.3 seed=630734304')).verdict, 'pass');
  assert.equal(judge(line('BENCH fuzz inputs=100000 failures=1 seconds=9 seed=1')).why, [
    'inputs 100000 < 1000000',
    'failures 1 ≠ 0',
  ]);
  assert.is(judge(line('BENCH load requests=150507 errors=0 p99_ms=50')).verdict, 'pass');
  assert.is(judge(line('BENCH load requests=150507 errors=4 p99_ms=50')).verdict, 'fail');
  const soak = 'BENCH soak checkouts=10000 mismatches_unreported=0 lost=0 doubled=0 pii_hits=0 rss_growth_pct=3.2';
  assert.is(judge(line(soak)).verdict, 'pass');
  assert.equal(judge(line(soak.replace('lost=0', 'lost=1').replace('3.2', '10.0'))).why, [
    'lost 1 ≠ 0',
    'rss_growth_pct 10.0 ≥ 10',
  ]);
});

test('benchmarks with no numeric goal, and unknown names, get no verdict', () => {
  assert.is(judge(line('BENCH rfid-ti-ascii n=20 ratio=1.095')).verdict, 'none');
  assert.is(defFor('rfid-feig')?.name, 'rfid-*');
  assert.is(defFor('rfid'), undefined);
  assert.is(judge(line('BENCH sip2-codec msgs_per_s=87105')).verdict, 'none');
  assert.is(judge(line('BENCH brand-new x=1')).verdict, 'none');
});

test('run verdict: a failed run fails even with good lines; no-goal runs stay neutral', () => {
  assert.is(runVerdict(record('load', 'BENCH load requests=1 errors=0 p99_ms=5')), 'pass');
  assert.is(runVerdict(record('load', 'BENCH load requests=1 errors=0 p99_ms=5', 1)), 'fail');
  assert.is(runVerdict(record('sip2', 'BENCH sip2-codec msgs_per_s=1', 0, ['sip2-codec'])), 'none');
  assert.is(runVerdict(record('kiosk', 'no output', 0, ['kiosk-stack'])), 'fail');
});

test('run list: every bench file (anchored when a name is ambiguous), then fuzz, load, soak', () => {
  const defs = runDefs(['sip2.bench.ts', 'gate.bench.ts', 'gate-eas.bench.ts']);
  assert.equal(
    defs.map((d) => d.name),
    ['gate', 'gate-eas', 'sip2', 'fuzz', 'load', 'soak'],
  );
  assert.equal(defs[0]!.npmArgs, ['run', 'bench', '--', '^gate\\.bench']);
  assert.equal(defs[2]!.npmArgs, ['run', 'bench', '--', 'sip2']);
  assert.equal(defs[2]!.expects, ['sip2-codec', 'sip2-client']);
  assert.equal(defs[1]!.expects, []);
  assert.equal(defs[3]!.npmArgs, ['run', 'fuzz']);
});

test('saved results: merge keeps runs not re-run; a damaged file is refused', () => {
  const old = mergeResults(undefined, [record('load', 'BENCH load errors=0'), record('fuzz', 'BENCH fuzz inputs=1')]);
  const merged = mergeResults(old, [record('fuzz', 'BENCH fuzz inputs=1000000 failures=0')]);
  assert.equal(Object.keys(merged.runs).sort(), ['fuzz', 'load']);
  assert.equal(merged.runs['load']!.lines, ['BENCH load errors=0']);
  assert.equal(merged.runs['fuzz']!.lines, ['BENCH fuzz inputs=1000000 failures=0']);
  assert.equal(parseResults(JSON.stringify(merged)), merged);
  assert.throws(() => parseResults('{"version":2,"runs":{}}'), /version 1/);
  assert.throws(() => parseResults('{"version":1,"runs":{"x":{"lines":[]}}}'), /"x" is incomplete/);
  assert.throws(() => parseResults('not json'));
});

test('BENCHMARKS.md: summary verdicts, definitions, every line, machine, failures and runs not yet made', () => {
  const order = runDefs(['gate.bench.ts', 'kiosk.bench.ts', 'rfid.bench.ts']);
  const results = mergeResults(undefined, [
    record(
      'gate',
      '# gate.bench.ts\n# mode=afi alarmed=3010\nBENCH gate passes=10000 missed=0 false=0 p50_ratio=1.047 p99_ratio=1.320\n' +
        'BENCH gate mode=afi passes=10000 missed=0 false=0 p50_ratio=1.6 p99_ratio=2.050',
    ),
    record('kiosk', 'Error: login failed: pin\n    at main', 1, ['kiosk-stack']),
    record(
      'rfid',
      'BENCH rfid-sim n=1 ratio=1.036\nBENCH rfid-sim n=20 ratio=1.013\n# rfid-feig skipped: not built',
      0,
      ['rfid-sim', 'rfid-feig'],
    ),
    record('fuzz', 'BENCH fuzz inputs=1000000 failures=0 seconds=60.3 seed=630734304'),
  ]);
  const md = renderReport(results, order, { at: '2026-01-03T00:00:00.000Z', commit: 'def456' });
  assert.ok(md.startsWith('# Benchmarks\n'));
  assert.match(md, 'Written 2026-01-03 00:00 UTC at commit `def456`. 4 of 6 runs have figures');
  assert.match(md, '**not meeting their goal or failed: gate, kiosk, rfid**');
  const summary = md.slice(md.indexOf('## Summary'), md.indexOf('## Machines'));
  assert.match(
    summary,
    '| gate | gate missed=0 false=0 p99_ratio=1.320<br>gate mode=afi missed=0 false=0 p99_ratio=2.050 | `npm run bench -- gate` | Issue 5: missed = 0, false = 0, p99 under 1.5 cycles.',
  );
  assert.match(summary, '| pass<br>**FAIL**: p99_ratio 2.050 ≥ 1.5 | 2026-01-02 03:04 UTC, M1 |');
  assert.match(
    summary,
    '| kiosk | no BENCH line | `npm run bench -- kiosk` | Issue 4: ratio ≤ 1.15. | **FAILED** (exit 1) |',
  );
  assert.match(summary, '**MISSING** lines: rfid-feig (rfid-feig skipped: not built)');
  assert.match(summary, '| fuzz | fuzz inputs=1000000 failures=0 seconds=60.3 seed=630734304 | `npm run fuzz` |');
  assert.match(summary, '| load | — | `npm run load` | Issue 8: no errors, p99 latency printed. | not run yet | — |');
  assert.match(md, '| M1 | Test CPU | 2 | 4.0 GiB | Debian GNU/Linux 12 (bookworm) | Linux 6.1.0 | x64 | v20.0.0 |');
  // The gate section: bound with its definition, a table of every line, the notes.
  const gate = md.slice(md.indexOf('### gate'), md.indexOf('### kiosk'));
  assert.match(gate, 'Command: `npm run bench -- gate`');
  assert.match(gate, 'at commit `abc123` on M1 (load average at start 0.50 0.25 0.00), 1.5 s: ok; verdict: **FAIL**.');
  assert.match(gate, '8231.27 µs');
  assert.match(gate, 'bench-definitions.md "Units: One inventory round"');
  assert.match(gate, '| line | passes | missed | false | p50_ratio | p99_ratio | mode | verdict |');
  assert.match(gate, '| gate | 10000 | 0 | 0 | 1.6 | 2.050 | afi | **FAIL**: p99_ratio 2.050 ≥ 1.5 |');
  assert.match(gate, '# mode=afi alarmed=3010');
  assert.not.match(gate, '# gate.bench.ts');
  const kiosk = md.slice(md.indexOf('### kiosk'), md.indexOf('### rfid'));
  assert.match(kiosk, '```\nno output\nError: login failed: pin\n    at main\n```'.replace('no output\n', ''));
  const rfid = md.slice(md.indexOf('### rfid'), md.indexOf('### fuzz'));
  assert.match(rfid, '#### rfid-*');
  assert.match(rfid, '| rfid-sim | 20 | 1.013 | no numeric goal |');
  assert.match(rfid, 'drivers/sim/README.md');
  assert.match(
    md,
    '### soak: Soak with faults\n\nCommand: `npm run soak`\n\nNot run yet.\n\n#### soak\n\n- Measures: The real',
  );
  assert.match(kiosk, '#### kiosk-stack\n\n- Measures: A stack of 10');
});

test('a line whose name has no definition is still shown', () => {
  const order = runDefs(['new.bench.ts']);
  const md = renderReport(mergeResults(undefined, [record('new', 'BENCH new-thing x=1 y=a|b', 0, [])]), order, {
    at: '2026-01-03T00:00:00.000Z',
    commit: 'x',
  });
  assert.match(md, 'No definition in bench/report-defs.ts for this line yet.');
  assert.match(md, '| new-thing | 1 | a\\|b | no numeric goal |');
});

test.run();
