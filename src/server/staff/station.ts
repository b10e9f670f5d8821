/**
 * The staff pages as every role mounts them: StaffAuth from config.staff, diagnostics (reader and ILS state, the
 * last errors by layer and code, never values), the statistics CSV (read from the stats file whoever writes it), the
 * privacy audit, and the role's inventory or encoder desk. Mounted once per app: the inventory and encoder roles mount
 * it from their start with their controller; src/service.ts mounts the plain one for every other role.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import type { Runtime } from '../../runtime.ts';
import { isSelfcheckError } from '../../errors.ts';
import { buildReport, softwareVersion } from '../../privacy/audit.ts';
import { statsToCsv } from '../../stats/csv.ts';
import type { Counters } from '../../stats/store.ts';
import type { InventoryController } from '../../roles/inventory/controller.ts';
import type { EncoderController } from '../../roles/encoder/controller.ts';
import { StaffAuth } from './auth.ts';
import { staffAlerts } from '../../roles/kiosk/recovery.ts';
import { mountStaff } from './routes.ts';

const mounted = new WeakSet<Express>();

export function staffMounted(app: Express): boolean {
  return mounted.has(app);
}

/** Station state for the diagnostics page: layer + code + time of the last errors only (STYLE: no values). */
export class StaffDiagnostics {
  readerState: 'up' | 'down' | 'unknown' = 'unknown';
  readerDriver: string | undefined;
  private readonly errors: Array<{ at: string; layer: string; code: string }> = [];

  noteError(err: unknown, layer = 'staff'): void {
    this.errors.unshift({
      at: new Date().toISOString(),
      layer: isSelfcheckError(err) ? err.layer : layer,
      code: isSelfcheckError(err) ? err.code : 'unexpected',
    });
    this.errors.length = Math.min(this.errors.length, 10);
  }

  get lastErrors(): Array<{ at: string; layer: string; code: string }> {
    return this.errors.map((e) => ({ ...e }));
  }
}

/** The hourly statistics as CSV, from <dataDir>/stats.json (an empty table before the first hour is written). */
export function statsCsvFrom(dataDir: string): string {
  let hours: Record<string, Counters> = {};
  try {
    const data = JSON.parse(readFileSync(join(dataDir, 'stats.json'), 'utf8')) as { hours?: unknown };
    if (data.hours && typeof data.hours === 'object') hours = data.hours as Record<string, Counters>;
  } catch {
    // No statistics yet (or a file being replaced): an empty table.
  }
  return statsToCsv(hours);
}

export interface StationStaffExtras {
  inventory?: InventoryController;
  encoder?: EncoderController;
  diagnostics?: StaffDiagnostics;
}

export function mountStationStaff(rt: Runtime, extras: StationStaffExtras = {}): StaffAuth {
  const auth = new StaffAuth({ users: rt.config.staff.users, sessionMinutes: rt.config.staff.sessionMinutes });
  mounted.add(rt.app);
  const diag = extras.diagnostics ?? new StaffDiagnostics();
  // The kiosk and gate roles report their reader through the event bus.
  const off = rt.events.on((e) => {
    if (e.type === 'reader') diag.readerState = e.state;
  });
  rt.onStop(off);
  const version = softwareVersion();
  mountStaff(rt.app, {
    auth,
    diagnostics: () => ({
      station: rt.config.general.stationId,
      role: rt.config.general.role,
      version,
      reader: { driver: diag.readerDriver ?? rt.config.reader.driver, state: diag.readerState },
      ils: { online: rt.ils.online },
      lastErrors: diag.lastErrors,
      // Kiosk crash recovery: items whose tag security could not be confirmed (item IDs, memory only).
      alerts: staffAlerts.view(),
      ...(extras.inventory ? { inventory: extras.inventory.statusView() } : {}),
    }),
    statsCsv: () => statsCsvFrom(rt.dataDir),
    privacyReport: () => buildReport(rt.config),
    ...(extras.inventory ? { inventory: extras.inventory } : {}),
    ...(extras.encoder ? { encoder: extras.encoder } : {}),
  });
  return auth;
}
