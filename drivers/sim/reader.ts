/**
 * SimReader: the Reader contract directly over a SimField. It plays the reader firmware: builds ISO 15693
 * requests, runs anticollision, addresses every write to one UID, picks the option flag per tag family.
 * In 'real' timing each call takes as long as its commands would on the air.
 */
import { EventEmitter } from 'node:events';
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
import type { SimField } from './field.ts';

export interface SimReaderOptions {
  /** Antennas the reader has (1-based); the first is selected at start. */
  antennas?: number[];
}

/** How long the field stays off on an RF reset; tags lose power well within 1 ms (readers use 1–15 ms). */
export const RF_RESET_US = 1_000;
/** Blocks per Read Multiple request (keeps responses within common reader buffers). */
const READ_CHUNK = 32;

export class SimReader extends EventEmitter implements Reader {
  readonly driver = 'sim';
  private readonly antennas: number[];
  private antenna: number;
  private closed = false;
  private down: string | undefined;
  private readonly blockSizes = new Map<Uid, number>();

  constructor(
    readonly field: SimField,
    opts: SimReaderOptions = {},
  ) {
    super();
    this.antennas = opts.antennas ?? [1];
    this.antenna = this.antennas[0] ?? 1;
  }

  private check(): void {
    if (this.closed) throw new ReaderError('reader_gone', 'reader is closed');
    if (this.down) throw new ReaderError('reader_gone', `reader is unplugged (${this.down})`);
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

  /** One non-inventory request; the single answer, or a typed error for silence or a collision. */
  private async exec(req: Uint8Array): Promise<Uint8Array> {
    this.check();
    const r = await this.field.transceive(req, { antenna: this.antenna });
    if (r.kind !== 'single') throw new ReaderError('frame', 'slotted reply to a single request');
    if (r.collision) throw new ReaderError('collision', 'more than one tag answered');
    if (!r.response) throw new ReaderError('no_tag', 'no tag answered');
    return r.response;
  }

  async inventory(opts: InventoryOptions = {}): Promise<InventoryTag[]> {
    this.check();
    if (opts.antenna !== undefined) await this.selectAntenna(opts.antenna);
    const antenna = this.antenna;
    const afi = opts.afi;
    const res = await anticollision((req) => this.field.transceive(req, { antenna }), {
      afi,
      slots: opts.slots ?? 16,
    });
    return res.tags.map((t) => ({ ...t, antenna }));
  }

  private async blockSize(uid: Uid): Promise<number> {
    const known = this.blockSizes.get(uid);
    if (known) return known;
    const info = await this.systemInfo(uid);
    return info.blockSize ?? 4;
  }

  async readBlocks(uid: Uid, first: number, count: number): Promise<Uint8Array> {
    const u = normUid(uid);
    if (count < 1) throw new ReaderError('unsupported', `block count must be at least 1, got ${count}`);
    const parts: Uint8Array[] = [];
    for (let b = first; b < first + count; b += READ_CHUNK) {
      const n = Math.min(READ_CHUNK, first + count - b);
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
    const option = opts.option ?? needsOptionFlag(u);
    // Write Single Block per block: every family supports it (ICODE SLIX lacks Write Multiple).
    for (let i = 0; i < data.length / size; i++) {
      parseAck(await this.exec(C.writeSingle({ uid: u, option }, first + i, data.subarray(i * size, (i + 1) * size))));
    }
  }

  async lockBlock(uid: Uid, block: number, opts: WriteOptions = {}): Promise<void> {
    const u = normUid(uid);
    parseAck(await this.exec(C.lockBlock({ uid: u, option: opts.option ?? needsOptionFlag(u) }, block)));
  }

  async writeAfi(uid: Uid, afi: number, opts: WriteOptions = {}): Promise<void> {
    const u = normUid(uid);
    parseAck(await this.exec(C.writeAfi({ uid: u, option: opts.option ?? needsOptionFlag(u) }, afi)));
  }

  async lockAfi(uid: Uid, opts: WriteOptions = {}): Promise<void> {
    const u = normUid(uid);
    parseAck(await this.exec(C.lockAfi({ uid: u, option: opts.option ?? needsOptionFlag(u) })));
  }

  async writeDsfid(uid: Uid, dsfid: number, opts: WriteOptions = {}): Promise<void> {
    const u = normUid(uid);
    parseAck(await this.exec(C.writeDsfid({ uid: u, option: opts.option ?? needsOptionFlag(u) }, dsfid)));
  }

  async setEas(uid: Uid, on: boolean): Promise<void> {
    const u = normUid(uid);
    if (uidManufacturer(u) !== MFG_NXP) throw new ReaderError('unsupported', `EAS needs an NXP ICODE tag, ${u} is not`);
    parseAck(await this.exec(on ? C.nxpSetEas({ uid: u }) : C.nxpResetEas({ uid: u })));
  }

  /** Unaddressed: true when any EAS-enabled tag answered. Addressed (uid given): true when that tag's EAS is set. */
  async easAlarm(uid?: Uid): Promise<boolean> {
    this.check();
    const req = C.nxpEasAlarm(uid === undefined ? {} : { uid: normUid(uid) });
    const r = await this.field.transceive(req, { antenna: this.antenna });
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

  async rfReset(): Promise<void> {
    this.check();
    this.field.rfReset();
    await this.field.clock.elapse(RF_RESET_US);
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
