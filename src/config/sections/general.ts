import { z } from 'zod';

export const roles = ['kiosk', 'gate', 'inventory', 'encoder'] as const;

export const generalSchema = z
  .object({
    /** Which of the four roles this station runs (ARCHITECTURE.md). */
    role: z.enum(roles).default('kiosk'),
    /** Shown on diagnostics and in metrics target labels; never a person. */
    stationId: z.string().min(1).max(64).default('selfcheck-1'),
    /** Where the station keeps its few files (stats, offline queue, inventory results). systemd's StateDirectory when set. */
    dataDir: z
      .string()
      .min(1)
      .default(process.env['STATE_DIRECTORY'] ?? './data'),
    /** Default UI language; every kiosk session starts from it again. */
    defaultLanguage: z.enum(['en', 'es']).default('en'),
  })
  .strict();
