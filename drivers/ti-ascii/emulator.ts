/**
 * Runs the TI EVM emulator on a serial path (one end of a socat pty pair in tests and the bench), 115200 8N1.
 * It reopens the path when the pty comes back, like the driver does.
 */
import type { Logger } from '../../src/log/index.ts';
import type { SimField } from '../sim/field.ts';
import { SerialTransport } from '../serial/transport.ts';
import { TiEmulatorCore } from './emulator-core.ts';
import { RequestSplitter } from './frame.ts';

export interface StartEmulatorOptions {
  path: string;
  field: SimField;
  log: Logger;
  baudRate?: number;
  reconnectMs?: number;
  antenna?: number;
}

/** Gap after which a partial request is dropped (the EVM firmware's receive timeout; ours). */
export const REQUEST_GAP_MS = 100;

/** Answers requests one at a time, in order, with CRLF-terminated lines. */
export function serveRequests(
  core: TiEmulatorCore,
  link: { write(b: Uint8Array): Promise<void>; on(e: 'data', l: (c: Buffer) => void): unknown },
  log: Logger,
): void {
  const splitter = new RequestSplitter();
  let queue: Promise<void> = Promise.resolve();
  let gap: NodeJS.Timeout | undefined;
  link.on('data', (chunk: Buffer) => {
    if (gap) clearTimeout(gap);
    for (const ev of splitter.push(chunk.toString('latin1'))) {
      if (ev.kind === 'junk') {
        log.debug({ junk: ev.text.length }, 'ti emulator: discarded text');
        continue;
      }
      const req = ev.request;
      queue = queue
        .then(() => core.handle(req))
        .then((lines) => link.write(Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1')))
        .catch((err: unknown) => log.debug({ err }, 'ti emulator: reply not sent'));
    }
    if (splitter.pending > 0) {
      gap = setTimeout(() => splitter.timeout(), REQUEST_GAP_MS);
      gap.unref?.();
    }
  });
}

export async function startEmulator(opts: StartEmulatorOptions): Promise<{ close(): Promise<void> }> {
  const core = new TiEmulatorCore(opts.field, opts.antenna ?? 1);
  const port = await SerialTransport.open({
    path: opts.path,
    baudRate: opts.baudRate ?? 115200,
    reconnectMs: opts.reconnectMs ?? 100,
    log: opts.log,
  });
  serveRequests(core, port, opts.log);
  return { close: () => port.close() };
}
