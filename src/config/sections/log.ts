import { z } from 'zod';

export const logSchema = z
  .object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** A file to append JSON lines to; standard output (the journal under systemd) when absent. */
    file: z.string().min(1).optional(),
    /** Hex-dump reader bytes in/out/discarded at debug level (no patron data ever passes a reader). */
    hexdump: z.boolean().default(false),
  })
  .strict();
