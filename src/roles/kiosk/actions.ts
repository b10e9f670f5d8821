/**
 * Parses a KioskAction from an untrusted HTTP body (invariant 4): the UI engineer's route calls
 * parseKioskAction(req.body) and answers 400 on a KioskError('bad_action').
 */
import { z } from 'zod';
import { SelfcheckError } from '../../errors.ts';
import { MAX_CARD_LENGTH, MAX_PIN_LENGTH, type KioskAction } from './view.ts';

export type KioskErrorCode = 'bad_action' | 'bad_state' | 'printer';

export class KioskError extends SelfcheckError {
  override readonly code: KioskErrorCode;
  constructor(code: KioskErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super('kiosk', code, message, details, options);
    this.name = 'KioskError';
    this.code = code;
  }
}

export function isKioskError(err: unknown, code?: KioskErrorCode): err is KioskError {
  return err instanceof KioskError && (code === undefined || err.code === code);
}

// Printable ASCII only: card numbers are Codabar/Code 39 digits and letters; PINs are digits or letters.
const cardValue = z
  .string()
  .trim()
  .min(1)
  .max(MAX_CARD_LENGTH)
  .regex(/^[\x21-\x7e]+$/);
const pinValue = z
  .string()
  .min(1)
  .max(MAX_PIN_LENGTH)
  .regex(/^[\x21-\x7e]+$/);

const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start') }).strict(),
  z.object({ type: z.literal('startReturns') }).strict(),
  z.object({ type: z.literal('language'), language: z.enum(['en', 'es']) }).strict(),
  z.object({ type: z.literal('card'), value: cardValue }).strict(),
  z.object({ type: z.literal('pin'), value: pinValue }).strict(),
  z.object({ type: z.literal('openAccount') }).strict(),
  z.object({ type: z.literal('closeAccount') }).strict(),
  z.object({ type: z.literal('done') }).strict(),
  z.object({ type: z.literal('receipt'), choice: z.enum(['none', 'print', 'email']) }).strict(),
  z.object({ type: z.literal('moreTime') }).strict(),
  z.object({ type: z.literal('dismiss') }).strict(),
  z.object({ type: z.literal('cancel') }).strict(),
  z.object({ type: z.literal('activity') }).strict(),
]);

/** Never echoes the body back (it may hold a card number or PIN): only the failing path names. */
export function parseKioskAction(body: unknown): KioskAction {
  const r = actionSchema.safeParse(body);
  if (!r.success) {
    const paths = r.error.issues.map((i) => i.path.join('.') || '(root)');
    throw new KioskError('bad_action', `invalid kiosk action (${paths.join(', ')})`, { paths });
  }
  return r.data;
}
