/**
 * Opens the configured reader. `sim` needs nothing but Node; the serial drivers (and their native
 * serialport bindings) are imported only when the configuration names them.
 */
import type { Config } from '../src/config/index.ts';
import type { Logger } from '../src/log/index.ts';
import { ReaderError, type Reader } from '../src/rfid/reader.ts';
import type { ItemInput } from '../src/tags/types.ts';
import { SimField } from './sim/field.ts';
import { SimReader } from './sim/reader.ts';
import { sampleLibraryTags, type TagContent } from './sim/scenario.ts';

/** What every serial driver module (drivers/<x>/index.ts) exports. */
export interface SerialDriverModule {
  openReader(opts: {
    path: string;
    baudRate?: number;
    busAddress?: number;
    log: Logger;
    commandTimeoutMs: number;
    reconnectMs: number;
    antennas: number[];
  }): Promise<Reader>;
}

const SERIAL_MODULES: Record<'feig' | '3m' | 'ti-ascii', string> = {
  feig: './feig/index.ts',
  '3m': './3m/index.ts',
  'ti-ascii': './ti-ascii/index.ts',
};

/**
 * The item encoder of src/tags, when that module is present (it is written in parallel). Typed loosely on
 * purpose: the sim only needs "item in, bytes out".
 */
export async function loadTagContent(config: Config, log: Logger): Promise<TagContent | undefined> {
  const path = '../src/tags/index.ts';
  try {
    const mod = (await import(path)) as Record<string, unknown>;
    const encode = mod['encodeItem'] ?? mod['encodeTag'] ?? mod['encode'];
    if (typeof encode !== 'function') return undefined;
    return (item: ItemInput) =>
      (encode as (i: ItemInput, o: unknown) => Uint8Array)(item, {
        model: config.tags.writeModel,
        config: config.tags,
      });
  } catch (err) {
    log.debug({ err }, 'tag codec not available; sim tags start blank');
    return undefined;
  }
}

/** The default field: the sample library's tags, `initialTags` of them placed, AFI = secured. */
export async function createDefaultField(config: Config, log: Logger): Promise<SimField> {
  const field = new SimField({ timing: config.reader.sim.timing, seed: config.reader.sim.seed });
  const content = await loadTagContent(config, log);
  const tags = sampleLibraryTags({
    content,
    family: config.reader.sim.family,
    afi: config.tags.security.afiSecured,
    eas: config.tags.security.mode !== 'afi',
    seed: config.reader.sim.seed,
    isil: config.tags.isil,
  });
  for (const t of tags.slice(0, config.reader.sim.initialTags)) field.addTag(t.tag);
  return field;
}

export async function createReader(config: Config, log: Logger, opts: { field?: SimField } = {}): Promise<Reader> {
  const rc = config.reader;
  if (rc.driver === 'sim') {
    const field = opts.field ?? (await createDefaultField(config, log));
    return new SimReader(field, { antennas: rc.antennas });
  }
  if (!rc.port) throw new ReaderError('unsupported', `reader.port is required for driver "${rc.driver}"`);
  let mod: SerialDriverModule;
  try {
    mod = (await import(SERIAL_MODULES[rc.driver])) as SerialDriverModule;
  } catch (err) {
    throw new ReaderError(
      'unsupported',
      `driver "${rc.driver}" could not be loaded`,
      { driver: rc.driver },
      { cause: err },
    );
  }
  return mod.openReader({
    path: rc.port,
    ...(rc.baudRate !== undefined ? { baudRate: rc.baudRate } : {}),
    busAddress: rc.busAddress,
    log: log.child({ mod: `reader-${rc.driver}` }),
    commandTimeoutMs: rc.commandTimeoutMs,
    reconnectMs: rc.reconnectMs,
    antennas: rc.antennas,
  });
}
