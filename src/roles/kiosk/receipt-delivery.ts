/**
 * The receipt the patron chose at the end of a session (moved out of controller.ts): printed (a failure is shown,
 * never thrown: the session still ends), or e-mailed by the ILS when it was offered. Returns the goodbye message.
 */
import type { ReceiptPrinter } from '../../../drivers/printer/types.ts';
import { buildReceipt } from './receipt.ts';
import type { KioskItemRow, KioskLanguage, KioskMessage, ReceiptChoice } from './view.ts';

export interface ReceiptDelivery {
  rows: KioskItemRow[];
  language: KioskLanguage;
  now: number;
  printer: ReceiptPrinter | undefined;
  emailOffered: boolean;
  onPrinterError: (err: unknown) => void;
}

export async function deliverReceipt(choice: ReceiptChoice, d: ReceiptDelivery): Promise<KioskMessage | undefined> {
  if (choice === 'print' && d.printer) {
    try {
      await d.printer.print(buildReceipt(d.rows, d.language, new Date(d.now)));
      return { key: 'receipt.printed' };
    } catch (err) {
      d.onPrinterError(err);
      return { key: 'receipt.printFailed' };
    }
  }
  if (choice === 'email' && d.emailOffered) return { key: 'receipt.emailed' };
  return undefined;
}
