/**
 * What the staff diagnostics screen shows: reader state, ILS state, the last errors (layer + code + time only,
 * never values) and a count of items handled. Nothing here can hold patron data.
 */
import { isSelfcheckError } from '../../errors.ts';
import type { Ils } from '../../sip2/ils.ts';
import type { KioskDiagnosticsView } from './view.ts';

const MAX_ERRORS = 10;

export class StationStatus {
  readerState: 'up' | 'down' | 'unknown' = 'unknown';
  itemsProcessed = 0;
  private readonly errors: Array<{ at: string; layer: string; code: string }> = [];

  constructor(private readonly now: () => number) {}

  note(layer: string, code: string): void {
    this.errors.unshift({ at: new Date(this.now()).toISOString(), layer, code });
    this.errors.length = Math.min(this.errors.length, MAX_ERRORS);
  }

  /** Records a caught error by its layer and code (fallback code when it is not one of ours). */
  noteError(err: unknown, fallback = 'unexpected'): void {
    this.note(isSelfcheckError(err) ? err.layer : 'kiosk', isSelfcheckError(err) ? err.code : fallback);
  }

  view(readerDriver: string, ils: Ils, version: string | undefined): KioskDiagnosticsView {
    const acs = ils.acsStatus;
    return {
      reader: { state: this.readerState, driver: readerDriver },
      ils: { online: ils.online, ...(acs?.institutionId ? { institution: acs.institutionId } : {}) },
      lastErrors: this.errors.map((e) => ({ ...e })),
      itemsProcessed: this.itemsProcessed,
      ...(version ? { version } : {}),
    };
  }
}
