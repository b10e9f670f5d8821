/**
 * The station's structured logger (pino, JSON lines). Namespaced children (`log.child({ ns: 'sip2' })`),
 * and every record passes through the redaction in redact.ts before it is written.
 */
import { pino, type Logger, type DestinationStream } from 'pino';
import { redactMessage, redactValue } from './redact.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Append JSON lines to this file; stdout otherwise. */
  file?: string | undefined;
  /** For tests: any writable stream. */
  stream?: DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const destination =
    opts.stream ?? (opts.file ? pino.destination({ dest: opts.file, sync: true, mkdir: true }) : pino.destination(1));
  return pino(
    {
      level: opts.level ?? 'info',
      base: { pid: process.pid },
      // Never the raw error object: its message may echo a patron value; redactValue keeps type/message/code.
      serializers: { err: (e: unknown) => redactValue(e) },
      formatters: {
        log: (obj) => redactValue(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? redactMessage(a) : a)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
    },
    destination,
  );
}

/** A logger that drops everything, for code paths and tests that do not care. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** Hex dump for reader traffic at debug level: `d6 00 05 fe ...`. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
}
