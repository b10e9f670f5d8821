/**
 * The encoder role: the staff encoding desk (single items, sets, batch CSV, legacy 3M re-encode) on the station's
 * reader, in the library's data model (config.tags.writeModel), secured per config.tags.security and optionally
 * locked; with the staff pages (login, encoding, diagnostics, statistics, privacy audit) on the station's server.
 */
import type { RoleStart, Runtime } from '../../runtime.ts';
import { setSecurity } from '../../rfid/security.ts';
import { mountStationStaff, StaffDiagnostics } from '../../server/staff/station.ts';
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
  const reader = await rt.openReader();
  const diag = new StaffDiagnostics();
  diag.readerDriver = reader.driver;
  diag.readerState = 'up';
  reader.on('state', (state) => {
    diag.readerState = state;
    rt.events.emit({ type: 'reader', state });
  });
  const deps: EncoderDeps = {
    reader,
    decode: (bytes, dsfid) => codec.decode(bytes, dsfid),
    encode: (input, layout) => codec.encode(input, layout),
    secure: async (r, uid) => {
      const res = await setSecurity(r, uid, true, config.tags.security, config.tags.writeRetries);
      rt.events.emit({ type: 'security_write', result: res.ok ? 'ok' : 'failed' });
      return res.ok ? { ok: true } : { ok: false, reason: `${res.step} write ${res.reason}` };
    },
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
