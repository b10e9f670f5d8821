/**
 * TiAsciiReader: the Reader contract over a TI TRF7970A EVM ("RFIDGeek", Univelop 500) speaking the ASCII-hex host
 * protocol (rfid-vectors.md §D), 115200 8N1 (pyrfidgeek, node_rfidgeek). Requests are sent with no line ending (the
 * EVM ends a request by its length field); replies are read line by line with @serialport/parser-readline and only
 * the bracketed groups count. The EVM is a raw ISO 15693 pass-through, so anticollision, addressing and the TI
 * Tag-it option flag are done here (drivers/raw-iso/reader.ts).
 */
import { ReadlineParser } from '@serialport/parser-readline';
import type { Logger } from '../../src/log/index.ts';
import type { AirReply } from '../../src/rfid/air.ts';
import { InvFlag, ReqFlag } from '../../src/rfid/flags.ts';
import { ReaderError, type ReaderInfo } from '../../src/rfid/reader.ts';
import { Exchange, type ByteLink, type LinkState } from '../raw-iso/link.ts';
import { RawIsoReader } from '../raw-iso/reader.ts';
import { CMD, REG_CHIP_STATUS } from './emulator-core.ts';
import { encodeRequest, LineError, parseLine, type Bracket } from './frame.ts';

/** Field-off time of an RF reset: tags lose power well within it (readers use 1–15 ms). */
export const RF_OFF_MS = 5;
/** Chip status 0x21 = RF on, full power, 5 V; 0x01 = RF off (TRF7970A register 0x00; pyrfidgeek set_protocol). */
const RF_ON = 0x21;
const RF_OFF = 0x01;

export interface TiAsciiReaderOptions {
  log: Logger;
  commandTimeoutMs: number;
  antennas?: number[];
}

type Reply = { lines: string[]; brackets: Bracket[] } | { error: ReaderError };
type Need = { brackets: number } | { line: true };

export class TiAsciiReader extends RawIsoReader {
  readonly driver = 'ti-ascii';
  private readonly exchange: Exchange<Reply>;
  private lines: ReadlineParser;
  private need: Need | undefined;
  private got: { lines: string[]; brackets: Bracket[] } = { lines: [], brackets: [] };
  private firmware: string | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.lines.write(chunk);
  };
  private readonly onState = (s: LinkState, reason?: string): void => {
    this.resetLines();
    this.emit('state', s, reason);
  };

  constructor(
    private readonly link: ByteLink,
    private readonly opts: TiAsciiReaderOptions,
  ) {
    super(opts.antennas ?? [1]);
    this.exchange = new Exchange<Reply>(link);
    this.lines = this.newLineParser();
    link.on('data', this.onData);
    link.on('state', this.onState);
  }

  private newLineParser(): ReadlineParser {
    const p = new ReadlineParser({ delimiter: '\n', encoding: 'latin1' });
    p.on('data', (line: string) => this.onLine(line.replace(/\r$/, '')));
    return p;
  }

  /** A half-received line from before an unplug must not glue onto the next reply. */
  private resetLines(): void {
    this.lines.removeAllListeners('data');
    this.lines.destroy();
    this.lines = this.newLineParser();
    this.got = { lines: [], brackets: [] };
  }

  private onLine(line: string): void {
    if (line.trim() === '') return;
    const need = this.need;
    if (!need) {
      this.opts.log.debug({ len: line.length }, 'ti-ascii: line outside a request');
      return;
    }
    let brackets: Bracket[];
    try {
      brackets = parseLine(line);
    } catch (err) {
      const msg = err instanceof LineError ? err.message : String(err);
      this.need = undefined;
      this.exchange.feed({ error: new ReaderError('frame', `TI: ${msg}`) });
      return;
    }
    this.got.lines.push(line);
    this.got.brackets.push(...brackets);
    if ('line' in need || this.got.brackets.length >= need.brackets) {
      this.need = undefined;
      this.exchange.feed(this.got);
    }
  }

  private async request(
    cmd: number,
    params: Uint8Array,
    need: Need,
  ): Promise<{ lines: string[]; brackets: Bracket[] }> {
    this.check();
    const bytes = Buffer.from(encodeRequest(cmd, params), 'latin1');
    const r = await this.exchange.run(
      bytes,
      () => true,
      this.opts.commandTimeoutMs,
      () => {
        this.need = need;
        this.got = { lines: [], brackets: [] };
      },
    );
    if ('error' in r) throw r.error;
    if ('brackets' in need && r.brackets.length !== need.brackets)
      throw new ReaderError('frame', `TI: ${r.brackets.length} bracket groups where ${need.brackets} were expected`);
    return r;
  }

  /** Ping and the ISO 15693 set-up pyrfidgeek's set_protocol sends (§D): registers, AGC, AM input. */
  async start(): Promise<string> {
    const ping = await this.request(CMD.ping, new Uint8Array(0), { line: true });
    this.firmware = ping.lines[0]?.trim();
    await this.request(CMD.registerWrite, Uint8Array.of(0x00, 0x21, 0x01, 0x00), { line: true });
    await this.request(CMD.agc, Uint8Array.of(0x00), { line: true });
    await this.request(CMD.amPm, Uint8Array.of(0xff), { line: true });
    return this.firmware ?? '';
  }

  /** Inventory frames go through command 0x14 (one bracket per slot), everything else through request mode 0x18. */
  protected async transceive(req: Uint8Array): Promise<AirReply> {
    const flags = req[0] ?? 0;
    if (flags & ReqFlag.inventory) {
      const n = flags & InvFlag.oneSlot ? 1 : 16;
      const r = await this.request(CMD.inventory, req, { brackets: n });
      const slots = r.brackets.map((b) => {
        if (b.kind === 'collision') return { response: null, collision: true };
        if (b.kind === 'empty') return { response: null, collision: false };
        if (b.kind === 'uid') return { response: Uint8Array.from([0x00, 0x00, ...b.uidLsbFirst]), collision: false };
        throw new ReaderError('frame', 'TI: data bracket in an inventory reply');
      });
      if (n === 1) return { kind: 'single', response: slots[0]!.response, collision: slots[0]!.collision, airUs: 0 };
      return { kind: 'slots', slots, airUs: 0 };
    }
    const r = await this.request(CMD.requestMode, req, { brackets: 1 });
    const b = r.brackets[0]!;
    if (b.kind === 'data') return { kind: 'single', response: b.bytes, collision: false, airUs: 0 };
    if (b.kind === 'uid') throw new ReaderError('frame', 'TI: inventory bracket in a request-mode reply');
    return { kind: 'single', response: null, collision: b.kind === 'collision', airUs: 0 };
  }

  /** The EVM has no RF reset command: switch the field off and on through the chip status register. */
  async rfReset(): Promise<void> {
    await this.request(CMD.registerWrite, Uint8Array.of(REG_CHIP_STATUS, RF_OFF), { line: true });
    await new Promise((r) => setTimeout(r, RF_OFF_MS));
    await this.request(CMD.registerWrite, Uint8Array.of(REG_CHIP_STATUS, RF_ON), { line: true });
  }

  async info(): Promise<ReaderInfo> {
    const ping = await this.request(CMD.ping, new Uint8Array(0), { line: true });
    this.firmware = ping.lines[0]?.trim();
    return {
      driver: 'ti-ascii',
      ...(this.firmware ? { firmware: this.firmware } : {}),
      antennas: this.antennas.length,
      details: { antenna: this.antenna },
    };
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.exchange.fail(new ReaderError('reader_gone', 'TI reader closed'));
    this.link.off('data', this.onData);
    this.link.off('state', this.onState);
    this.lines.destroy();
    return this.link.close();
  }
}
