/**
 * `npm run load`: the real service (kiosk role, sim reader, built-in test ILS, staff API with one account) in this
 * process, driven from a second process (load/drive.ts, autocannon) on loopback. Prints errors and p99 latency per
 * endpoint; the last line is `BENCH load requests=<n> errors=<n> p99_ms=<m>` (p99: the worst endpoint's).
 * Exit code 1 when any request failed (network error, timeout or a non-2xx answer).
 *   npm run load [-- --quick]      LOAD_SECONDS (5; quick 2) per endpoint, LOAD_CONNECTIONS (10)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import { parseConfig } from '../src/config/index.ts';
import { createLogger } from '../src/log/index.ts';
import { startService } from '../src/service.ts';
import type { EndpointResult } from './drive.ts';

const USER = 'loadtest';
const PASSWORD = 'load test password';

async function main(): Promise<number> {
  const quick = process.argv.includes('--quick');
  const seconds = process.env['LOAD_SECONDS'] ?? (quick ? '2' : '5');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'selfcheck-load-'));
  const base = parseConfig({
    general: { role: 'kiosk', dataDir: path.join(dir, 'data') },
    http: { host: '127.0.0.1', port: 0 },
    log: { level: 'silent' },
    sip2: { mode: 'builtin' },
    reader: { driver: 'sim', sim: { initialTags: 0 } },
  });
  const config = { ...base, staff: { ...base.staff, users: { [USER]: await hash(PASSWORD) } } };
  const svc = await startService(config, { log: createLogger({ level: 'silent' }) });
  console.log(`service (kiosk role, sim reader, built-in test ILS) at ${svc.url}; ${seconds}s per endpoint`);
  const results: EndpointResult[] = [];
  try {
    const driver = fileURLToPath(new URL('./drive.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', driver], {
      env: { ...process.env, LOAD_URL: svc.url, LOAD_USER: USER, LOAD_PASSWORD: PASSWORD, LOAD_SECONDS: seconds },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.startsWith('RESULT ')) continue;
        const r = JSON.parse(line.slice(7)) as EndpointResult;
        results.push(r);
        console.log(
          `${r.name.padEnd(28)} requests=${String(r.requests).padStart(7)} errors=${r.errors} ` +
            `p50_ms=${r.p50_ms} p99_ms=${r.p99_ms} rps=${r.rps}`,
        );
      }
    });
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
    if (code !== 0) {
      console.error(`load driver exited with ${code}`);
      return 1;
    }
  } finally {
    await svc.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const errors = results.reduce((n, r) => n + r.errors, 0);
  const p99 = Math.max(0, ...results.map((r) => r.p99_ms));
  console.log(`BENCH load requests=${requests} errors=${errors} p99_ms=${p99}`);
  return errors > 0 || results.length === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('load run failed:', err);
    process.exit(1);
  },
);
