/**
 * BENCH rfid-<driver> n=<N> ratio=<measured/bound>: inventory + read of N tags (8 blocks each) through each
 * driver, against the air bound of the same commands (bench-definitions.md). The bound comes from the sim's
 * timing model (drivers/sim/airtime.ts): the same commands are replayed on a virtual-clock field holding the
 * same tags, whose clock then reads exactly the air time the model charges.
 * `sim` runs SimReader in real timing. Each serial driver is one more entry: its emulator (drivers/<x>/emulator.ts)
 * on one end of a socat pty pair (drivers/serial/pty.ts), the driver (drivers/<x>/index.ts) on the other.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Reader } from '../src/rfid/reader.ts';
import { silentLogger } from '../src/log/index.ts';
import { SimField } from '../drivers/sim/field.ts';
import { SimReader } from '../drivers/sim/reader.ts';
import { SimTag } from '../drivers/sim/tag.ts';
import { uidFactory } from '../drivers/sim/scenario.ts';

const SIZES = [1, 5, 10, 20];
const BLOCKS = 8;
const RUNS = 5;

function populate(field: SimField, n: number, seed: number): void {
  const next = uidFactory('icode-slix', seed);
  for (let i = 0; i < n; i++) {
    const data = Uint8Array.from({ length: BLOCKS * 4 }, (_, k) => (i * 31 + k) & 0xff);
    field.addTag(new SimTag({ uid: next(), data, afi: 0x07 }));
  }
}

/** The measured operation: one inventory that resolves every UID, then an addressed read of each tag. */
async function inventoryAndRead(reader: Reader, n: number): Promise<void> {
  const tags = await reader.inventory();
  if (tags.length !== n) throw new Error(`inventory found ${tags.length} of ${n} tags`);
  for (const t of tags) await reader.readBlocks(t.uid, 0, BLOCKS);
}

/** Air bound (µs) of the same commands: run them on a virtual-clock field with the same tags. */
async function airBoundUs(n: number, seed: number): Promise<number> {
  const field = new SimField({ timing: 'virtual' });
  populate(field, n, seed);
  await inventoryAndRead(new SimReader(field), n);
  return field.clock.nowUs();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Target {
  name: string;
  /** Opens a reader over a field that already holds the tags; returns it with a clean-up. */
  open(field: SimField): Promise<{ reader: Reader; close(): Promise<void> }>;
  /** null when the pieces exist; otherwise why it is skipped. */
  missing(): Promise<string | null>;
}

const simTarget: Target = {
  name: 'sim',
  open: (field) => Promise.resolve({ reader: new SimReader(field), close: () => Promise.resolve() }),
  missing: () => Promise.resolve(null),
};

type AnyFn = (...a: unknown[]) => Promise<unknown>;
const pick = (mod: Record<string, unknown>, names: string[]): AnyFn | undefined => {
  for (const n of names) if (typeof mod[n] === 'function') return mod[n] as AnyFn;
  return undefined;
};

/**
 * A serial driver over a pty pair. Expected shapes (drivers/<x>/emulator.ts and drivers/serial/pty.ts are written by
 * the driver engineers): pty `createPtyPair(): Promise<{ a: string; b: string; close(): Promise<void> }>`;
 * emulator `startEmulator({ path, field }): Promise<{ close(): Promise<void> }>`; driver `openReader(...)` per
 * drivers/factory.ts.
 */
function serialTarget(driver: 'feig' | '3m' | 'ti-ascii'): Target {
  const dir = new URL(`../drivers/${driver}/`, import.meta.url);
  const file = (p: string): string => fileURLToPath(new URL(p, dir));
  const ptyFile = fileURLToPath(new URL('../drivers/serial/pty.ts', import.meta.url));
  let parts: { pty: AnyFn; emulator: AnyFn; openReader: AnyFn } | undefined;
  return {
    name: driver,
    async missing() {
      if (![file('emulator.ts'), file('index.ts'), ptyFile].every(existsSync)) return 'not built';
      const pty = pick((await import(ptyFile)) as Record<string, unknown>, ['createPtyPair', 'openPtyPair', 'ptyPair']);
      const emulator = pick((await import(file('emulator.ts'))) as Record<string, unknown>, [
        'startEmulator',
        'createEmulator',
        'runEmulator',
      ]);
      const openReader = pick((await import(file('index.ts'))) as Record<string, unknown>, ['openReader']);
      if (!pty || !emulator || !openReader)
        return 'modules present but their exports differ from what this bench expects';
      parts = { pty, emulator, openReader };
      return null;
    },
    async open(field) {
      const p = parts!;
      const pair = (await p.pty()) as { a: string; b: string; close(): Promise<void> };
      const emu = (await p.emulator({ path: pair.a, field, log: silentLogger })) as { close(): Promise<void> };
      const reader = (await p.openReader({
        path: pair.b,
        log: silentLogger,
        commandTimeoutMs: 2000,
        reconnectMs: 200,
        antennas: [1],
      })) as Reader;
      return {
        reader,
        async close() {
          await reader.close();
          await emu.close();
          await pair.close();
        },
      };
    },
  };
}

async function run(target: Target): Promise<void> {
  const why = await target.missing();
  if (why) {
    console.log(`# rfid-${target.name} skipped: ${why}`);
    return;
  }
  for (const n of SIZES) {
    const seed = 1000 + n;
    const bound = await airBoundUs(n, seed);
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const field = new SimField({ timing: 'real' });
      populate(field, n, seed);
      const opened = await target.open(field);
      try {
        const t = performance.now();
        await inventoryAndRead(opened.reader, n);
        times.push((performance.now() - t) * 1000);
      } finally {
        await opened.close();
      }
    }
    const m = median(times);
    console.log(`BENCH rfid-${target.name} n=${n} ratio=${(m / bound).toFixed(3)}`);
    console.log(
      `# rfid-${target.name} n=${n} measured_ms=${(m / 1000).toFixed(2)} air_bound_ms=${(bound / 1000).toFixed(2)} runs=${RUNS}`,
    );
  }
}

for (const t of [simTarget, serialTarget('feig'), serialTarget('3m'), serialTarget('ti-ascii')]) await run(t);
