/**
 * THE UI CONTRACT between the kiosk session (src/roles/kiosk/) and the touch UI (kiosk-ui/, src/server/).
 * The UI renders a KioskView and sends KioskActions; it holds no state of its own beyond the keypad digits
 * being typed. Keep this file stable: add members, never rename or remove them.
 *
 * The controller (controller.ts) behind it: `getKioskController()` from start.ts returns the running one;
 * `view(): KioskView`, `dispatch(action): Promise<void>`, `on('view', (v: KioskView) => ...)`. HTTP bodies go
 * through `parseKioskAction(body)` (actions.ts; throws KioskError 'bad_action' → 400). A new session starts when
 * the screen leaves 'attract'; it has ended (every patron value dropped) when the screen is 'goodbye' or 'attract'.
 *
 * Privacy: a view holds the patron's FIRST NAME only, counts, the fine amount, and the titles/due dates of
 * this session's items (and of the loans on the "My account" screen while it is open). Never a card number,
 * PIN, full name, e-mail, item ID or past-loan history. Everything patron-related is gone once the
 * session ends (screen 'attract').
 */

export type KioskLanguage = 'en' | 'es';
export const KIOSK_LANGUAGES: readonly KioskLanguage[] = ['en', 'es'];

export type KioskScreen =
  | 'attract' // touch to start; a card scan here also starts a session
  | 'language' // English / Español
  | 'identify' // scan card or type its number on the keypad
  | 'pin' // masked PIN keypad
  | 'checking' // waiting for the ILS (identify / PIN / end of session)
  | 'items' // place items on the pad; per-item results; greeting
  | 'account' // "My account": current loans + holds (after the PIN only)
  | 'receipt' // receipt choice after Done
  | 'returns' // returns mode: place items to return
  | 'goodbye' // thank-you screen, then back to attract
  | 'diagnostics'; // staff card: reader/ILS state, last errors, no patron data

export type KioskMode = 'checkout' | 'returns';

/** A translatable message: the UI looks `key` up in its catalogue (en, es, ...) and fills `params`. */
export interface KioskMessage {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/**
 * Every message key with its params (the catalogues must have each). Dates are ISO 8601 strings and money
 * is { amount: decimal string, currency: ISO 4217 } so the UI formats them for the locale.
 */
export const MESSAGE_KEYS = {
  // identify / PIN
  'patron.unknown': [], // card not known to the ILS
  'patron.wrongPin': [],
  'patron.blocked': [], // charge privileges denied / debarred
  'patron.cardLost': [],
  'patron.expired': [],
  'patron.finesOverLimit': ['amount', 'currency'], // owes more than the limit
  'patron.tooManyItems': [],
  'patron.tooManyOverdue': [],
  'patron.pinRequired': [],
  'ils.offline': [], // the library system cannot be reached
  'staff.see': [], // generic "please see staff" (added after any unknown failure)
  // items (checkout / renew)
  'item.checkedOut': ['dueDate'], // dueDate may be '' when the ILS sent none
  'item.renewed': ['dueDate'],
  'item.alreadyOut': [], // out to someone else
  'item.onHoldForOther': [],
  'item.notForLoan': [],
  'item.renewalLimit': [],
  'item.renewalTooSoon': [],
  'item.notFound': [], // unknown to the ILS
  'item.lost': [],
  'item.inTransit': [],
  'item.patronLimit': [], // too many items on this card
  'item.refused': [], // unknown refusal (with staff.see)
  'item.setIncomplete': ['parts', 'present'], // a set with missing parts: take it to the desk
  'item.tagUnreadable': [], // blank / corrupt / unknown tag
  'item.securityFailed': [], // could not unlock/lock the tag; checkout undone
  'item.error': [], // ILS/reader error for this item
  'item.limitSession': ['max'], // too many items in one session
  'item.checkedOutOffline': ['dueDate'], // recorded offline: sent to the library when it is back
  // offline checkout (the library system cannot be reached)
  'offline.pinUnavailable': [], // a PIN is required and cannot be checked offline
  'offline.noReturns': [], // returns wait until the library system is back
  // returns
  'item.returned': [],
  'item.returnToStaff': [], // hold for another patron / transit: hand to staff (never says for whom)
  'item.notCheckedOut': [],
  'item.returnRefused': [],
  // session
  'session.timeoutWarning': ['seconds'],
  'session.goodbye': [],
  'receipt.printed': [],
  'receipt.emailed': [],
  'receipt.printFailed': [],
} as const satisfies Record<string, readonly string[]>;

export type MessageKey = keyof typeof MESSAGE_KEYS;

export type ItemState =
  | 'reading' // tag seen, being read/decoded
  | 'pending' // waiting for the ILS or for the security write
  | 'ok' // checked out / renewed / returned and security set
  | 'refused' // the ILS said no (message says why)
  | 'staff' // take to the desk / see staff (sets, security failure, returns routed to staff)
  | 'error'; // could not complete (ILS or reader error)

export interface KioskItemRow {
  /** Opaque per-session row id (not the item ID). */
  key: string;
  state: ItemState;
  /** What was done (present once known). */
  action?: 'checkout' | 'renewal' | 'checkin';
  title?: string;
  /** ISO 8601 due date (date or date-time) when the ILS gave a parseable one. */
  dueDate?: string;
  /** The ILS's due date as free text when it could not be parsed. */
  dueDateText?: string;
  message?: KioskMessage;
  /** Show "see staff" with this row. */
  seeStaff?: boolean;
}

export interface KioskMoney {
  amount: string;
  currency: string;
}

export interface KioskPatronView {
  firstName: string;
  holdsReady: number;
  overdue: number;
  /** undefined when the ILS did not say (unknown, not zero). */
  fines?: KioskMoney;
  /** "My account" is available (after the PIN only). */
  accountAvailable: boolean;
}

export interface KioskAccountView {
  loading: boolean;
  loans: Array<{ title: string; dueDate?: string; dueDateText?: string; overdue?: boolean }>;
  holds: Array<{ title: string; ready: boolean }>;
}

export interface KioskDiagnosticsView {
  reader: { state: 'up' | 'down' | 'unknown'; driver?: string };
  ils: { online: boolean; institution?: string };
  /** Last errors, newest first: layer + code + time, no patron data. */
  lastErrors: Array<{ at: string; layer: string; code: string }>;
  itemsProcessed: number;
  version?: string;
}

export interface KioskView {
  /** Increments with every change; the UI may drop stale frames. */
  seq: number;
  screen: KioskScreen;
  mode: KioskMode;
  language: KioskLanguage;
  languages: readonly KioskLanguage[];
  /** Show the returns button on the attract screen. */
  returnsButton: boolean;
  requirePin: boolean;
  ilsOnline: boolean;
  /** A message for the current screen (e.g. wrong PIN on 'pin', blocked on 'identify'). */
  message?: KioskMessage;
  patron?: KioskPatronView;
  /** This session's items, newest last. */
  items: KioskItemRow[];
  /** Items whose result is not known yet (for a live counter). */
  itemsPending: number;
  /** Done was pressed and the items in flight are being finished (show "one moment", disable Done). */
  finishing?: boolean;
  account?: KioskAccountView;
  /** Inactivity warning: shown as a dialog over any screen, with a "More time" button. */
  warning?: { endsAt: number; seconds: number };
  /** On 'receipt': which choices to offer ('none' is always offered and preselected). */
  receipt?: { print: boolean; email: boolean };
  /** On 'goodbye': the receipt outcome, if any. */
  receiptResult?: KioskMessage;
  diagnostics?: KioskDiagnosticsView;
  /** This session checks out offline: a fixed due date, at most maxItems, no renewals or returns. */
  offline?: { maxItems: number; dueDate: string };
  /** The library system is down and offline checkout is possible (identify screen says so). */
  offlineAvailable?: boolean;
}

export type ReceiptChoice = 'none' | 'print' | 'email';

export type KioskAction =
  | { type: 'start' } // attract → language (checkout)
  | { type: 'startReturns' } // attract → returns (when returnsButton)
  | { type: 'language'; language: KioskLanguage } // on 'language' continues to 'identify'; elsewhere switches
  | { type: 'card'; value: string } // keypad entry or scanner (card readers reach the controller directly)
  | { type: 'pin'; value: string }
  | { type: 'openAccount' }
  | { type: 'closeAccount' }
  | { type: 'done' } // finish items / returns
  | { type: 'receipt'; choice: ReceiptChoice }
  | { type: 'moreTime' } // closes the warning and any open dialog
  | { type: 'dismiss' } // clears the screen message
  | { type: 'cancel' } // back out of language/identify/pin/diagnostics (ends the session)
  | { type: 'activity' }; // any touch: resets the inactivity timer

export const ACTION_TYPES = [
  'start',
  'startReturns',
  'language',
  'card',
  'pin',
  'openAccount',
  'closeAccount',
  'done',
  'receipt',
  'moreTime',
  'dismiss',
  'cancel',
  'activity',
] as const satisfies ReadonlyArray<KioskAction['type']>;

/** Longest card number / PIN the UI may send (the controller rejects longer with a typed error). */
export const MAX_CARD_LENGTH = 32;
export const MAX_PIN_LENGTH = 16;
