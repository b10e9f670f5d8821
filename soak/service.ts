/**
 * The real service as a child process (`node --import tsx src/cli.ts run --config <dir>/config.yaml`): start, kill -9,
 * restart, VmRSS from /proc, and the staff diagnostics (crash-recovery alerts) through a staff login.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STAFF_USER = 'soakstaff';
export const STAFF_PASSWORD = 'soak-staff-password-1';

export class ServiceChild {
  private child: ChildProcess | undefined;
  url = '';
  starts = 0;
  kills = 0;
  private stderr = '';

  constructor(private readonly configPath: string) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(timeoutMs = 60_000): Promise<string> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'run', '--config', this.configPath], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    this.stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    this.url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => fail(new Error('service did not start in time')), timeoutMs);
      const fail = (err: Error): void => {
        clearTimeout(t);
        reject(new Error(`${err.message}\n${this.stderr}`));
      };
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /kiosk: (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code, sig) => fail(new Error(`service exited at start (code ${code}, signal ${sig})`)));
    });
    child.removeAllListeners('exit');
    return this.url;
  }

  /** kill -9 and wait until the process is gone. */
  async kill9(): Promise<void> {
    const c = this.child;
    this.child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    this.kills++;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  }

  /** SIGTERM: the service stops cleanly (its run command waits for the signal). */
  async stop(): Promise<void> {
    const c = this.child;
    this.child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => c.kill('SIGKILL'), 15_000);
      c.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      c.kill('SIGTERM');
    });
  }

  /** Resident set size of the service in kB (VmRSS), undefined when it is not running. */
  rssKb(): number | undefined {
    const pid = this.child?.pid;
    if (!pid) return undefined;
    try {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Item IDs the crash recovery raised staff alerts for (memory of this run), and whether any had no item. */
  async staffAlerts(): Promise<{ itemIds: string[]; unattributed: number; total: number }> {
    const login = await fetch(new URL('api/staff/login', this.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: STAFF_USER, password: STAFF_PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    await login.arrayBuffer();
    if (!login.ok) throw new Error(`staff login failed: HTTP ${login.status}`);
    const r = await fetch(new URL('api/staff/diagnostics', this.url), { headers: { cookie } });
    const d = (await r.json()) as { alerts?: { total: number; recent: Array<{ itemId?: string }> } };
    const recent = d.alerts?.recent ?? [];
    return {
      itemIds: recent.flatMap((a) => (a.itemId ? [a.itemId] : [])),
      unattributed: recent.filter((a) => !a.itemId).length,
      total: d.alerts?.total ?? 0,
    };
  }
}
