/**
 * Why the ILS refused a forwarded offline checkout, as a code for the staff page. The ILS's screen message (AF) is
 * matched but never stored: Koha and Evergreen sometimes put a patron's name in it. Wordings from Koha
 * (C4/SIP/ILS.pm, C4/Circulation.pm) and Evergreen (SIPServer); the first match wins.
 */
export type RefusalReason =
  | 'patron_unknown'
  | 'patron_blocked'
  | 'item_unknown'
  | 'item_on_loan'
  | 'item_on_hold'
  | 'item_not_for_loan'
  | 'refused';

const RULES: Array<[RegExp, RefusalReason]> = [
  [
    /invalid patron|patron not found|unknown patron|no such patron|patron barcode|invalid (user|card)/i,
    'patron_unknown',
  ],
  [/debarred|barred|blocked|expired|suspend|restricted patron|fines|fees|too many|limit/i, 'patron_blocked'],
  [/invalid item|item not found|unknown item|no such item|item barcode|does not exist/i, 'item_unknown'],
  [/(checked out|on loan|charged|issued) to (another|someone|other)|already (checked out|charged)/i, 'item_on_loan'],
  [/hold|reserved|reserve/i, 'item_on_hold'],
  [/not for loan|cannot be checked out|not circulat|non-circulating|notforloan|lost|transit/i, 'item_not_for_loan'],
];

export function refusalReason(screenMessages: readonly string[]): RefusalReason {
  const text = screenMessages.join(' ');
  for (const [re, reason] of RULES) if (re.test(text)) return reason;
  return 'refused';
}
