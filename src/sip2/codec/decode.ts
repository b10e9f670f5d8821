/**
 * Decodes one SIP2 message (the bytes between terminators) into a Sip2Message. Anything malformed is a
 * Sip2Error('malformed') naming what is wrong; a checksum that fails is reported in `checksum`, not thrown,
 * because whether to reject is the client's policy (sip2.strictChecksum).
 */
import { Sip2Error } from '../ils.ts';
import { verifyChecksum } from './checksum.ts';
import { decodeText, type Sip2Encoding } from './charset.ts';
import { messages, repeatable } from './messages.ts';
import type { Sip2Message } from './types.ts';

export interface DecodeResult extends Sip2Message {
  checksum: 'valid' | 'invalid' | 'absent';
  /** How a valid checksum was computed: over the bytes (the spec's reading) or over code points (php-sip2 #8). */
  checksumBasis?: 'bytes' | 'codepoints';
  /** Segments of the variable part that are not `ID + value` (kept so nothing is silently dropped). */
  unparsed?: string[];
}

export function decodeMessage(bytes: Uint8Array, encoding: Sip2Encoding): DecodeResult {
  let text = decodeText(bytes, encoding);
  if (text.includes('\0')) throw new Sip2Error('malformed', 'NUL character in message');
  let checksum: DecodeResult['checksum'] = 'absent';
  let checksumBasis: DecodeResult['checksumBasis'];
  const az = /AZ([0-9A-Fa-f]{4})$/.exec(text);
  if (az) {
    const r = verifyChecksum(bytes.subarray(0, bytes.length - 4), text.slice(0, -4), az[1]!);
    checksum = r === 'invalid' ? 'invalid' : 'valid';
    if (r !== 'invalid') checksumBasis = r === 'valid' ? 'bytes' : 'codepoints';
    text = text.slice(0, -6);
  } else if (/AZ[^|]*$/.test(text) && /\|AZ|AY\dAZ|^\d\dAZ/.test(text)) {
    throw new Sip2Error('malformed', 'AZ checksum is not 4 hex digits');
  }
  let sequence: number | undefined;
  const ay = /AY(\d)$/.exec(text);
  if (ay) {
    sequence = Number(ay[1]);
    text = text.slice(0, -3);
  }
  const code = text.slice(0, 2);
  if (!/^\d\d$/.test(code)) throw new Sip2Error('malformed', `message code ${JSON.stringify(code)} is not two digits`);
  const spec = messages[code];
  if (!spec) throw new Sip2Error('malformed', `unknown message code ${code}`, { code });
  const fixed: Record<string, string> = {};
  let pos = 2;
  for (const [name, len] of spec.fixed) {
    if (pos + len > text.length)
      throw new Sip2Error(
        'malformed',
        `${spec.name}: fixed field ${name} truncated (need ${len} characters at ${pos})`,
        { code, field: name },
      );
    fixed[name] = text.slice(pos, pos + len);
    pos += len;
  }
  const fields: Record<string, string | string[]> = {};
  const unparsed: string[] = [];
  for (const segment of text.slice(pos).split('|')) {
    if (segment === '') continue; // a '|' right after the fixed part, or a trailing one (SIP2.NET #1)
    const id = segment.slice(0, 2);
    if (!/^[A-Z][A-Z0-9]$/.test(id)) {
      // Kept and reported, not dropped: jsip2 sends a stray fixed character before BS in some 15 messages.
      unparsed.push(segment);
      continue;
    }
    const value = segment.slice(2);
    if (repeatable.has(id)) ((fields[id] ??= []) as string[]).push(value);
    else fields[id] = value;
  }
  return {
    code,
    name: spec.name,
    fixed,
    fields,
    sequence,
    checksum,
    ...(checksumBasis ? { checksumBasis } : {}),
    ...(unparsed.length ? { unparsed } : {}),
  };
}

/** One string value of a field (the first, for repeatable ones). */
export function field(msg: Sip2Message, id: string): string | undefined {
  const v = msg.fields[id];
  return Array.isArray(v) ? v[0] : v;
}

export function fieldList(msg: Sip2Message, id: string): string[] {
  const v = msg.fields[id];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
