/**
 * Character sets per ILS account (sip2-facts.md quirk 4): code page 850 is the protocol's default, ISO-8859-1 and
 * UTF-8 are common. Conversion by iconv-lite. Characters an 8-bit code page cannot hold become "?" on encode.
 */
import iconv from 'iconv-lite';

export type Sip2Encoding = 'cp850' | 'latin1' | 'utf8';

const names: Record<Sip2Encoding, string> = { cp850: 'cp850', latin1: 'iso-8859-1', utf8: 'utf8' };

export function encodeText(text: string, enc: Sip2Encoding): Buffer {
  return iconv.encode(text, names[enc]);
}

export function decodeText(bytes: Uint8Array, enc: Sip2Encoding): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), names[enc]);
}
