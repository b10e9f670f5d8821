/**
 * The kiosk session's state and its transitions, with no I/O: the controller feeds it what the ILS and the
 * reader said, and renders it with toView(). Every patron value lives in `patron`, `card`, `pin` and
 * `account`; reset() drops them all (the end of every session).
 */
import type { PatronInfo } from '../../sip2/ils.ts';
import { firstName } from './refusals.ts';
import type {
  KioskAccountView,
  KioskDiagnosticsView,
  KioskItemRow,
  KioskLanguage,
  KioskMessage,
  KioskMode,
  KioskScreen,
  KioskView,
} from './view.ts';
import { KIOSK_LANGUAGES } from './view.ts';

export interface PatronState {
  id: string;
  pin: string | undefined;
  firstName: string;
  holdsReady: number;
  overdue: number;
  fines: { amount: string; currency: string } | undefined;
  hasEmail: boolean;
  /** The ILS confirmed a PIN: "My account" is allowed. */
  pinChecked: boolean;
  charged: Set<string>;
}

export interface SessionSettings {
  requirePin: boolean;
  returns: 'button' | 'only' | 'off';
  currency: string;
  /** How many wrong PINs before the session ends (config kiosk.pinAttempts). */
  pinAttempts: number;
}

/** SIP2 language codes (SIP2 spec, 24 fixed field "language") the kiosk has catalogues for. */
const SIP2_LANGUAGES: Record<string, KioskLanguage> = { '001': 'en', '008': 'es' };

export class KioskSession {
  screen: KioskScreen = 'attract';
  mode: KioskMode = 'checkout';
  language: KioskLanguage = 'en';
  /** The patron picked a language this session: the ILS's language does not override it. */
  languageChosen = false;
  message: KioskMessage | undefined;
  card: string | undefined;
  pin: string | undefined;
  pinFailures = 0;
  patron: PatronState | undefined;
  account: KioskAccountView | undefined;
  receiptOffer: { print: boolean; email: boolean } | undefined;
  receiptResult: KioskMessage | undefined;
  /** Done was pressed: waiting for the items in flight. */
  finishing = false;
  /** This session checks out offline (the ILS could not be reached; see offline.ts). */
  offline = false;
  private seq = 0;

  constructor(readonly settings: SessionSettings) {
    this.reset();
  }

  /** The end of every session: back to attract, language reset, every patron value dropped. */
  reset(): void {
    this.screen = 'attract';
    this.mode = this.settings.returns === 'only' ? 'returns' : 'checkout';
    this.language = 'en';
    this.languageChosen = false;
    this.message = undefined;
    this.card = undefined;
    this.pin = undefined;
    this.pinFailures = 0;
    this.patron = undefined;
    this.account = undefined;
    this.receiptOffer = undefined;
    this.receiptResult = undefined;
    this.finishing = false;
    this.offline = false;
  }

  get inSession(): boolean {
    return this.screen !== 'attract';
  }

  startCheckout(): void {
    this.reset();
    this.screen = this.settings.returns === 'only' ? 'returns' : 'language';
    this.mode = this.settings.returns === 'only' ? 'returns' : 'checkout';
  }

  startReturns(): void {
    this.reset();
    this.mode = 'returns';
    this.screen = 'returns';
  }

  chooseLanguage(lang: KioskLanguage): void {
    this.language = lang;
    this.languageChosen = true;
    if (this.screen === 'language') this.screen = 'identify';
  }

  /** A card was read or typed. Returns what to do next. */
  cardEntered(card: string): 'pin' | 'check' {
    this.card = card;
    this.message = undefined;
    if (this.settings.requirePin) {
      this.screen = 'pin';
      return 'pin';
    }
    this.screen = 'checking';
    return 'check';
  }

  pinEntered(pin: string): void {
    this.pin = pin;
    this.message = undefined;
    this.screen = 'checking';
  }

  /** The ILS refused the patron: wrong PIN goes back to the PIN screen (until too many tries), others to identify. */
  patronRefused(message: KioskMessage): 'retry' | 'end' {
    this.pin = undefined;
    this.message = message;
    if (message.key === 'patron.wrongPin' && this.settings.requirePin) {
      this.pinFailures++;
      if (this.pinFailures < this.settings.pinAttempts) {
        this.screen = 'pin';
        return 'retry';
      }
    }
    this.card = undefined;
    this.screen = 'identify';
    return 'end';
  }

  /** The ILS accepted the patron: greeting data (first name only), language preselect, items screen. */
  patronAccepted(info: PatronInfo): void {
    const card = this.card;
    if (card === undefined) throw new Error('patronAccepted without a card');
    const lang = SIP2_LANGUAGES[info.language];
    if (!this.languageChosen && lang) this.language = lang;
    this.patron = {
      id: card,
      pin: this.pin,
      firstName: firstName(info.personalName),
      holdsReady: info.holdItemsCount,
      overdue: info.overdueItemsCount,
      fines:
        info.feeAmount !== undefined
          ? { amount: info.feeAmount, currency: info.currency ?? this.settings.currency }
          : undefined,
      hasEmail: info.hasEmail,
      pinChecked: this.settings.requirePin && info.pinValid === true,
      charged: new Set(info.chargedItems),
    };
    this.message = undefined;
    this.screen = 'items';
  }

  /**
   * The ILS cannot be reached and offline checkout is allowed: the card is taken as it is (no name, no PIN check,
   * no account), and items are recorded for forwarding. The PIN, if typed, is dropped: nothing could check it.
   */
  offlineAccepted(): void {
    const card = this.card;
    if (card === undefined) throw new Error('offlineAccepted without a card');
    this.pin = undefined;
    this.patron = {
      id: card,
      pin: undefined,
      firstName: '',
      holdsReady: 0,
      overdue: 0,
      fines: undefined,
      hasEmail: false,
      pinChecked: false,
      charged: new Set(),
    };
    this.offline = true;
    this.message = undefined;
    this.screen = 'items';
  }

  identifyFailed(message: KioskMessage): void {
    this.card = undefined;
    this.pin = undefined;
    this.message = message;
    this.screen = 'identify';
  }

  openAccount(): boolean {
    if (this.screen !== 'items' || !this.patron?.pinChecked) return false;
    this.screen = 'account';
    this.account = { loading: true, loans: [], holds: [] };
    return true;
  }

  closeAccount(): void {
    this.account = undefined;
    if (this.screen === 'account') this.screen = 'items';
  }

  /** "More time": also closes any open dialog (Koha bug 32921: the timeout must not hide behind a modal). */
  closeDialogs(): void {
    this.message = undefined;
    this.closeAccount();
  }

  toView(opts: {
    items: KioskItemRow[];
    itemsPending: number;
    ilsOnline: boolean;
    warningEndsAt: number | undefined;
    now: number;
    diagnostics: KioskDiagnosticsView | undefined;
    /** Offline limits for this session (when it is offline), and whether offline checkout is possible now. */
    offline?: { maxItems: number; dueDate: string } | undefined;
    offlineAvailable?: boolean;
  }): KioskView {
    const p = this.patron;
    const view: KioskView = {
      seq: ++this.seq,
      screen: this.screen,
      mode: this.mode,
      language: this.language,
      languages: KIOSK_LANGUAGES,
      returnsButton: this.settings.returns === 'button',
      requirePin: this.settings.requirePin,
      ilsOnline: opts.ilsOnline,
      items: opts.items,
      itemsPending: opts.itemsPending,
    };
    if (this.message) view.message = this.message;
    if (this.finishing) view.finishing = true;
    if (this.offline && opts.offline) view.offline = { ...opts.offline };
    if (opts.offlineAvailable) view.offlineAvailable = true;
    // Offline the kiosk knows nothing about the patron but the card: no greeting, holds or fines to show.
    if (p && !this.offline) {
      view.patron = {
        firstName: p.firstName,
        holdsReady: p.holdsReady,
        overdue: p.overdue,
        accountAvailable: p.pinChecked,
        ...(p.fines ? { fines: { ...p.fines } } : {}),
      };
    }
    if (this.account) view.account = this.account;
    if (opts.warningEndsAt !== undefined) {
      view.warning = {
        endsAt: opts.warningEndsAt,
        seconds: Math.max(0, Math.ceil((opts.warningEndsAt - opts.now) / 1000)),
      };
    }
    if (this.screen === 'receipt' && this.receiptOffer) view.receipt = { ...this.receiptOffer };
    if (this.receiptResult) view.receiptResult = this.receiptResult;
    if (this.screen === 'diagnostics' && opts.diagnostics) view.diagnostics = opts.diagnostics;
    return view;
  }
}
