/**
 * The common entry point of the serial drivers (FEIG, 3M, TI): open the port with the reader's line settings, build
 * the driver's reader over it, run its start-up probe (when it has one), and close the port again if that fails.
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

/** The reader's factory line: default baud rate, 8 data bits, this parity, 1 stop bit. */
export interface LineDefaults {
  baudRate: number;
  parity: 'none' | 'even';
}

export async function openSerialReader<R extends Reader & { start?(): Promise<unknown> }>(
  opts: OpenReaderOptions,
  line: LineDefaults,
  make: (link: SerialTransport, settings: ReaderSettings) => R,
): Promise<R> {
  const link = await SerialTransport.open({
    path: opts.path,
    baudRate: opts.baudRate ?? line.baudRate,
    dataBits: 8,
    parity: line.parity,
    stopBits: 1,
    reconnectMs: opts.reconnectMs,
    log: opts.log,
    ...(opts.binding !== undefined ? { binding: opts.binding } : {}),
  });
  const reader = make(link, { log: opts.log, commandTimeoutMs: opts.commandTimeoutMs, antennas: opts.antennas });
  try {
    await reader.start?.();
  } catch (err) {
    await reader.close();
    throw err;
  }
  return reader;
}
