/**
 * One small GPIO interface for the gate (light, buzzer, fault output; photocells and a silence key in).
 * Backends: character device (libgpiod tools), sysfs (onoff, with the kernel's base offset found at run time),
 * and a simulated one for tests and `npm start`.
 */
export type Edge = 'rising' | 'falling' | 'both';

export interface GpioOutput {
  write(value: 0 | 1): Promise<void>;
  readonly value: 0 | 1;
}

export interface GpioInput {
  read(): Promise<0 | 1>;
  /** Calls `listener` on each debounced change; returns a function that stops watching. */
  watch(listener: (value: 0 | 1, atMs: number) => void): () => void;
}

export interface GpioBackend {
  readonly name: 'sim' | 'sysfs' | 'cdev';
  output(line: number, initial?: 0 | 1): Promise<GpioOutput>;
  input(line: number, opts?: { edge?: Edge; debounceMs?: number; activeLow?: boolean }): Promise<GpioInput>;
  close(): Promise<void>;
}
