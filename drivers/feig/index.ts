/** FEIG ISO-Host driver entry point (drivers/factory.ts SerialDriverModule). Default line: 38400 baud 8E1. */
import type { Reader } from '../../src/rfid/reader.ts';
import { openSerialReader, type OpenReaderOptions } from '../serial/open-reader.ts';
import type { FeigProtocol } from './frame.ts';
import { FeigReader } from './reader.ts';

export const DEFAULT_BAUD = 38400;

export function openReader(opts: OpenReaderOptions & { protocol?: FeigProtocol }): Promise<Reader> {
  return openSerialReader(
    opts,
    { baudRate: DEFAULT_BAUD, parity: 'even' },
    (transport, settings) =>
      new FeigReader({
        transport,
        ...settings,
        ...(opts.busAddress !== undefined ? { busAddress: opts.busAddress } : {}),
        ...(opts.protocol !== undefined ? { protocol: opts.protocol } : {}),
      }),
  );
}

export { FeigReader } from './reader.ts';
