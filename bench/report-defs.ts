/**
 * What BENCHMARKS.md says about each benchmark: what it measures, the bound its ratio is against (with the
 * definition it comes from) and the goal its issue set. bench/report.ts runs the benchmarks; this file is data only,
 * so a new goal or wording is a one-line change here, and test/bench/report.test.ts checks the verdicts.
 * Sources: ../shared/reference/bench-definitions.md (copied into the text below where cited),
 * drivers/sim/README.md "Timing model", and the issues that asked for each benchmark (`issues show <n>`).
 */

export type Op = '==' | '<' | '<=' | '>=' | '>';

/** One goal condition on one numeric field of a BENCH line. */
export interface Check {
  key: string;
  op: Op;
  value: number;
  /** Applies only to lines whose fields have these values (e.g. one gate mode). */
  onlyIf?: Record<string, string>;
  /** Does not apply to lines whose fields have these values. */
  skipIf?: Record<string, string>;
}

/** Describes the BENCH lines whose name matches. */
export interface BenchDef {
  /** Exact BENCH name, or a prefix ending in '-*' (`rfid-*`). */
  name: string;
  measures: string;
  /** The yardstick of the ratio (or "absolute"), with the definition it comes from. */
  bound: string;
  goal: string;
  /** Empty: the issue set no numeric goal; the figures are reported without a verdict. */
  checks: Check[];
  /** Fields that tell the lines of one name apart (rfid `n`, gate `mode`). */
  idKeys?: string[];
  /** Fields shown in the summary table; all fields when absent. */
  headline?: string[];
}

/** A command of the report: one bench file, or the fuzz/load/soak runners. */
export interface RunDef {
  name: string;
  title: string;
  /** Arguments after `npm`, e.g. ['run', 'bench', '--', 'sip2']. */
  npmArgs: string[];
  /** BENCH names the run must print; empty = at least one line of any name. */
  expects: string[];
  timeoutMin: number;
  /** Environment variables with this prefix change the run's size; the report records them with the figures. */
  envPrefix: string;
}

const INVENTORY_ROUND =
  'one 16-slot inventory round with no tag answering, from the first bit of the request to the end of the last ' +
  'slot: (1024 + 5·4096 + 512 + 16·5120 + 15·512)/fc = 8231.27 µs at fc = 13.56 MHz (bench-definitions.md ' +
  '"Units: One inventory round"; formula and figure in drivers/sim/README.md "Timing model")';

export const BENCH_DEFS: BenchDef[] = [
  {
    name: 'rfid-*',
    measures:
      'Wall time to inventory N ICODE SLIX tags (N = 1, 5, 10, 20) and read 8 blocks from each, through one driver: ' +
      '`rfid-sim` is SimReader on a real-time field; `rfid-feig`, `rfid-3m`, `rfid-ti-ascii` are the driver talking to ' +
      'its reader emulator over a socat pty pair. Median of 5 runs. The `#` notes give measured_ms and air_bound_ms.',
    bound:
      'Air bound of the same commands (bench-definitions.md "Units: Air bound of an operation on N tags"): the ' +
      'inventory rounds until every UID is resolved plus one addressed Read Multiple Blocks per tag, replayed on a ' +
      'virtual-clock SimField whose clock charges exactly the model of drivers/sim/README.md: request = SOF + ' +
      '(n + 2) × 302.06 µs + EOF; response = 56.64 + (m + 2) × 8 × 37.76 + 56.64 µs; command = request + (t1 + ' +
      'response + t2 | t3); e.g. an 8-block Read Multiple is 15655.46 µs. ratio = measured / bound (1 = nothing ' +
      'but air time). A pty does not pace bytes at the configured baud rate, so serial byte time is not in the ' +
      'figures (as issue 3 notes).',
    goal: 'Issue 3: "the station\'s own overhead must stay small next to the air time" (no numeric bound set).',
    checks: [],
    idKeys: ['n'],
    headline: ['n', 'ratio'],
  },
  {
    name: 'sip2-codec',
    measures:
      'Encode + decode (checksum on, code page 850) of a mixed set of real messages: every valid request in ' +
      "test/vectors/sip2-vectors.tsv plus the test ILS's answers to the station's own requests; for 1.5 s.",
    bound: 'Absolute, on this machine (bench-definitions.md, line `sip2-codec`).',
    goal: 'Issue 2: print messages per second (no numeric goal set).',
    checks: [],
    headline: ['msgs_per_s'],
  },
  {
    name: 'sip2-client',
    measures:
      'Sip2Ils requests (item information and patron status, alternating) through the real client to the test ILS ' +
      'over loopback TCP, no configured delay, one request in flight, 2000 round trips.',
    bound:
      'The "ILS round trip" of bench-definitions.md with a zero configured delay: the loopback transfer of the same ' +
      'request and response bytes, measured on a bare socket pair that only writes the canned answer when a CR ' +
      'arrives (bench/sip2.bench.ts). ratio = measured rate / bound rate (≤ 1; higher is better).',
    goal: 'Issue 2: print round trips per second against the local server (no numeric goal set).',
    checks: [],
    headline: ['roundtrips_per_s', 'ratio'],
  },
  {
    name: 'kiosk-stack',
    measures:
      'A stack of 10 sample-library items placed at once on the sim field (real air timing) while a patron is ' +
      'logged in, the built-in test ILS answering each request after 50 ms over real SIP2 on loopback: time from ' +
      'the items placed to the view with all 10 results shown. Median of 5 runs.',
    bound:
      'bench-definitions.md line `kiosk-stack`: 10 ILS round trips (the 50 ms delay + loopback, measured as the ' +
      'fastest of a few 17 Item Information requests) + the first inventory round that sees the stack + the last ' +
      "item's AFI write and read-back (Get System Information), air times from drivers/sim/README.md (ICODE SLIX " +
      'Write AFI 10687.32 µs, Get System Information 9614.16 µs). ratio = ms / bound_ms.',
    goal: 'Issue 4: ratio ≤ 1.15.',
    checks: [{ key: 'ratio', op: '<=', value: 1.15 }],
    headline: ['ms', 'bound_ms', 'ratio'],
  },
  {
    name: 'gate',
    measures:
      '10,000 seeded passages through a gate pair (antennas 1 and 2 on one reader) on the sim air timing, virtual ' +
      'clock, through the real GateController and simulated GPIO: nobody with tags, checked-out items only, one ' +
      'person with a secured item, groups of 2–4; each tag in the field 300–800 ms. missed = secured passages ' +
      'without the light coming on; false = passages without a secured item where it came on; p50/p99 = (light on − ' +
      'first secured tag entering) per alarmed passage. Lines with `mode=` give each security mode (AFI, EAS).',
    bound:
      `One inventory round: ${INVENTORY_ROUND}. p50_ratio and p99_ratio are latencies in that unit for every mode ` +
      '(bench-definitions.md: "the ratio is always against this unit"). The eas line also gives p99_eas_answers, ' +
      'the same p99 in answered NXP EAS Alarm exchanges (12,936.87 µs each: the 256-bit EAS sequence makes one ' +
      'answer 1.57 inventory rounds by itself), as bench/gate.bench.ts documents it.',
    goal:
      'Issue 5: missed = 0, false = 0, p99 under 1.5 cycles. With EAS-only security that goal is out of physical ' +
      'reach (one answered EAS Alarm is 1.57 cycles), so the eas line is held to p99 under 1.5 EAS answers instead ' +
      'and its p99_ratio is reported without a verdict.',
    checks: [
      { key: 'missed', op: '==', value: 0 },
      { key: 'false', op: '==', value: 0 },
      { key: 'p99_ratio', op: '<', value: 1.5, skipIf: { mode: 'eas' } },
      { key: 'p99_eas_answers', op: '<', value: 1.5, onlyIf: { mode: 'eas' } },
    ],
    idKeys: ['mode'],
    headline: ['mode', 'missed', 'false', 'p99_ratio', 'p99_eas_answers'],
  },
  {
    name: 'inventory',
    measures:
      "200,000 handheld reads (duplicates included) against a shelf list of 1,000,000 items through the station's " +
      'own path (CSV import, InventoryController.ingest, full analysis): reads per second of the ingest loop, peak ' +
      'RSS of the process, and the time of the shelf-order check.',
    bound: 'Absolute, on this machine (bench-definitions.md, line `inventory`).',
    goal: 'Issue 6: ≥ 50,000 reads/s, ≤ 400 MB, order check under 5 s.',
    checks: [
      { key: 'reads_per_s', op: '>=', value: 50_000 },
      { key: 'rss_mb', op: '<=', value: 400 },
      { key: 'order_check_s', op: '<', value: 5 },
    ],
  },
  {
    name: 'fuzz',
    measures:
      'Random and mutated inputs to the SIP2 decoder and framer, the 3M/TI/FEIG framers, the tag decoders, the ' +
      'config loader and every HTTP API body. A failure is an untyped throw, an uncaught exception or an input that ' +
      'takes over 100 ms; failing inputs are kept under test/fuzz-regressions/. Replay with FUZZ_SEED=<seed>.',
    bound: 'Absolute counts.',
    goal: 'Issue 8: at least 1,000,000 inputs in the full run, 0 failures.',
    checks: [
      { key: 'inputs', op: '>=', value: 1_000_000 },
      { key: 'failures', op: '==', value: 0 },
    ],
  },
  {
    name: 'load',
    measures:
      'The kiosk and staff HTTP API of the real service (kiosk role, sim reader, built-in test ILS) under autocannon ' +
      'from a second process on loopback, each endpoint in turn (LOAD_SECONDS, 5 s each, 10 connections). p99_ms is ' +
      "the worst endpoint's; staff login delays failures on purpose.",
    bound: 'Absolute (p99 latency is printed, not bounded).',
    goal: 'Issue 8: no errors, p99 latency printed.',
    checks: [{ key: 'errors', op: '==', value: 0 }],
  },
  {
    name: 'soak',
    measures:
      'The real service (kiosk role) with a reader emulator on a socat pty and the test ILS over TCP, for 10,000 ' +
      'checkouts and returns by simulated patrons, with faults injected (reader unplugged and replugged, ILS dropping ' +
      'the connection, timeouts, bad checksums, failing and torn tag writes, kill -9 and restart). Then: tag security ' +
      'vs the ILS (disagreements not shown as "see staff"), transactions lost or applied twice, patron data found in ' +
      'the data directory, logs or kiosk page state, and RSS growth from the first to the last thousand.',
    bound: 'Absolute counts; rss_growth_pct against the first thousand checkouts.',
    goal: 'Issue 8: 10,000 checkouts; 0 unreported mismatches, 0 lost, 0 doubled, 0 patron-data hits; RSS growth < 10 %.',
    checks: [
      { key: 'checkouts', op: '>=', value: 10_000 },
      { key: 'mismatches_unreported', op: '==', value: 0 },
      { key: 'lost', op: '==', value: 0 },
      { key: 'doubled', op: '==', value: 0 },
      { key: 'pii_hits', op: '==', value: 0 },
      { key: 'rss_growth_pct', op: '<', value: 10 },
    ],
  },
];

/** The definition for a BENCH name, if any. */
export function defFor(name: string): BenchDef | undefined {
  return BENCH_DEFS.find((d) => (d.name.endsWith('-*') ? name.startsWith(d.name.slice(0, -1)) : d.name === name));
}

/** Known bench files (bench/<name>.bench.ts): their title and the lines they must print. */
const BENCH_RUNS: Record<string, { title: string; expects: string[]; timeoutMin?: number }> = {
  rfid: { title: 'RFID drivers against the air bound', expects: ['rfid-sim', 'rfid-feig', 'rfid-3m', 'rfid-ti-ascii'] },
  sip2: { title: 'SIP2 codec and client', expects: ['sip2-codec', 'sip2-client'] },
  kiosk: { title: 'Kiosk: a stack of 10 items', expects: ['kiosk-stack'] },
  gate: { title: 'Security gate: 10,000 passages', expects: ['gate'] },
  inventory: { title: 'Inventory: 200k reads vs 1M items', expects: ['inventory'] },
};

/** The runs of a full report: every bench file (sorted, as `npm run bench` runs them), then fuzz, load, soak. */
export function runDefs(benchFiles: string[]): RunDef[] {
  const names = benchFiles.map((f) => f.replace(/\.bench\.ts$/, '')).sort();
  const benches = names.map((name): RunDef => {
    const known = BENCH_RUNS[name];
    // bench/run.ts filters by a regex on the file name: anchor it when the bare name would match another file.
    const filter = names.filter((n) => `${n}.bench.ts`.includes(name)).length > 1 ? `^${name}\\.bench` : name;
    return {
      name,
      title: known?.title ?? `bench/${name}.bench.ts`,
      npmArgs: ['run', 'bench', '--', filter],
      expects: known?.expects ?? [],
      timeoutMin: known?.timeoutMin ?? 30,
      envPrefix: `${name.toUpperCase()}_BENCH_`,
    };
  });
  return [
    ...benches,
    {
      name: 'fuzz',
      title: 'Fuzzing every input surface',
      npmArgs: ['run', 'fuzz'],
      expects: ['fuzz'],
      timeoutMin: 40,
      envPrefix: 'FUZZ_',
    },
    {
      name: 'load',
      title: 'HTTP API under load',
      npmArgs: ['run', 'load'],
      expects: ['load'],
      timeoutMin: 20,
      envPrefix: 'LOAD_',
    },
    {
      name: 'soak',
      title: 'Soak with faults',
      npmArgs: ['run', 'soak'],
      expects: ['soak'],
      timeoutMin: 240,
      envPrefix: 'SOAK_',
    },
  ];
}
