/**
 * Simulated GPIO for tests, the benchmark and `npm start`: outputs record every write with its time, inputs are
 * driven by the test (`setInput`), through the same debounce as the hardware backends. Runs on any Timers, so a
 * virtual clock drives it without waiting.
 */
import { Debouncer } from './debounce.ts';
import { GpioError } from './errors.ts';
import { realTimers, type Timers } from './timers.ts';
import type { Edge, GpioBackend, GpioInput, GpioOutput } from './types.ts';

interface SimLine {
  kind: 'in' | 'out';
  /** Raw electrical level. */
  level: 0 | 1;
  writes: Array<{ value: 0 | 1; at: number }>;
  feed?: (raw: 0 | 1, at: number) => void;
}

export class SimGpio implements GpioBackend {
  readonly name = 'sim' as const;
  private readonly lines = new Map<number, SimLine>();
  private closed = false;

  constructor(readonly timers: Timers = realTimers) {}

  private claim(line: number, kind: 'in' | 'out', level: 0 | 1): SimLine {
    if (this.closed) throw new GpioError('io', 'gpio backend is closed');
    if (!Number.isInteger(line) || line < 0 || line > 63) throw new GpioError('bad_line', `no line ${line}`);
    if (this.lines.has(line)) throw new GpioError('busy', `line ${line} is already in use`, { line });
    const l: SimLine = { kind, level, writes: [] };
    this.lines.set(line, l);
    return l;
  }

  async output(line: number, initial: 0 | 1 = 0): Promise<GpioOutput> {
    const l = this.claim(line, 'out', initial);
    const timers = this.timers;
    return {
      get value() {
        return l.level;
      },
      write(value: 0 | 1) {
        if (l.level !== value) l.writes.push({ value, at: timers.now() });
        l.level = value;
        return Promise.resolve();
      },
    };
  }

  async input(line: number, opts: { edge?: Edge; debounceMs?: number; activeLow?: boolean } = {}): Promise<GpioInput> {
    const l = this.claim(line, 'in', opts.activeLow ? 1 : 0);
    const logical = (raw: 0 | 1): 0 | 1 => (opts.activeLow ? ((raw ^ 1) as 0 | 1) : raw);
    const listeners = new Set<(value: 0 | 1, atMs: number) => void>();
    const edge = opts.edge ?? 'both';
    const deb = new Debouncer(
      logical(l.level),
      opts.debounceMs ?? 0,
      (v, at) => {
        if (edge === 'both' || (edge === 'rising') === (v === 1)) for (const fn of listeners) fn(v, at);
      },
      this.timers,
    );
    l.feed = (raw, at) => deb.input(logical(raw), at);
    return {
      read: () => Promise.resolve(logical(l.level)),
      watch(listener: (value: 0 | 1, atMs: number) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  }

  /** Test API: the electrical level on an input line changes (bounces are just several calls). */
  setInput(line: number, raw: 0 | 1, atMs = this.timers.now()): void {
    const l = this.lines.get(line);
    if (!l || l.kind !== 'in') throw new GpioError('bad_line', `line ${line} is not an input`, { line });
    l.level = raw;
    l.feed?.(raw, atMs);
  }

  /** Test API: an output's current level (undefined when the line was never opened). */
  outputValue(line: number): 0 | 1 | undefined {
    const l = this.lines.get(line);
    return l?.kind === 'out' ? l.level : undefined;
  }

  /** Test API: every change written to an output, with its time. */
  writes(line: number): ReadonlyArray<{ value: 0 | 1; at: number }> {
    return this.lines.get(line)?.writes ?? [];
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
