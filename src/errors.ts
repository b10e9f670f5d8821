/**
 * Typed errors, grouped by layer (STYLE.md #9). A caller switches on `layer` and `code`,
 * never on message text. Every error the station raises on bad input is one of these.
 */
export type ErrorLayer =
  'config' | 'frame' | 'reader' | 'tag' | 'sip2' | 'gate' | 'kiosk' | 'http' | 'offline' | 'gpio' | 'staff';

export class SelfcheckError extends Error {
  readonly layer: ErrorLayer;
  readonly code: string;
  /** Structured context (never patron values). Not called `details`: uvu's reporter treats that as a diff string. */
  readonly info: Record<string, unknown> | undefined;

  constructor(
    layer: ErrorLayer,
    code: string,
    message: string,
    details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SelfcheckError';
    this.layer = layer;
    this.code = code;
    this.info = details;
  }
}

export function isSelfcheckError(err: unknown, layer?: ErrorLayer, code?: string): err is SelfcheckError {
  return (
    err instanceof SelfcheckError &&
    (layer === undefined || err.layer === layer) &&
    (code === undefined || err.code === code)
  );
}

/** Turns anything thrown into an Error, so `catch (e)` code never handles non-Errors. */
export function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
