/**
 * The 3M reader's side, backed by a SimField: decodes D6/D5 requests, runs them as ISO 15693 frames against the
 * field (the firmware's anticollision, addressed reads and writes, option flag for TI Tag-it) and answers in 3M
 * frames. Pure over the field: no port here (emulator.ts wires it to a serial path).
 */
import type { AirReply } from '../../src/rfid/air.ts';
import { anticollision } from '../../src/rfid/anticollision.ts';
import * as I from '../../src/rfid/commands.ts';
import { ReaderError } from '../../src/rfid/reader.ts';
import { parseSystemInfo } from '../../src/rfid/responses.ts';
import { needsOptionFlag } from '../../src/rfid/uid.ts';
import type { SimField } from '../sim/field.ts';
import { CMD, STATUS } from './commands.ts';
import { encodeFrame, START_PROBE, type Frame } from './frame.ts';

const u = (...b: number[]): Uint8Array => Uint8Array.from(b);
const cat = (...parts: ArrayLike<number>[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const uidOf = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

/** ISO tag error code → the 3M status the reader reports (rfid-facts.md §2 error list). */
export function tagErrorStatus(code: number): number {
  if (code >= 0x01 && code <= 0x03) return 0x20 + code;
  if (code === 0x10) return STATUS.memNotAvailable;
  if (code === 0x11 || code === 0x12) return STATUS.locked;
  return STATUS.notWritten;
}

/** A request that failed on the air, carried as the status byte to answer with. */
class Status extends Error {
  constructor(readonly status: number) {
    super(`3M status 0x${status.toString(16)}`);
  }
}

export interface ThreeMEmulatorOptions {
  antenna?: number;
  /** Version the probe reports (§B2 real reply 10.5.2.27). */
  version?: [number, number, number, number];
}

export class ThreeMEmulatorCore {
  private readonly antenna: number;
  private readonly version: number[];

  constructor(
    readonly field: SimField,
    opts: ThreeMEmulatorOptions = {},
  ) {
    this.antenna = opts.antenna ?? 1;
    this.version = opts.version ?? [10, 5, 2, 27];
  }

  private air(req: Uint8Array): Promise<AirReply> {
    return this.field.transceive(req, { antenna: this.antenna });
  }

  /** One addressed exchange: the tag's success body (after flags), or Status for silence/collision/tag error. */
  private async exec(req: Uint8Array, silent: number = STATUS.noTag): Promise<Uint8Array> {
    const r = await this.air(req);
    if (r.kind !== 'single') throw new Status(STATUS.paramError);
    if (r.collision) throw new Status(STATUS.notRead);
    if (!r.response) throw new Status(silent);
    if ((r.response[0] ?? 1) & 0x01) throw new Status(tagErrorStatus(r.response[1] ?? 0x0f));
    return r.response.subarray(1);
  }

  /** Answers one decoded request frame with the bytes of the reply frame. */
  async handle(f: Frame): Promise<Uint8Array> {
    const x = f.fields;
    if (f.start === START_PROBE) {
      if (f.cmd === 0x04 && x[1] === CMD.version)
        return encodeFrame(0x04, u(0x00, CMD.version, ...this.version), START_PROBE);
      return encodeFrame(f.cmd, u(STATUS.notImplemented), START_PROBE);
    }
    const known: number[] = Object.values(CMD);
    const needUid =
      known.includes(f.cmd) && f.cmd !== CMD.inventory && f.cmd !== CMD.init && f.cmd !== CMD.isoPassThrough;
    const uid = x.subarray(0, 8);
    const reply = (status: number, ...rest: ArrayLike<number>[]): Uint8Array =>
      encodeFrame(f.cmd, cat([status], needUid ? uid : [], ...rest));
    if (needUid && x.length < 8) return encodeFrame(f.cmd, u(STATUS.paramError));
    try {
      return await this.run(f.cmd, x, uid, reply);
    } catch (err) {
      if (err instanceof Status) return reply(err.status);
      if (err instanceof ReaderError) return reply(STATUS.paramError);
      throw err;
    }
  }

  private async run(
    cmd: number,
    x: Uint8Array,
    uidB: Uint8Array,
    reply: (status: number, ...rest: ArrayLike<number>[]) => Uint8Array,
  ): Promise<Uint8Array> {
    // Only meaningful for the UID commands (handle() checked the length); inventory/init/pass-through ignore it.
    const uid = uidB.length === 8 ? uidOf(uidB) : '';
    const a = { uid, option: uid !== '' && needsOptionFlag(uid) };
    const len = (n: number): void => {
      if (x.length !== n) throw new Status(STATUS.paramError);
    };
    switch (cmd) {
      case CMD.init:
        // Biblio-RFID's recorded init exchange (§B2).
        return encodeFrame(cmd, u(0x00, 0x02, 0x01, 0x01, 0x03, 0x02, 0x02, 0x03, 0x00));
      case CMD.inventory: {
        if (x.length < 2) throw new Status(STATUS.paramError);
        const afi = x[0] ? x[0] : undefined;
        const res = await anticollision((req) => this.air(req), { afi, slots: 16 });
        const uids = res.tags.map((t) => Buffer.from(t.uid, 'hex'));
        return encodeFrame(cmd, cat([STATUS.ok, 0x00, 0x05, uids.length], ...uids));
      }
      case CMD.readMulti: {
        len(10);
        const first = x[8]!;
        const count = x[9]!;
        if (count < 1) throw new Status(STATUS.paramError);
        const body = await this.exec(I.readMultiple({ uid }, first, count), STATUS.noTag);
        if (body.length % count !== 0) throw new Status(STATUS.notRead);
        const size = body.length / count;
        const blocks = Array.from({ length: count }, (_, i) =>
          cat([(first + i) & 0xff, (first + i) >> 8], body.subarray(i * size, (i + 1) * size)),
        );
        return reply(STATUS.ok, [count], ...blocks);
      }
      case CMD.writeMulti: {
        const first = x[8] ?? 0;
        const count = x[9] ?? 0;
        const data = x.subarray(11);
        if (x.length < 12 || count < 1 || data.length % count !== 0) throw new Status(STATUS.paramError);
        const size = data.length / count;
        for (let i = 0; i < count; i++)
          await this.exec(I.writeSingle(a, first + i, data.subarray(i * size, (i + 1) * size)), STATUS.notWritten);
        return reply(STATUS.ok, [count]);
      }
      case CMD.writeAfi:
        len(9);
        await this.exec(I.writeAfi(a, x[8]!), STATUS.notWritten);
        return reply(STATUS.ok);
      case CMD.getAfi: {
        len(8);
        const info = parseSystemInfo(cat([0x00], await this.exec(I.systemInfo({ uid }))));
        return reply(STATUS.ok, [info.afi ?? 0]);
      }
      case CMD.lockAfi:
        len(8);
        await this.exec(I.lockAfi(a), STATUS.notWritten);
        return reply(STATUS.ok);
      case CMD.easControl:
        len(9);
        await this.exec(x[8] ? I.nxpSetEas({ uid }) : I.nxpResetEas({ uid }), STATUS.notWritten);
        return reply(STATUS.ok);
      case CMD.checkEas: {
        len(8);
        // An EAS-enabled tag answers the addressed alarm; a tag with EAS off stays silent.
        const r = await this.air(I.nxpEasAlarm({ uid }));
        return reply(STATUS.ok, [r.kind === 'single' && (r.response !== null || r.collision) ? 0x01 : 0x00]);
      }
      case CMD.isoPassThrough:
        return this.passThrough(x);
      default:
        return encodeFrame(cmd, u(STATUS.notImplemented));
    }
  }

  private async passThrough(x: Uint8Array): Promise<Uint8Array> {
    const n = ((x[0] ?? 0) << 8) | (x[1] ?? 0);
    const iso = x.subarray(6);
    if (x.length < 8 || iso.length !== n) return encodeFrame(CMD.isoPassThrough, u(STATUS.paramError));
    if (iso[0]! & 0x04) return encodeFrame(CMD.isoPassThrough, u(0x31)); // inventory is FE's job
    const r = await this.air(iso);
    if (r.kind !== 'single') return encodeFrame(CMD.isoPassThrough, u(0x31));
    if (r.collision) return encodeFrame(CMD.isoPassThrough, u(STATUS.notRead));
    if (!r.response) return encodeFrame(CMD.isoPassThrough, u(STATUS.noTag));
    const l = r.response.length;
    // `83 | len | response` as in the spec example reply (§B4).
    return encodeFrame(CMD.isoPassThrough, cat([STATUS.ok, 0x83, l >> 8, l & 0xff], r.response));
  }
}
