/**
 * What a shelf reading found, against the shelf list and the ILS:
 *  - missing: items the list places within the scanned call-number range (same location) that were not read;
 *  - misshelved: items out of call-number order by more than the tolerance (a wand reads neighbours in any order),
 *    found as the items outside a longest non-decreasing run, read in whichever direction fits better;
 *  - wrong location, ILS status conflicts (checked out, lost, in transit, missing, on the hold shelf but on a shelf),
 *    unsecured tags, and items the shelf list does not know.
 */
import type { ShelfList } from './shelflist.ts';
import type { InventorySession } from './session.ts';

export interface Finding {
  itemId: string;
  callNumber?: string;
  location?: string;
  title?: string;
  detail?: string;
}

export interface Analysis {
  location: string | undefined;
  scanned: number;
  missing: Finding[];
  misshelved: Finding[];
  wrongLocation: Finding[];
  statusConflicts: Finding[];
  unsecured: Finding[];
  unknown: Finding[];
}

/** ILS circulation statuses that contradict an item standing on the shelf (SIP2 18 circulation status). */
export const conflictingStatus: Record<string, string> = {
  '04': 'checked out',
  '05': 'checked out',
  '07': 'recalled',
  '08': 'waiting on the hold shelf',
  '10': 'in transit',
  '11': 'claimed returned',
  '12': 'lost',
  '13': 'missing',
};

/** Indices (into `keys`) of one longest non-decreasing subsequence, O(n log n) (patience sorting). */
export function longestRun(keys: string[]): Set<number> {
  const tailIdx: number[] = [];
  const prev = new Int32Array(keys.length).fill(-1);
  for (let i = 0; i < keys.length; i++) {
    let lo = 0;
    let hi = tailIdx.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[tailIdx[mid]!]! <= keys[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tailIdx[lo - 1]!;
    tailIdx[lo] = i;
  }
  const run = new Set<number>();
  for (let i = tailIdx.length ? tailIdx[tailIdx.length - 1]! : -1; i >= 0; i = prev[i]!) run.add(i);
  return run;
}

function majority(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}

export class ShelfAnalyzer {
  private readonly byLocation = new Map<string, number[]>();

  constructor(private readonly list: ShelfList) {}

  /** Shelf-list indices of one location sorted by call-number key (built once per location). */
  sortedLocation(location: string): number[] {
    let idx = this.byLocation.get(location);
    if (!idx) {
      idx = [];
      for (let i = 0; i < this.list.size; i++) if (this.list.locations[i] === location) idx.push(i);
      const keys = this.list.keys;
      idx.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
      this.byLocation.set(location, idx);
    }
    return idx;
  }

  private finding(i: number, detail?: string): Finding {
    const it = this.list.item(i);
    return {
      itemId: it.itemId,
      callNumber: it.callNumber,
      location: it.location,
      ...(it.title ? { title: it.title } : {}),
      ...(detail ? { detail } : {}),
    };
  }

  analyze(session: InventorySession, tolerance: number, statuses: Map<string, string> = new Map()): Analysis {
    const known: number[] = [];
    const unknown: Finding[] = [];
    for (const id of session.order) {
      const i = this.list.indexOf(id);
      if (i === undefined) unknown.push({ itemId: id, detail: 'not in the shelf list' });
      else known.push(i);
    }
    const location = session.location ?? majority(known.map((i) => this.list.locations[i]!));
    const here = known.filter((i) => this.list.locations[i] === location);
    const wrongLocation = known
      .filter((i) => this.list.locations[i] !== location)
      .map((i) => this.finding(i, `belongs in ${this.list.locations[i]}`));

    // Order: the longer of the forward and backward runs decides the direction the wand went.
    const keys = here.map((i) => this.list.keys[i]!);
    const fwd = longestRun(keys);
    const bwdRaw = longestRun([...keys].reverse());
    const useFwd = fwd.size >= bwdRaw.size;
    const run = useFwd ? fwd : new Set([...bwdRaw].map((j) => keys.length - 1 - j));
    const sortedPos = new Map<number, number>();
    [...here.keys()]
      .sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b))
      .forEach((readIdx, pos) => sortedPos.set(readIdx, useFwd ? pos : keys.length - 1 - pos));
    const misshelved: Finding[] = [];
    here.forEach((i, readIdx) => {
      const off = Math.abs((sortedPos.get(readIdx) ?? readIdx) - readIdx);
      if (!run.has(readIdx) && off > tolerance) misshelved.push(this.finding(i, `${off} places from its position`));
    });

    // Missing: list items of this location inside the scanned key range that were not read.
    const missing: Finding[] = [];
    if (location !== undefined && keys.length) {
      const lo = keys.reduce((a, b) => (b < a ? b : a));
      const hi = keys.reduce((a, b) => (b > a ? b : a));
      const sorted = this.sortedLocation(location);
      let a = 0;
      let b = sorted.length;
      while (a < b) {
        const m = (a + b) >> 1;
        if (this.list.keys[sorted[m]!]! < lo) a = m + 1;
        else b = m;
      }
      for (let k = a; k < sorted.length && this.list.keys[sorted[k]!]! <= hi; k++) {
        const i = sorted[k]!;
        if (!session.has(this.list.ids[i]!)) missing.push(this.finding(i));
      }
    }

    const statusConflicts: Finding[] = [];
    for (const i of known) {
      const s = statuses.get(this.list.ids[i]!);
      if (s && conflictingStatus[s]) statusConflicts.push(this.finding(i, `ILS says ${conflictingStatus[s]}`));
    }
    const unsecured = [...session.unsecured].map((id) => {
      const i = this.list.indexOf(id);
      return i === undefined ? { itemId: id, detail: 'security off' } : this.finding(i, 'security off');
    });
    return {
      location,
      scanned: session.order.length,
      missing,
      misshelved,
      wrongLocation,
      statusConflicts,
      unsecured,
      unknown,
    };
  }
}
