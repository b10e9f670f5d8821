/**
 * "Write, read back, retry a bounded number of times" (ARCHITECTURE.md invariant 2: every write is read back;
 * 3M practice retries unboundedly, dpavlin's $afi_retry = 100 — we bound it by config.tags.writeRetries).
 */
import { isPermanentTagError } from './errors.ts';
import { ReaderError, type Reader, type Uid, type WriteOptions } from './reader.ts';

export type WriteFailure = 'no_tag' | 'locked' | 'mismatch' | 'unsupported' | 'error';

export type WriteResult =
  | { ok: true; attempts: number }
  | { ok: false; reason: WriteFailure; attempts: number; error?: ReaderError | undefined };

/** Classifies a reader error: permanent failures stop retrying at once. */
export function classify(err: ReaderError): { reason: WriteFailure; permanent: boolean } {
  if (err.code === 'tag_error') {
    const code = Number(err.info?.['tagError']);
    if (code === 0x11 || code === 0x12) return { reason: 'locked', permanent: true };
    return { reason: 'error', permanent: isPermanentTagError(code) };
  }
  if (err.code === 'no_tag' || err.code === 'timeout') return { reason: 'no_tag', permanent: false };
  if (err.code === 'unsupported') return { reason: 'unsupported', permanent: true };
  if (err.code === 'reader_gone') return { reason: 'error', permanent: true };
  return { reason: 'error', permanent: false };
}

/**
 * Runs `attempt` (one write plus its read-back, returning whether the read-back matched) up to retries + 1 times.
 * Non-reader errors are bugs and propagate.
 */
export async function withRetries(retries: number, attempt: () => Promise<boolean>): Promise<WriteResult> {
  let last: { reason: WriteFailure; error?: ReaderError } = { reason: 'error' };
  const max = Math.max(0, retries) + 1;
  for (let i = 1; i <= max; i++) {
    try {
      if (await attempt()) return { ok: true, attempts: i };
      last = { reason: 'mismatch' };
    } catch (err) {
      if (!(err instanceof ReaderError)) throw err;
      const c = classify(err);
      last = { reason: c.reason, error: err };
      if (c.permanent) return { ok: false, reason: c.reason, attempts: i, error: err };
    }
  }
  return { ok: false, reason: last.reason, attempts: max, error: last.error };
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Writes `data` from block `first` to one UID, reads it back, retries up to `retries` times. */
export function writeBlocksVerified(
  reader: Reader,
  uid: Uid,
  first: number,
  data: Uint8Array,
  retries: number,
  opts: WriteOptions & { blockSize?: number } = {},
): Promise<WriteResult> {
  let size = opts.blockSize;
  const { blockSize: _ignored, ...writeOpts } = opts;
  return withRetries(retries, async () => {
    size ??= (await reader.systemInfo(uid)).blockSize ?? 4;
    try {
      await reader.writeBlocks(uid, first, data, writeOpts);
    } catch (err) {
      // A write whose answer was lost may still have landed (write tearing): the read-back decides.
      if (!(err instanceof ReaderError) || err.code !== 'no_tag') throw err;
    }
    const back = await reader.readBlocks(uid, first, Math.ceil(data.length / size));
    return equal(back.subarray(0, data.length), data);
  });
}
