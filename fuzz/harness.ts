/**
 * The fuzz driver's core: runs one target's inputs, classifies each outcome and keeps every failing input.
 * Failure = anything thrown that is not a SelfcheckError (src/errors.ts), an uncaught exception or unhandled
 * rejection while the input ran, or an input that takes over the budget (100 ms) twice in a row (the retry keeps
 * a GC pause or a busy shared core from being reported as a slow parser).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { SelfcheckError } from '../src/errors.ts';
import type { Rng } from './prng.ts';

export const BUDGET_MS = 100;

export interface Target {
  name: string;
  /** Inputs in the full run (the weights add up to 1,000,000). */
  full: number;
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  generate(rng: Rng): Uint8Array;
  /** Feeds one input. Returns normally or throws a SelfcheckError; anything else is a finding. */
  run(input: Uint8Array): void | Promise<void>;
  /** One line about what the inputs reached (printed after the target's run). */
  summary?(): string;
  /** Time allowed for this input when not BUDGET_MS (a deliberate server-side delay). */
  budgetMs?(input: Uint8Array): number;
}

/** Thrown by a target when a property it checks does not hold (bytes lost, a 5xx): never a SelfcheckError. */
export class FuzzFinding extends Error {
  override name = 'FuzzFinding';
}

export interface Failure {
  target: string;
  reason: 'untyped' | 'slow' | 'uncaught';
  message: string;
  input: Uint8Array;
  sha1: string;
}

export const REGRESSION_DIR = new URL('../test/fuzz-regressions/', import.meta.url).pathname;

// An exception thrown outside the input's own call chain (a timer, a socket handler) lands here.
let stray: unknown;
let strayInstalled = false;
function installStrayHandlers(): void {
  if (strayInstalled) return;
  strayInstalled = true;
  process.on('uncaughtException', (err) => {
    stray ??= err;
  });
  process.on('unhandledRejection', (err) => {
    stray ??= err;
  });
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message.slice(0, 200)}`;
  return `non-Error thrown: ${String(err).slice(0, 200)}`;
}

async function once(t: Target, input: Uint8Array): Promise<{ ms: number; error?: unknown }> {
  const t0 = performance.now();
  try {
    const r = t.run(input);
    if (r) await r;
  } catch (err) {
    if (!(err instanceof SelfcheckError)) return { ms: performance.now() - t0, error: err };
  }
  return { ms: performance.now() - t0 };
}

/** Runs one input under the failure rules; undefined when it passed. */
export async function check(t: Target, input: Uint8Array): Promise<Failure | undefined> {
  installStrayHandlers();
  stray = undefined;
  const budget = t.budgetMs?.(input) ?? BUDGET_MS;
  let r = await once(t, input);
  const fail = (reason: Failure['reason'], message: string): Failure => ({
    target: t.name,
    reason,
    message,
    input,
    sha1: createHash('sha1').update(input).digest('hex'),
  });
  if (r.error !== undefined) return fail('untyped', describe(r.error));
  if (stray !== undefined) return fail('uncaught', describe(stray));
  if (r.ms > budget) {
    r = await once(t, input);
    if (r.ms > budget) return fail('slow', `took ${r.ms.toFixed(1)} ms twice (budget ${budget} ms)`);
  }
  return undefined;
}

/** Groups failures that are the same bug: reason, error name and the message's first words without numbers. */
export function signature(f: Failure): string {
  const words = f.message
    .replace(/[0-9]+/g, '#')
    .split(/\s+/)
    .slice(0, 5)
    .join(' ');
  return `${f.target} ${f.reason} ${words}`;
}

/** Keeps a failing input for test/fuzz/regressions.test.ts; returns its path (unchanged when already kept). */
export function keep(f: Failure, dir = REGRESSION_DIR): string {
  const d = path.join(dir, f.target);
  mkdirSync(d, { recursive: true });
  const file = path.join(d, `${f.sha1}.bin`);
  if (!existsSync(file)) writeFileSync(file, f.input);
  return file;
}

export interface RunResult {
  target: string;
  inputs: number;
  failures: Failure[];
  ms: number;
  /** The slowest input's time (ms), to show the margin under the budget. */
  maxMs: number;
  stoppedByTime: boolean;
}

/** Generates and checks up to `count` inputs, stopping early at `deadline` (epoch ms). */
export async function fuzzTarget(
  t: Target,
  rng: Rng,
  count: number,
  deadline: number,
  onFailure?: (f: Failure) => void,
): Promise<RunResult> {
  const t0 = Date.now();
  const failures: Failure[] = [];
  let i = 0;
  let stoppedByTime = false;
  let maxMs = 0;
  for (; i < count; i++) {
    if ((i & 255) === 0) {
      if (Date.now() > deadline) {
        stoppedByTime = true;
        break;
      }
      // Let timers and socket callbacks run, so a stray exception is caught near the input that caused it.
      await new Promise((r) => setImmediate(r));
    }
    const input = t.generate(rng);
    const t1 = performance.now();
    const f = await check(t, input);
    maxMs = Math.max(maxMs, performance.now() - t1);
    if (f) {
      failures.push(f);
      onFailure?.(f);
    }
  }
  return { target: t.name, inputs: i, failures, ms: Date.now() - t0, maxMs, stoppedByTime };
}
