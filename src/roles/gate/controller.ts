/**
 * The gate, wired: poller → alarm decision → light/buzzer (+ station event, record, status page), reader health →
 * fault output, photocells → visitor counts, silence key → silence. Time comes from `timers` so tests and the
 * benchmark run it on a virtual clock.
 */
import { EventEmitter } from 'node:events';
import type { Config } from '../../config/index.ts';
import type { StationEvents } from '../../events.ts';
import type { Logger } from '../../log/index.ts';
import type { Reader, Uid } from '../../rfid/reader.ts';
import type { Ils } from '../../sip2/ils.ts';
import { isSelfcheckError } from '../../errors.ts';
import type { GpioBackend } from '../../../drivers/gpio/types.ts';
import type { Timers } from '../../../drivers/gpio/timers.ts';
import { AlarmDecision, type AlarmState } from './alarm.ts';
import { GatePoller, type ProbeResult } from './poller.ts';
import { AlarmOutputs, FaultMonitor, PatternOutput } from './outputs.ts';
import { VisitorCounter, type Direction } from './counter.ts';
import type { AlarmRecords } from './records.ts';
import { checkItem, readItemId, type Verdict } from './ilscheck.ts';

/** What the status page and its event stream show: states, times and counts; never an item or a person. */
export type GateEvent =
  | { type: 'alarm'; state: AlarmState; at: number }
  | { type: 'fault'; fault: boolean; at: number }
  | { type: 'visitor'; direction: Direction; at: number }
  | { type: 'check'; verdict: Verdict; at: number };

export interface GateStatus {
  alarm: { state: AlarmState; since?: number | undefined; until?: number | undefined };
  fault: boolean;
  reader: 'up' | 'down';
  mode: string;
  antennas: number[];
  gpio: string;
  /** The station's default language; the status page opens in it unless staff pick another. */
  language: Config['general']['defaultLanguage'];
  lastAlarmAt?: number | undefined;
  lastCheck?: { verdict: Verdict; at: number } | undefined;
  today: { date: string; alarms: number; visitorsIn: number; visitorsOut: number };
}

export interface GateDeps {
  config: Config;
  reader: Reader;
  gpio: GpioBackend;
  events: StationEvents;
  records: AlarmRecords;
  timers: Timers;
  log: Logger;
  ils?: Ils | undefined;
  /** Item ID from a tag's memory (src/tags); without it no item IDs are read. */
  decode?: ((bytes: Uint8Array, dsfid?: number) => string) | undefined;
}

/** Alarmed tags read for the record/ILS check per alarm (a bag of ten books needs no ten ILS calls). */
const MAX_CHECKS_PER_ALARM = 4;

export class GateController extends EventEmitter {
  readonly poller: GatePoller;
  private readonly decision: AlarmDecision;
  private readonly faults: FaultMonitor;
  private readonly unwatch: Array<() => void> = [];
  private outputs: AlarmOutputs | undefined;
  private endTimer: unknown;
  private recordId: number | undefined;
  private readonly checked = new Set<Uid>();
  private readerState: 'up' | 'down' = 'up';
  private lastAlarmAt: number | undefined;
  private lastCheck: { verdict: Verdict; at: number } | undefined;
  private today = { date: '', alarms: 0, visitorsIn: 0, visitorsOut: 0 };
  private lastErrorCode = '';
  private readonly onReaderState = (state: 'up' | 'down'): void => {
    this.readerState = state;
    this.d.events.emit({ type: 'reader', state });
    if (state === 'down') this.faults.readerDown();
    else this.faults.readerUp();
  };

  constructor(private readonly d: GateDeps) {
    super();
    const g = d.config.gate;
    this.decision = new AlarmDecision(g.alarmHoldMs);
    this.faults = new FaultMonitor(g.faultAfterMs, d.timers, (fault) => this.faultChanged(fault));
    this.poller = new GatePoller({
      reader: d.reader,
      antennas: d.config.reader.antennas,
      mode: d.config.tags.security.mode,
      afiSecured: d.config.tags.security.afiSecured,
      now: () => d.timers.now(),
      retryMs: g.retryMs,
      onProbe: (r) => this.probed(r),
      onError: (err) => this.pollFailed(err),
      onCycle: () => {
        this.lastErrorCode = '';
        this.faults.pollOk();
      },
    });
  }

  /** Claims the GPIO lines and listens to the reader. */
  async open(): Promise<void> {
    const { gpio, timers, log } = this.d;
    const g = this.d.config.gate;
    const onErr = (err: unknown) =>
      log.error({ code: isSelfcheckError(err) ? err.code : 'unexpected' }, 'gate output write failed');
    const light = await gpio.output(g.gpio.lightLine, 0);
    const buzzer = await gpio.output(g.gpio.buzzerLine, 0);
    this.faultOut = await gpio.output(g.gpio.faultLine, 0);
    this.outputs = new AlarmOutputs(
      new PatternOutput(light, g.light, timers, onErr),
      new PatternOutput(buzzer, g.buzzer, timers, onErr),
    );
    const debounceMs = g.gpio.debounceMs;
    const silence = await gpio.input(g.gpio.silenceLine, { debounceMs, activeLow: g.gpio.silenceActiveLow });
    this.unwatch.push(silence.watch((v) => v === 1 && this.silence()));
    if (g.counter.enabled) {
      const counter = new VisitorCounter(g.counter.maxGapMs, (dir, at) => this.visitor(dir, at));
      const opts = { debounceMs, activeLow: g.counter.activeLow };
      const a = await gpio.input(g.gpio.beamALine, opts);
      const b = await gpio.input(g.gpio.beamBLine, opts);
      this.unwatch.push(a.watch((v, at) => counter.beam('a', v === 1, at)));
      this.unwatch.push(b.watch((v, at) => counter.beam('b', v === 1, at)));
    }
    this.d.reader.on('state', this.onReaderState);
  }

  private faultOut: { write(v: 0 | 1): Promise<void> } | undefined;

  private emitGate(e: GateEvent): void {
    this.emit('gate', e);
  }

  private counts(): typeof this.today {
    const date = new Date(this.d.timers.now()).toISOString().slice(0, 10);
    if (this.today.date !== date) this.today = { date, alarms: 0, visitorsIn: 0, visitorsOut: 0 };
    return this.today;
  }

  /** One antenna's probe result. */
  probed(r: ProbeResult): void {
    if (!r.secured) {
      this.tick();
      return;
    }
    const tr = this.decision.seen(r.at);
    if (tr === 'start') {
      // Output first: everything else can wait a microsecond, the patron cannot.
      this.outputs?.set(true);
      this.lastAlarmAt = r.at;
      this.counts().alarms++;
      this.d.events.emit({ type: 'alarm', phase: 'start' });
      this.recordId = this.d.records.start(r.at, r.antenna);
      this.checked.clear();
      this.emitGate({ type: 'alarm', state: 'alarm', at: r.at });
    } else if (tr === 'end') this.alarmEnded(r.at);
    this.scheduleEnd();
    if (this.decision.state === 'alarm') for (const uid of r.uids) this.identify(uid);
  }

  /** Runs the hold timer's check now (the benchmark calls it as virtual time passes). */
  tick(): void {
    if (this.decision.tick(this.d.timers.now()) === 'end') this.alarmEnded(this.d.timers.now());
  }

  private scheduleEnd(): void {
    const until = this.decision.until;
    if (this.endTimer !== undefined) this.d.timers.clearTimeout(this.endTimer);
    this.endTimer = undefined;
    if (until === undefined) return;
    this.endTimer = this.d.timers.setTimeout(
      () => {
        this.endTimer = undefined;
        this.tick();
        if (this.decision.state !== 'idle') this.scheduleEnd();
      },
      Math.max(0, until - this.d.timers.now()),
    );
  }

  private alarmEnded(at: number): void {
    this.outputs?.set(false);
    this.d.events.emit({ type: 'alarm', phase: 'end' });
    if (this.recordId !== undefined) this.d.records.end(this.recordId, at);
    this.recordId = undefined;
    this.emitGate({ type: 'alarm', state: 'idle', at });
  }

  silence(): void {
    const now = this.d.timers.now();
    if (this.decision.silence(now) !== 'silenced') return;
    this.outputs?.set(false);
    this.d.events.emit({ type: 'alarm', phase: 'end' });
    if (this.recordId !== undefined) this.d.records.end(this.recordId, now);
    this.recordId = undefined;
    this.emitGate({ type: 'alarm', state: 'silenced', at: now });
  }

  /** Reads an alarmed tag's item ID for the record and/or the ILS check, between probes. */
  private identify(uid: Uid): void {
    const { records, decode, ils } = this.d;
    const wantCheck = this.d.config.gate.ilsCheck && ils !== undefined;
    if (!decode || (!records.keepsItems && !wantCheck)) return;
    if (this.checked.has(uid) || this.checked.size >= MAX_CHECKS_PER_ALARM) return;
    this.checked.add(uid);
    const id = this.recordId;
    void this.poller
      .exclusive(() => readItemId(this.d.reader, uid, decode))
      .catch(() => undefined)
      .then(async (itemId) => {
        if (id !== undefined) records.addItem(id, { uid, ...(itemId ? { itemId } : {}) });
        if (!wantCheck) return;
        const verdict = await checkItem(ils, itemId);
        this.lastCheck = { verdict, at: this.d.timers.now() };
        this.emitGate({ type: 'check', ...this.lastCheck });
      });
  }

  private pollFailed(err: unknown): void {
    const code = isSelfcheckError(err) ? err.code : 'unexpected';
    // A reader that is gone fails every poll: log the change, not each failure.
    if (code !== this.lastErrorCode) this.d.log.warn({ code }, 'gate poll failed');
    this.lastErrorCode = code;
    this.faults.pollFailed();
    this.tick();
  }

  private faultChanged(fault: boolean): void {
    this.faultOut?.write(fault ? 1 : 0).catch((err: unknown) => {
      this.d.log.error({ code: isSelfcheckError(err) ? err.code : 'unexpected' }, 'fault output write failed');
    });
    this.d.log[fault ? 'warn' : 'info']({ fault }, fault ? 'gate reader fault' : 'gate reader back');
    this.emitGate({ type: 'fault', fault, at: this.d.timers.now() });
  }

  private visitor(direction: Direction, at: number): void {
    const c = this.counts();
    if (direction === 'in') c.visitorsIn++;
    else c.visitorsOut++;
    this.d.events.emit({ type: 'visitor', direction });
    this.emitGate({ type: 'visitor', direction, at });
  }

  status(): GateStatus {
    return {
      alarm: { state: this.decision.state, since: this.decision.since, until: this.decision.until },
      fault: this.faults.fault,
      reader: this.readerState,
      mode: this.d.config.tags.security.mode,
      antennas: this.d.config.reader.antennas,
      gpio: this.d.gpio.name,
      language: this.d.config.general.defaultLanguage,
      lastAlarmAt: this.lastAlarmAt,
      lastCheck: this.lastCheck,
      today: { ...this.counts() },
    };
  }

  close(): void {
    if (this.endTimer !== undefined) this.d.timers.clearTimeout(this.endTimer);
    this.faults.close();
    for (const u of this.unwatch.splice(0)) u();
    this.d.reader.off('state', this.onReaderState);
    this.outputs?.set(false);
  }
}
