/**
 * The kiosk role: builds the KioskController from the Runtime (ILS, reader, card reader and printer when
 * configured) and registers it for the HTTP routes (src/server/), which reach it with getKioskController().
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RoleStart, Runtime } from '../../runtime.ts';
import { removeQueueEntry } from '../../offline/queue.ts';
import { createPrinter } from '../../../drivers/printer/printer.ts';
import type { ReceiptPrinter } from '../../../drivers/printer/types.ts';
import { isSelfcheckError } from '../../errors.ts';
import { systemClock } from './clock.ts';
import { KioskController } from './controller.ts';
import type { DecodeTag } from './read-item.ts';
import { openCardReader } from './card-reader.ts';
import { createKioskOffline } from './offline.ts';
import { startJournal } from './recovery.ts';

let current: KioskController | undefined;

/** The running kiosk's controller (undefined when the kiosk role is not running). */
export function getKioskController(): KioskController | undefined {
  return current;
}

/** The tag codec (src/tags decodeTag), loaded once. */
async function loadDecoder(): Promise<DecodeTag> {
  // Typed loosely until src/tags/index.ts lands (written in parallel); then a plain static import.
  const spec = '../../tags/index.ts';
  const tags = (await import(spec)) as { decodeTag: DecodeTag };
  return (bytes) => tags.decodeTag(bytes);
}

export const start: RoleStart = async (rt) => {
  await startKiosk(rt);
};

/** The role's start with its seams open for tests (a tag codec other than src/tags). */
export async function startKiosk(rt: Runtime, opts: { decode?: DecodeTag } = {}): Promise<KioskController> {
  const log = rt.log.child({ module: 'kiosk' });
  const reader = await rt.openReader();
  let printer: ReceiptPrinter | undefined;
  try {
    printer = await createPrinter(rt.config.kiosk.printer);
  } catch (err) {
    // A missing printer must not stop the kiosk: the receipt choice is then "no receipt".
    log.error({ code: isSelfcheckError(err) ? err.code : 'unexpected' }, 'receipt printer unavailable');
  }
  // Crash journal (journal.ts): operations a killed run left between the ILS and the tag are made consistent first.
  const { journal, recovery } = await startJournal({
    dataDir: rt.dataDir,
    ils: rt.ils,
    reader,
    security: { model: rt.config.tags.security, retries: rt.config.tags.writeRetries },
    log,
    events: rt.events,
    busy: () => (current?.view().screen ?? 'attract') !== 'attract',
    dropOffline: (txId) => {
      const dir = join(rt.dataDir, 'offline');
      if (existsSync(dir)) removeQueueEntry(dir, txId);
    },
  });
  rt.onStop(async () => {
    recovery.stop();
    await journal.settled();
  });
  // Offline checkout (issue 7): the sealed queue and its forwarder, only when the library enabled it.
  const offline = createKioskOffline(rt.config, rt.dataDir, rt.ils, log);
  if (offline) rt.onStop(() => offline.close());
  const controller = new KioskController({
    config: rt.config,
    ils: rt.ils,
    reader,
    decode: opts.decode ?? (await loadDecoder()),
    events: rt.events,
    log,
    clock: systemClock,
    printer,
    offline,
    journal,
  });
  controller.start();
  current = controller;
  const cards = await openCardReader(rt.config.kiosk.cardReader, log, (card) => {
    controller.cardPresented(card).catch((err: unknown) => {
      log.error({ code: isSelfcheckError(err) ? err.code : 'unexpected' }, 'card handling failed');
    });
  });
  rt.onStop(async () => {
    await cards?.close();
    await controller.stop();
    if (current === controller) current = undefined;
    await printer?.close();
  });
  log.info(
    { returns: rt.config.kiosk.returns, printer: rt.config.kiosk.printer.type, offline: offline !== undefined },
    'kiosk started',
  );
  return controller;
}
