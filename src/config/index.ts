export { loadConfig, parseConfig, ConfigError, isLoopback } from './load.ts';
export type { LoadOptions } from './load.ts';
export { configSchema } from './schema.ts';
export type { Config, ConfigInput } from './schema.ts';
export { readSecret } from './secrets.ts';
