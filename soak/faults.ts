/**
 * The seeded fault schedule: which fault fires before which checkout (by its index). Kills are kept out of the last
 * part of a long run so the RSS comparison has a kill-free segment; a short run still gets at least one kill -9 in
 * the middle of a checkout and one reader unplug.
 */
export type FaultKind =
  | 'kill-mid' // kill -9 right after the item is placed (the checkout is in flight)
  | 'kill-idle' // kill -9 between items
  | 'unplug' // the reader's USB-serial adapter pulled and put back (socat killed, restarted)
  | 'ils-drop' // the ILS closes every connection
  | 'ils-delay' // the next ILS answer comes after the client's timeout
  | 'ils-badsum' // the next answer has a bad checksum
  | 'ils-garbage' // the next answer is garbage
  | 'ils-close-mid' // the connection closes half-way through the next answer
  | 'ils-down' // the ILS is down for a few seconds (offline checkout)
  | 'tear-fail' // the tag's next writes fail (error 0x13)
  | 'tear-partial'; // the tag's next writes tear (no answer)

const WEIGHTS: Array<[FaultKind, number]> = [
  ['unplug', 3],
  ['ils-drop', 3],
  ['ils-delay', 3],
  ['ils-badsum', 3],
  ['ils-garbage', 3],
  ['ils-close-mid', 3],
  ['ils-down', 1],
  ['tear-fail', 4],
  ['tear-partial', 4],
];

export interface Schedule {
  at: Map<number, FaultKind>;
  /** Checkouts from this index on have no kill (the RSS segment). */
  killFreeFrom: number;
}

export function makeSchedule(checkouts: number, rnd: () => number): Schedule {
  const at = new Map<number, FaultKind>();
  const kills = Math.max(1, Math.round(checkouts / 250));
  // Long runs: kills only in the first 70 %, so the last 30 % (3000 checkouts at 10k) is kill-free.
  const killFreeFrom = checkouts >= 1000 ? Math.floor(checkouts * 0.7) : checkouts;
  const free = (lo: number, hi: number): number => {
    for (;;) {
      const i = lo + Math.floor(rnd() * Math.max(1, hi - lo));
      if (!at.has(i)) return i;
    }
  };
  const span = Math.max(4, killFreeFrom);
  // The first kill is always mid-checkout; about two in three of the rest are.
  for (let k = 0; k < kills; k++) at.set(free(2, span - 1), k === 0 || rnd() < 0.65 ? 'kill-mid' : 'kill-idle');
  at.set(free(1, Math.max(3, checkouts - 1)), 'unplug');
  // Other faults: about one checkout in 25.
  const others = Math.max(2, Math.round(checkouts / 25));
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  for (let k = 0; k < others && at.size < checkouts - 1; k++) {
    let r = rnd() * total;
    let kind: FaultKind = 'unplug';
    for (const [f, w] of WEIGHTS) {
      r -= w;
      if (r < 0) {
        kind = f;
        break;
      }
    }
    at.set(free(0, checkouts), kind);
  }
  return { at, killFreeFrom };
}
