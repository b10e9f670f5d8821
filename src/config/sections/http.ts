import { z } from 'zod';

export const httpSchema = z
  .object({
    /** Loopback only by default: the kiosk browser runs on the same Pi (kiosk-ux-privacy-ops.md §5). */
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
  })
  .strict();
