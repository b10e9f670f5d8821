/**
 * What the staff roles (inventory, encoder) share around the station's reader: opening it with the diagnostics the
 * staff pages show (driver, up/down, forwarded as station events), and re-securing one tag per the library's model.
 */
import type { Runtime } from '../runtime.ts';
import type { Reader, Uid } from '../rfid/reader.ts';
import { setSecurity } from '../rfid/security.ts';
import { StaffDiagnostics } from '../server/staff/station.ts';

export async function openStaffReader(rt: Runtime): Promise<{ reader: Reader; diag: StaffDiagnostics }> {
  const reader = await rt.openReader();
  const diag = new StaffDiagnostics();
  diag.readerDriver = reader.driver;
  diag.readerState = 'up';
  reader.on('state', (state) => {
    diag.readerState = state;
    rt.events.emit({ type: 'reader', state });
  });
  return { reader, diag };
}

export type SecureResult = { ok: true } | { ok: false; reason: string };

/** Sets the tag to "secured" (addressed, read back, bounded retries) and counts the write in the statistics. */
export async function secureTag(rt: Runtime, reader: Reader, uid: Uid): Promise<SecureResult> {
  const { security, writeRetries } = rt.config.tags;
  const r = await setSecurity(reader, uid, true, security, writeRetries);
  rt.events.emit({ type: 'security_write', result: r.ok ? 'ok' : 'failed' });
  return r.ok ? { ok: true } : { ok: false, reason: `${r.step} write ${r.reason}` };
}
