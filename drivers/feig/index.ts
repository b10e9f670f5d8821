/** FEIG ISO-Host driver entry point (drivers/factory.ts SerialDriverModule). Default line: 38400 baud 8E1. */
import type { Logger } from '../../src/log/index.ts';
import type { Reader } from '../../src/rfid/reader.ts';
import { SerialTransport } from '../serial/transport.ts';
import type { FeigProtocol } from './frame.ts';
import { FeigReader } from './reader.ts';

export const DEFAULT_BAUD = 38400;

export async function openReader(opts: {
  path: string;
  baudRate?: number;
  busAddress?: number;
  log: Logger;
  commandTimeoutMs: number;
  reconnectMs: number;
  antennas: number[];
  protocol?: FeigProtocol;
  /** Test hook: a serialport binding such as MockBinding. */
  binding?: unknown;
}): Promise<Reader> {
  const transport = await SerialTransport.open({
    path: opts.path,
    baudRate: opts.baudRate ?? DEFAULT_BAUD,
    dataBits: 8,
    parity: 'even',
    stopBits: 1,
    reconnectMs: opts.reconnectMs,
    log: opts.log,
    ...(opts.binding !== undefined ? { binding: opts.binding } : {}),
  });
  return new FeigReader({
    transport,
    log: opts.log,
    commandTimeoutMs: opts.commandTimeoutMs,
    antennas: opts.antennas,
    ...(opts.busAddress !== undefined ? { busAddress: opts.busAddress } : {}),
    ...(opts.protocol !== undefined ? { protocol: opts.protocol } : {}),
  });
}

export { FeigReader } from './reader.ts';
