/**
 * Encodes a SIP2 message: fixed fields in catalogue order (each checked against its length), variable fields as
 * ID + value + "|" (values truncated at 255 characters, a "|" inside a value replaced, CR/LF removed: they would end
 * the message), then AY + AZ when error detection is on, then the terminator.
 */
import { Sip2Error } from '../ils.ts';
import { checksumOf } from './checksum.ts';
import { encodeText, type Sip2Encoding } from './charset.ts';
import { messages } from './messages.ts';
import type { Sip2Outgoing } from './types.ts';

export interface EncodeOptions {
  encoding: Sip2Encoding;
  /** Append AY<seq>AZ<checksum>; seq 0-9. */
  sequence?: number | undefined;
  errorDetection: boolean;
  terminator?: '\r' | '\r\n' | '';
}

export function cleanValue(v: string): string {
  return v
    .replace(/[\r\n]/g, ' ')
    .replace(/\|/g, '/')
    .slice(0, 255);
}

/** The message text without AY/AZ and terminator. */
export function messageBody(msg: Sip2Outgoing): string {
  const spec = messages[msg.code];
  if (!spec) throw new Sip2Error('malformed', `unknown message code ${JSON.stringify(msg.code)}`);
  let out = msg.code;
  for (const [name, len] of spec.fixed) {
    const v = msg.fixed?.[name];
    if (v === undefined) throw new Sip2Error('malformed', `${spec.name}: fixed field ${name} missing`);
    if (v.length !== len)
      throw new Sip2Error('malformed', `${spec.name}: fixed field ${name} must be ${len} characters, got ${v.length}`);
    out += v;
  }
  for (const [id, value] of msg.fields ?? []) {
    if (value === undefined) continue;
    if (!/^[A-Z]{2}$/.test(id)) throw new Sip2Error('malformed', `bad field id ${JSON.stringify(id)}`);
    out += `${id}${cleanValue(value)}|`;
  }
  return out;
}

export function encodeMessage(msg: Sip2Outgoing, opts: EncodeOptions): Buffer {
  const body = messageBody(msg);
  const term = Buffer.from(opts.terminator ?? '\r');
  if (!opts.errorDetection) return Buffer.concat([encodeText(body, opts.encoding), term]);
  const head = encodeText(`${body}${opts.sequence === undefined ? '' : `AY${opts.sequence % 10}`}AZ`, opts.encoding);
  return Buffer.concat([head, Buffer.from(checksumOf(head)), term]);
}
