/**
 * A receipt as the kiosk hands it to a printer: already translated and formatted text, the session's items and
 * due dates only (no card number, no name). Nothing here is stored.
 */
export interface ReceiptItem {
  title: string;
  /** Already formatted for the patron's locale. */
  due: string;
}

export interface Receipt {
  header: string[];
  items: ReceiptItem[];
  /** Label before each due date, e.g. "Due" / "Vence". */
  dueLabel: string;
  footer: string[];
}

export interface ReceiptPrinter {
  print(receipt: Receipt): Promise<void>;
  close(): Promise<void>;
}
