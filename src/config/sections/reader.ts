import { z } from 'zod';

export const readerSchema = z
  .object({
    /** Which reader protocol: `sim` is the built-in virtual RF field (what `npm start` uses). */
    driver: z.enum(['sim', 'feig', '3m', 'ti-ascii']).default('sim'),
    /** Serial device; prefer /dev/serial/by-id/... so USB renumbering does not matter. */
    port: z.string().min(1).optional(),
    /** Each driver has its protocol's default (FEIG 38400 8E1, 3M 19200 8N1, TI 115200 8N1). */
    baudRate: z.number().int().min(1200).max(921_600).optional(),
    /** FEIG bus address (COM-ADR); 0xFF broadcast. */
    busAddress: z.number().int().min(0).max(255).default(0xff),
    /** Antennas to use, 1-based; a gate pair is usually [1, 2]. */
    antennas: z.array(z.number().int().min(1).max(8)).min(1).default([1]),
    /** Time allowed for one reader command round trip before a `timeout` reader error. */
    commandTimeoutMs: z.number().int().min(20).max(30_000).default(1_000),
    /** How often to retry opening a port that went away (unplugged). */
    reconnectMs: z.number().int().min(50).max(60_000).default(1_000),
    /** The virtual field (driver `sim`). */
    sim: z
      .object({
        /** 'real' waits the ISO 15693 air time (drivers/sim/README.md) so the kiosk feels like hardware; 'virtual' does not wait. */
        timing: z.enum(['real', 'virtual']).default('real'),
        /** Seed of the field's RNG (UIDs, injected faults): the same seed gives the same tags. */
        seed: z.number().int().min(0).max(0xffff_ffff).default(1),
        /** Tag family of the sample-library tags (ICODE SLIX is the most common library tag). */
        family: z
          .enum(['icode-slix', 'icode-slix2', 'tagit-hfi-plus', 'tagit-hfi-pro', 'generic'])
          .default('icode-slix'),
        /** Sample-library tags placed in the field at start (0 = an empty pad; the UI or tests place tags). */
        initialTags: z.number().int().min(0).max(1000).default(0),
      })
      .strict()
      .prefault({}),
  })
  .strict();
