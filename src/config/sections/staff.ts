import { z } from 'zod';

export const staffSchema = z
  .object({
    /** Staff accounts: user name -> argon2 hash (`selfcheck staff hash`). Empty means staff pages are closed. */
    users: z.record(z.string().min(1).max(64), z.string().min(1)).default({}),
    sessionMinutes: z.number().int().min(1).max(720).default(60),
  })
  .strict();

export const inventorySchema = z
  .object({
    /** Inventory results hold item IDs, call numbers and locations only; deleted after this many days. */
    retentionDays: z.number().int().min(1).max(365).default(30),
    /** Misshelving tolerance: a wand reads neighbours in any order. */
    orderTolerance: z.number().int().min(0).max(50).default(3),
    callNumberScheme: z.enum(['lc', 'dewey', 'plain']).default('dewey'),
  })
  .strict();

export const encoderSchema = z
  .object({
    /** Lock the item blocks after writing (per the library's policy; locked tags cannot be re-encoded). */
    lockItemBlocks: z.boolean().default(false),
  })
  .strict();
