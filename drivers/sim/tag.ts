/**
 * A virtual ISO/IEC 15693 tag: memory, locks, AFI/DSFID, NXP EAS, the Ready/Quiet/Selected state machine,
 * and injectable faults. It answers requests exactly as they arrive on the air (flags, cmd, ..., no CRC).
 */
import { Cmd } from '../../src/rfid/commands.ts';
import { TagErrorCode as E } from '../../src/rfid/errors.ts';
import { InvFlag, ReqFlag } from '../../src/rfid/flags.ts';
import type { TagFamily, Uid } from '../../src/rfid/reader.ts';
import { normUid, uidToAir, uidToBigInt } from '../../src/rfid/uid.ts';
import { FAMILIES, type FamilyTraits } from './families.ts';

export type TagState = 'ready' | 'quiet' | 'selected';

export interface TagFaults {
  /** The tag does not hear the next N requests it would otherwise answer. */
  silentFor: number;
  /** Probability (0..1) that the tag misses any request (seeded RNG of the field). */
  silentProbability: number;
  /** The next `count` writes tear: 'partial' leaves half a block written and no answer; 'fail' answers error 0x13. */
  tear: { count: number; kind: 'partial' | 'fail' } | undefined;
}

export interface SimTagInit {
  uid: Uid;
  family?: TagFamily;
  blockCount?: number;
  /** Initial user memory (padded with zeros to blockCount × blockSize). */
  data?: Uint8Array;
  afi?: number;
  dsfid?: number;
  eas?: boolean;
  antenna?: number;
}

/** What a tag does with one request: its response (null = silent) and how long it spent programming. */
export interface TagAnswer {
  response: Uint8Array | null;
  programUs: number;
}

const ok = (...bytes: number[]): Uint8Array => Uint8Array.from([0x00, ...bytes]);
const err = (code: number): Uint8Array => Uint8Array.of(0x01, code);
const silent: TagAnswer = { response: null, programUs: 0 };

export class SimTag {
  readonly uid: Uid;
  readonly family: TagFamily;
  readonly traits: FamilyTraits;
  readonly blockSize: number;
  readonly blocks: Uint8Array[];
  readonly locks: boolean[];
  afi: number;
  dsfid: number;
  eas: boolean;
  afiLocked = false;
  dsfidLocked = false;
  easLocked = false;
  state: TagState = 'ready';
  antenna: number;
  readonly faults: TagFaults = { silentFor: 0, silentProbability: 0, tear: undefined };
  private readonly airUid: Uint8Array;

  constructor(init: SimTagInit) {
    this.uid = normUid(init.uid);
    this.family = init.family ?? 'icode-slix';
    this.traits = FAMILIES[this.family];
    this.blockSize = this.traits.blockSize;
    const count = init.blockCount ?? this.traits.blockCount;
    this.blocks = Array.from({ length: count }, (_, i) => {
      const b = new Uint8Array(this.blockSize);
      if (init.data) b.set(init.data.subarray(i * this.blockSize, (i + 1) * this.blockSize));
      return b;
    });
    this.locks = new Array<boolean>(count).fill(false);
    this.afi = init.afi ?? 0;
    this.dsfid = init.dsfid ?? 0;
    this.eas = init.eas ?? false;
    this.antenna = init.antenna ?? 1;
    this.airUid = uidToAir(this.uid);
  }

  /** User memory as one byte array. */
  memory(): Uint8Array {
    const out = new Uint8Array(this.blocks.length * this.blockSize);
    this.blocks.forEach((b, i) => out.set(b, i * this.blockSize));
    return out;
  }

  /** Field off and on (or the tag entered the field): back to Ready. */
  powerUp(): void {
    this.state = 'ready';
  }

  /** Faults that make the tag miss a request it would answer. */
  private misses(rng: () => number): boolean {
    if (this.faults.silentFor > 0) {
      this.faults.silentFor--;
      return true;
    }
    return this.faults.silentProbability > 0 && rng() < this.faults.silentProbability;
  }

  /** ISO 15693-3 AFI table: 00 all; X0 any subfamily of family X; 0Y only proprietary subfamily Y; XY exact. */
  afiMatches(req: number): boolean {
    if (req === 0) return true;
    if ((req & 0x0f) === 0) return (this.afi & 0xf0) === (req & 0xf0);
    return this.afi === req;
  }

  /**
   * Inventory: returns the slot (0 for 1-slot) this tag answers in, with its response, or null.
   * The mask is compared with the UID's low bits; with 16 slots the next 4 bits pick the slot.
   */
  inventory(req: Uint8Array, rng: () => number): { slot: number; response: Uint8Array } | null {
    const flags = req[0]!;
    if (this.state === 'quiet' || req.length < 3) return null;
    let p = 2;
    if (flags & InvFlag.afi) {
      if (!this.afiMatches(req[p++]!)) return null;
    }
    const len = req[p++];
    if (len === undefined) return null;
    const oneSlot = (flags & InvFlag.oneSlot) !== 0;
    if (len > (oneSlot ? 64 : 60) || req.length !== p + Math.ceil(len / 8)) return null;
    let mask = 0n;
    for (let i = Math.ceil(len / 8) - 1; i >= 0; i--) mask = (mask << 8n) | BigInt(req[p + i]!);
    const uid = uidToBigInt(this.uid);
    const lowBits = (1n << BigInt(len)) - 1n;
    if ((uid & lowBits) !== (mask & lowBits)) return null;
    if (this.misses(rng)) return null;
    const slot = oneSlot ? 0 : Number((uid >> BigInt(len)) & 0xfn);
    return { slot, response: ok(this.dsfid, ...this.airUid) };
  }

  /** Any non-inventory request. */
  handle(req: Uint8Array, rng: () => number): TagAnswer {
    if (req.length < 2) return silent;
    const flags = req[0]!;
    if (flags & ReqFlag.inventory) return silent;
    const cmd = req[1]!;
    let p = 2;
    if (cmd >= 0xa0 && cmd <= 0xdf) {
      // Custom commands carry the IC manufacturer code; other manufacturers' tags ignore them.
      if (!this.traits.nxpCustom || req[2] !== this.traits.mfg) return silent;
      p = 3;
    }
    const addressed = (flags & ReqFlag.address) !== 0;
    if (addressed) {
      if (req.length < p + 8) return silent;
      for (let i = 0; i < 8; i++) if (req[p + i] !== this.airUid[i]) return silent;
      p += 8;
    } else if (flags & ReqFlag.select) {
      if (this.state !== 'selected') return silent;
    } else if (this.state === 'quiet' && cmd !== Cmd.resetToReady) {
      return silent;
    }
    if (this.misses(rng)) return silent;
    return this.execute(cmd, flags, req.subarray(p), addressed);
  }

  private execute(cmd: number, flags: number, a: Uint8Array, addressed: boolean): TagAnswer {
    const option = (flags & ReqFlag.option) !== 0;
    const answer = (response: Uint8Array | null, programUs = 0): TagAnswer => ({ response, programUs });
    const n = this.blocks.length;
    const size = this.blockSize;
    const write = (): TagAnswer | undefined => {
      // TI Tag-it answers a write or lock only after the reader's extra EOF; without the option flag the reader
      // never sends it and the tag neither programs nor answers (PN5180-Library #32, TI S6350 guide p.39).
      if (this.traits.optionForWrites && !option) return silent;
      return undefined;
    };
    switch (cmd) {
      case Cmd.stayQuiet:
        if (addressed && a.length === 0) this.state = 'quiet';
        return silent; // Stay Quiet never answers
      case Cmd.readSingle: {
        if (a.length !== 1) return answer(err(E.notRecognised));
        const b = a[0]!;
        if (b >= n) return answer(err(E.blockUnavailable));
        return answer(ok(...(option ? [this.locks[b] ? 1 : 0] : []), ...this.blocks[b]!));
      }
      case Cmd.readMultiple: {
        if (a.length !== 2) return answer(err(E.notRecognised));
        const first = a[0]!;
        const count = a[1]! + 1;
        if (first + count > n) return answer(err(E.blockUnavailable));
        const out: number[] = [];
        for (let b = first; b < first + count; b++) {
          if (option) out.push(this.locks[b] ? 1 : 0);
          out.push(...this.blocks[b]!);
        }
        return answer(ok(...out));
      }
      case Cmd.writeSingle:
      case Cmd.writeMultiple: {
        const w = write();
        if (w) return w;
        const multi = cmd === Cmd.writeMultiple;
        if (multi && !this.traits.writeMultiple) return answer(err(E.notSupported));
        const first = a[0];
        const count = multi ? (a[1] ?? 0) + 1 : 1;
        const head = multi ? 2 : 1;
        if (first === undefined || a.length !== head + count * size) return answer(err(E.notRecognised));
        if (first + count > n) return answer(err(E.blockUnavailable));
        for (let b = first; b < first + count; b++) if (this.locks[b]) return answer(err(E.locked));
        const prog = this.traits.programUs * count;
        for (let i = 0; i < count; i++) {
          const data = a.subarray(head + i * size, head + (i + 1) * size);
          const tear = this.faults.tear;
          if (tear && tear.count > 0) {
            tear.count--;
            if (tear.kind === 'fail') return answer(err(E.programFailed), prog);
            this.blocks[first + i]!.set(data.subarray(0, Math.ceil(size / 2)));
            return answer(null, prog);
          }
          this.blocks[first + i]!.set(data);
        }
        return answer(ok(), prog);
      }
      case Cmd.lockBlock: {
        const w = write();
        if (w) return w;
        if (a.length !== 1) return answer(err(E.notRecognised));
        const b = a[0]!;
        if (b >= n) return answer(err(E.blockUnavailable));
        if (this.locks[b]) return answer(err(E.alreadyLocked));
        this.locks[b] = true;
        return answer(ok(), this.traits.programUs);
      }
      case Cmd.select:
        if (!addressed) return answer(err(E.notRecognised));
        this.state = 'selected';
        return answer(ok());
      case Cmd.resetToReady:
        this.state = 'ready';
        return answer(ok());
      case Cmd.writeAfi:
      case Cmd.writeDsfid: {
        const w = write();
        if (w) return w;
        if (a.length !== 1) return answer(err(E.notRecognised));
        const isAfi = cmd === Cmd.writeAfi;
        if (isAfi ? this.afiLocked : this.dsfidLocked) return answer(err(E.locked));
        const tear = this.faults.tear;
        if (tear && tear.count > 0) {
          tear.count--;
          return answer(tear.kind === 'fail' ? err(E.programFailed) : null, this.traits.programUs);
        }
        if (isAfi) this.afi = a[0]!;
        else this.dsfid = a[0]!;
        return answer(ok(), this.traits.programUs);
      }
      case Cmd.lockAfi:
      case Cmd.lockDsfid: {
        const w = write();
        if (w) return w;
        const isAfi = cmd === Cmd.lockAfi;
        if (isAfi ? this.afiLocked : this.dsfidLocked) return answer(err(E.alreadyLocked));
        if (isAfi) this.afiLocked = true;
        else this.dsfidLocked = true;
        return answer(ok(), this.traits.programUs);
      }
      case Cmd.systemInfo:
        return answer(ok(0x0f, ...this.airUid, this.dsfid, this.afi, n - 1, size - 1, this.traits.icReference));
      case Cmd.securityStatus: {
        if (a.length !== 2) return answer(err(E.notRecognised));
        const first = a[0]!;
        const count = a[1]! + 1;
        if (first + count > n) return answer(err(E.blockUnavailable));
        return answer(ok(...this.locks.slice(first, first + count).map((l) => (l ? 1 : 0))));
      }
      case Cmd.nxpSetEas:
      case Cmd.nxpResetEas:
        if (this.easLocked) return answer(err(E.locked));
        this.eas = cmd === Cmd.nxpSetEas;
        return answer(ok(), this.traits.programUs);
      case Cmd.nxpLockEas:
        if (this.easLocked) return answer(err(E.alreadyLocked));
        this.easLocked = true;
        return answer(ok(), this.traits.programUs);
      case Cmd.nxpEasAlarm:
        // EAS-enabled tags answer with the 256-bit EAS sequence; others stay silent (SLIX doc; 3M spec §7.13).
        return this.eas ? answer(ok(...EAS_SEQUENCE)) : silent;
      default:
        return answer(err(E.notSupported));
    }
  }
}

/** The answer an ICODE tag gives to EAS Alarm with the option flag clear: 32 fixed bytes (content is the IC's). */
export const EAS_SEQUENCE: readonly number[] = Array.from({ length: 32 }, (_, i) => (i * 0x1f + 0xa5) & 0xff);
