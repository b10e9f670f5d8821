/**
 * SimReader: the Reader contract directly over a SimField. It plays the reader firmware: the ISO 15693 requests,
 * anticollision, addressed writes and the per-family option flag come from RawIsoReader (the same code the TI
 * pass-through driver runs); this class only supplies the air (the field, on the selected antenna), RF reset,
 * unplug/replug test hooks and its info. In 'real' timing each call takes as long as its commands would on the air.
 */
import type { AirReply } from '../../src/rfid/air.ts';
import { ReaderError, type ReaderInfo } from '../../src/rfid/reader.ts';
import { RawIsoReader } from '../raw-iso/reader.ts';
import type { SimField } from './field.ts';

export interface SimReaderOptions {
  /** Antennas the reader has (1-based); the first is selected at start. */
  antennas?: number[];
}

/** How long the field stays off on an RF reset; tags lose power well within 1 ms (readers use 1–15 ms). */
export const RF_RESET_US = 1_000;

export class SimReader extends RawIsoReader {
  readonly driver = 'sim';
  private down: string | undefined;

  constructor(
    readonly field: SimField,
    opts: SimReaderOptions = {},
  ) {
    super(opts.antennas ?? [1]);
    // No reader buffer to respect: larger Read Multiple requests.
    this.readChunk = 32;
  }

  protected override check(): void {
    super.check();
    if (this.down) throw new ReaderError('reader_gone', `reader is unplugged (${this.down})`);
  }

  protected transceive(req: Uint8Array): Promise<AirReply> {
    return this.field.transceive(req, { antenna: this.antenna });
  }

  /** Test hook: behaves as if the reader was unplugged / plugged back in. */
  simulateUnplug(reason = 'unplugged'): void {
    this.down = reason;
    this.emit('state', 'down', reason);
  }
  simulateReplug(): void {
    this.down = undefined;
    this.emit('state', 'up');
  }

  async rfReset(): Promise<void> {
    this.check();
    this.field.rfReset();
    await this.field.clock.elapse(RF_RESET_US);
  }

  info(): Promise<ReaderInfo> {
    this.check();
    return Promise.resolve({
      driver: 'sim',
      firmware: 'selfcheck virtual field 1',
      antennas: this.antennas.length,
      details: { timing: this.field.clock.mode, antenna: this.antenna, tagsInField: this.field.tags().length },
    });
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
