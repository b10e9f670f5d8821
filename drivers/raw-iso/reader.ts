/**
 * The Reader contract over a raw ISO 15693 transceive, for readers that pass frames through to the air (TI EVM
 * request mode, 3M pass-through 0x14). Same rules as drivers/sim/reader.ts: anticollision on the host, every write
 * addressed to one UID, option flag per tag family (TI Tag-it). Subclasses supply the transceive and the port state.
 */
import { EventEmitter } from 'node:events';
import type { AirReply } from '../../src/rfid/air.ts';
import { anticollision } from '../../src/rfid/anticollision.ts';
import * as C from '../../src/rfid/commands.ts';
import {
  ReaderError,
  type InventoryOptions,
  type InventoryTag,
  type Reader,
  type ReaderInfo,
  type SystemInfo,
  type Uid,
  type WriteOptions,
} from '../../src/rfid/reader.ts';
import { parseAck, parseReadBlocks, parseResponse, parseSystemInfo } from '../../src/rfid/responses.ts';
import { MFG_NXP, needsOptionFlag, normUid, uidManufacturer } from '../../src/rfid/uid.ts';

/** Blocks per Read Multiple request: keeps replies inside small reader buffers (EVM lines, 3M frames). */
export const READ_CHUNK = 16;

export abstract class RawIsoReader extends EventEmitter implements Reader {
  abstract readonly driver: string;
  protected antenna: number;
  protected closed = false;
  private readonly blockSizes = new Map<Uid, number>();
  /** Blocks per Read Multiple request (kept within common reader buffers). */
  protected readChunk = READ_CHUNK;

  constructor(protected readonly antennas: number[]) {
    super();
    this.antenna = antennas[0] ?? 1;
  }

  /** One request on the air (flags, cmd, ...; no CRC: the reader adds it). */
  protected abstract transceive(req: Uint8Array): Promise<AirReply>;
  abstract rfReset(): Promise<void>;
  abstract info(): Promise<ReaderInfo>;
  abstract close(): Promise<void>;

  protected check(): void {
    if (this.closed) throw new ReaderError('reader_gone', `${this.driver} reader is closed`);
  }

  protected option(uid: Uid, opts: WriteOptions): boolean {
    return opts.option ?? needsOptionFlag(uid);
  }

  /** A non-inventory request: the single answer, or a typed error for silence or a collision. */
  protected async exec(req: Uint8Array): Promise<Uint8Array> {
    this.check();
    const r = await this.transceive(req);
    if (r.kind !== 'single') throw new ReaderError('frame', 'slotted reply to a single request');
    if (r.collision) throw new ReaderError('collision', 'more than one tag answered');
    if (!r.response) throw new ReaderError('no_tag', 'no tag answered');
    return r.response;
  }

  async inventory(opts: InventoryOptions = {}): Promise<InventoryTag[]> {
    this.check();
    if (opts.antenna !== undefined) await this.selectAntenna(opts.antenna);
    const antenna = this.antenna;
    const res = await anticollision((req) => this.transceive(req), { afi: opts.afi, slots: opts.slots ?? 16 });
    return res.tags.map((t) => ({ ...t, antenna }));
  }

  protected async blockSize(uid: Uid): Promise<number> {
    return this.blockSizes.get(uid) ?? (await this.systemInfo(uid)).blockSize ?? 4;
  }

  protected rememberBlockSize(uid: Uid, size: number): void {
    this.blockSizes.set(uid, size);
  }

  async readBlocks(uid: Uid, first: number, count: number): Promise<Uint8Array> {
    const u = normUid(uid);
    if (!Number.isInteger(count) || count < 1)
      throw new ReaderError('unsupported', `block count must be ≥ 1: ${count}`);
    const parts: Uint8Array[] = [];
    for (let b = first; b < first + count; b += this.readChunk) {
      const n = Math.min(this.readChunk, first + count - b);
      const { data } = parseReadBlocks(await this.exec(C.readMultiple({ uid: u }, b, n)), n);
      this.blockSizes.set(u, data.length / n);
      parts.push(data);
    }
    return Buffer.concat(parts);
  }

  async writeBlocks(uid: Uid, first: number, data: Uint8Array, opts: WriteOptions = {}): Promise<void> {
    const u = normUid(uid);
    const size = await this.blockSize(u);
    if (data.length === 0 || data.length % size !== 0) {
      throw new ReaderError('unsupported', `data length ${data.length} is not a multiple of the block size ${size}`);
    }
    const option = this.option(u, opts);
    // Write Single Block per block: every family supports it (ICODE SLIX lacks Write Multiple).
    for (let i = 0; i < data.length / size; i++) {
      parseAck(await this.exec(C.writeSingle({ uid: u, option }, first + i, data.subarray(i * size, (i + 1) * size))));
    }
  }

  async lockBlock(uid: Uid, block: number, opts: WriteOptions = {}): Promise<void> {
    const u = normUid(uid);
    parseAck(await this.exec(C.lockBlock({ uid: u, option: this.option(u, opts) }, block)));
  }

  async writeAfi(uid: Uid, afi: number, opts: WriteOptions = {}): Promise<void> {
    const u = normUid(uid);
    parseAck(await this.exec(C.writeAfi({ uid: u, option: this.option(u, opts) }, afi)));
  }

  async lockAfi(uid: Uid, opts: WriteOptions = {}): Promise<void> {
    const u = normUid(uid);
    parseAck(await this.exec(C.lockAfi({ uid: u, option: this.option(u, opts) })));
  }

  async writeDsfid(uid: Uid, dsfid: number, opts: WriteOptions = {}): Promise<void> {
    const u = normUid(uid);
    parseAck(await this.exec(C.writeDsfid({ uid: u, option: this.option(u, opts) }, dsfid)));
  }

  async setEas(uid: Uid, on: boolean): Promise<void> {
    const u = normUid(uid);
    if (uidManufacturer(u) !== MFG_NXP) throw new ReaderError('unsupported', `EAS needs an NXP ICODE tag, ${u} is not`);
    parseAck(await this.exec(on ? C.nxpSetEas({ uid: u }) : C.nxpResetEas({ uid: u })));
  }

  /** Unaddressed: true when any EAS-enabled tag answered. Addressed: true when that tag's EAS is set. */
  async easAlarm(uid?: Uid): Promise<boolean> {
    this.check();
    const r = await this.transceive(C.nxpEasAlarm(uid === undefined ? {} : { uid: normUid(uid) }));
    if (r.kind !== 'single') throw new ReaderError('frame', 'slotted reply to EAS alarm');
    if (r.collision) return true;
    if (!r.response) return false;
    parseResponse(r.response);
    return true;
  }

  async systemInfo(uid: Uid): Promise<SystemInfo> {
    const u = normUid(uid);
    const info = parseSystemInfo(await this.exec(C.systemInfo({ uid: u })));
    if (info.uid !== u) throw new ReaderError('frame', `system info of ${info.uid} answered for ${u}`);
    if (info.blockSize) this.blockSizes.set(u, info.blockSize);
    return info;
  }

  selectAntenna(antenna: number): Promise<void> {
    this.check();
    if (!this.antennas.includes(antenna)) {
      return Promise.reject(
        new ReaderError('unsupported', `antenna ${antenna} is not configured`, { antennas: this.antennas }),
      );
    }
    this.antenna = antenna;
    return Promise.resolve();
  }
}
