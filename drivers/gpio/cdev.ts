/**
 * GPIO character device through the libgpiod tools (package `gpiod`), for kernels without sysfs GPIO. No native
 * module: the chip is found by label from `gpiodetect` (its number changes between kernels, e.g. the Pi 5 header
 * was gpiochip4 on early kernels and gpiochip0 later), outputs are held by a `gpioset` process that stays alive
 * (v1 --mode=signal; v2 holds by default) and is replaced on each change, inputs are watched by one `gpiomon` per
 * line in a parseable --format. Parsers live in cdev-parse.ts.
 */
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Debouncer } from './debounce.ts';
import { GpioError } from './errors.ts';
import { HEADER_CHIP_LABELS } from './sysfs.ts';
import { realTimers, type Timers } from './timers.ts';
import type { Edge, GpioBackend, GpioInput, GpioOutput } from './types.ts';
import {
  parseGpiodetect,
  parseGpiodVersion,
  parseGpioget,
  parseGpioinfo,
  parseGpiomonLine,
  type DetectedChip,
} from './cdev-parse.ts';

export interface ToolProcess {
  onLine(fn: (line: string) => void): void;
  /** Resolves when the process has exited (after kill() or on its own). */
  readonly exited: Promise<number | null>;
  kill(): Promise<void>;
}

/** How the backend runs the tools: child_process by default, a fake in tests. */
export interface GpiodTools {
  run(cmd: string, args: string[]): Promise<string>;
  spawn(cmd: string, args: string[]): Promise<ToolProcess>;
}

export const childProcessTools: GpiodTools = {
  run: (cmd, args) =>
    new Promise((resolve, reject) => {
      execFile(cmd, args, { timeout: 5_000 }, (err, stdout, stderr) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'unavailable' : 'io';
          reject(new GpioError(code, `${cmd} failed: ${stderr.trim() || err.message}`, { cmd }, { cause: err }));
        } else resolve(stdout);
      });
    }),
  spawn: (cmd, args) =>
    new Promise((resolve, reject) => {
      const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.once('error', (err) =>
        reject(new GpioError('unavailable', `${cmd} could not be started`, { cmd }, { cause: err })),
      );
      child.once('spawn', () => {
        const rl = createInterface({ input: child.stdout });
        resolve({
          onLine: (fn) => rl.on('line', fn),
          exited,
          async kill() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      });
    }),
};

export interface CdevOptions {
  /** Chip label to use; the Raspberry Pi header labels when absent. */
  chipLabel?: string;
  /** Chip name to fall back on when no label matches (config gate.gpio.chip). */
  chip?: string;
  tools?: GpiodTools;
  timers?: Timers;
}

/** The chip by label (configured, else a Pi header label), else by name. */
export function pickChip(chips: DetectedChip[], label?: string, name?: string): DetectedChip {
  for (const l of label ? [label] : HEADER_CHIP_LABELS) {
    const c = chips.find((x) => x.label === l);
    if (c) return c;
  }
  const byName = name ? chips.find((c) => c.name === name) : undefined;
  if (byName && !label) return byName;
  throw new GpioError('no_chip', `no GPIO chip labelled ${label ?? HEADER_CHIP_LABELS.join(' or ')}`, {
    found: chips.map((c) => `${c.name} [${c.label}]`),
  });
}

export class CdevGpio implements GpioBackend {
  readonly name = 'cdev' as const;
  private readonly procs = new Set<ToolProcess>();
  private readonly debouncers: Debouncer[] = [];

  private constructor(
    readonly chip: DetectedChip,
    readonly version: 1 | 2,
    private readonly tools: GpiodTools,
    private readonly timers: Timers,
  ) {}

  static async open(opts: CdevOptions = {}): Promise<CdevGpio> {
    const tools = opts.tools ?? childProcessTools;
    const version = parseGpiodVersion(await tools.run('gpiodetect', ['--version']));
    const chip = pickChip(parseGpiodetect(await tools.run('gpiodetect', [])), opts.chipLabel, opts.chip);
    return new CdevGpio(chip, version, tools, opts.timers ?? realTimers);
  }

  private async check(line: number): Promise<void> {
    if (!Number.isInteger(line) || line < 0 || line >= this.chip.lines)
      throw new GpioError('bad_line', `line ${line} is outside ${this.chip.label} (0..${this.chip.lines - 1})`);
    const args = this.version === 1 ? [this.chip.name] : ['-c', this.chip.name];
    const info = parseGpioinfo(await this.tools.run('gpioinfo', args));
    const l = info.flatMap((c) => c.lines).find((x) => x.offset === line);
    if (l?.consumer) throw new GpioError('busy', `line ${line} is held by ${l.consumer}`, { line });
  }

  private async hold(line: number, value: 0 | 1): Promise<ToolProcess> {
    const args =
      this.version === 1
        ? ['--mode=signal', this.chip.name, `${line}=${value}`]
        : ['-c', this.chip.name, `${line}=${value}`];
    const p = await this.tools.spawn('gpioset', args);
    this.procs.add(p);
    void p.exited.then(() => this.procs.delete(p));
    return p;
  }

  async output(line: number, initial: 0 | 1 = 0): Promise<GpioOutput> {
    await this.check(line);
    let value: 0 | 1 = initial;
    let proc = await this.hold(line, initial);
    // Writes in order: each replaces the holding gpioset (the line is busy while the old one lives).
    let chain: Promise<void> = Promise.resolve();
    return {
      get value() {
        return value;
      },
      write: (v: 0 | 1) => {
        const next = chain.then(async () => {
          if (v === value) return;
          await proc.kill();
          proc = await this.hold(line, v);
          value = v;
        });
        chain = next.catch(() => undefined);
        return next;
      },
    };
  }

  async input(line: number, opts: { edge?: Edge; debounceMs?: number; activeLow?: boolean } = {}): Promise<GpioInput> {
    await this.check(line);
    const logical = (raw: 0 | 1): 0 | 1 => (opts.activeLow ? ((raw ^ 1) as 0 | 1) : raw);
    const getArgs =
      this.version === 1 ? [this.chip.name, String(line)] : ['--numeric', '-c', this.chip.name, String(line)];
    const readRaw = async (): Promise<0 | 1> => {
      const v = parseGpioget(await this.tools.run('gpioget', getArgs));
      if (v === undefined) throw new GpioError('io', `gpioget gave no value for line ${line}`);
      return v;
    };
    let last = await readRaw();
    const listeners = new Set<(value: 0 | 1, atMs: number) => void>();
    const edge = opts.edge ?? 'both';
    const deb = new Debouncer(
      logical(last),
      opts.debounceMs ?? 0,
      (v, at) => {
        if (edge === 'both' || (edge === 'rising') === (v === 1)) for (const fn of listeners) fn(v, at);
      },
      this.timers,
    );
    this.debouncers.push(deb);
    // v1 needs -b (line-buffered) or events sit in a pipe buffer.
    const monArgs =
      this.version === 1
        ? ['-b', '--format=%o %e', this.chip.name, String(line)]
        : ['--format=%o %E', '-c', this.chip.name, String(line)];
    const mon = await this.tools.spawn('gpiomon', monArgs);
    this.procs.add(mon);
    mon.onLine((text) => {
      const ev = parseGpiomonLine(text);
      if (ev?.offset !== line) return;
      last = ev.value;
      deb.input(logical(ev.value));
    });
    return {
      // gpiomon holds the line, so gpioget would find it busy: the last edge seen is the level.
      read: () => Promise.resolve(logical(last)),
      watch(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  }

  async close(): Promise<void> {
    for (const d of this.debouncers) d.close();
    await Promise.all([...this.procs].map((p) => p.kill()));
    this.procs.clear();
  }
}
