/**
 * FeigReader: the Reader contract over a FEIG ID CPR/ISC reader speaking the ISO-Host protocol on a serial port.
 * The reader firmware does anticollision, addressing and the option flag itself; we send [B0]/[B1] requests,
 * one at a time, with the ≥ 5 ms quiet gap the protocol asks for before each request (rfid-facts.md §2).
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../../src/log/index.ts';
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
import { MFG_NXP, normUid, uidManufacturer } from '../../src/rfid/uid.ts';
import { RequestChannel } from '../serial/request.ts';
import type { SerialTransport } from '../serial/transport.ts';
import * as C from './commands.ts';
import { BROADCAST, encodeFrame, FeigFramer, type FeigFrame, type FeigProtocol } from './frame.ts';

/** Protocol rule: the host waits at least 5 ms after a response before the next request. */
export const INTER_FRAME_MS = 5;
/**
 * A partial frame this long without a new byte is stale (the spec allows ≤ 12 ms between characters; USB serial
 * adapters and loaded hosts add latency, so we are generous).
 */
export const INTER_BYTE_MS = 50;
/** Blocks per read/write request: 24 × 8-byte blocks still fit a standard (≤ 255 byte) frame. */
const CHUNK_BLOCKS = 24;
/** Safety bound on [B0][01] MORE continuations. */
const MAX_MORE = 64;

export interface FeigReaderOptions {
  transport: SerialTransport;
  log: Logger;
  commandTimeoutMs: number;
  antennas: number[];
  busAddress?: number;
  protocol?: FeigProtocol;
}

export class FeigReader extends EventEmitter implements Reader {
  readonly driver = 'feig';
  private readonly channel: RequestChannel<FeigFrame>;
  private readonly transport: SerialTransport;
  private readonly addr: number;
  private readonly protocol: FeigProtocol;
  private readonly antennas: number[];
  private antenna: number;
  /** The reader may have lost the antenna choice (power cycle on replug): re-send [6A] before the next command. */
  private antennaDirty = false;
  private readonly blockSizes = new Map<Uid, number>();
  private closed = false;

  constructor(opts: FeigReaderOptions) {
    super();
    this.transport = opts.transport;
    this.addr = opts.busAddress ?? BROADCAST;
    this.protocol = opts.protocol ?? 'standard';
    this.antennas = opts.antennas.length ? opts.antennas : [1];
    this.antenna = this.antennas[0]!;
    this.antennaDirty = this.antennas.length > 1;
    this.channel = new RequestChannel(opts.transport, new FeigFramer(this.protocol), {
      timeoutMs: opts.commandTimeoutMs,
      log: opts.log,
      interFrameMs: INTER_FRAME_MS,
      interByteMs: INTER_BYTE_MS,
    });
    this.transport.on('state', (state: 'up' | 'down', reason?: string) => {
      if (state === 'up') this.antennaDirty = this.antennas.length > 1;
      this.emit('state', state, reason);
    });
  }

  /** Sends one request; resolves with the response frame to the same command. */
  private async send(r: C.FeigRequest): Promise<FeigFrame> {
    if (this.closed) throw new ReaderError('reader_gone', 'reader is closed');
    const bytes = encodeFrame(this.protocol, this.addr, r.cmd, r.body);
    return this.channel.request(bytes, {
      accept: (f) => f.cmd === r.cmd && (this.addr === BROADCAST || f.addr === this.addr),
    });
  }

  private async ensureAntenna(): Promise<void> {
    if (!this.antennaDirty) return;
    C.expectOk(await this.send(C.rfOnOff(this.antenna)));
    this.antennaDirty = false;
  }

  async inventory(opts: InventoryOptions = {}): Promise<InventoryTag[]> {
    if (opts.antenna !== undefined) await this.selectAntenna(opts.antenna);
    await this.ensureAntenna();
    // The reader resolves collisions itself; `slots` has no FEIG equivalent in [B0][01] and is not sent.
    const found = new Map<Uid, InventoryTag>();
    let more = false;
    for (let i = 0; i <= MAX_MORE; i++) {
      const r = C.parseInventory(await this.send(C.inventory({ afi: opts.afi, more })));
      for (const t of r.tags) if (!found.has(t.uid)) found.set(t.uid, { ...t, antenna: this.antenna });
      if (!r.more) return [...found.values()];
      more = true;
    }
    throw new ReaderError('frame', `inventory still reports more data after ${MAX_MORE} continuations`);
  }

  async readBlocks(uid: Uid, first: number, count: number): Promise<Uint8Array> {
    const u = normUid(uid);
    if (!Number.isInteger(count) || count < 1)
      throw new ReaderError('unsupported', `block count must be ≥ 1, got ${count}`);
    await this.ensureAntenna();
    const parts: Uint8Array[] = [];
    for (let b = first; b < first + count; b += CHUNK_BLOCKS) {
      const n = Math.min(CHUNK_BLOCKS, first + count - b);
      const r = C.parseReadBlocks(await this.send(C.readBlocks(u, b, n)), n);
      this.blockSizes.set(u, r.blockSize);
      parts.push(r.data);
    }
    return Buffer.concat(parts);
  }

  private async blockSize(uid: Uid): Promise<number> {
    return this.blockSizes.get(uid) ?? (await this.systemInfo(uid)).blockSize ?? 4;
  }

  /** The reader picks the option flag per transponder itself (TI Tag-it), so `opts.option` is not sent. */
  async writeBlocks(uid: Uid, first: number, data: Uint8Array, _opts: WriteOptions = {}): Promise<void> {
    const u = normUid(uid);
    await this.ensureAntenna();
    const size = await this.blockSize(u);
    if (data.length === 0 || data.length % size !== 0)
      throw new ReaderError('unsupported', `data length ${data.length} is not a multiple of the block size ${size}`);
    const blocks = data.length / size;
    for (let i = 0; i < blocks; i += CHUNK_BLOCKS) {
      const n = Math.min(CHUNK_BLOCKS, blocks - i);
      C.expectOk(await this.send(C.writeBlocks(u, first + i, size, data.subarray(i * size, (i + n) * size))));
    }
  }

  async lockBlock(uid: Uid, block: number, _opts: WriteOptions = {}): Promise<void> {
    await this.ensureAntenna();
    C.expectOk(await this.send(C.lockBlocks(normUid(uid), block, 1)));
  }

  async writeAfi(uid: Uid, afi: number, _opts: WriteOptions = {}): Promise<void> {
    await this.ensureAntenna();
    C.expectOk(await this.send(C.writeAfi(normUid(uid), afi)));
  }

  async lockAfi(uid: Uid, _opts: WriteOptions = {}): Promise<void> {
    await this.ensureAntenna();
    C.expectOk(await this.send(C.lockAfi(normUid(uid))));
  }

  async writeDsfid(uid: Uid, dsfid: number, _opts: WriteOptions = {}): Promise<void> {
    await this.ensureAntenna();
    C.expectOk(await this.send(C.writeDsfid(normUid(uid), dsfid)));
  }

  async setEas(uid: Uid, on: boolean): Promise<void> {
    const u = normUid(uid);
    if (uidManufacturer(u) !== MFG_NXP) throw new ReaderError('unsupported', `EAS needs an NXP ICODE tag, ${u} is not`);
    await this.ensureAntenna();
    C.expectOk(await this.send(C.nxp(on ? C.NxpCmd.setEas : C.NxpCmd.resetEas, u)));
  }

  async easAlarm(uid?: Uid): Promise<boolean> {
    await this.ensureAntenna();
    const f = await this.send(C.nxp(C.NxpCmd.easAlarm, uid === undefined ? undefined : normUid(uid)));
    const { status, data } = C.statusOf(f);
    if (status === C.Status.ok) return true;
    if (status === C.Status.noTransponder) return false;
    // Several EAS sequences at once garble the air reply: still an alarm.
    if (status === C.Status.rfCommError && uid === undefined) return true;
    throw C.statusError(status, data, f.cmd);
  }

  async systemInfo(uid: Uid): Promise<SystemInfo> {
    const u = normUid(uid);
    await this.ensureAntenna();
    const info = C.parseSystemInfo(await this.send(C.systemInfo(u)));
    if (info.uid !== u) throw new ReaderError('frame', `system info of ${info.uid} answered for ${u}`);
    if (info.blockSize) this.blockSizes.set(u, info.blockSize);
    return info;
  }

  async rfReset(): Promise<void> {
    C.expectOk(await this.send(C.rfReset()));
  }

  async selectAntenna(antenna: number): Promise<void> {
    if (!this.antennas.includes(antenna))
      throw new ReaderError('unsupported', `antenna ${antenna} is not configured`, { antennas: this.antennas });
    if (antenna === this.antenna && !this.antennaDirty) return;
    this.antenna = antenna;
    this.antennaDirty = true;
    await this.ensureAntenna();
  }

  async info(): Promise<ReaderInfo> {
    const v = C.parseSoftwareVersion(await this.send(C.softwareVersion()));
    return {
      driver: 'feig',
      firmware: v.firmware,
      antennas: this.antennas.length,
      details: {
        hwType: v.hwType,
        swType: v.swType,
        trType: v.trType,
        protocol: this.protocol,
        busAddress: this.addr,
        antenna: this.antenna,
        port: this.transport.path,
        up: this.transport.isUp,
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.channel.close();
    await this.transport.close();
  }
}
