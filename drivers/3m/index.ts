/** 3M 810 / Model 210 driver entry point for drivers/factory.ts: opens the port (19200 8N1) and probes the reader. */
import type { Reader } from '../../src/rfid/reader.ts';
import { openSerialReader, type OpenReaderOptions } from '../serial/open-reader.ts';
import { ThreeMReader } from './reader.ts';

export { ThreeMReader } from './reader.ts';
export type { OpenReaderOptions } from '../serial/open-reader.ts';

export function openReader(opts: OpenReaderOptions): Promise<Reader> {
  return openSerialReader(
    opts,
    { baudRate: 19200, parity: 'none' },
    (link, settings) => new ThreeMReader(link, settings),
  );
}
