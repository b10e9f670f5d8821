/** Turns decoded SIP2 responses into the typed results of src/sip2/ils.ts (pure functions, tested on their own). */
import { field, fieldList, parseDueDate, parseSipDate, type DecodeResult } from '../codec/index.ts';
import type {
  AcsStatus,
  CheckinResult,
  CirculationResult,
  ItemInfo,
  PatronInfo,
  PatronStatus,
  PatronStatusFlags,
  YNU,
} from '../ils.ts';

const flagNames: Array<keyof PatronStatusFlags> = [
  'chargePrivilegesDenied',
  'renewalPrivilegesDenied',
  'recallPrivilegesDenied',
  'holdPrivilegesDenied',
  'cardReportedLost',
  'tooManyItemsCharged',
  'tooManyItemsOverdue',
  'tooManyRenewals',
  'tooManyClaimsOfItemsReturned',
  'tooManyItemsLost',
  'excessiveOutstandingFines',
  'excessiveOutstandingFees',
  'recallOverdue',
  'tooManyItemsBilled',
];

export function patronFlags(s: string | undefined): PatronStatusFlags {
  const out = {} as PatronStatusFlags;
  flagNames.forEach((name, i) => (out[name] = (s ?? '')[i] === 'Y'));
  return out;
}

const yes = (v: string | undefined) => v === 'Y' || v === '1';
const ynu = (v: string | undefined): YNU => (v === 'Y' || v === 'N' ? v : 'U');
const num = (v: string | undefined) => (v && /^\s*\d+\s*$/.test(v) ? Number(v) : 0);

export function toPatronStatus(m: DecodeResult): PatronStatus {
  const cq = field(m, 'CQ');
  return {
    valid: yes(field(m, 'BL')),
    pinValid: cq === undefined ? undefined : yes(cq),
    flags: patronFlags(m.fixed['patronStatus']),
    language: m.fixed['language'] ?? '000',
    personalName: field(m, 'AE') || undefined,
    feeAmount: field(m, 'BV') || undefined,
    currency: field(m, 'BH') || undefined,
    screenMessages: fieldList(m, 'AF').filter(Boolean),
    printLines: fieldList(m, 'AG').filter(Boolean),
  };
}

export function toPatronInfo(m: DecodeResult): PatronInfo {
  return {
    ...toPatronStatus(m),
    holdItemsCount: num(m.fixed['holdItemsCount']),
    overdueItemsCount: num(m.fixed['overdueItemsCount']),
    chargedItemsCount: num(m.fixed['chargedItemsCount']),
    fineItemsCount: num(m.fixed['fineItemsCount']),
    recallItemsCount: num(m.fixed['recallItemsCount']),
    unavailableHoldsCount: num(m.fixed['unavailableHoldsCount']),
    holdItems: fieldList(m, 'AS'),
    overdueItems: fieldList(m, 'AT'),
    chargedItems: fieldList(m, 'AU'),
    fineItems: fieldList(m, 'AV'),
    recallItems: fieldList(m, 'BU'),
    unavailableHoldItems: fieldList(m, 'CD'),
    feeLimit: field(m, 'CC') || undefined,
    hasEmail: Boolean(field(m, 'BE')),
    expiryDate: parseSipDate(field(m, 'PA')),
  };
}

export function toCirculation(m: DecodeResult, itemId: string): CirculationResult {
  const due = field(m, 'AH') || undefined;
  return {
    ok: m.fixed['ok'] === '1',
    renewalOk: yes(m.fixed['renewalOk']),
    magneticMedia: ynu(m.fixed['magneticMedia']),
    desensitize: ynu(m.fixed['desensitize']),
    itemId: field(m, 'AB') || itemId,
    title: field(m, 'AJ') || undefined,
    dueDate: due,
    dueDateParsed: parseDueDate(due),
    feeAmount: field(m, 'BV') || undefined,
    currency: field(m, 'BH') || undefined,
    mediaType: field(m, 'CK') || undefined,
    transactionId: field(m, 'BK') || undefined,
    screenMessages: fieldList(m, 'AF').filter(Boolean),
    printLines: fieldList(m, 'AG').filter(Boolean),
  };
}

export function toCheckin(m: DecodeResult, itemId: string): CheckinResult {
  return {
    ok: m.fixed['ok'] === '1',
    resensitize: yes(m.fixed['resensitize']),
    magneticMedia: ynu(m.fixed['magneticMedia']),
    alert: yes(m.fixed['alert']),
    itemId: field(m, 'AB') || itemId,
    title: field(m, 'AJ') || undefined,
    permanentLocation: field(m, 'AQ') || undefined,
    sortBin: field(m, 'CL') || undefined,
    alertType: field(m, 'CV') || undefined,
    destination: field(m, 'CT') || undefined,
    // Only whether a hold patron was named; the CY/DA values never leave this function.
    holdForPatron: Boolean(field(m, 'CY') || field(m, 'DA')),
    mediaType: field(m, 'CK') || undefined,
    screenMessages: fieldList(m, 'AF').filter(Boolean),
    printLines: fieldList(m, 'AG').filter(Boolean),
  };
}

export function toItemInfo(m: DecodeResult, itemId: string): ItemInfo {
  const q = field(m, 'CF');
  return {
    circulationStatus: m.fixed['circulationStatus'] ?? '01',
    securityMarker: m.fixed['securityMarker'] ?? '00',
    feeType: m.fixed['feeType'] ?? '01',
    itemId: field(m, 'AB') || itemId,
    title: field(m, 'AJ') || undefined,
    dueDate: field(m, 'AH') || undefined,
    permanentLocation: field(m, 'AQ') || undefined,
    currentLocation: field(m, 'AP') || undefined,
    mediaType: field(m, 'CK') || undefined,
    holdQueueLength: q && /^\d+$/.test(q) ? Number(q) : undefined,
    screenMessages: fieldList(m, 'AF').filter(Boolean),
  };
}

export function toAcsStatus(m: DecodeResult): AcsStatus {
  const f = m.fixed;
  return {
    online: yes(f['onlineStatus']),
    checkinOk: yes(f['checkinOk']),
    checkoutOk: yes(f['checkoutOk']),
    renewalPolicy: yes(f['acsRenewalPolicy']),
    statusUpdateOk: yes(f['statusUpdateOk']),
    offlineOk: yes(f['offlineOk']),
    timeoutPeriod: num(f['timeoutPeriod']),
    retriesAllowed: num(f['retriesAllowed']),
    protocolVersion: f['protocolVersion'] ?? '',
    institutionId: field(m, 'AO') || undefined,
    libraryName: field(m, 'AM') || undefined,
    supportedMessages: field(m, 'BX') || undefined,
    screenMessages: fieldList(m, 'AF').filter(Boolean),
  };
}
