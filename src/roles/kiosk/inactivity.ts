/**
 * The inactivity timer: a warning `warnMs` before the end (WCAG 2.2.1: at least 20 s, with a way to extend),
 * then the end. Uses the injected clock so tests step through it without waiting.
 */
import type { KioskClock } from './clock.ts';

export class InactivityTimer {
  private warnHandle: unknown;
  private endHandle: unknown;
  /** When the session will end, while the warning is showing. */
  warningEndsAt: number | undefined;

  constructor(
    private readonly clock: KioskClock,
    private readonly onWarn: () => void,
    private readonly onEnd: () => void,
  ) {}

  /** (Re)starts the countdown: warning at totalMs - warnMs, end at totalMs. */
  arm(totalMs: number, warnMs: number): void {
    this.cancel();
    const warnAt = Math.max(0, totalMs - warnMs);
    this.warnHandle = this.clock.setTimeout(() => {
      this.warnHandle = undefined;
      this.warningEndsAt = this.clock.now() + (totalMs - warnAt);
      this.onWarn();
    }, warnAt);
    this.endHandle = this.clock.setTimeout(() => {
      this.endHandle = undefined;
      this.warningEndsAt = undefined;
      this.onEnd();
    }, totalMs);
  }

  cancel(): void {
    if (this.warnHandle !== undefined) this.clock.clearTimeout(this.warnHandle);
    if (this.endHandle !== undefined) this.clock.clearTimeout(this.endHandle);
    this.warnHandle = undefined;
    this.endHandle = undefined;
    this.warningEndsAt = undefined;
  }
}
