/**
 * Redaction of patron data from anything that is logged (ARCHITECTURE.md invariant 1).
 * Three nets, because one is never enough:
 *  1. keys: any property named like a patron field is replaced, at any depth;
 *  2. SIP2 wire text: the values of patron fields (AA, AD, AE, BD, BE, BF, ...) and passwords (CO, AC) are masked;
 *  3. session values: the kiosk registers the current patron's identifiers, and they are scrubbed
 *     from every string until the session ends (an ILS screen message may echo a card number).
 */
import { fixedLength, messages } from '../sip2/codec/messages.ts';

export const REDACTED = '[redacted]';

const patronKey =
  /^(patron|patronId|patronIdentifier|card|cardNumber|barcodePatron|pin|password|passwd|secret|personalName|patronName|firstName|lastName|fullName|email|e_?mail|phone|phoneNumber|address|homeAddress|birthDate|AA|AD|AE|AC|CO|BD|BE|BF|CY|DA|PB)$/i;

/** SIP2 field codes whose values are patron data or secrets, masked in traced wire text:
 * AA patron id, AD PIN, AE name, BD/BE/BF address/e-mail/phone, CO login password, AC terminal password,
 * CY/DA hold patron id/name, PB birth date, PA expiry, AL blocked-card message;
 * AJ title and the 64/66 item lists (AS/AT/AU/AV/BU/CD, BM/BN): what a patron borrows ("no titles in logs",
 * kiosk-ux-privacy-ops.md); AF/AG screen and print lines: free ILS text that may greet the patron by name.
 * Item ids (AB), institution (AO), locations and due dates stay: support needs them and they name no one. */
export const SIP2_SECRET_FIELDS = [
  'AA',
  'AD',
  'AE',
  'BD',
  'BE',
  'BF',
  'CO',
  'AC',
  'CY',
  'DA',
  'PA',
  'PB',
  'AL',
  'AJ',
  'AS',
  'AT',
  'AU',
  'AV',
  'BU',
  'CD',
  'BM',
  'BN',
  'AF',
  'AG',
] as const;

const secretIds = new Set<string>(SIP2_SECRET_FIELDS);
const sip2FieldRe = new RegExp(`(^|\\|)(${SIP2_SECRET_FIELDS.join('|')})([^|\\r\\n]*)`, 'g');

function maskSegment(seg: string): string {
  const m = /^([A-Z][A-Z0-9])([^\r\n]*)([\r\n]*)$/.exec(seg);
  return m && secretIds.has(m[1]!) && m[2] ? `${m[1]}***${m[3]}` : seg;
}

/**
 * Masks the values of patron and password fields in raw SIP2 text, keeping its shape readable. The first variable
 * field follows the fixed part with no "|" before it, so a known message code's fixed length is skipped first
 * (a server that leaves out AO puts AA there); then every "|"-separated field is checked.
 */
export function maskSip2(raw: string): string {
  const lead = /^[\r\n]*/.exec(raw)![0];
  const text = raw.slice(lead.length);
  const spec = messages[text.slice(0, 2)];
  let head = '';
  let rest = text;
  if (spec) {
    const len = 2 + fixedLength(spec);
    if (text.length >= len) {
      head = text.slice(0, len);
      rest = text.slice(len);
    }
  }
  const masked = `${lead}${head}${rest.split('|').map(maskSegment).join('|')}`;
  // Second net for text that is not a well-formed message (unknown code, truncated fixed part).
  return masked.replace(sip2FieldRe, (_m, sep: string, id: string, value: string) =>
    value === '***' ? `${sep}${id}${value}` : `${sep}${id}${value ? '***' : ''}`,
  );
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
