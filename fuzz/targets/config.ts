/**
 * The config loader: parseConfig on random and mutated objects (with environment overrides applied the way
 * loadConfig applies them), and loadConfig on random and mutated YAML text. The only error allowed is ConfigError.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/index.ts';
import { applyEnv } from '../../src/config/load.ts';
import { FuzzFinding, type Target } from '../harness.ts';
import { generate } from '../mutate.ts';
import { mutateTree, STRINGS, NUMBERS, type Json } from '../json.ts';

const onlyConfigError = (err: unknown): void => {
  if (!(err instanceof ConfigError)) throw err;
};

const defaults = JSON.parse(JSON.stringify(parseConfig({}))) as { [k: string]: Json };
const SAMPLES: Array<{ [k: string]: Json }> = [
  {},
  defaults,
  { general: { role: 'kiosk', dataDir: '/var/lib/selfcheck' }, http: { port: 8080 } },
  { general: { role: 'gate' }, reader: { driver: 'sim', sim: { timing: 'virtual' } } },
  { sip2: { mode: 'tcp', host: '127.0.0.1', port: 6001, timeouts: { reconnectMinMs: 100, reconnectMaxMs: 50 } } },
  { kiosk: { warningSeconds: 30, inactivitySeconds: 20 }, tags: { itemIdPattern: '^[0-9]+$' } },
  { staff: { users: { ops: '$argon2id$v=19$m=19456,t=2,p=1$abc$def' } } },
];
const ENV_NAMES = [
  'SELFCHECK_DATA_DIR',
  'SELFCHECK_ROLE',
  'SELFCHECK_HTTP_PORT',
  'SELFCHECK_HTTP_HOST',
  'SELFCHECK_LOG_LEVEL',
  'SELFCHECK_SIP2_MODE',
  'SELFCHECK_SIP2_PORT',
  'SELFCHECK_SIP2_LATENCY_MS',
  'SELFCHECK_READER_DRIVER',
];
export const configObject: Target = {
  name: 'config-object',
  full: 40_000,
  generate(rng) {
    let raw: Json = JSON.parse(JSON.stringify(rng.pick(SAMPLES))) as Json;
    for (let i = 1 + rng.int(4); i > 0; i--) raw = mutateTree(rng, raw);
    const env: Record<string, string> = {};
    if (rng.chance(0.3)) env[rng.pick(ENV_NAMES)] = rng.chance(0.5) ? rng.pick(STRINGS) : String(rng.pick(NUMBERS));
    return Buffer.from(JSON.stringify({ raw, env }));
  },
  run(input) {
    let parsed: { raw?: unknown; env?: Record<string, string> };
    try {
      parsed = JSON.parse(Buffer.from(input).toString('utf8')) as typeof parsed;
    } catch {
      return; // not an input of this target (a hand-made regression file, say): nothing to check
    }
    if (parsed === null || typeof parsed !== 'object') return;
    try {
      parseConfig(parsed.raw);
    } catch (err) {
      onlyConfigError(err);
    }
    const raw = parsed.raw;
    // loadConfig applies the environment only to a mapping (it rejects anything else first).
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      try {
        parseConfig(applyEnv(raw as Record<string, unknown>, parsed.env ?? {}));
      } catch (err) {
        onlyConfigError(err);
      }
    }
  },
};

const YAML_CORPUS = [
  ...SAMPLES.map((s) => stringify(s)),
  'general:\n  role: kiosk\nhttp:\n  port: 8080\n  host: 127.0.0.1\n',
  'a: &x [1, 2]\nb: [*x, *x, *x]\n',
  '{"general": {"dataDir": "/tmp/x"}, "sip2": {"mode": "builtin"}}',
  '# only a comment\n',
  'kiosk: !!str 12\nreader: {driver: sim, sim: {timing: virtual}}\n',
].map((s) => Uint8Array.from(Buffer.from(s)));

let dir = '';
export const configYaml: Target = {
  name: 'config-yaml',
  full: 5_000,
  async setup() {
    dir = mkdtempSync(path.join(os.tmpdir(), 'selfcheck-fuzz-config-'));
  },
  async teardown() {
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
  generate: (rng) =>
    generate(rng, {
      corpus: YAML_CORPUS,
      delimiters: [0x3a, 0x2d, 0x0a, 0x20, 0x23, 0x26, 0x2a, 0x7b, 0x5b, 0x22, 0x21, 0x7c, 0x3e, 0x09],
      maxRandom: 200,
    }),
  run(input) {
    if (!dir) throw new FuzzFinding('config-yaml used without setup()');
    const file = path.join(dir, 'station.yaml');
    writeFileSync(file, input);
    // The yaml package reports unknown tags and the like through process.emitWarning: thousands of mutated files
    // would bury the run's output, so warnings are muted while one input is loaded.
    const emitWarning = process.emitWarning.bind(process);
    process.emitWarning = () => undefined;
    try {
      loadConfig({ path: file, env: {} });
    } catch (err) {
      onlyConfigError(err);
    } finally {
      process.emitWarning = emitWarning;
    }
  },
};
