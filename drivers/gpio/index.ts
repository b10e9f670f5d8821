/**
 * openGpio(config, log): the configured backend (sim, sysfs via onoff, or the character device via the libgpiod
 * tools), reported in the log at start so a technician can see which one a station uses.
 */
import type { Logger } from '../../src/log/index.ts';
import { CdevGpio } from './cdev.ts';
import { SimGpio } from './sim.ts';
import { SysfsGpio } from './sysfs.ts';
import type { Timers } from './timers.ts';
import type { GpioBackend } from './types.ts';

export interface GpioConfig {
  backend: 'sim' | 'sysfs' | 'cdev';
  chip: string;
  chipLabel?: string | undefined;
  sysfsRoot: string;
}

export async function openGpio(config: GpioConfig, log: Logger, opts: { timers?: Timers } = {}): Promise<GpioBackend> {
  const t = opts.timers ? { timers: opts.timers } : {};
  const label = config.chipLabel ? { chipLabel: config.chipLabel } : {};
  switch (config.backend) {
    case 'sim': {
      log.info({ backend: 'sim' }, 'gpio backend');
      return new SimGpio(opts.timers);
    }
    case 'sysfs': {
      const g = await SysfsGpio.open({ root: config.sysfsRoot, ...label, ...t });
      log.info({ backend: 'sysfs', chip: g.chip.name, label: g.chip.label, base: g.chip.base }, 'gpio backend');
      return g;
    }
    case 'cdev': {
      const g = await CdevGpio.open({ chip: config.chip, ...label, ...t });
      log.info({ backend: 'cdev', chip: g.chip.name, label: g.chip.label, libgpiod: g.version }, 'gpio backend');
      return g;
    }
  }
}

export { SimGpio } from './sim.ts';
export { GpioError, type GpioErrorCode } from './errors.ts';
export { realTimers, VirtualTimers, type Timers } from './timers.ts';
export type { GpioBackend, GpioInput, GpioOutput, Edge } from './types.ts';
