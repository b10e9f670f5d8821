/**
 * An in-memory Ils over the sample library (src/testdata/library.ts), worded like Koha's SIP server
 * (C4/SIP/ILS.pm: "Patron debarred", "Item checked out to another patron", "Item is on hold ..."), for the
 * kiosk tests. Records each call by kind (never values) and can delay answers.
 */
import { EventEmitter } from 'node:events';
import type {
  AcsStatus,
  CheckinResult,
  CheckoutOptions,
  CirculationResult,
  Ils,
  ItemInfo,
  PatronInfo,
  PatronStatus,
  PatronStatusFlags,
} from '../../src/sip2/ils.ts';
import { Sip2Error } from '../../src/sip2/ils.ts';
import { FINE_LIMIT, RENEWAL_LIMIT, sampleItems, samplePatrons } from '../../src/testdata/library.ts';

const NO_FLAGS: PatronStatusFlags = {
  chargePrivilegesDenied: false,
  renewalPrivilegesDenied: false,
  recallPrivilegesDenied: false,
  holdPrivilegesDenied: false,
  cardReportedLost: false,
  tooManyItemsCharged: false,
  tooManyItemsOverdue: false,
  tooManyRenewals: false,
  tooManyClaimsOfItemsReturned: false,
  tooManyItemsLost: false,
  excessiveOutstandingFines: false,
  excessiveOutstandingFees: false,
  recallOverdue: false,
  tooManyItemsBilled: false,
};

export class FakeIls extends EventEmitter implements Ils {
  online = true;
  acsStatus: AcsStatus | undefined = undefined;
  /** Call kinds in order, e.g. ['patronInfo', 'checkout', 'checkin', 'endSession']. */
  readonly calls: string[] = [];
  delayMs = 0;
  /** Loans: item id -> patron id and renewals. */
  readonly loans = new Map<string, { patron: string; renewals: number }>();
  private readonly items = new Map(sampleItems.map((i) => [i.id, { ...i }]));
  private inFlight = 0;
  maxInFlight = 0;

  constructor() {
    super();
    for (const p of samplePatrons)
      for (const l of p.loans ?? []) this.loans.set(l.itemId, { patron: p.id, renewals: l.renewals });
  }

  private async step<T>(kind: string, fn: () => T): Promise<T> {
    this.calls.push(kind);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      if (!this.online) throw new Sip2Error('offline', 'not connected');
      return fn();
    } finally {
      this.inFlight--;
    }
  }

  async start(): Promise<void> {}
  async close(): Promise<void> {}
  scStatus(): Promise<AcsStatus> {
    return Promise.reject(new Sip2Error('offline', 'not used'));
  }

  patronStatus(patronId: string, pin?: string): Promise<PatronStatus> {
    return this.patronInfo(patronId, pin);
  }

  patronInfo(patronId: string, pin?: string, opts?: { summary?: string }): Promise<PatronInfo> {
    return this.step('patronInfo', () => {
      const p = samplePatrons.find((x) => x.id === patronId);
      const expired = p !== undefined && new Date(p.expires).getTime() < Date.now();
      const overFines = p !== undefined && p.fines > FINE_LIMIT;
      const msgs: string[] = [];
      if (p?.blocked) msgs.push('Patron debarred');
      if (expired) msgs.push(`Patron expired on ${p?.expires}`);
      if (overFines) msgs.push(`Patron has fines - You owe $${p?.fines.toFixed(2)}`);
      const charged = [...this.loans].filter(([, l]) => l.patron === patronId).map(([id]) => id);
      return {
        valid: p !== undefined,
        pinValid: p === undefined || pin === undefined ? undefined : pin === p.pin,
        flags: {
          ...NO_FLAGS,
          chargePrivilegesDenied: !!p?.blocked || expired || overFines,
          excessiveOutstandingFines: overFines,
        },
        language: p?.language ?? '000',
        personalName: p?.name,
        feeAmount: p ? p.fines.toFixed(2) : undefined,
        currency: p ? 'USD' : undefined,
        screenMessages: msgs,
        printLines: [],
        holdItemsCount: p?.holdsReady?.length ?? 0,
        overdueItemsCount: 0,
        chargedItemsCount: charged.length,
        fineItemsCount: 0,
        recallItemsCount: 0,
        unavailableHoldsCount: 0,
        holdItems: opts?.summary === 'hold' ? [...(p?.holdsReady ?? [])] : [],
        overdueItems: [],
        chargedItems: opts?.summary === 'charged' ? charged : [],
        fineItems: [],
        recallItems: [],
        unavailableHoldItems: [],
        feeLimit: FINE_LIMIT.toFixed(2),
        hasEmail: !!p?.email,
        expiryDate: p ? new Date(p.expires) : undefined,
      };
    });
  }

  private circ(itemId: string, ok: boolean, renewalOk: boolean, msg?: string): CirculationResult {
    const due = new Date(Date.UTC(2026, 11, 19, 23, 59, 0));
    return {
      ok,
      renewalOk,
      magneticMedia: 'N',
      desensitize: ok ? 'Y' : 'N',
      itemId,
      title: this.items.get(itemId)?.title,
      dueDate: ok ? '20261219    235900' : undefined,
      dueDateParsed: ok ? due : undefined,
      feeAmount: undefined,
      currency: undefined,
      mediaType: undefined,
      transactionId: undefined,
      screenMessages: msg ? [msg] : [],
      printLines: [],
    };
  }

  checkout(patronId: string, itemId: string, opts?: CheckoutOptions): Promise<CirculationResult> {
    return this.step('checkout', () => {
      const item = this.items.get(itemId);
      if (!item) return this.circ(itemId, false, false, 'Invalid Item');
      if (item.status === 'not_for_loan')
        return this.circ(itemId, false, false, 'Item type cannot be checked out at this location');
      const loan = this.loans.get(itemId);
      if (loan && loan.patron !== patronId)
        return this.circ(itemId, false, false, 'Item checked out to another patron');
      if (loan) {
        if (!opts?.renewalAllowed) return this.circ(itemId, false, false, 'Item already checked out to you');
        return this.doRenew(itemId, loan);
      }
      if (item.holdFor && item.holdFor !== patronId)
        return this.circ(itemId, false, false, 'Item is on hold for another patron');
      this.loans.set(itemId, { patron: patronId, renewals: 0 });
      return this.circ(itemId, true, false);
    });
  }

  private doRenew(itemId: string, loan: { renewals: number }): CirculationResult {
    if (loan.renewals >= RENEWAL_LIMIT) return this.circ(itemId, false, false, 'Too many renewals');
    loan.renewals++;
    return this.circ(itemId, true, true);
  }

  renew(patronId: string, itemId: string): Promise<CirculationResult> {
    return this.step('renew', () => {
      const loan = this.loans.get(itemId);
      if (!loan || loan.patron !== patronId) return this.circ(itemId, false, false, 'Item not checked out to you');
      return this.doRenew(itemId, loan);
    });
  }

  checkin(itemId: string): Promise<CheckinResult> {
    return this.step('checkin', () => {
      const item = this.items.get(itemId);
      const onLoan = this.loans.delete(itemId);
      const hold = !!item?.holdFor;
      const transit = item?.status === 'in_transit';
      const ok = item !== undefined; // Koha: a checkin of an item not on loan is ok, with a note
      return {
        ok,
        resensitize: ok,
        magneticMedia: 'N',
        alert: hold || transit,
        itemId,
        title: item?.title,
        permanentLocation: item?.location,
        sortBin: undefined,
        alertType: hold ? '01' : transit ? '04' : undefined,
        destination: undefined,
        holdForPatron: hold,
        mediaType: undefined,
        screenMessages: !ok
          ? ['Invalid Item']
          : hold
            ? ['Item is on hold, please return to circulation desk']
            : onLoan || transit
              ? []
              : ['Item not checked out'],
        printLines: [],
      };
    });
  }

  itemInfo(itemId: string): Promise<ItemInfo> {
    return this.step('itemInfo', () => {
      const item = this.items.get(itemId);
      return {
        circulationStatus: this.loans.has(itemId) ? '04' : '03',
        securityMarker: '02',
        feeType: '01',
        itemId,
        title: item?.title,
        dueDate: this.loans.has(itemId) ? '20261219    235900' : undefined,
        permanentLocation: item?.location,
        currentLocation: item?.location,
        mediaType: undefined,
        holdQueueLength: undefined,
        screenMessages: [],
      };
    });
  }

  endSession(): Promise<boolean> {
    return this.step('endSession', () => true);
  }
}
