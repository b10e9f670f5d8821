/**
 * The virtual RF field: tags enter and leave (per antenna); every request on the air reaches every tag in the
 * field on that antenna; replies are combined as a reader would see them (one answer, silence, or a collision),
 * and time passes as the ISO 15693 air interface would take (airtime.ts).
 */
import { EventEmitter } from 'node:events';
import type { AirReply } from '../../src/rfid/air.ts';
import { InvFlag, ReqFlag } from '../../src/rfid/flags.ts';
import { ReaderError, type Uid } from '../../src/rfid/reader.ts';
import { normUid } from '../../src/rfid/uid.ts';
import { exchangeUs, inventoryRoundUs } from './airtime.ts';
import { RealClock, seededRandom, VirtualClock, type SimClock } from './clock.ts';
import type { SimTag } from './tag.ts';

export type { AirReply } from '../../src/rfid/air.ts';
export type { SimClock } from './clock.ts';

export interface SimFieldOptions {
  timing?: 'real' | 'virtual';
  seed?: number;
  clock?: SimClock;
}

export interface TransceiveOptions {
  antenna?: number;
}

export class SimField extends EventEmitter {
  readonly clock: SimClock;
  readonly random: () => number;
  private readonly present = new Map<Uid, SimTag>();
  /** Requests seen, for tests and the bench's bound (kind of request, air time). */
  readonly stats = { requests: 0, airUs: 0 };

  constructor(opts: SimFieldOptions = {}) {
    super();
    this.clock = opts.clock ?? (opts.timing === 'real' ? new RealClock() : new VirtualClock());
    this.random = seededRandom(opts.seed ?? 1);
  }

  addTag(tag: SimTag): void {
    if (this.present.has(tag.uid)) throw new ReaderError('unsupported', `tag ${tag.uid} is already in the field`);
    tag.powerUp();
    this.present.set(tag.uid, tag);
    this.emit('enter', tag);
  }

  removeTag(uid: string): void {
    const u = normUid(uid);
    const tag = this.present.get(u);
    if (!tag) return;
    this.present.delete(u);
    this.emit('leave', tag);
  }

  tags(): SimTag[] {
    return [...this.present.values()];
  }

  tag(uid: string): SimTag | undefined {
    return this.present.get(normUid(uid));
  }

  /** Field off and on: every tag back to Ready (ISO 15693-3 power-up). */
  rfReset(): void {
    for (const t of this.present.values()) t.powerUp();
  }

  /**
   * One ISO 15693 request as the reader puts it on the air (flags, command, params; no SOF/EOF/CRC).
   * Inventory requests return per-slot outcomes.
   */
  async transceive(request: Uint8Array, opts: TransceiveOptions = {}): Promise<AirReply> {
    const antenna = opts.antenna ?? 1;
    const tags = this.tags().filter((t) => t.antenna === antenna);
    const flags = request[0] ?? 0;
    let reply: AirReply;
    if (request.length >= 2 && flags & ReqFlag.inventory) {
      const nSlots = flags & InvFlag.oneSlot ? 1 : 16;
      const answers: Uint8Array[][] = Array.from({ length: nSlots }, () => []);
      for (const t of tags) {
        const a = t.inventory(request, this.random);
        if (a) answers[a.slot]!.push(a.response);
      }
      const slots = answers.map((a) => ({ response: a.length === 1 ? a[0]! : null, collision: a.length > 1 }));
      const airUs = inventoryRoundUs(
        request.length,
        answers.map((a) => a.length > 0),
      );
      reply =
        nSlots === 1
          ? { kind: 'single', response: slots[0]!.response, collision: slots[0]!.collision, airUs }
          : { kind: 'slots', slots, airUs };
    } else {
      // Select moves any other Selected tag back to Ready (ISO 15693-3 state diagram).
      if (request[1] === 0x25 && flags & ReqFlag.address) {
        for (const t of tags) if (t.state === 'selected') t.state = 'ready';
      }
      const answers = tags.map((t) => t.handle(request, this.random));
      const heard = answers.filter((a) => a.response !== null);
      const programUs = Math.max(0, ...answers.map((a) => a.programUs));
      const collision = heard.length > 1;
      const response = heard.length === 1 ? heard[0]!.response : null;
      const optionEof = (flags & ReqFlag.option) !== 0 && programUs > 0;
      const airUs = exchangeUs(
        request.length,
        heard.length > 0 ? Math.max(...heard.map((a) => a.response!.length)) : null,
        {
          programUs,
          optionEof,
        },
      );
      reply = { kind: 'single', response, collision, airUs };
    }
    this.stats.requests++;
    this.stats.airUs += reply.airUs;
    await this.clock.elapse(reply.airUs);
    return reply;
  }
}
