/**
 * A FEIG ISO-Host reader in software: opens one end of a serial line (e.g. a socat pty), decodes FEIG requests,
 * runs them against a SimField with real ISO 15693 requests (src/rfid/commands.ts), and answers as the reader
 * firmware would. Used by the end-to-end tests and the bench; the driver cannot tell it from a reader.
 */
import { anticollision } from '../../src/rfid/anticollision.ts';
import * as Air from '../../src/rfid/commands.ts';
import type { Logger } from '../../src/log/index.ts';
import { isReaderError, type InventoryTag, type Uid } from '../../src/rfid/reader.ts';
import { parseAck, parseReadBlocks, parseResponse, parseSystemInfo } from '../../src/rfid/responses.ts';
import { needsOptionFlag } from '../../src/rfid/uid.ts';
import type { SimField } from '../sim/field.ts';
import { SerialTransport } from '../serial/transport.ts';
import * as C from './commands.ts';
import { BROADCAST, encodeFrame, FeigFramer, type FeigEvent, type FeigFrame, type FeigProtocol } from './frame.ts';
import { INTER_BYTE_MS } from './reader.ts';

/** Data sets per inventory response before the reader says "more data" (fits a standard frame). */
const SETS_PER_RESPONSE = 24;
/** [65] answer: SW 3.3.0, HW-TYPE 0x44, SW-TYPE 0x53, TR-TYPE 0x0D30 (rfid-vectors §C software version vector). */
const SOFTWARE_VERSION = [0x03, 0x03, 0x00, 0x44, 0x53, 0x0d, 0x30];

export interface EmulatorOptions {
  path: string;
  field: SimField;
  log: Logger;
  baudRate?: number;
  protocol?: FeigProtocol;
  /** This reader's COM-ADR; it answers requests to it and to 0xFF. */
  busAddress?: number;
  reconnectMs?: number;
}

/** A reply: STATUS and its data. */
type Reply = [status: number, data?: ArrayLike<number>];

/** Air exchange failed in a way that maps onto a FEIG status. */
class AirFailure extends Error {
  constructor(readonly reply: Reply) {
    super('air failure');
  }
}

export class FeigEmulator {
  private readonly framer: FeigFramer;
  private antenna = 1;
  private rfOn = true;
  private moreQueue: InventoryTag[] = [];
  /** Last [71] output state, for tests. */
  outputs = { os: 0, timeX100ms: 0 };
  /** Requests handled, for tests. */
  requests = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly transport: SerialTransport,
    private readonly field: SimField,
    private readonly log: Logger,
    private readonly protocol: FeigProtocol,
    private readonly addr: number,
  ) {
    this.framer = new FeigFramer(protocol);
    transport.on('data', (chunk: Buffer) => this.onData(chunk));
    transport.on('state', () => this.framer.reset());
  }

  private gapTimer: NodeJS.Timeout | undefined;

  private onData(chunk: Buffer): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
    this.process(this.framer.push(chunk));
    if (this.framer.pending > 0) {
      this.gapTimer = setTimeout(() => this.process(this.framer.flush()), INTER_BYTE_MS);
      this.gapTimer.unref?.();
    }
  }

  private process(events: FeigEvent[]): void {
    for (const ev of events) {
      if (ev.kind === 'junk') {
        this.log.debug({ reason: ev.reason, n: ev.bytes.length }, 'emulator discarded bytes');
        continue;
      }
      const f = ev.frame;
      if (f.addr !== BROADCAST && f.addr !== this.addr) continue;
      // One request at a time, in order, like the firmware.
      this.chain = this.chain.then(() => this.answer(f));
    }
  }

  private async answer(f: FeigFrame): Promise<void> {
    this.requests++;
    let reply: Reply;
    try {
      reply = await this.execute(f);
    } catch (err) {
      if (err instanceof AirFailure) reply = err.reply;
      else {
        this.log.warn({ err }, 'emulator: request failed');
        reply = [isReaderError(err, 'unsupported') ? C.Status.lengthError : C.Status.generalError];
      }
    }
    const [status, data = []] = reply;
    await this.transport
      .write(encodeFrame(this.protocol, this.addr, f.cmd, [status, ...Array.from(data)]))
      .catch((err: unknown) => {
        this.log.debug({ err }, 'emulator: reply not sent');
      });
  }

  private async execute(f: FeigFrame): Promise<Reply> {
    const b = f.body;
    switch (f.cmd) {
      case C.Cmd.softwareVersion:
        return [C.Status.ok, SOFTWARE_VERSION];
      case C.Cmd.rfReset:
        this.field.rfReset();
        return [C.Status.ok];
      case C.Cmd.rfOnOff: {
        if (b.length !== 1) return [C.Status.lengthError];
        this.rfOn = b[0] !== 0;
        if (this.rfOn) this.antenna = b[0]!;
        else this.field.rfReset();
        return [C.Status.ok];
      }
      case C.Cmd.setOutputs:
        if (b.length !== 3) return [C.Status.lengthError];
        this.outputs = { os: b[0]!, timeX100ms: (b[1]! << 8) | b[2]! };
        return [C.Status.ok];
      case C.Cmd.isoHost:
        return this.isoHost(b);
      case C.Cmd.custom:
        return this.custom(b);
      default:
        return [C.Status.unknownCommand];
    }
  }

  /** Splits MODE's addressing: returns the UID (addressed), or undefined, and where the parameters start. */
  private addressing(b: Uint8Array, modeAt: number): { uid: Uid | undefined; select: boolean; at: number } {
    const adr = (b[modeAt] ?? 0) & 0x07;
    if (adr === 1) {
      if (b.length < modeAt + 9) throw new AirFailure([C.Status.lengthError]);
      return { uid: C.uidFromBytes(b, modeAt + 1), select: false, at: modeAt + 9 };
    }
    return { uid: undefined, select: adr === 2, at: modeAt + 1 };
  }

  private async air(req: Uint8Array): Promise<Uint8Array> {
    if (!this.rfOn) throw new AirFailure([C.Status.noTransponder]);
    const r = await this.field.transceive(req, { antenna: this.antenna });
    if (r.kind !== 'single' || r.collision) throw new AirFailure([C.Status.rfCommError]);
    if (!r.response) throw new AirFailure([C.Status.noTransponder]);
    const flags = r.response[0] ?? 0;
    if (flags & 0x01) throw new AirFailure([C.Status.isoError, [r.response[1] ?? 0x0f]]);
    return r.response;
  }

  private async isoHost(b: Uint8Array): Promise<Reply> {
    if (b.length < 2) return [C.Status.lengthError];
    const isoCmd = b[0]!;
    const mode = b[1]!;
    if (isoCmd === C.IsoCmd.inventory) return this.inventory(mode, b);
    const { uid, select, at } = this.addressing(b, 1);
    const p = b.subarray(at);
    const a = { uid, select, option: uid !== undefined && needsOptionFlag(uid) };
    const need = (n: number): void => {
      if (p.length < n) throw new AirFailure([C.Status.lengthError]);
    };
    switch (isoCmd) {
      case C.IsoCmd.readBlocks: {
        need(2);
        const [first, n] = [p[0]!, p[1]!];
        if (n < 1) return [C.Status.lengthError];
        const { data } = parseReadBlocks(await this.air(Air.readMultiple({ uid, select }, first, n)), n);
        const size = data.length / n;
        return [C.Status.ok, [n, size, ...C.swapBlocks(data, size)]];
      }
      case C.IsoCmd.writeBlocks: {
        need(3);
        const [first, n, size] = [p[0]!, p[1]!, p[2]!];
        if (n < 1 || size < 1 || p.length !== 3 + n * size) return [C.Status.lengthError];
        const data = C.swapBlocks(p.subarray(3), size);
        // Block by block on the air: every ISO 15693 family has Write Single (ICODE SLIX lacks Write Multiple).
        for (let i = 0; i < n; i++) {
          try {
            parseAck(await this.air(Air.writeSingle(a, first + i, data.subarray(i * size, (i + 1) * size))));
          } catch (err) {
            if (err instanceof AirFailure && err.reply[0] === C.Status.noTransponder && i > 0)
              return [C.Status.writeError, [first + i]];
            throw err;
          }
        }
        return [C.Status.ok];
      }
      case C.IsoCmd.lockBlocks: {
        need(2);
        for (let i = 0; i < p[1]!; i++) parseAck(await this.air(Air.lockBlock(a, p[0]! + i)));
        return [C.Status.ok];
      }
      case C.IsoCmd.writeAfi:
        need(1);
        parseAck(await this.air(Air.writeAfi(a, p[0]!)));
        return [C.Status.ok];
      case C.IsoCmd.lockAfi:
        parseAck(await this.air(Air.lockAfi(a)));
        return [C.Status.ok];
      case C.IsoCmd.writeDsfid:
        need(1);
        parseAck(await this.air(Air.writeDsfid(a, p[0]!)));
        return [C.Status.ok];
      case C.IsoCmd.systemInfo: {
        const s = parseSystemInfo(await this.air(Air.systemInfo({ uid, select })));
        return [
          C.Status.ok,
          [
            s.dsfid ?? 0,
            ...C.uidBytes(s.uid),
            s.afi ?? 0,
            ((s.blockSize ?? 1) - 1) & 0x1f,
            ((s.blockCount ?? 1) - 1) & 0xff,
            s.icReference ?? 0,
          ],
        ];
      }
      default:
        return [C.Status.unknownCommand];
    }
  }

  private async inventory(mode: number, b: Uint8Array): Promise<Reply> {
    if (!(mode & C.Mode.more)) {
      if (mode & C.Mode.afi && b.length < 3) return [C.Status.lengthError];
      const afi = mode & C.Mode.afi ? b[2] : undefined;
      if (!this.rfOn) return [C.Status.noTransponder];
      const antenna = this.antenna;
      const r = await anticollision((req) => this.field.transceive(req, { antenna }), { afi, slots: 16 });
      this.moreQueue = r.tags;
    }
    if (this.moreQueue.length === 0) return [C.Status.noTransponder];
    const now = this.moreQueue.slice(0, SETS_PER_RESPONSE);
    this.moreQueue = this.moreQueue.slice(SETS_PER_RESPONSE);
    const data = [now.length];
    for (const t of now) data.push(C.TR_TYPE_ISO15693, t.dsfid, ...C.uidBytes(t.uid));
    return [this.moreQueue.length > 0 ? C.Status.moreData : C.Status.ok, data];
  }

  private async custom(b: Uint8Array): Promise<Reply> {
    if (b.length < 3) return [C.Status.lengthError];
    const cmd = b[0]!;
    if (b[2] !== C.MFR_NXP) return [C.Status.wrongType];
    // [B1]: CMD, MODE, MFR, then the UID when MODE says addressed.
    const addressed = ((b[1] ?? 0) & 0x07) === 1;
    if (addressed && b.length < 11) return [C.Status.lengthError];
    const uid = addressed ? C.uidFromBytes(b, 3) : undefined;
    switch (cmd) {
      case C.NxpCmd.setEas:
      case C.NxpCmd.resetEas:
        if (uid === undefined) return [C.Status.lengthError];
        parseAck(await this.air(cmd === C.NxpCmd.setEas ? Air.nxpSetEas({ uid }) : Air.nxpResetEas({ uid })));
        return [C.Status.ok];
      case C.NxpCmd.easAlarm: {
        if (!this.rfOn) return [C.Status.noTransponder];
        const r = await this.field.transceive(Air.nxpEasAlarm(uid === undefined ? {} : { uid }), {
          antenna: this.antenna,
        });
        if (r.kind !== 'single') return [C.Status.rfCommError];
        if (r.collision) return [C.Status.ok];
        if (!r.response) return [C.Status.noTransponder];
        return [C.Status.ok, parseResponse(r.response)];
      }
      default:
        return [C.Status.unknownCommand];
    }
  }

  /** Waits until every request received so far has been answered. */
  async idle(): Promise<void> {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    await this.chain;
  }
}

export async function startEmulator(
  opts: EmulatorOptions,
): Promise<{ close(): Promise<void>; emulator: FeigEmulator }> {
  const transport = await SerialTransport.open({
    path: opts.path,
    baudRate: opts.baudRate ?? 38400,
    dataBits: 8,
    parity: 'even',
    stopBits: 1,
    reconnectMs: opts.reconnectMs ?? 100,
    log: opts.log,
  });
  const emulator = new FeigEmulator(transport, opts.field, opts.log, opts.protocol ?? 'standard', opts.busAddress ?? 0);
  return {
    emulator,
    async close() {
      await emulator.idle();
      await transport.close();
    },
  };
}
