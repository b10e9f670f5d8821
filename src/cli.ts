/**
 * `selfcheck`: run a role, talk SIP2 by hand, decode/encode tags, diagnose readers, print the privacy audit.
 * Each sub-command lives in src/cli/<name>.ts and is loaded only when used, so `selfcheck sip2 parse`
 * never loads serialport or node-hid.
 */
import { ConfigError } from './config/index.ts';
import { isSelfcheckError } from './errors.ts';
import { createContext, UsageError, type CommandMain } from './cli/context.ts';

const commands: Record<string, { summary: string; load: () => Promise<{ main: CommandMain }> }> = {
  run: {
    summary: 'run the station (the role in the config; the kiosk by default)',
    load: () => import('./cli/run.ts'),
  },
  config: {
    summary: 'check the configuration and print it (secrets are never printed)',
    load: () => import('./cli/config.ts'),
  },
  sip2: {
    summary: 'talk SIP2 by hand: parse | status | login | patron-info | checkout | checkin | ... | serve',
    load: () => import('./cli/sip2.ts'),
  },
  'privacy-audit': {
    summary: 'print the data inventory and run the live privacy checks',
    load: () => import('./cli/privacy-audit.ts'),
  },
  offline: { summary: 'offline queue: keygen | status | recover --key FILE', load: () => import('./cli/offline.ts') },
  stats: { summary: 'export the aggregate statistics as CSV', load: () => import('./cli/stats.ts') },
  reader: {
    summary: 'diagnose a reader: list | scan [--driver D --port PATH] [--once] | info',
    load: () => import('./cli/reader.ts'),
  },
  tag: {
    summary: 'item tags: decode <hex> [--model M] | encode --model M --item ID [--isil I] [--parts N --part K]',
    load: () => import('./cli/tag.ts'),
  },
  staff: { summary: 'staff accounts: hash (reads a password on stdin)', load: () => import('./cli/staff.ts') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return `usage: selfcheck [--config FILE] <command> [args]\n\ncommands:\n${lines.join('\n')}\n`;
}

/** The names of the sub-commands, for help and tests. */
export function commandNames(): string[] {
  return Object.keys(commands);
}

async function main(argv: string[]): Promise<number> {
  let configPath: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config') {
      configPath = argv[++i];
      if (!configPath) throw new UsageError('--config needs a file');
    } else if (a.startsWith('--config=')) configPath = a.slice('--config='.length);
    else rest.push(a);
  }
  const [name, ...args] = rest;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) throw new UsageError(`unknown command "${name}"\n${usage()}`);
  const mod = await cmd.load();
  return mod.main(args, createContext(configPath));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(`selfcheck: ${err.message}\n`);
      process.exitCode = 2;
    } else if (isSelfcheckError(err)) {
      process.stderr.write(`selfcheck: ${err.layer} error ${err.code}: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`selfcheck: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
