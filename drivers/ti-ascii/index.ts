/** TI TRF7970A EVM ASCII driver entry point for drivers/factory.ts: opens the port (115200 8N1), pings and sets up ISO 15693. */
import type { Reader } from '../../src/rfid/reader.ts';
import { openSerialReader, type OpenReaderOptions } from '../serial/open-reader.ts';
import { TiAsciiReader } from './reader.ts';

export { TiAsciiReader } from './reader.ts';
export type { OpenReaderOptions } from '../serial/open-reader.ts';

export function openReader(opts: OpenReaderOptions): Promise<Reader> {
  return openSerialReader(
    opts,
    { baudRate: 115200, parity: 'none' },
    (link, settings) => new TiAsciiReader(link, settings),
  );
}
