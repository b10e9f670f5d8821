import { z } from 'zod';

export const offlineSchema = z
  .object({
    /** Store-and-forward checkouts while the ILS is down (needs the ILS's 98 "offline ok" too). */
    enabled: z.boolean().default(false),
    maxItemsPerSession: z.number().int().min(1).max(50).default(5),
    loanDays: z.number().int().min(1).max(90).default(21),
    /** PEM or base64 X25519 public key of the library; entries are sealed to it. */
    publicKeyFile: z.string().min(1).optional(),
    /** Entries older than this raise an alert in metrics and the audit. */
    maxAgeDays: z.number().int().min(1).max(90).default(7),
  })
  .strict();

export const privacySchema = z
  .object({
    /** Aggregate statistics (hourly counts, no patron data) kept this long. */
    statsRetentionDays: z.number().int().min(1).max(3_650).default(730),
    /** How often the in-service retention timer runs. */
    retentionIntervalMinutes: z.number().int().min(1).max(1_440).default(60),
  })
  .strict();
