/** TI TRF7970A EVM ASCII driver entry point for drivers/factory.ts: opens the port (115200 8N1), pings and sets up ISO 15693. */
import type { Logger } from '../../src/log/index.ts';
import type { Reader } from '../../src/rfid/reader.ts';
import { SerialTransport } from '../serial/transport.ts';
import { TiAsciiReader } from './reader.ts';

export { TiAsciiReader } from './reader.ts';

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

export async function openReader(opts: OpenReaderOptions): Promise<Reader> {
  const link = await SerialTransport.open({
    path: opts.path,
    baudRate: opts.baudRate ?? 115200,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
    reconnectMs: opts.reconnectMs,
    log: opts.log,
    ...(opts.binding !== undefined ? { binding: opts.binding } : {}),
  });
  const reader = new TiAsciiReader(link, {
    log: opts.log,
    commandTimeoutMs: opts.commandTimeoutMs,
    antennas: opts.antennas,
  });
  try {
    await reader.start();
  } catch (err) {
    await reader.close();
    throw err;
  }
  return reader;
}
