/**
 * The encoder role: the staff encoding desk (single items, sets, batch CSV, legacy 3M re-encode) on the station's
 * reader, in the library's data model (config.tags.writeModel), secured per config.tags.security and optionally
 * locked; with the staff pages (login, encoding, diagnostics, statistics, privacy audit) on the station's server.
 */
import type { RoleStart, Runtime } from '../../runtime.ts';
import { mountStationStaff } from '../../server/staff/station.ts';
import { openStaffReader, secureTag } from '../staff-reader.ts';
import { loadTagCodec, type TagCodec } from '../inventory/codec.ts';
import { EncoderController } from './controller.ts';
import type { EncoderDeps } from './encoder.ts';

export const start: RoleStart = async (rt) => {
  await startEncoder(rt);
};

export async function startEncoder(rt: Runtime, opts: { codec?: TagCodec } = {}): Promise<EncoderController> {
  const log = rt.log.child({ module: 'encoder' });
  const { config } = rt;
  const codec = opts.codec ?? (await loadTagCodec(config));
  const { reader, diag } = await openStaffReader(rt);
  const deps: EncoderDeps = {
    reader,
    decode: (bytes, dsfid) => codec.decode(bytes, dsfid),
    encode: (input, layout) => codec.encode(input, layout),
    secure: (r, uid) => secureTag(rt, r, uid),
    itemIdPattern: new RegExp(config.tags.itemIdPattern),
    // Patron cards (the privacy pattern) and staff cards are never written to item tags.
    cardPatterns: [new RegExp(config.privacy.patronIdPattern), new RegExp(config.kiosk.staffCardPattern)],
    lockItemBlocks: config.encoder.lockItemBlocks,
    isil: config.tags.isil,
    writeRetries: config.tags.writeRetries,
  };
  const controller = new EncoderController(deps);
  mountStationStaff(rt, { encoder: controller, diagnostics: diag });
  log.info({ driver: reader.driver, model: config.tags.writeModel, lock: deps.lockItemBlocks }, 'encoder started');
  return controller;
}
