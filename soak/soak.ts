/**
 * The soak: simulated patrons check out and return items through the real kiosk (a child process) while the seeded
 * schedule injects faults. After every item the soak compares the tag (which it holds) with the ILS (which it holds
 * too) and with what the patron was shown; at the end it recovers the offline queue and runs the final checks.
 */
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from '../drivers/sim/clock.ts';
import type { SimTag } from '../drivers/sim/tag.ts';
import type { SecurityModel } from '../src/rfid/security.ts';
import type { KioskItemRow, KioskView } from '../src/roles/kiosk/view.ts';
import { makeSchedule, type FaultKind, type Schedule } from './faults.ts';
import { KioskClient } from './kiosk-client.ts';
import { RecordingLibrary, addToLibrary, itemIds, makePatrons, type SoakPatron } from './library.ts';
import { ServiceChild } from './service.ts';
import { REQUEST_MS, buildRig, type Rig } from './setup.ts';
import { makeTags, setTag, tagSecured } from './tags.ts';

export interface SoakOptions {
  checkouts: number;
  seed: number;
  mode?: SecurityModel['mode'];
  logLevel?: string;
  progress?: (line: string) => void;
}

const final = (r: KioskItemRow | undefined): boolean =>
  r !== undefined && r.state !== 'reading' && r.state !== 'pending';
const reportedRow = (r: KioskItemRow | undefined): boolean =>
  r !== undefined && (r.seeStaff === true || r.state === 'staff' || r.state === 'error');

/** A session ended by a kill -9 (the patron starts over). */
class Crashed extends Error {}

export class Soak {
  readonly rnd: () => number;
  readonly model: SecurityModel;
  readonly library = new RecordingLibrary();
  readonly patrons: SoakPatron[];
  readonly items: string[];
  readonly tags: Map<string, SimTag>;
  readonly schedule: Schedule;
  readonly client = new KioskClient();
  rig!: Rig;
  svc!: ServiceChild;
  /** Items on the shelf (ILS: not charged), out on loan (online), out offline (waiting for the ILS). */
  readonly shelf = new Set<string>();
  readonly out = new Set<string>();
  readonly offlineOut = new Map<string, string>();
  /** Items staff were told about by the crash recovery (alerts not yet looked at). */
  readonly alerted = new Set<string>();
  unattributedAlerts = 0;
  readonly c = {
    checkouts: 0,
    checkoutsOk: 0,
    checkoutsOffline: 0,
    returns: 0,
    returnsOk: 0,
    sessions: 0,
    returnSessions: 0,
    refused: 0,
    reportedToPatron: 0,
    mismatchesReported: 0,
    mismatchesUnreported: 0,
    lost: 0,
    killsMid: 0,
    killsIdle: 0,
    unplugs: 0,
    ilsFaults: 0,
    tears: 0,
    identifyFailures: 0,
    anomalies: 0,
  };
  readonly notes: string[] = [];
  /** The last few events of each item, printed with any unreported mismatch. */
  private readonly history = new Map<string, string[]>();
  /** VmRSS samples: [checkout index, kB, service start number]. */
  readonly rss: Array<[number, number, number]> = [];
  private unplugged = false;
  private replugging: Promise<void> | undefined;
  private ilsRestart: Promise<void> | undefined;
  private onPad: string | undefined;
  private readonly started = Date.now();

  constructor(readonly o: SoakOptions) {
    this.rnd = seededRandom(o.seed);
    this.model = { mode: o.mode ?? 'afi', afiSecured: 0x07, afiCheckedOut: 0xc2 };
    this.patrons = makePatrons(Math.max(5, Math.min(60, Math.round(o.checkouts / 150))), this.rnd);
    this.items = itemIds(Math.max(60, Math.round(o.checkouts * 0.6)));
    addToLibrary(this.library, this.patrons, this.items);
    this.tags = makeTags(this.items, this.model, this.rnd);
    for (const id of this.items) this.shelf.add(id);
    this.schedule = makeSchedule(o.checkouts, this.rnd);
  }

  note(s: string): void {
    if (this.notes.length < 200) this.notes.push(s);
  }

  trace(itemId: string, what: string): void {
    const h = this.history.get(itemId) ?? [];
    h.push(`#${this.c.checkouts} ${what}`);
    if (h.length > 8) h.shift();
    this.history.set(itemId, h);
  }

  private pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.rnd() * a.length)]!;
  }

  private take(from: Set<string>, n: number): string[] {
    const all = [...from];
    const out: string[] = [];
    while (out.length < n && all.length > 0) out.push(all.splice(Math.floor(this.rnd() * all.length), 1)[0]!);
    return out;
  }

  async setup(): Promise<void> {
    this.rig = await buildRig({
      library: this.library,
      model: this.model,
      seed: this.o.seed,
      logLevel: this.o.logLevel ?? 'info',
    });
    this.svc = new ServiceChild(this.rig.configPath);
    this.client.connect(await this.svc.start());
    await this.client.waitFor(() => true, 'first view', 10_000);
  }

  /** The main loop: checkout sessions, and a return session whenever the shelf runs low. */
  async loop(): Promise<void> {
    const n = this.o.checkouts;
    const low = Math.floor(this.items.length * 0.35);
    while (this.c.checkouts < n) {
      if (this.shelf.size < low) this.offlineArrived();
      if (this.shelf.size < low && this.out.size > 0) await this.guard(() => this.returnSession(150));
      // Big stacks on long runs: each session costs the 1 s thank-you screen (kiosk.goodbyeSeconds minimum).
      const size = n < 200 ? 3 + Math.floor(this.rnd() * 6) : 20 + Math.floor(this.rnd() * 41);
      const k = Math.min(n - this.c.checkouts, size);
      const patron = this.pick(this.patrons);
      let list = this.take(this.shelf, k);
      for (const id of list) this.shelf.delete(id);
      // A session killed under the patron: they start over with what they still hold (not what the ILS charged them).
      for (let tries = 0; list.length > 0 && this.c.checkouts < n; tries++) {
        if (tries === 30) {
          this.c.anomalies++;
          this.note(`patron gave up after 30 attempts at checkout ${this.c.checkouts}`);
          break;
        }
        const cur = list;
        list = await this.guard(() => this.checkoutSession(patron, cur), cur);
        list = list.filter((id) => !this.out.has(id) && !this.offlineOut.has(id));
        for (const id of list) this.shelf.delete(id);
      }
      for (const id of list) this.shelf.add(id);
    }
    if (this.c.returnSessions === 0 && this.out.size > 0) await this.guard(() => this.returnSession(10));
  }

  /** Offline checkouts the ILS now holds (forwarded by the service) can come back in a return session. */
  private offlineArrived(): void {
    for (const [itemId, patronId] of this.offlineOut)
      if (this.library.loans.get(itemId)?.patronId === patronId) {
        this.offlineOut.delete(itemId);
        this.out.add(itemId);
      }
  }

  /** Runs a session; a kill -9 or an unexpected state restarts the service and returns what is left to do. */
  private async guard<T>(fn: () => Promise<T>, fallback?: T): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof Crashed)) {
        this.c.anomalies++;
        this.note(`anomaly at checkout ${this.c.checkouts}: ${(err as Error).message.split('\n')[0]}`);
        await this.crash(undefined);
      }
      return (err instanceof Crashed ? (err as Crashed & { left: T }).left : fallback) as T;
    }
  }

  private sampleRss(): void {
    const kb = this.svc.rssKb();
    if (kb !== undefined) this.rss.push([this.c.checkouts, kb, this.svc.starts]);
  }

  private progress(): void {
    if (this.c.checkouts % 500 !== 0 || !this.o.progress) return;
    const s = Math.round((Date.now() - this.started) / 1000);
    const rss = this.svc.rssKb();
    this.o.progress(
      `soak: ${this.c.checkouts}/${this.o.checkouts} checkouts (ok ${this.c.checkoutsOk}, offline ${this.c.checkoutsOffline}), ` +
        `returns ${this.c.returnsOk}, kills ${this.svc.kills}, unplugs ${this.c.unplugs}, ` +
        `unreported ${this.c.mismatchesUnreported}, lost ${this.c.lost}, doubled ${this.library.doubled.length}, ` +
        `rss ${rss ? Math.round(rss / 1024) : '?'} MB, ${s} s`,
    );
  }

  private async attract(): Promise<void> {
    await this.client.waitFor((v) => v.screen === 'attract', 'attract screen', 15_000);
  }

  /** Card and PIN; returns the items view, or undefined when the patron could not be identified now. */
  private async identify(p: SoakPatron): Promise<KioskView | undefined> {
    await this.attract();
    await this.client.action({ type: 'start' });
    await this.client.action({ type: 'language', language: 'en' });
    const settled = (v: KioskView): boolean =>
      v.screen === 'items' || ((v.screen === 'identify' || v.screen === 'pin') && v.message !== undefined);
    let v = await this.client.action({ type: 'card', value: p.id });
    v = await this.client.waitFor((x) => settled(x) || (x.screen === 'pin' && x.message === undefined), 'pin screen');
    if (v.screen === 'pin' && v.message === undefined) {
      await this.client.action({ type: 'pin', value: p.pin });
      v = await this.client.waitFor((x) => settled(x) || x.screen === 'attract' || x.screen === 'goodbye', 'patron');
    }
    if (v.screen === 'items') return v;
    this.c.identifyFailures++;
    if (v.screen === 'identify' || v.screen === 'pin') await this.client.action({ type: 'cancel' });
    await sleep(300);
    return undefined;
  }

  private async endSession(): Promise<void> {
    await this.client.action({ type: 'done' });
    const v = await this.client.waitFor(
      (x) => x.screen === 'receipt' || x.screen === 'goodbye' || x.screen === 'attract',
      'session end',
    );
    if (v.screen === 'receipt') await this.client.action({ type: 'receipt', choice: 'none' });
    const end = await this.client.waitFor((x) => x.screen === 'goodbye' || x.screen === 'attract', 'goodbye');
    if (end.patron || end.items.length > 0) this.note('a view after the session still held session data');
  }

  /** One checkout session; returns the items the patron still holds (not taken: e.g. identify failed). */
  private async checkoutSession(p: SoakPatron, list: string[]): Promise<string[]> {
    const v = await this.identify(p);
    if (!v) return list;
    this.c.sessions++;
    const max = v.offline ? Math.min(list.length, v.offline.maxItems) : list.length;
    const left = [...list];
    for (let i = 0; i < max && this.c.checkouts < this.o.checkouts; i++) {
      const itemId = left[0]!;
      const fault = this.schedule.at.get(this.c.checkouts);
      if (fault) this.schedule.at.delete(this.c.checkouts);
      try {
        await this.placeItem(itemId, 'checkout', p.id, fault);
      } catch (err) {
        if (err instanceof Crashed) Object.assign(err, { left: left.slice(0) });
        throw err;
      }
      left.shift();
      this.c.checkouts++;
      this.sampleRss();
      this.progress();
    }
    await this.endSession();
    return left;
  }

  async returnSession(max: number): Promise<void> {
    await this.attract();
    const v = await this.client.action({ type: 'startReturns' });
    this.c.returnSessions++;
    if (v.message?.key === 'offline.noReturns') {
      await this.endSession();
      return;
    }
    const list = this.take(this.out, max);
    for (const itemId of list) {
      this.out.delete(itemId);
      await this.placeItem(itemId, 'checkin', undefined, undefined);
      this.c.returns++;
    }
    await this.endSession();
  }

  /** Places one item, waits for its row's final state, checks it against the ILS, takes it off the pad. */
  private async placeItem(
    itemId: string,
    op: 'checkout' | 'checkin',
    patronId: string | undefined,
    fault: FaultKind | undefined,
  ): Promise<void> {
    const tag = this.tags.get(itemId)!;
    if (fault) await this.inject(fault, tag);
    const before = this.client.latest?.items.length ?? 0;
    this.trace(itemId, `${op}${fault ? ` +${fault}` : ''}${this.client.latest?.offline ? ' (offline session)' : ''}`);
    this.rig.field.addTag(tag);
    this.onPad = itemId;
    if (fault === 'kill-mid') {
      this.c.killsMid++;
      await sleep(Math.floor(this.rnd() * 40));
      await this.crash(itemId);
      throw new Crashed('killed mid-checkout');
    }
    let row: KioskItemRow | undefined;
    try {
      const v = await this.client.waitFor((x) => final(x.items[before]), `row of item ${op}`, 45_000);
      row = v.items[before];
    } finally {
      this.rig.field.removeTag(tag.uid);
      this.onPad = undefined;
    }
    this.settle(itemId, row, op, patronId);
  }

  private async inject(fault: FaultKind, tag: SimTag): Promise<void> {
    const ils = this.rig.ils;
    switch (fault) {
      case 'kill-mid':
        return;
      case 'kill-idle':
        this.c.killsIdle++;
        await this.crash(undefined);
        throw new Crashed('killed between items');
      case 'unplug': {
        if (this.unplugged) return;
        this.c.unplugs++;
        this.unplugged = true;
        await this.rig.pair.unplug();
        const ms = 300 + Math.floor(this.rnd() * 1200);
        this.replugging = sleep(ms)
          .then(() => this.rig.pair.replug())
          .finally(() => (this.unplugged = false));
        return;
      }
      case 'tear-fail':
      case 'tear-partial':
        this.c.tears++;
        tag.faults.tear = { count: 1 + Math.floor(this.rnd() * 6), kind: fault === 'tear-fail' ? 'fail' : 'partial' };
        return;
      default:
        this.c.ilsFaults++;
        if (fault === 'ils-drop') ils.dropConnections();
        else if (fault === 'ils-delay') ils.faults.delayMs = REQUEST_MS + 700;
        else if (fault === 'ils-badsum') ils.faults.badChecksum = true;
        else if (fault === 'ils-garbage') ils.faults.garbage = true;
        else if (fault === 'ils-close-mid') ils.faults.closeMidResponse = true;
        else if (fault === 'ils-down' && !this.ilsRestart)
          this.ilsRestart = ils
            .restart(2500 + Math.floor(this.rnd() * 2000))
            .finally(() => (this.ilsRestart = undefined));
    }
  }

  /** kill -9, restart; a tag left on the pad stays ~2 s while the service comes back, then the patron takes it. */
  async crash(itemOnPad: string | undefined): Promise<void> {
    await this.fetchAlerts();
    await this.svc.kill9();
    this.client.close();
    const t0 = Date.now();
    this.client.connect(await this.svc.start());
    await this.client.waitFor(() => true, 'view after restart', 10_000);
    await sleep(Math.max(200, 2000 - (Date.now() - t0)));
    await this.fetchAlerts();
    const pad = itemOnPad ?? this.onPad;
    if (pad) {
      this.rig.field.removeTag(this.tags.get(pad)!.uid);
      this.onPad = undefined;
      this.settle(pad, undefined, 'checkout', undefined);
    }
  }

  /** Waits for a reader replug and an ILS restart in progress. */
  async idle(): Promise<void> {
    await this.replugging;
    await this.ilsRestart;
  }

  async teardown(keep: boolean): Promise<void> {
    this.client.close();
    await this.svc?.kill9();
    if (!this.rig) return;
    await this.idle().catch(() => undefined);
    await this.rig.closeEmulator().catch(() => undefined);
    await this.rig.pair.close();
    await this.rig.ils.close();
    if (!keep) await rm(this.rig.dir, { recursive: true, force: true });
  }

  async fetchAlerts(): Promise<void> {
    try {
      const a = await this.svc.staffAlerts();
      for (const id of a.itemIds) this.alerted.add(id);
      this.unattributedAlerts = Math.max(this.unattributedAlerts, a.unattributed);
    } catch (err) {
      this.note(`staff alerts unavailable: ${(err as Error).message}`);
    }
  }

  /**
   * After an item's result: the ILS must hold what the patron saw, and the tag must follow the ILS unless the
   * patron was sent to staff or recovery raised an alert. Staff then make the tag follow the ILS at the desk.
   */
  settle(itemId: string, row: KioskItemRow | undefined, op: 'checkout' | 'checkin', patronId?: string): void {
    const tag = this.tags.get(itemId)!;
    tag.faults.tear = undefined;
    const loan = this.library.loans.get(itemId);
    this.trace(
      itemId,
      `row ${row ? `${row.state}/${row.message?.key ?? ''}${row.seeStaff ? '/seeStaff' : ''}` : 'none'}, ILS ${loan ? 'charged' : 'in'}, tag ${tagSecured(tag, this.model) ? 'secured' : 'unsecured'}`,
    );
    if (row?.state === 'refused') this.c.refused++;
    if (row?.state === 'ok') {
      if (op === 'checkin') {
        this.c.returnsOk++;
        if (loan) this.lostOne(`return of ${itemId} shown ok, still on loan in the ILS`);
      } else if (row.message?.key === 'item.checkedOutOffline') {
        this.c.checkoutsOk++;
        this.c.checkoutsOffline++;
        this.offlineOut.set(itemId, patronId!);
        if (tagSecured(tag, this.model) !== false) this.unreported(itemId, 'offline checkout shown ok, tag secured');
        return;
      } else {
        this.c.checkoutsOk++;
        if (loan?.patronId !== patronId) this.lostOne(`checkout of ${itemId} shown ok, not on the patron's loans`);
      }
    }
    const reported = reportedRow(row) || this.alerted.has(itemId);
    if (reportedRow(row)) this.c.reportedToPatron++;
    this.alerted.delete(itemId);
    const charged = loan !== undefined;
    if (tagSecured(tag, this.model) !== !charged) {
      if (reported) this.c.mismatchesReported++;
      else this.unreported(itemId, `after ${op} (row ${row?.state ?? 'none'}): ILS ${charged ? 'charged' : 'in'}`);
      setTag(tag, !charged, this.model);
    }
    if (charged) this.out.add(itemId);
    else this.shelf.add(itemId);
  }

  private lostOne(why: string): void {
    this.c.lost++;
    this.note(`lost: ${why}`);
  }

  unreported(itemId: string, why: string): void {
    this.c.mismatchesUnreported++;
    this.note(`mismatch not reported: ${itemId} ${why} [${(this.history.get(itemId) ?? []).join('; ')}]`);
  }
}
