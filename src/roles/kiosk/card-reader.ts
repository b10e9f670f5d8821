/**
 * The patron card reader when one is configured (kiosk.cardReader.driver 'hid': drivers/hid, HID-POS).
 * node-hid is native, so drivers/hid is imported only here and only when configured (`npm start` needs nothing
 * but Node). Card numbers go straight to the controller; they are never logged.
 */
import type { Logger } from '../../log/index.ts';
import type { Config } from '../../config/index.ts';

export interface CardSource {
  close(): Promise<void>;
}

interface HidModule {
  openCardReader(opts: { vendorId?: number; productId?: number; path?: string; log: Logger }): Promise<{
    on(event: 'card', fn: (card: string) => void): unknown;
    on(event: 'error', fn: (err: unknown) => void): unknown;
    close(): Promise<void>;
  }>;
}

export async function openCardReader(
  cfg: Config['kiosk']['cardReader'],
  log: Logger,
  onCard: (card: string) => void,
): Promise<CardSource | undefined> {
  if (cfg.driver === 'none') return undefined;
  const spec = '../../../drivers/hid/index.ts';
  const hid = (await import(spec)) as HidModule;
  const reader = await hid.openCardReader({ ...pick(cfg), log });
  reader.on('card', onCard);
  reader.on('error', () => log.warn('card reader error'));
  return reader;
}

function pick(cfg: Config['kiosk']['cardReader']): { vendorId?: number; productId?: number; path?: string } {
  return {
    ...(cfg.vendorId !== undefined ? { vendorId: cfg.vendorId } : {}),
    ...(cfg.productId !== undefined ? { productId: cfg.productId } : {}),
    ...(cfg.path !== undefined ? { path: cfg.path } : {}),
  };
}
