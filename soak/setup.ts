/**
 * Everything the soak runs against: a temporary directory (data, log, keys, config), the library key pair made by
 * `selfcheck offline keygen`, the test ILS over TCP on the recording library, a socat pty pair with the FEIG emulator
 * on one end over a SimField of this process, and the service's config.yaml (kiosk role, FEIG on the other end).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hash } from '@node-rs/argon2';
import { createPtyPair, type PtyPair } from '../drivers/serial/pty.ts';
import { startEmulator } from '../drivers/feig/emulator.ts';
import { SimField } from '../drivers/sim/field.ts';
import { silentLogger } from '../src/log/index.ts';
import { TestIlsServer } from '../src/sip2/testils/server.ts';
import type { SecurityModel } from '../src/rfid/security.ts';
import type { RecordingLibrary } from './library.ts';
import { ROOT, STAFF_PASSWORD, STAFF_USER } from './service.ts';

const run = promisify(execFile);

/** Client timeouts the faults are sized against (an ILS delay is longer than REQUEST_MS). */
export const REQUEST_MS = 1500;
const SIP2_PASSWORD = 'soak-sip2-pw';

export interface Rig {
  dir: string;
  dataDir: string;
  logFile: string;
  configPath: string;
  privateKey: string;
  ils: TestIlsServer;
  pair: PtyPair;
  field: SimField;
  closeEmulator(): Promise<void>;
}

/** Runs `selfcheck <args>` as the operator would and returns its standard output. */
export async function selfcheck(args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

export async function buildRig(o: {
  library: RecordingLibrary;
  model: SecurityModel;
  seed: number;
  logLevel: string;
}): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'selfcheck-soak-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'station.log');
  await selfcheck(['offline', 'keygen', '--out', dir]);
  await writeFile(join(dir, 'sip2-password'), SIP2_PASSWORD, { mode: 0o600 });
  const ils = new TestIlsServer({ library: o.library, login: { user: 'selfcheck', password: SIP2_PASSWORD } });
  const port = await ils.listen(0);
  const pair = await createPtyPair();
  const field = new SimField({ timing: 'virtual', seed: o.seed });
  const emu = await startEmulator({ path: pair.b, field, log: silentLogger });
  const config = {
    general: { role: 'kiosk', dataDir, stationId: 'soak-1' },
    http: { host: '127.0.0.1', port: 0 },
    log: { file: logFile, level: o.logLevel },
    reader: { driver: 'feig', port: pair.a, commandTimeoutMs: 500, reconnectMs: 200 },
    sip2: {
      mode: 'remote',
      host: '127.0.0.1',
      port,
      passwordFile: join(dir, 'sip2-password'),
      encoding: 'utf8',
      timeouts: { connectMs: 1000, requestMs: REQUEST_MS, reconnectMinMs: 50, reconnectMaxMs: 500 },
    },
    kiosk: {
      maxItemsPerSession: 200,
      goodbyeSeconds: 1,
      inactivitySeconds: 600,
      busyInventoryMs: 0,
      idleInventoryMs: 5,
      readerErrorBackoffMs: 100,
    },
    tags: { security: { mode: o.model.mode, afiSecured: o.model.afiSecured, afiCheckedOut: o.model.afiCheckedOut } },
    offline: {
      enabled: true,
      publicKeyFile: join(dir, 'offline-public.pem'),
      withoutPin: 'cardOnly',
      maxItemsPerSession: 50,
    },
    staff: { users: { [STAFF_USER]: await hash(STAFF_PASSWORD) } },
  };
  const configPath = join(dir, 'config.yaml');
  // JSON is YAML: the loader reads it as the operator's file.
  await writeFile(configPath, JSON.stringify(config, null, 2));
  return {
    dir,
    dataDir,
    logFile,
    configPath,
    privateKey: join(dir, 'offline-private.pem'),
    ils,
    pair,
    field,
    closeEmulator: () => emu.close(),
  };
}
