/**
 * Generic ISO/IEC 15693-3 anticollision (Annex: 16-slot inventory with mask extension). Works over any
 * `transceive`, so the sim reader and every reader emulator resolve a stack of tags the same way.
 * A collision in slot s under mask m (length L) is resolved by inventorying again with mask (s << L) | m, L + 4.
 */
import type { Transceive } from './air.ts';
import { inventory as inventoryRequest } from './commands.ts';
import { ReaderError, type InventoryTag } from './reader.ts';
import { parseInventory } from './responses.ts';

export interface AnticollisionOptions {
  afi?: number | undefined;
  /** 1 = try one single-slot request first (fast when one tag is present), fall back to 16 slots on collision. */
  slots?: 1 | 16;
  /** Upper bound on inventory requests, so a misbehaving field cannot loop forever. */
  maxRequests?: number;
}

export interface AnticollisionResult {
  tags: InventoryTag[];
  /** Requests sent and air time they took (µs, as the transceiver reported it). */
  requests: number;
  airUs: number;
  /** Slots that still collided at the deepest mask (identical UIDs or a faulty field). */
  unresolved: number;
}

export async function anticollision(
  transceive: Transceive,
  opts: AnticollisionOptions = {},
): Promise<AnticollisionResult> {
  const max = opts.maxRequests ?? 512;
  const found = new Map<string, InventoryTag>();
  let requests = 0;
  let airUs = 0;
  let unresolved = 0;
  const add = (resp: Uint8Array): void => {
    try {
      const t = parseInventory(resp);
      if (!found.has(t.uid)) found.set(t.uid, t);
    } catch (err) {
      // A garbled slot answer is not fatal to the round: the tag will answer again in a later round.
      if (!(err instanceof ReaderError)) throw err;
    }
  };
  if (opts.slots === 1) {
    const r = await transceive(inventoryRequest({ afi: opts.afi, slots: 1 }));
    requests++;
    airUs += r.airUs;
    if (r.kind !== 'single') throw new ReaderError('frame', 'single-slot inventory got a slotted reply');
    if (!r.collision) {
      if (r.response) add(r.response);
      return { tags: [...found.values()], requests, airUs, unresolved };
    }
  }
  const stack: Array<{ mask: bigint; len: number }> = [{ mask: 0n, len: 0 }];
  while (stack.length > 0) {
    const { mask, len } = stack.pop()!;
    if (requests >= max)
      throw new ReaderError('collision', `anticollision gave up after ${max} requests`, { found: found.size });
    const r = await transceive(inventoryRequest({ afi: opts.afi, slots: 16, mask, maskLength: len }));
    requests++;
    airUs += r.airUs;
    if (r.kind !== 'slots' || r.slots.length !== 16)
      throw new ReaderError('frame', '16-slot inventory needs 16 slot replies');
    // Push deeper masks in reverse so slot 0 is resolved first (stable order).
    for (let s = 15; s >= 0; s--) {
      const slot = r.slots[s]!;
      if (slot.collision) {
        if (len + 4 > 60) unresolved++;
        else stack.push({ mask: mask | (BigInt(s) << BigInt(len)), len: len + 4 });
      }
    }
    for (const slot of r.slots) if (!slot.collision && slot.response) add(slot.response);
  }
  return { tags: [...found.values()], requests, airUs, unresolved };
}
