/**
 * Ils over SIP2: builds each request from typed arguments (institution AO, terminal password AC, language, dates),
 * sends it through the Sip2Client and maps the response. Emits PII-free StationEvents for metrics.
 */
import { EventEmitter } from 'node:events';
import type { StationEvents } from '../../events.ts';
import type {
  AcsStatus,
  CheckinResult,
  CheckoutOptions,
  CirculationResult,
  Ils,
  ItemInfo,
  PatronInfo,
  PatronInfoSummary,
  PatronStatus,
} from '../ils.ts';
import { BLANK_DATE, formatSipDate, type DecodeResult, type Sip2Outgoing } from '../codec/index.ts';
import type { Sip2Client } from './client.ts';
import { toAcsStatus, toCheckin, toCirculation, toItemInfo, toPatronInfo, toPatronStatus } from './results.ts';

export interface Sip2IlsOptions {
  institution: string;
  terminalPassword?: string | undefined;
  /** SIP2 language code sent in 23/63 (000 unknown). */
  language?: string;
  location: string;
  events?: StationEvents | undefined;
}

const summaryIndex: Record<PatronInfoSummary, number> = {
  hold: 0,
  overdue: 1,
  charged: 2,
  fine: 3,
  recall: 4,
  unavailable: 5,
};

const messageNames: Record<string, string> = {
  '99': 'sc_status',
  '23': 'patron_status',
  '63': 'patron_info',
  '11': 'checkout',
  '29': 'renew',
  '09': 'checkin',
  '17': 'item_info',
  '35': 'end_session',
};

export class Sip2Ils extends EventEmitter implements Ils {
  constructor(
    private readonly client: Sip2Client,
    private readonly opts: Sip2IlsOptions,
  ) {
    super();
    client.on('online', () => {
      this.emit('online');
      opts.events?.emit({ type: 'ils', state: 'online' });
    });
    client.on('offline', (reason?: string) => {
      this.emit('offline', reason);
      opts.events?.emit({ type: 'ils', state: 'offline' });
    });
  }

  get online(): boolean {
    return this.client.online;
  }

  get acsStatus(): AcsStatus | undefined {
    return this.client.lastStatus ? toAcsStatus(this.client.lastStatus) : undefined;
  }

  start(): Promise<void> {
    return this.client.start();
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async req(msg: Sip2Outgoing): Promise<DecodeResult> {
    const t0 = performance.now();
    let ok = false;
    try {
      const r = await this.client.request(msg);
      ok = true;
      return r;
    } finally {
      const name = messageNames[msg.code];
      if (name)
        this.opts.events?.emit({ type: 'sip2_request', message: name, seconds: (performance.now() - t0) / 1000, ok });
    }
  }

  private get ac(): string {
    return this.opts.terminalPassword ?? '';
  }

  async scStatus(): Promise<AcsStatus> {
    const r = await this.req({ code: '99', fixed: { statusCode: '0', maxPrintWidth: '040', protocolVersion: '2.00' } });
    this.client.lastStatus = r;
    return toAcsStatus(r);
  }

  async patronStatus(patronId: string, pin?: string): Promise<PatronStatus> {
    const r = await this.req({
      code: '23',
      fixed: { language: this.opts.language ?? '000', transactionDate: formatSipDate(new Date()) },
      fields: [
        ['AO', this.opts.institution],
        ['AA', patronId],
        ['AC', this.ac],
        ['AD', pin ?? ''],
      ],
    });
    return toPatronStatus(r);
  }

  async patronInfo(
    patronId: string,
    pin?: string,
    opts: { summary?: PatronInfoSummary; start?: number; end?: number } = {},
  ): Promise<PatronInfo> {
    const summary = [...' '.repeat(10)];
    if (opts.summary) summary[summaryIndex[opts.summary]] = 'Y';
    const r = await this.req({
      code: '63',
      fixed: {
        language: this.opts.language ?? '000',
        transactionDate: formatSipDate(new Date()),
        summary: summary.join(''),
      },
      fields: [
        ['AO', this.opts.institution],
        ['AA', patronId],
        ['AC', this.ac],
        ['AD', pin ?? ''],
        ['BP', opts.summary ? String(opts.start ?? 1) : undefined],
        ['BQ', opts.summary ? String(opts.end ?? 50) : undefined],
      ],
    });
    return toPatronInfo(r);
  }

  async checkout(patronId: string, itemId: string, o: CheckoutOptions = {}): Promise<CirculationResult> {
    const r = await this.req({
      code: '11',
      fixed: {
        scRenewalPolicy: o.renewalAllowed === false ? 'N' : 'Y',
        noBlock: o.noBlock ? 'Y' : 'N',
        transactionDate: formatSipDate(o.transactionDate ?? new Date()),
        nbDueDate: o.nbDueDate ? formatSipDate(o.nbDueDate) : BLANK_DATE,
      },
      fields: [
        ['AO', this.opts.institution],
        ['AA', patronId],
        ['AB', itemId],
        ['AC', this.ac],
        ['AD', o.pin],
        ['BO', o.feeAcknowledged === undefined ? undefined : o.feeAcknowledged ? 'Y' : 'N'],
      ],
    });
    return toCirculation(r, itemId);
  }

  async renew(patronId: string, itemId: string, o: { pin?: string | undefined } = {}): Promise<CirculationResult> {
    const r = await this.req({
      code: '29',
      fixed: {
        thirdPartyAllowed: 'N',
        noBlock: 'N',
        transactionDate: formatSipDate(new Date()),
        nbDueDate: BLANK_DATE,
      },
      fields: [
        ['AO', this.opts.institution],
        ['AA', patronId],
        ['AD', o.pin],
        ['AB', itemId],
        ['AC', this.ac],
      ],
    });
    return toCirculation(r, itemId);
  }

  async checkin(
    itemId: string,
    o: { noBlock?: boolean; returnDate?: Date; cancel?: boolean } = {},
  ): Promise<CheckinResult> {
    const now = new Date();
    const r = await this.req({
      code: '09',
      fixed: {
        noBlock: o.noBlock ? 'Y' : 'N',
        transactionDate: formatSipDate(now),
        returnDate: formatSipDate(o.returnDate ?? now),
      },
      fields: [
        ['AP', this.opts.location],
        ['AO', this.opts.institution],
        ['AB', itemId],
        ['AC', this.ac],
        ['BI', o.cancel ? 'Y' : undefined],
      ],
    });
    return toCheckin(r, itemId);
  }

  async itemInfo(itemId: string): Promise<ItemInfo> {
    const r = await this.req({
      code: '17',
      fixed: { transactionDate: formatSipDate(new Date()) },
      fields: [
        ['AO', this.opts.institution],
        ['AB', itemId],
        ['AC', this.ac],
      ],
    });
    return toItemInfo(r, itemId);
  }

  async endSession(patronId: string, pin?: string): Promise<boolean> {
    const r = await this.req({
      code: '35',
      fixed: { transactionDate: formatSipDate(new Date()) },
      fields: [
        ['AO', this.opts.institution],
        ['AA', patronId],
        ['AC', this.ac],
        ['AD', pin],
      ],
    });
    return r.fixed['endSession'] === 'Y';
  }
}
