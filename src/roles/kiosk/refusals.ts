/**
 * Maps what the ILS says to message keys (view.ts). ILS screen messages (AF) arrive in English, so the kiosk
 * matches the wordings Koha (C4/SIP/ILS.pm, C4/Circulation.pm) and Evergreen (SIPServer) use and shows its own
 * translated text; anything unrecognised gets a generic key plus "see staff" (kiosk notes §1).
 */
import type { CheckinResult, CirculationResult, PatronInfo } from '../../sip2/ils.ts';
import type { KioskMessage, MessageKey } from './view.ts';

interface Rule {
  re: RegExp;
  key: MessageKey;
}

// Order matters: the first match wins (a "renewal limit" message also contains "limit").
const CHECKOUT_RULES: Rule[] = [
  {
    re: /too many renewals|renewal limit|no more renewals|max(imum)? renewals|too_many_renewals/i,
    key: 'item.renewalLimit',
  },
  { re: /too soon|too early|not yet renewable/i, key: 'item.renewalTooSoon' },
  {
    re: /(checked out|on loan|charged) to (another|someone|other)|already (checked out|charged)|issued to another/i,
    key: 'item.alreadyOut',
  },
  { re: /hold|reserved|reserve/i, key: 'item.onHoldForOther' },
  {
    re: /not for loan|cannot be checked out|not circulat|non-circulating|notforloan|restricted/i,
    key: 'item.notForLoan',
  },
  { re: /transit/i, key: 'item.inTransit' },
  { re: /\blost\b/i, key: 'item.lost' },
  {
    re: /invalid item|item not found|unknown item|no such item|not found|does not exist|barcode/i,
    key: 'item.notFound',
  },
  {
    re: /too many items|too many checked out|maximum (number|items)|checkout limit|max(imum)? checkouts/i,
    key: 'item.patronLimit',
  },
];

export interface ItemOutcome {
  message: KioskMessage;
  seeStaff: boolean;
}

/** A refused checkout or renewal (ok = false). */
export function checkoutRefusal(res: Pick<CirculationResult, 'screenMessages'>): ItemOutcome {
  const text = res.screenMessages.join(' ');
  for (const r of CHECKOUT_RULES)
    if (r.re.test(text)) return { message: { key: r.key }, seeStaff: r.key === 'item.lost' };
  return { message: { key: 'item.refused' }, seeStaff: true };
}

/** A checkin: ok, routed to staff (hold for another patron, transit, alert), or refused. */
export function checkinOutcome(res: CheckinResult): { state: 'ok' | 'staff' | 'refused'; outcome: ItemOutcome } {
  if (!res.ok) {
    const text = res.screenMessages.join(' ');
    if (/not checked out|not charged|not on loan/i.test(text)) {
      return { state: 'refused', outcome: { message: { key: 'item.notCheckedOut' }, seeStaff: false } };
    }
    return { state: 'refused', outcome: { message: { key: 'item.returnRefused' }, seeStaff: true } };
  }
  // Koha and Evergreen check in an item that was not on loan (ok) and say so: it is back on the shelf.
  if (!routedSignal(res) && /not checked out|not charged|not on loan/i.test(res.screenMessages.join(' '))) {
    return { state: 'ok', outcome: { message: { key: 'item.notCheckedOut' }, seeStaff: false } };
  }
  // Any routing signal means a person handles the item; never say for whom (holdForPatron is only a boolean).
  if (routedSignal(res)) return { state: 'staff', outcome: { message: { key: 'item.returnToStaff' }, seeStaff: true } };
  return { state: 'ok', outcome: { message: { key: 'item.returned' }, seeStaff: false } };
}

export type PatronCheck = { ok: true } | { ok: false; message: KioskMessage };

/**
 * Whether this patron may use the kiosk. Wrong PIN, blocked, expired and fines over the limit each get their own
 * key (issue 4). `requirePin`: a PIN was sent and the ILS must confirm it (CQ=Y).
 */
export function checkPatron(p: PatronInfo, requirePin: boolean, now: number, currency: string): PatronCheck {
  const fail = (key: MessageKey, params?: KioskMessage['params']): PatronCheck => ({
    ok: false,
    message: params ? { key, params } : { key },
  });
  if (!p.valid) return fail('patron.unknown');
  // An ILS that never sends CQ cannot confirm a PIN: with requirePin that is a refusal, not a pass.
  if (requirePin && p.pinValid !== true) return fail('patron.wrongPin');
  const text = p.screenMessages.join(' ');
  if (p.flags.cardReportedLost) return fail('patron.cardLost');
  if ((p.expiryDate !== undefined && p.expiryDate.getTime() < now) || /expired/i.test(text))
    return fail('patron.expired');
  if (p.flags.excessiveOutstandingFines || p.flags.excessiveOutstandingFees || /fines|you owe/i.test(text)) {
    if (p.flags.chargePrivilegesDenied || p.flags.excessiveOutstandingFines || p.flags.excessiveOutstandingFees) {
      return fail('patron.finesOverLimit', { amount: p.feeAmount ?? '', currency: p.currency ?? currency });
    }
  }
  if (p.flags.tooManyItemsOverdue && p.flags.chargePrivilegesDenied) return fail('patron.tooManyOverdue');
  if (p.flags.tooManyItemsCharged && p.flags.chargePrivilegesDenied) return fail('patron.tooManyItems');
  if (p.flags.chargePrivilegesDenied) return fail('patron.blocked');
  return { ok: true };
}

/** First name only (the view never holds the full name): "Torres, Ana" and "Ana Torres" both give "Ana". */
export function firstName(personalName: string | undefined): string {
  if (!personalName) return '';
  const name = personalName.trim();
  const comma = name.indexOf(',');
  const given = comma >= 0 ? name.slice(comma + 1).trim() : name;
  return given.split(/\s+/)[0] ?? '';
}

function routedSignal(res: CheckinResult): boolean {
  return res.holdForPatron || res.alert || (res.alertType !== undefined && res.alertType !== '00');
}
