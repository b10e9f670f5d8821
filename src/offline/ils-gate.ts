/**
 * The kiosk's ILS behind the offline forwarder: every circulation or patron request first waits for `before()`
 * (a forwarding pass in progress, bounded; see roles/kiosk/offline.ts), so a patron's new session never reaches the
 * ILS ahead of earlier offline checkouts (holds and loan limits depend on the order). The forwarder itself talks to
 * the ungated ILS. State, events, start/close and the status request pass straight through.
 */
import type { CheckoutOptions, Ils, PatronInfoSummary } from '../sip2/ils.ts';

export class GatedIls implements Ils {
  constructor(
    private readonly ils: Ils,
    private readonly before: () => Promise<void>,
  ) {}

  get online(): boolean {
    return this.ils.online;
  }

  get acsStatus(): Ils['acsStatus'] {
    return this.ils.acsStatus;
  }

  start(): Promise<void> {
    return this.ils.start();
  }

  close(): Promise<void> {
    return this.ils.close();
  }

  scStatus(): ReturnType<Ils['scStatus']> {
    return this.ils.scStatus();
  }

  async patronStatus(patronId: string, pin?: string): ReturnType<Ils['patronStatus']> {
    await this.before();
    return this.ils.patronStatus(patronId, pin);
  }

  async patronInfo(
    patronId: string,
    pin?: string,
    opts?: { summary?: PatronInfoSummary; start?: number; end?: number },
  ): ReturnType<Ils['patronInfo']> {
    await this.before();
    return this.ils.patronInfo(patronId, pin, opts);
  }

  async checkout(patronId: string, itemId: string, opts?: CheckoutOptions): ReturnType<Ils['checkout']> {
    await this.before();
    return this.ils.checkout(patronId, itemId, opts);
  }

  async renew(patronId: string, itemId: string, opts?: { pin?: string | undefined }): ReturnType<Ils['renew']> {
    await this.before();
    return this.ils.renew(patronId, itemId, opts);
  }

  async checkin(itemId: string, opts?: Parameters<Ils['checkin']>[1]): ReturnType<Ils['checkin']> {
    await this.before();
    return this.ils.checkin(itemId, opts);
  }

  async itemInfo(itemId: string): ReturnType<Ils['itemInfo']> {
    await this.before();
    return this.ils.itemInfo(itemId);
  }

  async endSession(patronId: string, pin?: string): ReturnType<Ils['endSession']> {
    await this.before();
    return this.ils.endSession(patronId, pin);
  }

  on(event: 'online' | 'offline', listener: (reason?: string) => void): this {
    this.ils.on(event, listener);
    return this;
  }

  off(event: 'online' | 'offline', listener: (reason?: string) => void): this {
    this.ils.off(event, listener);
    return this;
  }
}

/** The ILS gated on `before`, or the ILS itself when nothing needs to go first (offline checkout is off). */
export function gateIls(ils: Ils, before: (() => Promise<void>) | undefined): Ils {
  return before ? new GatedIls(ils, before) : ils;
}
