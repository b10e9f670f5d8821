import { z } from 'zod';

const ms = (min: number, max: number, def: number) => z.number().int().min(min).max(max).default(def);

/** Light/buzzer pattern: steady on while the alarm lasts, or on/off cycles starting with "on". */
const pattern = (def: 'steady' | 'blink' | 'off', onMs: number, offMs: number) =>
  z
    .object({
      mode: z.enum(['steady', 'blink', 'off']).default(def),
      onMs: ms(20, 10_000, onMs),
      offMs: ms(20, 10_000, offMs),
    })
    .strict()
    .prefault({});

export const gateSchema = z
  .object({
    /** How long the alarm holds after the last secured read. */
    alarmHoldMs: z.number().int().min(100).max(60_000).default(3_000),
    /** Keep the ID of an alarmed item (only where the library's policy allows, E.2); days, 0 = never. */
    keepAlarmedItemIdsDays: z.number().int().min(0).max(90).default(0),
    /** Alarm times and counts (no item, no person) are kept this many days. */
    keepAlarmTimesDays: z.number().int().min(1).max(3_650).default(365),
    /** Ask the ILS (SIP2 17) after an alarm whether the item is really checked out, for staff. */
    ilsCheck: z.boolean().default(false),
    /** Reader failing this long without a good poll → fault output (well under the 2 s staff expect). */
    faultAfterMs: ms(100, 2_000, 1_000),
    /** Wait between retries while the reader fails (a gone port answers at once; do not spin). */
    retryMs: ms(10, 5_000, 200),
    light: pattern('steady', 500, 500),
    buzzer: pattern('blink', 300, 200),
    /** Photocell pair: beam A on the outside, B on the inside; A then B = a visitor coming in. */
    counter: z
      .object({
        enabled: z.boolean().default(true),
        /** Both beams must break within this time for one passage. */
        maxGapMs: ms(50, 10_000, 1_500),
        /** Beam inputs read 0 when broken (open-collector sensors with a pull-up). */
        activeLow: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    gpio: z
      .object({
        backend: z.enum(['sim', 'sysfs', 'cdev']).default('sim'),
        chip: z.string().min(1).default('gpiochip0'),
        /** Chip label to look for (sysfs and cdev); the Raspberry Pi header labels when absent. */
        chipLabel: z.string().min(1).optional(),
        /** Where sysfs GPIO lives (a test points this at a fake tree). */
        sysfsRoot: z.string().min(1).default('/sys/class/gpio'),
        lightLine: z.number().int().min(0).max(63).default(17),
        buzzerLine: z.number().int().min(0).max(63).default(27),
        faultLine: z.number().int().min(0).max(63).default(22),
        silenceLine: z.number().int().min(0).max(63).default(23),
        /** The silence key reads 0 when pressed (a key to ground with a pull-up). */
        silenceActiveLow: z.boolean().default(false),
        beamALine: z.number().int().min(0).max(63).default(5),
        beamBLine: z.number().int().min(0).max(63).default(6),
        debounceMs: z.number().int().min(0).max(1_000).default(20),
      })
      .strict()
      .prefault({}),
  })
  .strict();
