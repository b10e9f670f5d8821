/**
 * The inventory role: a handheld reader (any driver: serial, Bluetooth serial, or the simulator) streams reads into
 * the InventoryController (decode, de-duplicate, hunt, ILS status via SIP2 17), and the staff pages (login, inventory,
 * hunt, diagnostics, statistics, privacy audit) are mounted on the station's server. A file of reads uploaded from a
 * handheld that stores them takes the same path through POST /api/staff/inventory/reads.
 */
import type { RoleStart, Runtime } from '../../runtime.ts';
import { isSelfcheckError } from '../../errors.ts';
import { SerialQueue } from '../kiosk/serial-queue.ts';
import { mountStationStaff } from '../../server/staff/station.ts';
import { openStaffReader, secureTag } from '../staff-reader.ts';
import { InventoryController } from './controller.ts';
import { InventoryStore } from './store.ts';
import { loadTagCodec, type TagCodec } from './codec.ts';

export const start: RoleStart = async (rt) => {
  await startInventory(rt);
};

/** The role's start with its seams open for tests (a tag codec other than src/tags). */
export async function startInventory(rt: Runtime, opts: { codec?: TagCodec } = {}): Promise<InventoryController> {
  const log = rt.log.child({ module: 'inventory' });
  const { config } = rt;
  const codec = opts.codec ?? (await loadTagCodec(config));
  const { reader, diag } = await openStaffReader(rt);
  // One command at a time on the reader: the read loop and one-tap re-secure share it.
  const queue = new SerialQueue();
  const exclusive = <T>(fn: () => Promise<T>) => queue.run(0, fn);
  const security = config.tags.security;
  const controller = new InventoryController({
    ils: rt.ils,
    store: new InventoryStore(rt.dataDir),
    decode: (bytes, dsfid) => codec.decode(bytes, dsfid).primaryItemId,
    scheme: config.inventory.callNumberScheme,
    tolerance: config.inventory.orderTolerance,
    resecure: (uid) => exclusive(() => secureTag(rt, reader, uid)),
  });
  let lastCode = '';
  controller.on('reader_error', (err: unknown) => {
    diag.noteError(err, 'reader');
    const code = isSelfcheckError(err) ? err.code : 'unexpected';
    // A wand out of range fails every round: log a change of state, not every failure.
    if (code !== lastCode) log.warn({ code }, 'inventory read failed');
    lastCode = code;
  });
  controller.on('read', () => rt.events.emit({ type: 'inventory_read', count: 1 }));

  const stop = new AbortController();
  const loop = controller.runReader(reader, stop.signal, {
    security,
    exclusive,
    onRound: () => {
      lastCode = '';
    },
  });
  mountStationStaff(rt, { inventory: controller, diagnostics: diag });
  rt.onStop(async () => {
    stop.abort();
    await loop;
    controller.close();
  });
  log.info({ driver: reader.driver, scheme: config.inventory.callNumberScheme }, 'inventory started');
  return controller;
}
