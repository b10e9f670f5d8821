/**
 * The receipt printer the kiosk uses: ESC/POS layout (escpos.ts) over a transport (transport.ts), built from
 * config kiosk.printer. None by default (the receipt choice is then "no receipt"). Nothing printed is kept.
 */
import { layoutReceipt } from './escpos.ts';
import { deviceFileTransport, serialTransport, type PrinterTransport } from './transport.ts';
import type { Receipt, ReceiptPrinter } from './types.ts';
import { KioskError } from '../../src/roles/kiosk/actions.ts';

export interface PrinterConfig {
  type: 'none' | 'serial' | 'usb';
  port?: string | undefined;
  baudRate: number;
  width: number;
}

export class EscPosPrinter implements ReceiptPrinter {
  constructor(
    private readonly transport: PrinterTransport,
    private readonly width: number,
  ) {}

  print(receipt: Receipt): Promise<void> {
    return this.transport.write(layoutReceipt(receipt, this.width));
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

export async function createPrinter(cfg: PrinterConfig): Promise<ReceiptPrinter | undefined> {
  if (cfg.type === 'none') return undefined;
  if (!cfg.port) throw new KioskError('printer', `kiosk.printer.port is required for a ${cfg.type} printer`);
  const transport =
    cfg.type === 'serial' ? await serialTransport(cfg.port, cfg.baudRate) : deviceFileTransport(cfg.port);
  return new EscPosPrinter(transport, cfg.width);
}
