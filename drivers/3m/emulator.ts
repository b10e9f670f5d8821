/**
 * Runs the 3M emulator on a serial path (one end of a socat pty pair in tests and the bench). It reopens the path
 * when the pty comes back, like the driver does.
 */
import type { Logger } from '../../src/log/index.ts';
import { hex } from '../../src/log/index.ts';
import type { SimField } from '../sim/field.ts';
import { SerialTransport } from '../serial/transport.ts';
import { ThreeMEmulatorCore, type ThreeMEmulatorOptions } from './emulator-core.ts';
import { FrameParser } from './frame.ts';

export interface StartEmulatorOptions extends ThreeMEmulatorOptions {
  path: string;
  field: SimField;
  log: Logger;
  baudRate?: number;
  reconnectMs?: number;
}

/** Serves decoded requests one at a time, in arrival order, like the single-threaded reader firmware. */
export function serveFrames(
  core: ThreeMEmulatorCore,
  link: { write(b: Uint8Array): Promise<void>; on(e: 'data', l: (c: Buffer) => void): unknown },
  log: Logger,
): void {
  const parser = new FrameParser();
  let queue: Promise<void> = Promise.resolve();
  link.on('data', (chunk: Buffer) => {
    for (const ev of parser.push(chunk)) {
      if (ev.kind === 'junk') {
        log.debug({ junk: hex(ev.bytes), reason: ev.reason }, '3m emulator: discarded bytes');
        continue;
      }
      const frame = ev.frame;
      queue = queue
        .then(() => core.handle(frame))
        .then((out) => link.write(out))
        .catch((err: unknown) => log.debug({ err }, '3m emulator: reply not sent'));
    }
  });
}

export async function startEmulator(opts: StartEmulatorOptions): Promise<{ close(): Promise<void> }> {
  const core = new ThreeMEmulatorCore(opts.field, opts);
  const port = await SerialTransport.open({
    path: opts.path,
    baudRate: opts.baudRate ?? 19200,
    reconnectMs: opts.reconnectMs ?? 100,
    log: opts.log,
  });
  serveFrames(core, port, opts.log);
  return { close: () => port.close() };
}
