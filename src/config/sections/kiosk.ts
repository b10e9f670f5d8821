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
    /** Wrong PINs allowed before the session ends (3, as ATMs and Koha's SCO lockouts do). */
    pinAttempts: z.number().int().min(1).max(10).default(3),
    /** Thank-you screen before the attract screen returns. */
    goodbyeSeconds: z.number().int().min(1).max(60).default(5),
    /** ISO 4217 currency when the ILS sends fines without BH (Koha bug 19188: amounts without a currency). */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('USD'),
    /** Offer an e-mail receipt when the ILS has an address (BE): the ILS sends its own checkout notice; off by default. */
    emailReceipts: z.boolean().default(false),
    /** Loans and holds listed on "My account" (each costs one SIP2 17 for its title and due date). */
    accountMaxItems: z.number().int().min(1).max(100).default(20),
    /** Blocks read in one command per new tag: 8 x 4 bytes holds a 28560-3 record or a compacted 28560-2 one. */
    readBlocks: z.number().int().min(1).max(64).default(8),
    /** Inventory rounds a multi-part set waits for its missing parts before "take it to the desk". */
    setRounds: z.number().int().min(1).max(50).default(3),
    /** Pause between inventory rounds while items are in flight, so security writes are not held behind a round. */
    busyInventoryMs: z.number().int().min(0).max(5_000).default(150),
    /** Pause between inventory rounds when idle (0 = continuous, like a reader's own scan mode). */
    idleInventoryMs: z.number().int().min(0).max(5_000).default(0),
    /** Pause after a reader error before the next inventory round (config reader.reconnectMs reopens the port). */
    readerErrorBackoffMs: z.number().int().min(10).max(60_000).default(500),
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
