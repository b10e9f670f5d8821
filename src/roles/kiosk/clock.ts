/**
 * Injected time for the kiosk: the session machine never calls Date.now or setTimeout directly,
 * so tests drive inactivity with a fake clock (FakeClock in test/kiosk/fakes.ts).
 */
export interface KioskClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: KioskClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
