/**
 * A pair of linked pseudo-terminals made by socat, for running a driver against an emulator over a real
 * serial path (tests, bench, demos). `unplug()` kills socat, so both ends see their device vanish the way a
 * pulled USB adapter does; `replug()` starts socat again on the same link paths.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** Link path of one end (e.g. the driver's). */
  a: string;
  /** Link path of the other end (e.g. the emulator's). */
  b: string;
  /** Kills socat: both ends lose their device. */
  unplug(): Promise<void>;
  /** Starts socat again on the same link paths (new ptys behind them). */
  replug(): Promise<void>;
  readonly plugged: boolean;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 5000;

function startSocat(a: string, b: string): Promise<ChildProcess> {
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const fail = (why: string): void => {
      clearInterval(poll);
      child.kill('SIGKILL');
      reject(new Error(`socat ${why}: ${stderr.trim()}`));
    };
    child.once('error', (err) => fail(`could not start (${err.message}); install socat`));
    child.once('exit', (code) => fail(`exited early (code ${code})`));
    // socat logs "starting data transfer loop" once both ptys exist; polling the links is simpler and exact.
    const poll = setInterval(() => {
      if (existsSync(a) && existsSync(b) && stderr.includes('starting data transfer loop')) {
        clearInterval(poll);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        resolve(child);
      } else if (Date.now() - started > START_TIMEOUT_MS) fail('did not create the ptys in time');
    }, 10);
  });
}

function stopSocat(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function createPtyPair(): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'selfcheck-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  let child: ChildProcess | undefined = await startSocat(a, b).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  return {
    a,
    b,
    get plugged() {
      return child !== undefined;
    },
    async unplug() {
      const c = child;
      child = undefined;
      if (c) await stopSocat(c);
    },
    async replug() {
      if (child) return;
      child = await startSocat(a, b);
    },
    async close() {
      const c = child;
      child = undefined;
      if (c) await stopSocat(c);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
