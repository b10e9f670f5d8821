/**
 * Secures or unsecures one item per the library's security model (config.tags.security): AFI, NXP EAS, or both.
 * Always addressed to one UID; every write is read back (AFI via Get System Information, EAS via an addressed
 * EAS Alarm); retries are bounded (config.tags.writeRetries). ARCHITECTURE.md invariants 2 and 3.
 */
import { type Reader, type Uid } from './reader.ts';
import { withRetries, type WriteFailure } from './write-verify.ts';

export interface SecurityModel {
  mode: 'afi' | 'eas' | 'both';
  afiSecured: number;
  afiCheckedOut: number;
}

export type SecureResult =
  | { ok: true; attempts: number }
  | { ok: false; reason: WriteFailure; step: 'afi' | 'eas'; attempts: number; message?: string };

export interface SecurityState {
  afi?: number | undefined;
  eas?: boolean | undefined;
  /** true/false per the model; undefined when the tag's state fits neither value (e.g. another library's AFI). */
  secured: boolean | undefined;
}

/** Reads the tag's security state; EAS is only asked when the model uses it. */
export async function readSecurity(reader: Reader, uid: Uid, model: SecurityModel): Promise<SecurityState> {
  const afi = model.mode !== 'eas' ? (await reader.systemInfo(uid)).afi : undefined;
  const eas = model.mode !== 'afi' ? await reader.easAlarm(uid) : undefined;
  const afiSays = afi === model.afiSecured ? true : afi === model.afiCheckedOut ? false : undefined;
  let secured: boolean | undefined;
  if (model.mode === 'afi') secured = afiSays;
  else if (model.mode === 'eas') secured = eas;
  else secured = afiSays === eas ? afiSays : undefined;
  return { afi, eas, secured };
}

/** Sets the item's security state and verifies it; the typed result says which step failed and why. */
export async function setSecurity(
  reader: Reader,
  uid: Uid,
  secured: boolean,
  model: SecurityModel,
  retries: number,
): Promise<SecureResult> {
  let attempts = 0;
  if (model.mode !== 'eas') {
    const want = secured ? model.afiSecured : model.afiCheckedOut;
    const r = await withRetries(retries, async () => {
      await reader.writeAfi(uid, want).catch((err: unknown) => {
        // A lost answer may hide a write that landed: let the read-back decide.
        if (!(err instanceof Error && 'code' in err && err.code === 'no_tag')) throw err;
      });
      return (await reader.systemInfo(uid)).afi === want;
    });
    attempts += r.attempts;
    if (!r.ok)
      return { ok: false, reason: r.reason, step: 'afi', attempts, ...(r.error ? { message: r.error.message } : {}) };
  }
  if (model.mode !== 'afi') {
    const r = await withRetries(retries, async () => {
      await reader.setEas(uid, secured).catch((err: unknown) => {
        if (!(err instanceof Error && 'code' in err && err.code === 'no_tag')) throw err;
      });
      return (await reader.easAlarm(uid)) === secured;
    });
    attempts += r.attempts;
    if (!r.ok)
      return { ok: false, reason: r.reason, step: 'eas', attempts, ...(r.error ? { message: r.error.message } : {}) };
  }
  return { ok: true, attempts };
}
