/**
 * Writing an item's security state on every part of it, in order: each write addressed to one tag and read back
 * with bounded retries (src/rfid/security.ts), each counted in the statistics. It stops at the first part that
 * fails, so the caller knows exactly which parts changed (the pipeline undoes them, recovery alerts staff).
 */
import type { StationEvents } from '../../events.ts';
import type { Reader, Uid } from '../../rfid/reader.ts';
import { setSecurity, type SecurityModel } from '../../rfid/security.ts';

export interface PartWriter {
  reader: Reader;
  security: { model: SecurityModel; retries: number };
  events?: StationEvents | undefined;
  /** Runs one reader command in the caller's reader queue (the pipeline's write priority); directly when absent. */
  run?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** A part failed: the write's reason ('error' when it threw, with the error). */
  onFailure?: (reason: string, err?: unknown) => void;
}

/** Returns the UIDs written, in order: all of them on success. */
export async function writeParts(w: PartWriter, uids: readonly Uid[], secured: boolean): Promise<Uid[]> {
  const done: Uid[] = [];
  const { model, retries } = w.security;
  const run = w.run ?? (<T>(fn: () => Promise<T>) => fn());
  for (const uid of uids) {
    let reason: string | undefined;
    let error: unknown;
    try {
      const r = await run(() => setSecurity(w.reader, uid, secured, model, retries));
      if (!r.ok) reason = r.reason;
    } catch (err) {
      reason = 'error';
      error = err;
    }
    w.events?.emit({ type: 'security_write', result: reason === undefined ? 'ok' : 'failed' });
    if (reason !== undefined) {
      w.onFailure?.(reason, error);
      return done;
    }
    done.push(uid);
  }
  return done;
}
