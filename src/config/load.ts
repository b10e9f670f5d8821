/**
 * Loads the configuration: defaults <- file (YAML or JSON; --config or SELFCHECK_CONFIG) <- environment.
 * A bad value gives one ConfigError naming the key; the CLI turns it into exit code 2.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { SelfcheckError } from '../errors.ts';
import { configSchema, type Config } from './schema.ts';

export class ConfigError extends SelfcheckError {
  readonly key: string;
  constructor(key: string, message: string) {
    super('config', 'invalid', `config ${key}: ${message}`, { key });
    this.name = 'ConfigError';
    this.key = key;
  }
}

type Json = Record<string, unknown>;

/** Environment variables that override one key each; values are parsed as the schema expects. */
const envOverrides: ReadonlyArray<readonly [string, string, 'string' | 'number' | 'boolean']> = [
  ['SELFCHECK_DATA_DIR', 'general.dataDir', 'string'],
  ['SELFCHECK_ROLE', 'general.role', 'string'],
  ['SELFCHECK_STATION_ID', 'general.stationId', 'string'],
  ['SELFCHECK_HTTP_PORT', 'http.port', 'number'],
  ['SELFCHECK_HTTP_HOST', 'http.host', 'string'],
  ['SELFCHECK_LOG_LEVEL', 'log.level', 'string'],
  ['SELFCHECK_LOG_FILE', 'log.file', 'string'],
  ['SELFCHECK_SIP2_MODE', 'sip2.mode', 'string'],
  ['SELFCHECK_SIP2_HOST', 'sip2.host', 'string'],
  ['SELFCHECK_SIP2_PORT', 'sip2.port', 'number'],
  ['SELFCHECK_SIP2_LATENCY_MS', 'sip2.builtin.latencyMs', 'number'],
  ['SELFCHECK_READER_DRIVER', 'reader.driver', 'string'],
  ['SELFCHECK_READER_PORT', 'reader.port', 'string'],
];

function setPath(obj: Json, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next === undefined || next === null) cur[part] = {};
    else if (typeof next !== 'object' || Array.isArray(next)) throw new ConfigError(path, `${part} must be a section`);
    cur = cur[part] as Json;
  }
  cur[parts[parts.length - 1]!] = value;
}

function parseEnvValue(name: string, key: string, raw: string, kind: 'string' | 'number' | 'boolean'): unknown {
  if (kind === 'string') return raw;
  if (kind === 'boolean') {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new ConfigError(key, `${name}=${JSON.stringify(raw)} is not a boolean`);
  }
  if (!/^-?\d+(\.\d+)?$/.test(raw.trim())) throw new ConfigError(key, `${name}=${JSON.stringify(raw)} is not a number`);
  return Number(raw);
}

export function applyEnv(raw: Json, env: NodeJS.ProcessEnv): Json {
  for (const [name, key, kind] of envOverrides) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, key, parseEnvValue(name, key, value, kind));
  }
  return raw;
}

function firstIssue(error: z.ZodError): ConfigError {
  const issue = error.issues[0]!;
  let key = issue.path.map(String).join('.') || '(root)';
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    key = [...issue.path.map(String), issue.keys[0]].join('.');
    message = 'unknown key (check its spelling and section)';
  }
  return new ConfigError(key, message);
}

/** Validates a raw object (already merged with the environment) into a Config. */
export function parseConfig(raw: unknown): Config {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw firstIssue(result.error);
  const cfg = result.data;
  for (const [key, pattern] of [
    ['tags.itemIdPattern', cfg.tags.itemIdPattern],
    ['kiosk.staffCardPattern', cfg.kiosk.staffCardPattern],
    ['privacy.patronIdPattern', cfg.privacy.patronIdPattern],
  ] as const) {
    try {
      new RegExp(pattern);
    } catch {
      throw new ConfigError(key, `${JSON.stringify(pattern)} is not a valid regular expression`);
    }
  }
  if (cfg.kiosk.warningSeconds >= cfg.kiosk.inactivitySeconds)
    throw new ConfigError('kiosk.warningSeconds', 'must be shorter than kiosk.inactivitySeconds');
  if (cfg.sip2.timeouts.reconnectMinMs > cfg.sip2.timeouts.reconnectMaxMs)
    throw new ConfigError('sip2.timeouts.reconnectMinMs', 'must not exceed sip2.timeouts.reconnectMaxMs');
  return cfg;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export interface LoadOptions {
  /** Path from --config; SELFCHECK_CONFIG otherwise; none means defaults only. */
  path?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export function loadConfig(opts: LoadOptions = {}): Config {
  const env = opts.env ?? process.env;
  const path = opts.path ?? env['SELFCHECK_CONFIG'];
  let raw: Json = {};
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError('(file)', `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    let parsed: unknown;
    try {
      parsed = text.trim() === '' ? {} : parseYaml(text);
    } catch (err) {
      throw new ConfigError('(file)', `${path} is not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new ConfigError('(root)', `${path} must hold a mapping of sections`);
    raw = parsed as Json;
  }
  return parseConfig(applyEnv(raw, env));
}
