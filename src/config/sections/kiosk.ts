import { z } from 'zod';

export const kioskSchema = z
  .object({
    /** Ask for the PIN (checked through SIP2 AD/CQ). */
    requirePin: z.boolean().default(true),
    /** Inactivity before the session ends as if Done (Koha SCO default 120 s). */
    inactivitySeconds: z.number().int().min(30).max(3_600).default(120),
    /** Warning shown this long before the end, with "More time" (WCAG 2.2.1: at least 20 s). */
    warningSeconds: z.number().int().min(20).max(600).default(30),
    /** A card number matching this opens the diagnostics screen instead of a patron session. */
    staffCardPattern: z.string().min(1).default('^STAFF[0-9]{4,}$'),
    /** Returns: a button on the attract screen, the only mode (a returns station), or off. */
    returns: z.enum(['button', 'only', 'off']).default('button'),
    maxItemsPerSession: z.number().int().min(1).max(200).default(50),
    /** Patron card reader; `keyboard` means the on-screen keypad or a scanner typing into it. */
    cardReader: z
      .object({
        driver: z.enum(['none', 'hid']).default('none'),
        vendorId: z.number().int().min(0).max(0xffff).optional(),
        productId: z.number().int().min(0).max(0xffff).optional(),
        path: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    /** Receipt printer (ESC/POS). None by default: the receipt choice is "no receipt". */
    printer: z
      .object({
        type: z.enum(['none', 'serial', 'usb']).default('none'),
        port: z.string().min(1).optional(),
        baudRate: z.number().int().min(1200).max(115_200).default(9600),
        width: z.number().int().min(16).max(80).default(42),
      })
      .strict()
      .prefault({}),
  })
  .strict();
