/**
 * The gate's outputs: light and buzzer with their patterns while the alarm lasts, and the fault output
 * (FaultMonitor: on at once when the reader reports itself gone, or when polls have failed for `faultAfterMs`;
 * off at the next good poll).
 */
import type { GpioOutput } from '../../../drivers/gpio/types.ts';
import type { Timers } from '../../../drivers/gpio/timers.ts';

export interface Pattern {
  mode: 'steady' | 'blink' | 'off';
  onMs: number;
  offMs: number;
}

/** Drives one output with a pattern: steady on, or on/off cycles starting with "on" so the first edge is at once. */
export class PatternOutput {
  private timer: unknown;
  private active = false;

  constructor(
    private readonly out: GpioOutput,
    private readonly pattern: Pattern,
    private readonly timers: Timers,
    private readonly onError: (err: unknown) => void,
  ) {}

  private set(v: 0 | 1): void {
    this.out.write(v).catch(this.onError);
  }

  start(): void {
    if (this.active || this.pattern.mode === 'off') return;
    this.active = true;
    this.set(1);
    if (this.pattern.mode === 'blink') this.schedule(0);
  }

  private schedule(next: 0 | 1): void {
    const wait = next === 0 ? this.pattern.onMs : this.pattern.offMs;
    this.timer = this.timers.setTimeout(() => {
      if (!this.active) return;
      this.set(next);
      this.schedule(next === 0 ? 1 : 0);
    }, wait);
  }

  stop(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.active) return;
    this.active = false;
    this.set(0);
  }
}

export class AlarmOutputs {
  constructor(
    private readonly light: PatternOutput,
    private readonly buzzer: PatternOutput,
  ) {}
  set(on: boolean): void {
    // Light first: the benchmark measures the alarm from the light's edge.
    if (on) {
      this.light.start();
      this.buzzer.start();
    } else {
      this.light.stop();
      this.buzzer.stop();
    }
  }
}

export class FaultMonitor {
  private failingSince: number | undefined;
  private timer: unknown;
  private on = false;
  private down = false;

  constructor(
    private readonly faultAfterMs: number,
    private readonly timers: Timers,
    private readonly onChange: (fault: boolean) => void,
  ) {}

  get fault(): boolean {
    return this.on;
  }

  private setFault(v: boolean): void {
    if (v === this.on) return;
    this.on = v;
    this.onChange(v);
  }

  /** The reader said its port went away: no point waiting. */
  readerDown(): void {
    this.down = true;
    this.setFault(true);
  }

  readerUp(): void {
    this.down = false;
  }

  pollFailed(): void {
    if (this.failingSince !== undefined) return;
    this.failingSince = this.timers.now();
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (this.failingSince !== undefined) this.setFault(true);
    }, this.faultAfterMs);
  }

  pollOk(): void {
    this.failingSince = undefined;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    // A good poll proves the reader answers, whatever its last state event said.
    this.down = false;
    this.setFault(false);
  }

  close(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
