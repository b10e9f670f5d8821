/**
 * ThreeMReader: the Reader contract over a 3M 810 / Model 210 reader (19200 8N1). The reader's firmware runs the
 * inventory (FE), block reads (02) and writes (04), AFI (09/0A/06) and EAS (03/0C) itself; everything else (system
 * info, lock block, DSFID, NXP EAS alarm) goes through ISO pass-through 0x14 as raw ISO 15693 frames.
 */
import type { Logger } from '../../src/log/index.ts';
import { hex } from '../../src/log/index.ts';
import type { AirReply } from '../../src/rfid/air.ts';
import { ReqFlag } from '../../src/rfid/flags.ts';
import {
  ReaderError,
  type InventoryOptions,
  type InventoryTag,
  type ReaderInfo,
  type Uid,
  type WriteOptions,
} from '../../src/rfid/reader.ts';
import { normUid } from '../../src/rfid/uid.ts';
import { Exchange, type ByteLink, type LinkState } from '../raw-iso/link.ts';
import { RawIsoReader, READ_CHUNK } from '../raw-iso/reader.ts';
import * as C from './commands.ts';
import { FrameParser, START_PROBE, type Frame } from './frame.ts';

/** Gap after which a partial frame is dropped: Biblio-RFID's 0.1 s char timeout (3M810.pm init). */
export const INTER_BYTE_MS = 100;
/** Blocks per write frame: a 3M write of 8 blocks is what Biblio-RFID and koha-rfid-go send. */
const WRITE_CHUNK = 8;

export interface ThreeMReaderOptions {
  log: Logger;
  commandTimeoutMs: number;
  antennas?: number[];
}

const uidBytes = (uid: Uid): Uint8Array => Uint8Array.from(Buffer.from(normUid(uid), 'hex'));
const uidHex = (b: Uint8Array): Uid => Buffer.from(b).toString('hex').toUpperCase();

export class ThreeMReader extends RawIsoReader {
  readonly driver = '3m';
  private readonly parser = new FrameParser();
  private readonly exchange: Exchange<Frame>;
  private gapTimer: NodeJS.Timeout | undefined;
  private firmware: string | undefined;
  private readonly onData = (chunk: Buffer): void => this.receive(chunk);
  private readonly onState = (s: LinkState, reason?: string): void => {
    this.parser.timeout();
    this.emit('state', s, reason);
  };

  constructor(
    private readonly link: ByteLink,
    private readonly opts: ThreeMReaderOptions,
  ) {
    super(opts.antennas ?? [1]);
    this.exchange = new Exchange<Frame>(link);
    link.on('data', this.onData);
    link.on('state', this.onState);
  }

  /** Probe (D5 … 11) then the init command Biblio-RFID sends; resolves with the firmware version. */
  async start(): Promise<string> {
    const v = C.parseVersion(await this.request(C.versionProbe(), 0x04, START_PROBE));
    this.firmware = v;
    C.replyBody(await this.request(C.init(), C.CMD.init), C.CMD.init);
    return v;
  }

  private receive(chunk: Buffer): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    for (const ev of this.parser.push(chunk)) {
      if (ev.kind === 'junk') this.opts.log.debug({ junk: hex(ev.bytes), reason: ev.reason }, '3m: discarded bytes');
      else if (!this.exchange.feed(ev.frame)) this.opts.log.debug({ cmd: ev.frame.cmd }, '3m: unexpected frame');
    }
    if (this.parser.pending > 0) {
      this.gapTimer = setTimeout(() => {
        for (const ev of this.parser.timeout())
          if (ev.kind === 'junk') this.opts.log.debug({ junk: hex(ev.bytes) }, '3m: partial frame timed out');
      }, INTER_BYTE_MS);
      this.gapTimer.unref?.();
    }
  }

  private request(bytes: Uint8Array, cmd: number, start = 0xd6): Promise<Frame> {
    this.check();
    return this.exchange.run(bytes, (f) => f.cmd === cmd && f.start === start, this.opts.commandTimeoutMs);
  }

  /** Raw ISO frames through pass-through 0x14. Inventory is the firmware's job (FE), not a pass-through frame. */
  protected async transceive(req: Uint8Array): Promise<AirReply> {
    if ((req[0] ?? 0) & ReqFlag.inventory)
      throw new ReaderError('unsupported', '3M: inventory runs in the reader (FE), not through pass-through');
    const r = C.parsePassThrough(await this.request(C.passThrough(req), C.CMD.isoPassThrough));
    return { kind: 'single', response: r.response, collision: r.collision, airUs: 0 };
  }

  /** The reader resolves collisions itself; its reply carries UIDs only, so DSFID is reported as 0 (§B3). */
  override async inventory(opts: InventoryOptions = {}): Promise<InventoryTag[]> {
    this.check();
    if (opts.antenna !== undefined) await this.selectAntenna(opts.antenna);
    const uids = C.parseInventory(await this.request(C.inventory(opts.afi ?? 0), C.CMD.inventory));
    return uids.map((u) => ({ uid: uidHex(u), dsfid: 0, antenna: this.antenna }));
  }

  override async readBlocks(uid: Uid, first: number, count: number): Promise<Uint8Array> {
    const u = uidBytes(uid);
    if (!Number.isInteger(count) || count < 1)
      throw new ReaderError('unsupported', `block count must be ≥ 1: ${count}`);
    const parts: Uint8Array[] = [];
    for (let b = first; b < first + count; b += READ_CHUNK) {
      const n = Math.min(READ_CHUNK, first + count - b);
      const data = C.parseRead(await this.request(C.readMulti(u, b, n), C.CMD.readMulti), u, b, n);
      this.rememberBlockSize(normUid(uid), data.length / n);
      parts.push(data);
    }
    return Buffer.concat(parts);
  }

  /** Write Multiblock 04; the firmware adds what a family needs (e.g. TI's option flag and late EOF). */
  override async writeBlocks(uid: Uid, first: number, data: Uint8Array, _opts: WriteOptions = {}): Promise<void> {
    const u = uidBytes(uid);
    const size = await this.blockSize(normUid(uid));
    if (data.length === 0 || data.length % size !== 0)
      throw new ReaderError('unsupported', `data length ${data.length} is not a multiple of the block size ${size}`);
    const blocks = data.length / size;
    for (let i = 0; i < blocks; i += WRITE_CHUNK) {
      const n = Math.min(WRITE_CHUNK, blocks - i);
      const f = await this.request(
        C.writeMulti(u, first + i, n, data.subarray(i * size, (i + n) * size)),
        C.CMD.writeMulti,
      );
      const extra = C.parseAck(f, C.CMD.writeMulti, u);
      if (extra[0] !== n) throw new ReaderError('frame', `3M: wrote ${extra[0] ?? 0} of ${n} blocks`);
    }
  }

  override async writeAfi(uid: Uid, afi: number, _opts: WriteOptions = {}): Promise<void> {
    const u = uidBytes(uid);
    C.parseAck(await this.request(C.writeAfi(u, afi), C.CMD.writeAfi), C.CMD.writeAfi, u);
  }

  /** Get AFI (0A): the reader's own AFI read, cheaper than a system-info pass-through. */
  async getAfi(uid: Uid): Promise<number> {
    const u = uidBytes(uid);
    return C.parseGetAfi(await this.request(C.getAfi(u), C.CMD.getAfi), u);
  }

  override async lockAfi(uid: Uid, _opts: WriteOptions = {}): Promise<void> {
    const u = uidBytes(uid);
    C.parseAck(await this.request(C.lockAfi(u), C.CMD.lockAfi), C.CMD.lockAfi, u);
  }

  override async setEas(uid: Uid, on: boolean): Promise<void> {
    const u = uidBytes(uid);
    C.parseAck(await this.request(C.easControl(u, on), C.CMD.easControl), C.CMD.easControl, u);
  }

  /** Addressed: Check EAS (03). Unaddressed: NXP EAS Alarm through pass-through. */
  override async easAlarm(uid?: Uid): Promise<boolean> {
    if (uid === undefined) return super.easAlarm();
    const u = uidBytes(uid);
    return C.parseCheckEas(await this.request(C.checkEas(u), C.CMD.checkEas), u);
  }

  rfReset(): Promise<void> {
    return Promise.reject(new ReaderError('unsupported', '3M: the protocol has no RF reset command'));
  }

  async info(): Promise<ReaderInfo> {
    this.check();
    this.firmware = C.parseVersion(await this.request(C.versionProbe(), 0x04, START_PROBE));
    return {
      driver: '3m',
      firmware: this.firmware,
      antennas: this.antennas.length,
      details: { antenna: this.antenna },
    };
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.exchange.fail(new ReaderError('reader_gone', '3M reader closed'));
    this.link.off('data', this.onData);
    this.link.off('state', this.onState);
    return this.link.close();
  }
}
