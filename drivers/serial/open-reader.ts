/**
 * The common entry point of the 8N1 serial drivers (3M, TI): open the port, build the driver's reader over it,
 * run its start-up probe, and close the port again if that probe fails.
 */
import type { Logger } from '../../src/log/index.ts';
import type { Reader } from '../../src/rfid/reader.ts';
import { SerialTransport } from './transport.ts';

export interface OpenReaderOptions {
  path: string;
  baudRate?: number;
  busAddress?: number;
  log: Logger;
  commandTimeoutMs: number;
  reconnectMs: number;
  antennas: number[];
  /** Test seam: a serialport binding such as MockBinding. */
  binding?: unknown;
}

export interface ReaderSettings {
  log: Logger;
  commandTimeoutMs: number;
  antennas: number[];
}

export async function openSerialReader<R extends Reader & { start(): Promise<unknown> }>(
  opts: OpenReaderOptions,
  defaultBaud: number,
  make: (link: SerialTransport, settings: ReaderSettings) => R,
): Promise<R> {
  const link = await SerialTransport.open({
    path: opts.path,
    baudRate: opts.baudRate ?? defaultBaud,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
    reconnectMs: opts.reconnectMs,
    log: opts.log,
    ...(opts.binding !== undefined ? { binding: opts.binding } : {}),
  });
  const reader = make(link, { log: opts.log, commandTimeoutMs: opts.commandTimeoutMs, antennas: opts.antennas });
  try {
    await reader.start();
  } catch (err) {
    await reader.close();
    throw err;
  }
  return reader;
}
