/**
 * The station's view of the library system: typed results over SIP2, used by every role.
 * Implemented in client/ over the codec; roles never see raw messages (tests use fakes of this).
 * Dates are JavaScript Dates where the ILS sent an 18-character SIP2 date, strings where it sent free text (AH).
 */
import { SelfcheckError } from '../errors.ts';

export type YNU = 'Y' | 'N' | 'U';

/** The 14 patron-status flags of 24/64/26, by name ([EG] patron_status_string). */
export interface PatronStatusFlags {
  chargePrivilegesDenied: boolean;
  renewalPrivilegesDenied: boolean;
  recallPrivilegesDenied: boolean;
  holdPrivilegesDenied: boolean;
  cardReportedLost: boolean;
  tooManyItemsCharged: boolean;
  tooManyItemsOverdue: boolean;
  tooManyRenewals: boolean;
  tooManyClaimsOfItemsReturned: boolean;
  tooManyItemsLost: boolean;
  excessiveOutstandingFines: boolean;
  excessiveOutstandingFees: boolean;
  recallOverdue: boolean;
  tooManyItemsBilled: boolean;
}

export interface PatronStatus {
  /** BL: the ILS knows this patron. */
  valid: boolean;
  /** CQ: the PIN was right; undefined when the ILS did not say (some never send CQ). */
  pinValid: boolean | undefined;
  flags: PatronStatusFlags;
  /** SIP2 language code, 3 digits (001 English, 008 Spanish ...). */
  language: string;
  personalName: string | undefined;
  /** BV as sent (a decimal string); undefined when absent, which means unknown, not zero. */
  feeAmount: string | undefined;
  currency: string | undefined;
  screenMessages: string[];
  printLines: string[];
}

export interface PatronInfo extends PatronStatus {
  holdItemsCount: number;
  overdueItemsCount: number;
  chargedItemsCount: number;
  fineItemsCount: number;
  recallItemsCount: number;
  unavailableHoldsCount: number;
  /** The item list asked for with `summary` (AS/AT/AU/AV/BU/CD), as the ILS sent it. */
  holdItems: string[];
  overdueItems: string[];
  chargedItems: string[];
  fineItems: string[];
  recallItems: string[];
  unavailableHoldItems: string[];
  feeLimit: string | undefined;
  /** BE: present only so the kiosk can tell whether an e-mail receipt is possible; never shown or kept. */
  hasEmail: boolean;
  /** PA (Envisionware extension), when sent. */
  expiryDate: Date | undefined;
}

export type PatronInfoSummary = 'hold' | 'overdue' | 'charged' | 'fine' | 'recall' | 'unavailable';

export interface CirculationResult {
  ok: boolean;
  renewalOk: boolean;
  magneticMedia: YNU;
  desensitize: YNU;
  itemId: string;
  title: string | undefined;
  /** AH as sent: free text (often an 18-char date, sometimes "2026-12-19" or "12/19/2026"). */
  dueDate: string | undefined;
  /** AH parsed when it is a SIP2 or ISO date. */
  dueDateParsed: Date | undefined;
  feeAmount: string | undefined;
  currency: string | undefined;
  mediaType: string | undefined;
  transactionId: string | undefined;
  screenMessages: string[];
  printLines: string[];
}

export interface CheckinResult {
  ok: boolean;
  resensitize: boolean;
  magneticMedia: YNU;
  alert: boolean;
  itemId: string;
  title: string | undefined;
  permanentLocation: string | undefined;
  sortBin: string | undefined;
  /** CV alert type (3M extension): 01 hold here, 02 hold elsewhere, 04 transit ... */
  alertType: string | undefined;
  /** CT destination (3M extension). */
  destination: string | undefined;
  /** The ILS named a hold patron (CY/DA). Only this boolean leaves the client; the values never do. */
  holdForPatron: boolean;
  mediaType: string | undefined;
  screenMessages: string[];
  printLines: string[];
}

export interface ItemInfo {
  /** 01 other ... 03 available, 04 charged, 08 waiting on hold shelf, 10 in transit, 12 lost, 13 missing. */
  circulationStatus: string;
  securityMarker: string;
  feeType: string;
  itemId: string;
  title: string | undefined;
  dueDate: string | undefined;
  permanentLocation: string | undefined;
  currentLocation: string | undefined;
  mediaType: string | undefined;
  holdQueueLength: number | undefined;
  screenMessages: string[];
}

export interface AcsStatus {
  online: boolean;
  checkinOk: boolean;
  checkoutOk: boolean;
  renewalPolicy: boolean;
  statusUpdateOk: boolean;
  offlineOk: boolean;
  /** Tenths of a second; 0 = ACS offline, 999 = unknown. */
  timeoutPeriod: number;
  retriesAllowed: number;
  protocolVersion: string;
  institutionId: string | undefined;
  libraryName: string | undefined;
  /** BX, 16 Y/N positions. */
  supportedMessages: string | undefined;
  screenMessages: string[];
}

export interface CheckoutOptions {
  pin?: string | undefined;
  /** Store-and-forward: the patron already has the item (offline queue); with nbDueDate. */
  noBlock?: boolean;
  nbDueDate?: Date;
  /** Transaction date sent in the fixed field; now when absent (the original time for offline entries). */
  transactionDate?: Date;
  feeAcknowledged?: boolean;
  /** 11 "SC renewal policy": renew when the item is already out to this patron. */
  renewalAllowed?: boolean;
}

export interface Ils {
  readonly online: boolean;
  /** The last 98 the ILS sent (at start and at every keepalive). */
  readonly acsStatus: AcsStatus | undefined;
  /** Connects and logs in (or uses the built-in ILS); resolves once online or after the first failure (then reconnects in the background). */
  start(): Promise<void>;
  close(): Promise<void>;
  scStatus(): Promise<AcsStatus>;
  patronStatus(patronId: string, pin?: string): Promise<PatronStatus>;
  patronInfo(
    patronId: string,
    pin?: string,
    opts?: { summary?: PatronInfoSummary; start?: number; end?: number },
  ): Promise<PatronInfo>;
  checkout(patronId: string, itemId: string, opts?: CheckoutOptions): Promise<CirculationResult>;
  renew(patronId: string, itemId: string, opts?: { pin?: string | undefined }): Promise<CirculationResult>;
  checkin(itemId: string, opts?: { noBlock?: boolean; returnDate?: Date; cancel?: boolean }): Promise<CheckinResult>;
  itemInfo(itemId: string): Promise<ItemInfo>;
  endSession(patronId: string, pin?: string): Promise<boolean>;
  on(event: 'online' | 'offline', listener: (reason?: string) => void): this;
  off(event: 'online' | 'offline', listener: (reason?: string) => void): this;
}

export type Sip2ErrorCode =
  | 'malformed' // a message that cannot be parsed (details name the part)
  | 'checksum' // AZ does not match (after 97 resends)
  | 'sequence' // AY or message code does not match the request
  | 'timeout'
  | 'closed' // the connection closed while waiting
  | 'offline' // not connected; the request was not sent
  | 'login_failed'
  | 'tls'
  | 'encoding';

export class Sip2Error extends SelfcheckError {
  override readonly code: Sip2ErrorCode;
  constructor(code: Sip2ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super('sip2', code, message, details, options);
    this.name = 'Sip2Error';
    this.code = code;
  }
}

export function isSip2Error(err: unknown, code?: Sip2ErrorCode): err is Sip2Error {
  return err instanceof Sip2Error && (code === undefined || err.code === code);
}
