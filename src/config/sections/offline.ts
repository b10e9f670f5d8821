import { z } from 'zod';

export const offlineSchema = z
  .object({
    /** Store-and-forward checkouts while the ILS is down (needs the ILS's 98 "offline ok" too). */
    enabled: z.boolean().default(false),
    maxItemsPerSession: z.number().int().min(1).max(50).default(5),
    loanDays: z.number().int().min(1).max(90).default(21),
    /** No PIN can be checked offline: with kiosk.requirePin, 'refuse' the patron or accept the card only. */
    withoutPin: z.enum(['refuse', 'cardOnly']).default('refuse'),
    /** PEM or base64 X25519 public key of the library; entries are sealed to it. */
    publicKeyFile: z.string().min(1).optional(),
    /**
     * When the ILS is back, the kiosk's requests wait for the offline entries to be forwarded first (order matters
     * for holds and limits), but at most this long: a stuck pass must not freeze the kiosk (logged and counted).
     */
    forwardWaitSeconds: z.number().int().min(1).max(300).default(15),
    /** Entries older than this raise an alert in metrics and the audit. */
    maxAgeDays: z.number().int().min(1).max(90).default(7),
    /** Retention: sealed entries still waiting after this many days are deleted (staff were alerted at maxAgeDays). */
    retentionDays: z.number().int().min(1).max(365).default(30),
  })
  .strict();

export const privacySchema = z
  .object({
    /** Aggregate statistics (hourly counts, no patron data) kept this long. */
    statsRetentionDays: z.number().int().min(1).max(3_650).default(730),
    /** How often the in-service retention timer runs. */
    retentionIntervalMinutes: z.number().int().min(1).max(1_440).default(60),
    /** What a patron card number looks like here; the privacy audit searches files and logs for it (14-digit Codabar by default). */
    patronIdPattern: z.string().min(1).default('(?<![0-9])2[0-9]{13}(?![0-9])'),
  })
  .strict();
