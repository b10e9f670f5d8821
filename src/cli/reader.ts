/**
 * `selfcheck reader ...`: diagnose a reader.
 *   list                                           serial ports and HID devices (each list's errors reported, not thrown)
 *   scan [--driver D] [--port PATH] [--afi N] [--once] [--interval MS] [--tags N]
 *                                                  live inventory with decoded items and security state, until Ctrl-C
 *   info [--driver D] [--port PATH]                firmware version, antennas, settings
 * D is feig | 3m | ti-ascii | sim (default: the configured driver). `--tags N` places N sample-library tags in
 * the sim's field (default 5). Output: one JSON object per line.
 */
import { parseArgs } from 'node:util';
import { UsageError, type CliContext, type CommandMain } from './context.ts';
import { parseConfig, type Config } from '../config/index.ts';
import { createLogger, type Logger } from '../log/index.ts';
import { isReaderError, type Reader, type Uid } from '../rfid/reader.ts';
import { readSecurity } from '../rfid/security.ts';
import { createDefaultField, createReader } from '../../drivers/factory.ts';

const options = {
  driver: { type: 'string' },
  port: { type: 'string' },
  afi: { type: 'string' },
  once: { type: 'boolean', default: false },
  interval: { type: 'string' },
  tags: { type: 'string' },
} as const;

const DRIVERS = ['sim', 'feig', '3m', 'ti-ascii'] as const;

function intArg(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer ${min}..${max}`);
  return n;
}

function effectiveConfig(ctx: CliContext, values: Record<string, string | boolean | undefined>): Config {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? values[k] : undefined);
  const v = { driver: str('driver'), port: str('port'), tags: str('tags') };
  const base = ctx.configPath || process.env['SELFCHECK_CONFIG'] ? ctx.config() : parseConfig({});
  const reader = structuredClone(base.reader);
  if (v.driver !== undefined) {
    if (!(DRIVERS as readonly string[]).includes(v.driver))
      throw new UsageError(`--driver must be one of ${DRIVERS.join(', ')}`);
    reader.driver = v.driver as Config['reader']['driver'];
  }
  if (v.port !== undefined) reader.port = v.port;
  if (reader.driver !== 'sim' && !reader.port) throw new UsageError(`--port is required for driver ${reader.driver}`);
  reader.sim.initialTags = intArg('tags', v.tags, 0, 1000) ?? 5;
  return parseConfig({ ...base, reader });
}

async function open(config: Config, log: Logger): Promise<Reader> {
  if (config.reader.driver === 'sim')
    return createReader(config, log, { field: await createDefaultField(config, log) });
  return createReader(config, log);
}

type Decode = (bytes: Uint8Array) => unknown;

/** src/tags' decoder, when that module exists (written in parallel); typed loosely on purpose. */
async function loadDecoder(): Promise<Decode | undefined> {
  const path = '../tags/index.ts';
  try {
    const mod = (await import(path)) as Record<string, unknown>;
    const d = mod['decodeTag'];
    return typeof d === 'function' ? (b) => (d as Decode)(b) : undefined;
  } catch {
    return undefined;
  }
}

async function describe(
  reader: Reader,
  uid: Uid,
  config: Config,
  decode: Decode | undefined,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  try {
    const si = await reader.systemInfo(uid);
    const blocks = Math.min(si.blockCount ?? 8, 64);
    const bytes = await reader.readBlocks(uid, 0, blocks);
    out['blocks'] = `${blocks}x${si.blockSize ?? bytes.length / blocks}`;
    if (decode) {
      try {
        out['item'] = decode(bytes);
      } catch (err) {
        out['itemError'] = err instanceof Error ? err.message : String(err);
      }
    } else out['data'] = Buffer.from(bytes).toString('hex').toUpperCase();
    const sec = await readSecurity(reader, uid, config.tags.security);
    Object.assign(out, { afi: sec.afi, eas: sec.eas, secured: sec.secured });
  } catch (err) {
    if (!isReaderError(err)) throw err;
    out['error'] = `${err.code}: ${err.message}`;
  }
  return out;
}

async function scan(ctx: CliContext, v: Record<string, string | boolean | undefined>): Promise<number> {
  const config = effectiveConfig(ctx, v);
  const afi = intArg('afi', v['afi'] as string | undefined, 0, 255);
  const interval = intArg('interval', v['interval'] as string | undefined, 0, 60_000) ?? 500;
  const log = createLogger({ level: 'warn' });
  const reader = await open(config, log);
  const decode = await loadDecoder();
  let stop = false;
  const onSigint = (): void => {
    stop = true;
  };
  process.once('SIGINT', onSigint);
  reader.on('state', (s, reason) => ctx.err(`reader ${s}${reason ? `: ${reason}` : ''}`));
  const seen = new Set<string>();
  try {
    do {
      const t = performance.now();
      try {
        const tags = await reader.inventory(afi === undefined ? {} : { afi });
        for (const tag of tags) {
          if (!v['once'] && seen.has(tag.uid)) continue;
          seen.add(tag.uid);
          const detail = await describe(reader, tag.uid, config, decode);
          ctx.out(JSON.stringify({ uid: tag.uid, dsfid: tag.dsfid, antenna: tag.antenna, ...detail }));
        }
        // Tags that left the field can be reported again when they come back.
        for (const uid of seen) if (!tags.some((t) => t.uid === uid)) seen.delete(uid);
        if (v['once'])
          ctx.out(JSON.stringify({ round: 'done', tags: tags.length, ms: Number((performance.now() - t).toFixed(1)) }));
      } catch (err) {
        if (!isReaderError(err)) throw err;
        ctx.err(`inventory failed: ${err.code}: ${err.message}`);
        if (v['once']) return 1;
      }
      if (!v['once'] && !stop) await new Promise((r) => setTimeout(r, interval));
    } while (!v['once'] && !stop);
  } finally {
    process.off('SIGINT', onSigint);
    await reader.close();
  }
  return 0;
}

async function list(ctx: CliContext): Promise<number> {
  try {
    const { SerialPort } = await import('serialport');
    const ports = await SerialPort.list();
    ctx.out(
      JSON.stringify({
        serial: ports.map((p) => ({
          path: p.path,
          manufacturer: p.manufacturer,
          vendorId: p.vendorId,
          productId: p.productId,
          serialNumber: p.serialNumber,
        })),
      }),
    );
  } catch (err) {
    ctx.out(JSON.stringify({ serial: [], error: err instanceof Error ? err.message : String(err) }));
  }
  try {
    const path = 'node-hid';
    const hid = (await import(path)) as { devices: () => Array<Record<string, unknown>> };
    const devs = hid.devices().map((d) => ({
      path: d['path'],
      vendorId: d['vendorId'],
      productId: d['productId'],
      product: d['product'],
      usagePage: d['usagePage'],
    }));
    ctx.out(JSON.stringify({ hid: devs }));
  } catch (err) {
    ctx.out(JSON.stringify({ hid: [], error: err instanceof Error ? err.message : String(err) }));
  }
  return 0;
}

async function info(ctx: CliContext, v: Record<string, string | boolean | undefined>): Promise<number> {
  const config = effectiveConfig(ctx, v);
  const reader = await open(config, createLogger({ level: 'warn' }));
  try {
    const i = await reader.info();
    ctx.out(
      JSON.stringify({
        ...i,
        port: config.reader.port,
        antennasConfigured: config.reader.antennas,
        commandTimeoutMs: config.reader.commandTimeoutMs,
      }),
    );
  } finally {
    await reader.close();
  }
  return 0;
}

export const main: CommandMain = async (argv, ctx) => {
  const [sub, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: false });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  switch (sub) {
    case 'list':
      return list(ctx);
    case 'scan':
      return scan(ctx, v);
    case 'info':
      return info(ctx, v);
    default:
      throw new UsageError(
        'usage: selfcheck reader list | scan [--driver D] [--port PATH] [--afi N] [--once] | info [--driver D] [--port PATH]',
      );
  }
};
