/**
 * The soak's library: generated patrons and items added to a TestLibrary (the test ILS's own state, so nothing in
 * src/sip2/testils changes), and a subclass that records every circulation call so "applied twice" can be counted:
 * a checkout that lands on a loan the same patron already holds, a renewal (the soak never asks for one), or a return
 * of an item that was not on loan.
 */
import { TestLibrary } from '../src/sip2/testils/library.ts';
import type { SamplePatron } from '../src/testdata/library.ts';

export interface Doubled {
  op: 'checkout' | 'renewal' | 'checkin';
  itemId: string;
  noBlock: boolean;
}

export class RecordingLibrary extends TestLibrary {
  /** Calls that applied a transaction a second time. */
  readonly doubled: Doubled[] = [];
  readonly counts = { checkout: 0, renewal: 0, checkin: 0, noBlock: 0 };
  private inCheckout = false;

  override checkout(
    patronId: string,
    itemId: string,
    o: { pin?: string | undefined; renewalPolicy: boolean; noBlock: boolean; nbDueDate?: Date | undefined },
  ): ReturnType<TestLibrary['checkout']> {
    const before = this.loans.get(itemId);
    this.inCheckout = true;
    let r;
    try {
      r = super.checkout(patronId, itemId, o);
    } finally {
      this.inCheckout = false;
    }
    if (r.ok) {
      this.counts.checkout++;
      if (o.noBlock) this.counts.noBlock++;
      // Same patron already held it: a replayed or resent checkout (renewed, or overwritten by a no-block one).
      if (before?.patronId === patronId) this.doubled.push({ op: 'checkout', itemId, noBlock: o.noBlock });
    }
    return r;
  }

  override renew(patronId: string, itemId: string, pin: string | undefined): ReturnType<TestLibrary['renew']> {
    const r = super.renew(patronId, itemId, pin);
    if (r.ok && !this.inCheckout) {
      this.counts.renewal++;
      this.doubled.push({ op: 'renewal', itemId, noBlock: false });
    }
    return r;
  }

  override checkin(itemId: string): ReturnType<TestLibrary['checkin']> {
    const before = this.loans.get(itemId);
    const r = super.checkin(itemId);
    if (r.ok) {
      this.counts.checkin++;
      if (!before) this.doubled.push({ op: 'checkin', itemId, noBlock: false });
    }
    return r;
  }
}

export interface SoakPatron extends SamplePatron {
  firstName: string;
}

const SYL = ['ba', 'ze', 'qui', 'lor', 'van', 'mir', 'tho', 'dru', 'kel', 'syn', 'gow', 'phe', 'rax', 'ul', 'yen'];

/** Names, card numbers and PINs that cannot occur in a log by chance, so any hit in the PII scan is real. */
export function makePatrons(n: number, rnd: () => number): SoakPatron[] {
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
  const word = (k: number): string => {
    let s = '';
    for (let i = 0; i < k; i++) s += pick(SYL);
    return s[0]!.toUpperCase() + s.slice(1);
  };
  const out: SoakPatron[] = [];
  const seen = new Set<string>();
  while (out.length < n) {
    const firstName = word(3);
    const name = `${firstName} ${word(3)}`;
    if (seen.has(firstName)) continue;
    seen.add(firstName);
    let id = '2999';
    while (id.length < 14) id += String(Math.floor(rnd() * 10));
    let pin = '';
    for (let i = 0; i < 4; i++) pin += pick([...'bcdfghjkmnpqrstvwxz']);
    pin += String(10 + Math.floor(rnd() * 90));
    out.push({ id, pin, name, firstName, language: '001', fines: 0, expires: '2099-12-31' });
  }
  return out;
}

/** Item barcodes: 14 digits starting with 3, as the sample library's (never the patron-number pattern). */
export function itemIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `3777${String(i + 1).padStart(10, '0')}`);
}

export function addToLibrary(lib: TestLibrary, patrons: SoakPatron[], items: string[]): void {
  for (const p of patrons) lib.patrons.set(p.id, { ...p });
  items.forEach((id, i) =>
    lib.items.set(id, {
      id,
      title: `Soak title ${i + 1}`,
      callNumber: `SOAK ${i + 1}`,
      location: 'ADULT',
      mediaType: '001',
    }),
  );
}
