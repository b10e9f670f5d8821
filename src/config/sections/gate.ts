import { z } from 'zod';

export const gateSchema = z
  .object({
    /** How long the alarm holds after the last secured read. */
    alarmHoldMs: z.number().int().min(100).max(60_000).default(3_000),
    /** Keep the ID of an alarmed item (only where the library's policy allows, E.2); days, 0 = never. */
    keepAlarmedItemIdsDays: z.number().int().min(0).max(90).default(0),
    /** Ask the ILS (SIP2 17) after an alarm whether the item is really checked out, for staff. */
    ilsCheck: z.boolean().default(false),
    gpio: z
      .object({
        backend: z.enum(['sim', 'sysfs', 'cdev']).default('sim'),
        chip: z.string().min(1).default('gpiochip0'),
        lightLine: z.number().int().min(0).max(63).default(17),
        buzzerLine: z.number().int().min(0).max(63).default(27),
        faultLine: z.number().int().min(0).max(63).default(22),
        silenceLine: z.number().int().min(0).max(63).default(23),
        beamALine: z.number().int().min(0).max(63).default(5),
        beamBLine: z.number().int().min(0).max(63).default(6),
        debounceMs: z.number().int().min(0).max(1_000).default(20),
      })
      .strict()
      .prefault({}),
  })
  .strict();
