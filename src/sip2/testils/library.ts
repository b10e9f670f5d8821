/**
 * The built-in test ILS's library: the sample patrons and items (src/testdata/library.ts) with real circulation rules:
 * PIN check, blocked, expired, fines over the limit, holds (for this patron: filled at checkout; for another: refused,
 * and routed to staff on return), items out to someone else, renewal limit, unknown / not-for-loan / lost / in-transit
 * items, due dates, titles. Messages are worded like Koha's SIP server (C4/SIP/ILS.pm) so the kiosk's mapping is real.
 * Each instance has its own state: tests start many.
 */
import {
  FINE_LIMIT,
  LOAN_DAYS,
  RENEWAL_LIMIT,
  sampleItems,
  samplePatrons,
  type SampleItem,
  type SamplePatron,
} from '../../testdata/library.ts';

const DAY = 86_400_000;

export interface Loan {
  patronId: string;
  due: Date;
  renewals: number;
}

export interface CircOutcome {
  ok: boolean;
  renewal: boolean;
  item?: SampleItem;
  due?: Date;
  messages: string[];
}

export interface CheckinOutcome {
  ok: boolean;
  item?: SampleItem;
  alert: boolean;
  alertType?: string;
  holdPatron?: SamplePatron;
  destination?: string;
  messages: string[];
}

export class TestLibrary {
  readonly patrons = new Map<string, SamplePatron>();
  readonly items = new Map<string, SampleItem>();
  readonly loans = new Map<string, Loan>();
  readonly holdsReady = new Map<string, string>();

  constructor(private readonly now: () => Date = () => new Date()) {
    for (const p of samplePatrons) this.patrons.set(p.id, structuredClone(p));
    for (const i of sampleItems) this.items.set(i.id, structuredClone(i));
    for (const p of samplePatrons) {
      for (const l of p.loans ?? [])
        this.loans.set(l.itemId, {
          patronId: p.id,
          due: new Date(this.now().getTime() + 7 * DAY),
          renewals: l.renewals,
        });
      for (const h of p.holdsReady ?? []) this.holdsReady.set(h, p.id);
    }
  }

  expired(p: SamplePatron): boolean {
    return new Date(`${p.expires}T23:59:59`) < this.now();
  }

  /** Why this patron may not borrow, in Koha's words; empty when they may. */
  blocks(p: SamplePatron): string[] {
    const out: string[] = [];
    if (p.blocked) out.push('Patron debarred');
    if (this.expired(p)) out.push(`Patron expired on ${p.expires}`);
    if (p.fines > FINE_LIMIT) out.push(`Patron has fines - You owe $${p.fines.toFixed(2)}`);
    return out;
  }

  pinOk(p: SamplePatron, pin: string | undefined): boolean {
    return pin === p.pin;
  }

  loansOf(patronId: string): string[] {
    return [...this.loans].filter(([, l]) => l.patronId === patronId).map(([id]) => id);
  }

  overdueOf(patronId: string): string[] {
    const now = this.now();
    return [...this.loans].filter(([, l]) => l.patronId === patronId && l.due < now).map(([id]) => id);
  }

  holdsOf(patronId: string): string[] {
    return [...this.holdsReady].filter(([, pid]) => pid === patronId).map(([id]) => id);
  }

  dueDate(): Date {
    const d = new Date(this.now().getTime() + LOAN_DAYS * DAY);
    d.setHours(23, 59, 0, 0);
    return d;
  }

  checkout(
    patronId: string,
    itemId: string,
    o: { pin?: string | undefined; renewalPolicy: boolean; noBlock: boolean; nbDueDate?: Date | undefined },
  ): CircOutcome {
    const p = this.patrons.get(patronId);
    if (!p) return { ok: false, renewal: false, messages: ['Invalid patron barcode.'] };
    if (o.pin !== undefined && o.pin !== '' && !this.pinOk(p, o.pin))
      return { ok: false, renewal: false, messages: ['Invalid patron password'] };
    const item = this.items.get(itemId);
    if (!item) return { ok: false, renewal: false, messages: ['Invalid Item'] };
    const loan = this.loans.get(itemId);
    if (loan?.patronId === patronId && !o.noBlock) {
      if (!o.renewalPolicy) return { ok: false, renewal: false, item, messages: ['Item already checked out to you'] };
      return this.renew(patronId, itemId, o.pin);
    }
    if (!o.noBlock) {
      const b = this.blocks(p);
      if (b.length) return { ok: false, renewal: false, item, messages: b };
      if (loan) return { ok: false, renewal: false, item, messages: ['Item checked out to another patron'] };
      if (item.status === 'not_for_loan')
        return { ok: false, renewal: false, item, messages: ['Item type cannot be checked out at this location'] };
      if (item.status === 'lost') return { ok: false, renewal: false, item, messages: ['Item is marked lost'] };
      if (item.status === 'in_transit') return { ok: false, renewal: false, item, messages: ['Item is in transit'] };
      const holder = this.holdsReady.get(itemId) ?? item.holdFor;
      if (holder && holder !== patronId)
        return { ok: false, renewal: false, item, messages: ['Item is on hold for another patron'] };
    }
    this.holdsReady.delete(itemId);
    if (item.holdFor === patronId) delete item.holdFor;
    const due = o.noBlock && o.nbDueDate ? o.nbDueDate : this.dueDate();
    this.loans.set(itemId, { patronId, due, renewals: 0 });
    if (item.status === 'in_transit') delete item.status;
    return { ok: true, renewal: false, item, due, messages: [] };
  }

  renew(patronId: string, itemId: string, pin: string | undefined): CircOutcome {
    const p = this.patrons.get(patronId);
    if (!p) return { ok: false, renewal: false, messages: ['Invalid patron barcode.'] };
    if (pin !== undefined && pin !== '' && !this.pinOk(p, pin))
      return { ok: false, renewal: false, messages: ['Invalid patron password'] };
    const item = this.items.get(itemId);
    if (!item) return { ok: false, renewal: false, messages: ['Invalid Item'] };
    const loan = this.loans.get(itemId);
    if (!loan || loan.patronId !== patronId)
      return { ok: false, renewal: false, item, messages: ['Item not checked out to you'] };
    if (loan.renewals >= RENEWAL_LIMIT)
      return { ok: false, renewal: false, item, messages: ['Item has reached maximum renewals'] };
    const b = this.blocks(p);
    if (b.length) return { ok: false, renewal: false, item, messages: b };
    if (item.holdFor && item.holdFor !== patronId)
      return { ok: false, renewal: false, item, messages: ['Item is on hold for another patron'] };
    loan.renewals++;
    loan.due = this.dueDate();
    return { ok: true, renewal: true, item, due: loan.due, messages: [] };
  }

  checkin(itemId: string): CheckinOutcome {
    const item = this.items.get(itemId);
    if (!item) return { ok: false, alert: false, messages: ['Invalid Item'] };
    const loan = this.loans.get(itemId);
    this.loans.delete(itemId);
    if (item.holdFor && !this.holdsReady.has(itemId)) {
      const holdPatron = this.patrons.get(item.holdFor);
      this.holdsReady.set(itemId, item.holdFor);
      return {
        ok: true,
        item,
        alert: true,
        alertType: '01',
        ...(holdPatron ? { holdPatron } : {}),
        messages: ['Item is on hold, please return to circulation desk'],
      };
    }
    if (item.status === 'in_transit')
      return {
        ok: true,
        item,
        alert: true,
        alertType: '04',
        destination: 'EAST BRANCH',
        messages: ['Item is in transit, please return to circulation desk'],
      };
    if (!loan) return { ok: true, item, alert: false, messages: ['Item not checked out'] };
    return { ok: true, item, alert: false, messages: [] };
  }

  /** SIP2 18 circulation status. */
  circulationStatus(item: SampleItem): string {
    if (this.loans.has(item.id)) return '04';
    if (item.status === 'lost') return '12';
    if (item.status === 'in_transit') return '10';
    if (this.holdsReady.has(item.id)) return '08';
    if (item.status === 'not_for_loan') return '01';
    return '03';
  }
}
