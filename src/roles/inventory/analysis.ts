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
export function longestRun<K extends string | number>(keys: ArrayLike<K>): Set<number> {
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

/** First index in the sorted `xs` whose value is >= x (or > x with `after`). */
function bound(xs: ArrayLike<number>, x: number, after = false): number {
  let a = 0;
  let b = xs.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (xs[m]! < x || (after && xs[m] === x)) a = m + 1;
    else b = m;
  }
  return a;
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
  private readonly byLocation = new Map<string, Int32Array>();

  constructor(private readonly list: ShelfList) {}

  /** Shelf-list indices of one location in call-number order (built once per location). */
  sortedLocation(location: string): Int32Array {
    let idx = this.byLocation.get(location);
    if (!idx) {
      const { byRank } = this.list.order();
      const code = this.list.codeOfLocation(location);
      const at = (k: number) => this.list.locationCodeOf(byRank[k]!) === code;
      let n = 0;
      for (let k = 0; k < byRank.length; k++) if (at(k)) n++;
      idx = new Int32Array(n);
      n = 0;
      for (let k = 0; k < byRank.length; k++) if (at(k)) idx[n++] = byRank[k]!;
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
    const { rank } = this.list.order();
    const known: number[] = [];
    const unknown: Finding[] = [];
    for (const id of session.order) {
      const i = this.list.indexOf(id);
      if (i === undefined) unknown.push({ itemId: id, detail: 'not in the shelf list' });
      else known.push(i);
    }
    const location = session.location ?? majority(known.map((i) => this.list.location(i)));
    const here = known.filter((i) => this.list.location(i) === location);
    const wrongLocation = known
      .filter((i) => this.list.location(i) !== location)
      .map((i) => this.finding(i, `belongs in ${this.list.location(i)}`));

    // Order: the longer of the forward and backward runs decides the direction the wand went; the run is the shelf
    // as read, everything else is out of order.
    const n = here.length;
    const ranks = Int32Array.from(here, (i) => rank[i]!);
    const fwd = longestRun(ranks);
    const bwdRaw = longestRun(ranks.slice().reverse());
    const useFwd = fwd.size >= bwdRaw.size;
    const inRun = new Uint8Array(n);
    if (useFwd) for (const j of fwd) inRun[j] = 1;
    else for (const j of bwdRaw) inRun[n - 1 - j] = 1;
    // The run's read positions, and its ranks in shelf order (ascending whichever way the wand went).
    const runReadIdx: number[] = [];
    for (let j = 0; j < n; j++) if (inRun[j]) runReadIdx.push(j);
    const runRanks = Int32Array.from(runReadIdx, (j) => ranks[j]!);
    if (!useFwd) runRanks.reverse();

    // How far an out-of-run item stands from where it belongs, counted in run items (shelf neighbours) between the
    // two places: a neighbour read early is 1 away (within the tolerance), a book on the wrong shelf is far.
    const misshelved: Finding[] = [];
    for (let j = 0; j < n; j++) {
      if (inRun[j]) continue;
      const readPos = bound(runReadIdx, j);
      const r = ranks[j]!;
      const shelfPos = useFwd ? bound(runRanks, r, true) : runRanks.length - bound(runRanks, r);
      const off = Math.abs(shelfPos - readPos);
      if (off > tolerance) misshelved.push(this.finding(here[j]!, `${off} places from its position`));
    }

    // Missing: list items of this location within the shelf range the run covers, not read.
    const missing: Finding[] = [];
    if (location !== undefined && runRanks.length) {
      const lo = runRanks[0]!;
      const hi = runRanks[runRanks.length - 1]!;
      const sorted = this.sortedLocation(location);
      let a = 0;
      let b = sorted.length;
      while (a < b) {
        const m = (a + b) >> 1;
        if (rank[sorted[m]!]! < lo) a = m + 1;
        else b = m;
      }
      for (let k = a; k < sorted.length && rank[sorted[k]!]! <= hi; k++) {
        const i = sorted[k]!;
        if (!session.has(this.list.id(i))) missing.push(this.finding(i));
      }
    }

    const statusConflicts: Finding[] = [];
    for (const i of known) {
      const s = statuses.get(this.list.id(i));
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
