/**
 * What every `selfcheck` sub-command receives: its arguments, the global --config path,
 * and a lazily loaded configuration (sub-commands that do not need one never trigger a config error).
 */
import { loadConfig, type Config } from '../config/index.ts';
import { SelfcheckError } from '../errors.ts';

export interface CliContext {
  configPath: string | undefined;
  config(): Config;
  out(text: string): void;
  err(text: string): void;
}

export function createContext(configPath: string | undefined): CliContext {
  let cached: Config | undefined;
  return {
    configPath,
    config() {
      cached ??= loadConfig({ path: configPath });
      return cached;
    },
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  };
}

/** A usage error: printed without a stack, exit code 2. */
export class UsageError extends SelfcheckError {
  constructor(message: string) {
    super('config', 'usage', message);
    this.name = 'UsageError';
  }
}

export type CommandMain = (argv: string[], ctx: CliContext) => Promise<number>;
