/**
 * sysfs GPIO through `onoff` (imported only when this backend is configured). The sysfs number of a header pin is
 * the chip's base + the BCM line, and the base is not fixed: Raspberry Pi kernels before 6.6 put the header chip
 * (pinctrl-bcm2835 on Pi 1–3/Zero, pinctrl-bcm2711 on Pi 4) at base 0; from 6.6 the kernel numbers dynamic chips
 * from 512, so the same chip is at 512; on a Pi 5 the header is the RP1's chip (pinctrl-rp1), at 571 on current
 * kernels. So the base is read at run time from /sys/class/gpio/gpiochip*\/{label,base,ngpio}.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Debouncer } from './debounce.ts';
import { GpioError } from './errors.ts';
import { realTimers, type Timers } from './timers.ts';
import type { Edge, GpioBackend, GpioInput, GpioOutput } from './types.ts';

/** Labels of the chip that drives the 40-pin header, newest first. */
export const HEADER_CHIP_LABELS = ['pinctrl-rp1', 'pinctrl-bcm2711', 'pinctrl-bcm2835'] as const;

export interface SysfsChip {
  /** Directory name, e.g. gpiochip512. */
  name: string;
  label: string;
  base: number;
  ngpio: number;
}

/** Every chip under `root` (normally /sys/class/gpio). */
export async function listSysfsChips(root = '/sys/class/gpio'): Promise<SysfsChip[]> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch (err) {
    throw new GpioError(
      'no_sysfs',
      `${root} is not readable: this kernel has no sysfs GPIO (use backend cdev)`,
      {
        root,
      },
      { cause: err },
    );
  }
  const chips: SysfsChip[] = [];
  for (const name of entries.filter((e) => /^gpiochip\d+$/.test(e)).sort()) {
    const read = async (f: string) => (await readFile(join(root, name, f), 'utf8')).trim();
    try {
      const label = await read('label');
      const base = Number(await read('base'));
      const ngpio = Number(await read('ngpio'));
      if (Number.isInteger(base) && base >= 0 && Number.isInteger(ngpio) && ngpio > 0)
        chips.push({ name, label, base, ngpio });
    } catch {
      // A chip directory without these files is not one we can use; the others still count.
    }
  }
  return chips;
}

/** The header chip: the configured label, else the first known Raspberry Pi header label present. */
export async function discoverHeaderChip(root = '/sys/class/gpio', label?: string): Promise<SysfsChip> {
  const chips = await listSysfsChips(root);
  const wanted = label ? [label] : HEADER_CHIP_LABELS;
  for (const l of wanted) {
    const chip = chips.find((c) => c.label === l);
    if (chip) return chip;
  }
  throw new GpioError('no_chip', `no GPIO chip labelled ${wanted.join(' or ')} under ${root}`, {
    found: chips.map((c) => c.label),
  });
}

/** The part of onoff's Gpio class used here. */
export interface OnoffGpio {
  read(): Promise<0 | 1>;
  write(value: 0 | 1): Promise<void>;
  watch(cb: (err: Error | null | undefined, value: 0 | 1) => void): void;
  unexport(): void;
}
export type OnoffCtor = new (gpio: number, direction: 'in' | 'out' | 'high' | 'low', edge?: Edge | 'none') => OnoffGpio;

async function loadOnoff(): Promise<OnoffCtor> {
  try {
    const spec = 'onoff';
    const mod = (await import(spec)) as { Gpio: OnoffCtor };
    return mod.Gpio;
  } catch (err) {
    throw new GpioError('unavailable', 'the onoff module is not installed', {}, { cause: err });
  }
}

export interface SysfsOptions {
  root?: string;
  chipLabel?: string;
  /** Test seam: a fake onoff Gpio class. */
  Gpio?: OnoffCtor;
  timers?: Timers;
}

export class SysfsGpio implements GpioBackend {
  readonly name = 'sysfs' as const;
  private readonly opened: OnoffGpio[] = [];
  private readonly debouncers: Debouncer[] = [];

  private constructor(
    readonly chip: SysfsChip,
    private readonly Gpio: OnoffCtor,
    private readonly timers: Timers,
  ) {}

  static async open(opts: SysfsOptions = {}): Promise<SysfsGpio> {
    const chip = await discoverHeaderChip(opts.root, opts.chipLabel);
    return new SysfsGpio(chip, opts.Gpio ?? (await loadOnoff()), opts.timers ?? realTimers);
  }

  /** sysfs number of a header line (BCM numbering). */
  number(line: number): number {
    if (!Number.isInteger(line) || line < 0 || line >= this.chip.ngpio)
      throw new GpioError('bad_line', `line ${line} is outside ${this.chip.label} (0..${this.chip.ngpio - 1})`);
    return this.chip.base + line;
  }

  private make(line: number, direction: 'in' | 'low' | 'high', edge?: Edge): OnoffGpio {
    const n = this.number(line);
    try {
      const g = edge ? new this.Gpio(n, direction, edge) : new this.Gpio(n, direction);
      this.opened.push(g);
      return g;
    } catch (err) {
      throw new GpioError('busy', `GPIO ${n} (line ${line}) could not be exported`, { line, gpio: n }, { cause: err });
    }
  }

  async output(line: number, initial: 0 | 1 = 0): Promise<GpioOutput> {
    // 'low'/'high' set the level together with the direction, so the line never glitches.
    const g = this.make(line, initial ? 'high' : 'low');
    let value: 0 | 1 = initial;
    return {
      get value() {
        return value;
      },
      async write(v: 0 | 1) {
        try {
          await g.write(v);
          value = v;
        } catch (err) {
          throw new GpioError('io', `write to line ${line} failed`, { line }, { cause: err });
        }
      },
    };
  }

  async input(line: number, opts: { edge?: Edge; debounceMs?: number; activeLow?: boolean } = {}): Promise<GpioInput> {
    const g = this.make(line, 'in', 'both');
    const logical = (raw: 0 | 1): 0 | 1 => (opts.activeLow ? ((raw ^ 1) as 0 | 1) : raw);
    const listeners = new Set<(value: 0 | 1, atMs: number) => void>();
    const edge = opts.edge ?? 'both';
    const deb = new Debouncer(
      logical(await g.read()),
      opts.debounceMs ?? 0,
      (v, at) => {
        if (edge === 'both' || (edge === 'rising') === (v === 1)) for (const fn of listeners) fn(v, at);
      },
      this.timers,
    );
    this.debouncers.push(deb);
    g.watch((err, raw) => {
      if (!err) deb.input(logical(raw));
    });
    return {
      read: async () => logical(await g.read()),
      watch(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  }

  close(): Promise<void> {
    for (const d of this.debouncers) d.close();
    for (const g of this.opened.splice(0)) {
      try {
        g.unexport();
      } catch {
        // Already gone: nothing to release.
      }
    }
    return Promise.resolve();
  }
}
