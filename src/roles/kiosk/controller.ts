/**
 * The kiosk controller: one session (session.ts), the item pipeline of the current session (pipeline.ts), the
 * inactivity timer, and the I/O they need (ILS, reader, printer). The UI calls view() and dispatch(), and
 * listens for 'view' events. At the end of every session every patron value is dropped.
 */
import { EventEmitter } from 'node:events';
import type { Config } from '../../config/index.ts';
import { addSessionSecrets, clearSessionSecrets, type Logger } from '../../log/index.ts';
import type { StationEvents } from '../../events.ts';
import type { Reader } from '../../rfid/reader.ts';
import type { Ils } from '../../sip2/ils.ts';
import type { ReceiptPrinter } from '../../../drivers/printer/types.ts';
import type { KioskClock } from './clock.ts';
import type { DecodeTag } from './read-item.ts';
import { InactivityTimer } from './inactivity.ts';
import { ItemPipeline } from './pipeline.ts';
import { KioskSession } from './session.ts';
import { checkPatron } from './refusals.ts';
import { loadAccount } from './account.ts';
import type { KioskAction, KioskView, ReceiptChoice } from './view.ts';
import { StationStatus } from './diagnostics.ts';
import type { KioskOffline } from './offline.ts';
import type { ItemJournal } from './journal.ts';
import { isSip2Error } from '../../sip2/ils.ts';
import { gateIls } from '../../offline/ils-gate.ts';
import { deliverReceipt } from './receipt-delivery.ts';

export interface KioskDeps {
  config: Pick<Config, 'kiosk' | 'tags'>;
  ils: Ils;
  reader: Reader;
  decode: DecodeTag;
  events: StationEvents;
  log: Logger;
  clock: KioskClock;
  printer?: ReceiptPrinter | undefined;
  version?: string;
  /** Offline checkout (offline.ts), when the library enabled it. */
  offline?: KioskOffline | undefined;
  /** Crash journal of item operations in flight (journal.ts). */
  journal?: ItemJournal | undefined;
}

export class KioskController extends EventEmitter {
  private readonly s: KioskSession;
  private readonly timer: InactivityTimer;
  private pipeline: ItemPipeline | undefined;
  private goodbyeHandle: unknown;
  private readonly status: StationStatus;
  private ending: Promise<void> | undefined;
  private readonly unsubscribe: Array<() => void> = [];
  /** The ILS for a session's requests: behind the offline forwarder, so earlier offline checkouts go first. */
  private readonly ils: Ils;

  constructor(private readonly d: KioskDeps) {
    super();
    this.ils = gateIls(d.ils, d.offline?.beforeIls?.bind(d.offline));
    this.status = new StationStatus(() => d.clock.now());
    const k = d.config.kiosk;
    this.s = new KioskSession({
      requirePin: k.requirePin,
      returns: k.returns,
      currency: k.currency,
      pinAttempts: k.pinAttempts,
    });
    this.timer = new InactivityTimer(
      d.clock,
      () => this.changed(),
      () => void this.endSession('timeout'),
    );
  }

  start(): void {
    const onReader = (state: 'up' | 'down'): void => {
      this.status.readerState = state;
      this.d.events.emit({ type: 'reader', state });
      if (state === 'down') this.status.note('reader', 'reader_gone');
      this.changed();
    };
    const onOnline = (): void => this.changed();
    const onOffline = (): void => {
      this.status.note('sip2', 'offline');
      this.changed();
    };
    this.d.reader.on('state', onReader);
    this.d.ils.on('online', onOnline);
    this.d.ils.on('offline', onOffline);
    this.unsubscribe.push(
      () => this.d.reader.off('state', onReader),
      () => this.d.ils.off('online', onOnline),
      () => this.d.ils.off('offline', onOffline),
    );
    this.status.readerState = 'up';
    // The reader opened: metrics show it up until it reports otherwise.
    this.d.events.emit({ type: 'reader', state: 'up' });
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.s.inSession) await this.endSession('stop');
    this.timer.cancel();
    if (this.goodbyeHandle !== undefined) this.d.clock.clearTimeout(this.goodbyeHandle);
    this.goodbyeHandle = undefined;
  }

  view(): KioskView {
    return this.s.toView({
      items: this.pipeline?.view() ?? [],
      itemsPending: this.pipeline?.itemsPending ?? 0,
      ilsOnline: this.d.ils.online,
      warningEndsAt: this.timer.warningEndsAt,
      now: this.d.clock.now(),
      diagnostics:
        this.s.screen === 'diagnostics'
          ? this.status.view(this.d.reader.driver, this.d.ils, this.d.version)
          : undefined,
      offline:
        this.s.offline && this.d.offline
          ? {
              maxItems: this.maxItems(),
              dueDate: this.d.offline.dueDate(this.d.clock.now()).toISOString(),
            }
          : undefined,
      offlineAvailable: this.d.offline?.available() ?? false,
    });
  }

  /** Items one session may take: the offline limit applies to an offline session. */
  private maxItems(): number {
    const k = this.d.config.kiosk.maxItemsPerSession;
    return this.s.offline && this.d.offline ? Math.min(k, this.d.offline.maxItems) : k;
  }

  /**
   * The ILS cannot be reached: an offline session if the library allows it (returns whether it was handled).
   * With a PIN required and offline.withoutPin 'refuse', the patron is told a PIN cannot be checked now.
   */
  private goOffline(): boolean {
    const off = this.d.offline;
    if (!off?.available()) return false;
    if (this.d.config.kiosk.requirePin && off.withoutPin === 'refuse') {
      this.s.identifyFailed({ key: 'offline.pinUnavailable' });
      return true;
    }
    this.s.offlineAccepted();
    this.d.log.info('kiosk session continues offline');
    this.openPipeline();
    return true;
  }

  /** A card from a card reader (HID) or a scanner: the same as the keypad's 'card' action. */
  cardPresented(value: string): Promise<void> {
    return this.dispatch({ type: 'card', value });
  }

  async dispatch(a: KioskAction): Promise<void> {
    const s = this.s;
    if (this.ending) return; // the session is closing; late taps change nothing
    if (s.inSession && s.screen !== 'goodbye') this.touch();
    switch (a.type) {
      case 'start':
        if (s.screen !== 'attract') return;
        this.beginCheckout();
        break;
      case 'startReturns':
        if (s.screen !== 'attract' || s.settings.returns === 'off') return;
        this.clearGoodbye();
        s.startReturns();
        // No returns offline: the ILS must route each item (holds, transit), so they wait for it.
        if (!this.d.ils.online) s.message = { key: 'offline.noReturns' };
        else this.openPipeline();
        this.d.events.emit({ type: 'session', phase: 'start' });
        this.touch();
        break;
      case 'language':
        // Picking a language on the attract screen starts a session in it (the choice is per session).
        if (s.screen === 'attract') this.beginCheckout();
        s.chooseLanguage(a.language);
        break;
      case 'card':
        return this.onCard(a.value);
      case 'pin':
        if (s.screen !== 'pin' || s.card === undefined) return;
        addSessionSecrets(a.value);
        s.pinEntered(a.value);
        this.changed();
        return this.checkPatron();
      case 'openAccount':
        if (!s.openAccount()) return;
        this.changed();
        return this.fillAccount();
      case 'closeAccount':
        s.closeAccount();
        break;
      case 'done':
        return this.done();
      case 'receipt':
        if (s.screen !== 'receipt') return;
        return this.endSession('done', a.choice);
      case 'moreTime':
        s.closeDialogs();
        break;
      case 'dismiss':
        s.message = undefined;
        break;
      case 'cancel':
        if (['language', 'identify', 'pin', 'diagnostics'].includes(s.screen)) return this.endSession('cancel');
        return;
      case 'activity':
        break;
    }
    this.changed();
  }

  /** attract → language (or the returns screen on a returns-only station). */
  private beginCheckout(): void {
    this.clearGoodbye();
    this.s.startCheckout();
    if (this.s.mode === 'returns') this.openPipeline();
    this.d.events.emit({ type: 'session', phase: 'start' });
    this.touch();
  }

  private async onCard(raw: string): Promise<void> {
    const s = this.s;
    const value = raw.trim();
    if (!['attract', 'language', 'identify'].includes(s.screen) || value === '') return;
    if (new RegExp(this.d.config.kiosk.staffCardPattern).test(value)) {
      // Staff card: diagnostics only, no ILS call, nothing about any patron.
      this.clearGoodbye();
      s.reset();
      s.screen = 'diagnostics';
      this.touch();
      this.changed();
      return;
    }
    // A returns station identifies nobody: a patron card there is ignored.
    if (s.mode === 'returns' || s.settings.returns === 'only') return;
    addSessionSecrets(value);
    if (s.screen === 'attract') {
      this.clearGoodbye();
      s.startCheckout();
      this.d.events.emit({ type: 'session', phase: 'start' });
      this.touch();
    }
    const next = s.cardEntered(value);
    // Known to be offline: no PIN screen, since nothing could check the PIN.
    if (this.goOffline()) return void this.changed();
    this.changed();
    if (next === 'check') await this.checkPatron();
  }

  private async checkPatron(): Promise<void> {
    const s = this.s;
    const card = s.card;
    if (card === undefined) return;
    try {
      const info = await this.ils.patronInfo(card, s.pin, {
        summary: 'charged',
        start: 1,
        end: this.d.config.kiosk.maxItemsPerSession,
      });
      if (this.ending || s.card !== card) return;
      const verdict = checkPatron(
        info,
        this.d.config.kiosk.requirePin,
        this.d.clock.now(),
        this.d.config.kiosk.currency,
      );
      if (!verdict.ok) {
        if (s.patronRefused(verdict.message) === 'end' && verdict.message.key === 'patron.wrongPin') {
          this.changed();
          return this.endSession('cancel');
        }
      } else {
        // The full name never reaches a log line: redaction knows it until the session ends.
        addSessionSecrets(info.personalName);
        s.patronAccepted(info);
        this.openPipeline();
      }
    } catch (err) {
      this.status.noteError(err);
      if (this.ending || s.card !== card) return;
      const unreachable = isSip2Error(err, 'offline') || isSip2Error(err, 'closed') || isSip2Error(err, 'timeout');
      if (!unreachable || !this.goOffline()) s.identifyFailed({ key: 'ils.offline' });
    }
    this.changed();
  }

  private async fillAccount(): Promise<void> {
    const p = this.s.patron;
    if (!p) return;
    try {
      const account = await loadAccount(this.ils, p.id, p.pin, this.d.config.kiosk.accountMaxItems);
      // Only if the dialog is still open for this patron (More time or the end of the session may have closed it).
      if (this.s.account && this.s.patron === p) this.s.account = account;
    } catch (err) {
      this.status.noteError(err);
      if (this.s.account) this.s.message = { key: 'ils.offline' };
      this.s.closeAccount();
    }
    this.changed();
  }

  private openPipeline(): void {
    const k = this.d.config.kiosk;
    const t = this.d.config.tags;
    const p = this.s.patron;
    this.pipeline = new ItemPipeline({
      reader: this.d.reader,
      ils: this.ils,
      decode: this.d.decode,
      security: { model: t.security, retries: t.writeRetries },
      events: this.d.events,
      log: this.d.log,
      mode: this.s.mode,
      ...(p ? { patron: { id: p.id, pin: p.pin, charged: p.charged } } : {}),
      // Rows per session; the offline limit counts recorded checkouts only (the pipeline's processOffline).
      maxItems: k.maxItemsPerSession,
      ...(this.d.offline ? { offline: { sink: this.d.offline, session: this.s.offline } } : {}),
      ...(this.d.journal ? { journal: this.d.journal } : {}),
      now: () => this.d.clock.now(),
      readBlocks: k.readBlocks,
      setRounds: k.setRounds,
      busyInventoryMs: k.busyInventoryMs,
      idleInventoryMs: k.idleInventoryMs,
      errorBackoffMs: k.readerErrorBackoffMs,
      onChange: () => this.changed(),
      onError: (layer, code) => this.status.note(layer, code),
      onActivity: () => this.touch(),
    });
    this.pipeline.start();
  }

  private async done(): Promise<void> {
    const s = this.s;
    if (!['items', 'account', 'returns'].includes(s.screen) || s.finishing) return;
    s.finishing = true;
    s.closeAccount();
    this.changed();
    await this.pipeline?.drain();
    if (this.ending || !s.finishing) return;
    const rows = this.pipeline?.view() ?? [];
    const anyLoan = rows.some((r) => r.state === 'ok' && r.action !== 'checkin');
    const offer = {
      print: this.d.printer !== undefined && anyLoan,
      email: this.d.config.kiosk.emailReceipts && anyLoan && (s.patron?.hasEmail ?? false),
    };
    if (s.mode === 'checkout' && (offer.print || offer.email)) {
      s.receiptOffer = offer;
      s.screen = 'receipt';
      this.changed();
      return;
    }
    await this.endSession('done');
  }

  /** Ends the session "as if Done": waits for items in flight, prints if asked, SIP2 35, drops every patron value. */
  private endSession(why: 'done' | 'timeout' | 'cancel' | 'stop', receipt: ReceiptChoice = 'none'): Promise<void> {
    this.ending ??= this.finish(why, receipt).finally(() => {
      this.ending = undefined;
    });
    return this.ending;
  }

  private async finish(why: string, receipt: ReceiptChoice): Promise<void> {
    const s = this.s;
    this.timer.cancel();
    await this.pipeline?.drain();
    const rows = this.pipeline?.view() ?? [];
    const result = await deliverReceipt(receipt, {
      rows,
      language: s.language,
      now: this.d.clock.now(),
      printer: this.d.printer,
      emailOffered: s.receiptOffer?.email ?? false,
      onPrinterError: (err) => this.status.noteError(err, 'printer'),
    });
    if (s.patron) {
      try {
        await this.ils.endSession(s.patron.id, s.patron.pin);
      } catch (err) {
        this.status.noteError(err);
      }
    }
    this.status.itemsProcessed += rows.length;
    const language = s.language;
    const wasSession = s.screen !== 'attract';
    this.pipeline = undefined;
    s.reset();
    clearSessionSecrets();
    if (wasSession) this.d.events.emit({ type: 'session', phase: 'end', language });
    this.d.log.info({ why, items: rows.length }, 'kiosk session ended');
    if (why !== 'stop' && why !== 'cancel') {
      s.screen = 'goodbye';
      s.language = language; // the thank-you is in the patron's language; nothing else is kept
      s.receiptResult = result;
      this.goodbyeHandle = this.d.clock.setTimeout(() => {
        this.goodbyeHandle = undefined;
        s.reset();
        this.changed();
      }, this.d.config.kiosk.goodbyeSeconds * 1000);
    }
    this.changed();
  }

  private clearGoodbye(): void {
    if (this.goodbyeHandle !== undefined) this.d.clock.clearTimeout(this.goodbyeHandle);
    this.goodbyeHandle = undefined;
  }

  private touch(): void {
    const k = this.d.config.kiosk;
    if (this.s.screen === 'attract' || this.s.screen === 'goodbye') return;
    this.timer.arm(k.inactivitySeconds * 1000, k.warningSeconds * 1000);
  }

  private changed(): void {
    this.emit('view', this.view());
  }
}
