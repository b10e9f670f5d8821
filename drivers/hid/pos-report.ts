/**
 * HID-POS bar code scanner input (USB HID Usage Tables, Bar Code Scanner page 0x8C, Scanned Data Report 0x12), the
 * mode that Honeywell, Zebra, Datalogic and most card/barcode readers offer besides keyboard wedge. One input report:
 *
 *   [report id 0x02] [n = decoded bytes in this report] [symbology id 1..3 (AIM "]xy" or 0)] [decoded data ...]
 *   ... and, in the report's last byte, bit 0 = "decoded data continued" (more reports follow for this scan).
 *
 * Pure code: reports in, complete scans out, so it is tested without a device.
 */
import { SelfcheckError } from '../../src/errors.ts';

export const SCANNED_DATA_REPORT_ID = 0x02;
/** Usage page of bar code scanners; used to pick the right interface of a composite device. */
export const BARCODE_SCANNER_USAGE_PAGE = 0x8c;
/** A patron card number or barcode is short; anything longer is garbage or a misconfigured scanner. */
export const MAX_SCAN_LENGTH = 128;

export interface Scan {
  /** The decoded characters with any AIM prefix and trailing CR/LF removed. */
  text: string;
  /** AIM symbology identifier (e.g. "]C0" for Code 128) when the scanner sends one. */
  symbology: string | undefined;
}

export class HidReportError extends SelfcheckError {
  constructor(code: 'short_report' | 'bad_length' | 'too_long' | 'not_text', message: string) {
    super('frame', code, message);
    this.name = 'HidReportError';
  }
}

const HEADER = 5; // report id, length, three symbology bytes

/**
 * Reassembles scans from input reports. `withReportId`: hidraw on Linux delivers the report ID as byte 0 when the
 * device uses numbered reports (HID-POS scanners do); set false for devices that do not.
 */
export class ScanAssembler {
  private parts: Buffer[] = [];
  private symbology: string | undefined;

  constructor(private readonly withReportId = true) {}

  /** Feeds one input report; returns a complete scan, or undefined while more reports are to come. */
  push(report: Uint8Array): Scan | undefined {
    const r = this.withReportId ? report : Uint8Array.from([SCANNED_DATA_REPORT_ID, ...report]);
    if (r.length < HEADER + 1) throw new HidReportError('short_report', `HID report of ${r.length} bytes`);
    // Other reports (status, attributes) carry no scan data.
    if (r[0] !== SCANNED_DATA_REPORT_ID) return undefined;
    const n = r[1]!;
    if (n > r.length - HEADER - 1) {
      this.reset();
      throw new HidReportError('bad_length', `scan length ${n} exceeds the ${r.length}-byte report`);
    }
    if (this.parts.length === 0) this.symbology = aim(r.subarray(2, 5));
    this.parts.push(Buffer.from(r.subarray(HEADER, HEADER + n)));
    const continued = (r[r.length - 1]! & 0x01) === 1;
    const total = this.parts.reduce((s, p) => s + p.length, 0);
    if (total > MAX_SCAN_LENGTH) {
      this.reset();
      throw new HidReportError('too_long', `scan longer than ${MAX_SCAN_LENGTH} bytes`);
    }
    if (continued) return undefined;
    const data = Buffer.concat(this.parts);
    const symbology = this.symbology;
    this.reset();
    return { text: cleanText(data), symbology };
  }

  reset(): void {
    this.parts = [];
    this.symbology = undefined;
  }
}

function aim(b: Uint8Array): string | undefined {
  if (b[0] !== 0x5d) return undefined; // "]"
  return String.fromCharCode(...b);
}

function cleanText(data: Buffer): string {
  let text = data.toString('latin1');
  // Some scanners also put the AIM identifier in front of the data.
  if (/^\][A-Za-z][0-9A-Za-z]/.test(text)) text = text.slice(3);
  text = text.replace(/[\r\n\t\0]+$/, '');
  if (!/^[\x20-\x7e]+$/.test(text)) throw new HidReportError('not_text', 'scan holds no printable text');
  return text;
}
