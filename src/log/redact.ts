/**
 * Redaction of patron data from anything that is logged (ARCHITECTURE.md invariant 1).
 * Three nets, because one is never enough:
 *  1. keys: any property named like a patron field is replaced, at any depth;
 *  2. SIP2 wire text: the values of patron fields (AA, AD, AE, BD, BE, BF, ...) and passwords (CO, AC) are masked;
 *  3. session values: the kiosk registers the current patron's identifiers, and they are scrubbed
 *     from every string until the session ends (an ILS screen message may echo a card number).
 */
export const REDACTED = '[redacted]';

const patronKey =
  /^(patron|patronId|patronIdentifier|card|cardNumber|barcodePatron|pin|password|passwd|secret|personalName|patronName|firstName|lastName|fullName|email|e_?mail|phone|phoneNumber|address|homeAddress|birthDate|AA|AD|AE|AC|CO|BD|BE|BF|CY|DA|PB)$/i;

/** SIP2 field codes whose values are patron data or secrets. AA: patron id, AD: PIN, AE: name, BD/BE/BF: address,
 * e-mail, phone, CN/CO: login user/password, AC: terminal password, CY/DA: hold patron id/name, PB: birth date. */
export const SIP2_SECRET_FIELDS = ['AA', 'AD', 'AE', 'BD', 'BE', 'BF', 'CO', 'AC', 'CY', 'DA', 'PB', 'AL'] as const;

const sip2FieldRe = new RegExp(`(^|\\|)(${SIP2_SECRET_FIELDS.join('|')})([^|\\r\\n]*)`, 'g');

/** Masks the values of patron and password fields in raw SIP2 text, keeping its shape readable. */
export function maskSip2(raw: string): string {
  return raw.replace(sip2FieldRe, (_m, sep: string, id: string, value: string) => `${sep}${id}${value ? '***' : ''}`);
}

const sessionValues = new Set<string>();

/** Registers values (card number, PIN, name parts) to scrub from every log string until cleared. */
export function addSessionSecrets(...values: Array<string | undefined | null>): void {
  for (const v of values) if (v && v.length >= 3) sessionValues.add(v);
}

export function clearSessionSecrets(): void {
  sessionValues.clear();
}

function scrubString(s: string): string {
  let out = s.includes('|') ? maskSip2(s) : s;
  for (const v of sessionValues) if (out.includes(v)) out = out.split(v).join(REDACTED);
  return out;
}

/** Deep copy of `value` with patron keys and session values redacted. Cycles and depth are bounded. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: scrubString(value.message), code: (value as { code?: unknown }).code };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = patronKey.test(k) ? REDACTED : redactValue(v, depth + 1);
  return out;
}

export function redactMessage(msg: string): string {
  return scrubString(msg);
}
