import { z } from 'zod';

const byte = z.number().int().min(0).max(255);

export const tagsSchema = z
  .object({
    /** Data model written by the encoder and expected first when reading; `auto` detects on read. */
    model: z.enum(['auto', '28560-2', '28560-3', 'rfid501']).default('auto'),
    /** Model the encoder writes (ISO 28560-2 by default, the U.S. profile NISO RP-6). */
    writeModel: z.enum(['28560-2', '28560-3']).default('28560-2'),
    /** Owner library ISIL, e.g. US-NmCa; written as the owner institution element. */
    isil: z.string().max(16).optional(),
    /** Item barcodes must match this; the encoder refuses anything else. */
    itemIdPattern: z.string().min(1).default('^[0-9A-Za-z]{1,16}$'),
    security: z
      .object({
        /** How the gate knows an item is secured: AFI value, NXP EAS bit, or both. */
        mode: z.enum(['afi', 'eas', 'both']).default('afi'),
        /** biblstandard.dk/rfid/afi.htm: 07 in stock, C2 on loan. 3M legacy used DA/D7: configurable. */
        afiSecured: byte.default(0x07),
        afiCheckedOut: byte.default(0xc2),
      })
      .strict()
      .prefault({}),
    /** Bounded write + read-back retries (3M practice retries far more; the reader helper bounds it). */
    writeRetries: z.number().int().min(0).max(20).default(3),
  })
  .strict();
