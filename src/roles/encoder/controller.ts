/**
 * The encoding desk for the staff pages: one item at a time, or a batch loaded from CSV (item_id[,parts]) where each
 * part of a set becomes its own step. Calls are serialised: one tag operation at a time on the one reader.
 */
import { csvRows } from '../inventory/shelflist.ts';
import { encodeOnTag, reencodeLegacy, type EncodeOutcome, type EncoderDeps } from './encoder.ts';
import type { ItemInput } from '../../tags/types.ts';

export interface BatchStep {
  itemId: string;
  parts: number;
  part: number;
  done: boolean;
  result?: string;
}

export class EncoderController {
  private queue: BatchStep[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: EncoderDeps) {}

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  encode(input: ItemInput, opts: { overwrite: boolean }): Promise<EncodeOutcome> {
    return this.serial(() => encodeOnTag(this.deps, input, opts));
  }

  reencode(): Promise<EncodeOutcome> {
    return this.serial(() => reencodeLegacy(this.deps));
  }

  /** CSV with a header naming item_id (or barcode) and optionally parts. */
  loadBatch(csv: string): { steps: number; rejected: string[] } {
    const rows = csvRows(csv);
    const header = rows.next();
    const cols = header.done ? [] : header.value.map((c) => c.trim().toLowerCase());
    const iId = cols.findIndex((c) => c === 'item_id' || c === 'barcode' || c === 'itemid');
    const iParts = cols.indexOf('parts');
    const steps: BatchStep[] = [];
    const rejected: string[] = [];
    if (iId < 0) return { steps: 0, rejected: ['the CSV needs an item_id (or barcode) column'] };
    for (const row of rows) {
      const itemId = row[iId]?.trim() ?? '';
      const parts = iParts >= 0 ? Number(row[iParts] ?? 1) || 1 : 1;
      if (!this.deps.itemIdPattern.test(itemId) || parts < 1 || parts > 255) {
        rejected.push(itemId);
        continue;
      }
      for (let part = 1; part <= parts; part++) steps.push({ itemId, parts, part, done: false });
    }
    this.queue = steps;
    return { steps: steps.length, rejected };
  }

  batchView(): { steps: BatchStep[]; next: BatchStep | undefined } {
    return { steps: this.queue, next: this.queue.find((s) => !s.done) };
  }

  /** Encodes the next step of the batch onto the tag on the pad. */
  async encodeNext(opts: { overwrite: boolean }): Promise<EncodeOutcome & { step?: BatchStep }> {
    const step = this.queue.find((s) => !s.done);
    if (!step) return { ok: false, reason: 'refused', detail: 'the batch is finished' };
    const r = await this.encode({ primaryItemId: step.itemId, partsInItem: step.parts, partNumber: step.part }, opts);
    if (r.ok) step.done = true;
    step.result = r.ok ? 'ok' : r.reason;
    return { ...r, step };
  }
}
