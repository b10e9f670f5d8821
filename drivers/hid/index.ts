/**
 * Patron card / barcode reader in HID-POS mode through node-hid (hidraw). node-hid is native and optional: it is
 * imported here only, and this module only when kiosk.cardReader.driver is 'hid'. Keyboard-wedge readers are out of
 * scope (README): node-hid cannot read them, and they would type the card number into the browser.
 * Card numbers are handed to the listener and never logged.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../../src/log/index.ts';
import { ReaderError } from '../../src/rfid/reader.ts';
import { BARCODE_SCANNER_USAGE_PAGE, ScanAssembler } from './pos-report.ts';

export interface HidDeviceInfo {
  path?: string | undefined;
  vendorId: number;
  productId: number;
  usagePage?: number | undefined;
  product?: string | undefined;
}

/** The part of node-hid's API used here (HIDAsync), so tests can pass a fake. */
export interface HidApi {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string): Promise<HidHandle> };
}
export interface HidHandle {
  on(event: 'data', fn: (data: Buffer) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  close(): Promise<void>;
}

export interface CardReaderOptions {
  vendorId?: number;
  productId?: number;
  path?: string;
  log: Logger;
  /** Test seam: a node-hid stand-in. */
  hid?: HidApi;
  /** Reports carry a report ID byte (HID-POS scanners do). */
  withReportId?: boolean;
}

export class HidCardReader extends EventEmitter {
  private readonly assembler: ScanAssembler;

  constructor(
    private readonly handle: HidHandle,
    private readonly log: Logger,
    withReportId = true,
  ) {
    super();
    this.assembler = new ScanAssembler(withReportId);
    handle.on('data', (data) => this.onReport(data));
    handle.on('error', (err) => {
      // Unplugged or a read error: report it; the kiosk keeps the on-screen keypad.
      this.emit('error', new ReaderError('reader_gone', `card reader: ${err.message}`));
    });
  }

  private onReport(data: Buffer): void {
    try {
      const scan = this.assembler.push(data);
      if (scan) this.emit('card', scan.text);
    } catch (err) {
      this.log.warn({ code: (err as { code?: string }).code }, 'unreadable card reader report');
      this.emit('error', err);
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Picks the device: an explicit hidraw path, else vendor/product, else the first bar code scanner interface. */
export function pickDevice(devices: HidDeviceInfo[], o: Omit<CardReaderOptions, 'log' | 'hid'>): HidDeviceInfo {
  const found = o.path
    ? devices.find((d) => d.path === o.path)
    : devices.find(
        (d) =>
          (o.vendorId === undefined || d.vendorId === o.vendorId) &&
          (o.productId === undefined || d.productId === o.productId) &&
          (o.vendorId !== undefined || d.usagePage === BARCODE_SCANNER_USAGE_PAGE),
      );
  if (!found?.path)
    throw new ReaderError('reader_gone', 'no HID-POS card reader found (is it in HID-POS mode and plugged in?)', {
      wanted: { path: o.path, vendorId: o.vendorId, productId: o.productId },
    });
  return found;
}

export async function openCardReader(opts: CardReaderOptions): Promise<HidCardReader> {
  const hid = opts.hid ?? (await loadNodeHid());
  const dev = pickDevice(await hid.devicesAsync(), opts);
  const handle = await hid.HIDAsync.open(dev.path!);
  opts.log.info({ vendorId: dev.vendorId, productId: dev.productId, product: dev.product }, 'card reader open');
  return new HidCardReader(handle, opts.log, opts.withReportId ?? true);
}

async function loadNodeHid(): Promise<HidApi> {
  const mod = (await import('node-hid')) as unknown as { default?: HidApi } & HidApi;
  return mod.default ?? mod;
}
