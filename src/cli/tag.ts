/**
 * `selfcheck tag ...`: decode and encode item tag data by hand.
 *   decode <hex> [--model auto|28560-2|28560-3|rfid501] [--dsfid N]
 *       prints one JSON object: model, primaryItemId, ownerLibrary, partsInItem, partNumber, typeOfUsage and
 *       every other element found
 *   encode --model 28560-2|28560-3 --item ID [--isil ISIL] [--parts N --part K] [--usage N] [--shelf TEXT]
 *          [--block-size N] [--blocks N]
 *       prints the block bytes as hex (the item pattern and default ISIL come from config.tags)
 * Garbage in gives a one-line error and exit code 1 (usage errors: 2).
 */
import { parseArgs } from 'node:util';
import { UsageError, type CliContext, type CommandMain } from './context.ts';
import { parseConfig, type Config } from '../config/index.ts';
import { decodeTag, encodeItem, type TagModel } from '../tags/index.ts';
import { hex } from '../tags/bits.ts';

const USAGE =
  'usage: selfcheck tag decode <hex> [--model auto|28560-2|28560-3|rfid501] [--dsfid N]\n' +
  '       selfcheck tag encode --model 28560-2|28560-3 --item ID [--isil ISIL] [--parts N --part K]' +
  ' [--usage N] [--shelf TEXT] [--block-size N] [--blocks N]';

const options = {
  model: { type: 'string' },
  dsfid: { type: 'string' },
  item: { type: 'string' },
  isil: { type: 'string' },
  parts: { type: 'string' },
  part: { type: 'string' },
  usage: { type: 'string' },
  shelf: { type: 'string' },
  'block-size': { type: 'string' },
  blocks: { type: 'string' },
} as const;

function intArg(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer ${min}..${max}`);
  return n;
}

/** Hex with optional spaces, colons or a 0x prefix; undefined when it is not whole bytes of hex. */
export function parseHex(text: string): Uint8Array | undefined {
  const s = text.replace(/^0x/i, '').replace(/[\s:]/g, '');
  if (s === '' || s.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(s)) return undefined;
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

function tagsConfig(ctx: CliContext): Config['tags'] {
  return (ctx.configPath || process.env['SELFCHECK_CONFIG'] ? ctx.config() : parseConfig({})).tags;
}

function decode(positionals: string[], values: Record<string, string | undefined>, ctx: CliContext): number {
  const text = positionals.join('');
  if (!text) throw new UsageError(USAGE);
  const bytes = parseHex(text);
  if (!bytes) {
    ctx.err('selfcheck: tag data must be hex bytes, e.g. 1101013131…');
    return 1;
  }
  const model = values['model'] ?? 'auto';
  if (!['auto', '28560-2', '28560-3', 'rfid501'].includes(model))
    throw new UsageError('--model must be auto, 28560-2, 28560-3 or rfid501');
  const dsfid = intArg('dsfid', values['dsfid'], 0, 255);
  const item = decodeTag(bytes, { model: model as 'auto' | TagModel, ...(dsfid === undefined ? {} : { dsfid }) });
  const { other, ...main } = item;
  ctx.out(
    JSON.stringify({
      ...main,
      ownerLibrary: main.ownerLibrary ?? null,
      typeOfUsage: main.typeOfUsage ?? null,
      ...other,
    }),
  );
  return 0;
}

function encode(values: Record<string, string | undefined>, ctx: CliContext): number {
  const model = values['model'];
  if (model !== '28560-2' && model !== '28560-3') throw new UsageError('--model must be 28560-2 or 28560-3');
  const id = values['item'];
  if (!id) throw new UsageError(USAGE);
  const parts = intArg('parts', values['parts'], 1, 255);
  const part = intArg('part', values['part'], 1, 255);
  if ((parts === undefined) !== (part === undefined)) throw new UsageError('--parts and --part go together');
  const usage = intArg('usage', values['usage'], 0, 15);
  const blockSize = intArg('block-size', values['block-size'], 1, 32);
  const blockCount = intArg('blocks', values['blocks'], 1, 256);
  const bytes = encodeItem(
    {
      primaryItemId: id,
      ...(values['isil'] ? { ownerLibrary: values['isil'] } : {}),
      ...(parts !== undefined ? { partsInItem: parts, partNumber: part } : {}),
      ...(usage !== undefined ? { typeOfUsage: usage } : {}),
      ...(values['shelf'] ? { shelfLocation: values['shelf'] } : {}),
    },
    {
      model,
      config: tagsConfig(ctx),
      ...(blockSize ? { blockSize } : {}),
      ...(blockCount ? { blockCount } : {}),
    },
  );
  ctx.out(hex(bytes));
  return 0;
}

export const main: CommandMain = (argv, ctx) => {
  const [sub, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  const values = parsed.values as Record<string, string | undefined>;
  if (sub === 'decode') return Promise.resolve(decode(parsed.positionals, values, ctx));
  if (sub === 'encode') {
    if (parsed.positionals.length) throw new UsageError(USAGE);
    return Promise.resolve(encode(values, ctx));
  }
  throw new UsageError(USAGE);
};
