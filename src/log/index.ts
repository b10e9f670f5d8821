export { createLogger, silentLogger, hex } from './logger.ts';
export type { Logger, LoggerOptions } from './logger.ts';
export {
  maskSip2,
  redactValue,
  addSessionSecrets,
  clearSessionSecrets,
  REDACTED,
  SIP2_SECRET_FIELDS,
} from './redact.ts';
