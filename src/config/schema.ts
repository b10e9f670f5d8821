/**
 * The station's one configuration schema: every section with its defaults and range checks.
 * Each section lives in its own file under sections/ and documents where its numbers come from.
 */
import { z } from 'zod';
import { generalSchema } from './sections/general.ts';
import { httpSchema } from './sections/http.ts';
import { logSchema } from './sections/log.ts';
import { sip2Schema } from './sections/sip2.ts';
import { readerSchema } from './sections/reader.ts';
import { tagsSchema } from './sections/tags.ts';
import { kioskSchema } from './sections/kiosk.ts';
import { gateSchema } from './sections/gate.ts';
import { staffSchema, inventorySchema, encoderSchema } from './sections/staff.ts';
import { offlineSchema, privacySchema } from './sections/offline.ts';

export const configSchema = z
  .object({
    general: generalSchema.prefault({}),
    http: httpSchema.prefault({}),
    log: logSchema.prefault({}),
    sip2: sip2Schema.prefault({}),
    reader: readerSchema.prefault({}),
    tags: tagsSchema.prefault({}),
    kiosk: kioskSchema.prefault({}),
    gate: gateSchema.prefault({}),
    staff: staffSchema.prefault({}),
    inventory: inventorySchema.prefault({}),
    encoder: encoderSchema.prefault({}),
    offline: offlineSchema.prefault({}),
    privacy: privacySchema.prefault({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
