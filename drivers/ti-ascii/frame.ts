/**
 * TI TRF7970A EVM / "Univelop 500" ASCII-hex host protocol (rfid-vectors.md §D).
 * Request: ASCII hex of `01 | LEN_lo LEN_hi | 03 04 | CMD | params | 00 00`, LEN = total bytes including the 01.
 * Replies are text lines (split by @serialport/parser-readline); data sits in brackets: `[UID,RSSI]` per inventory
 * slot (UID printed LSB first), `[z]` collision, `[]` no answer, `[00..]` ISO flags + data. Pure: no I/O.
 */

import { SelfcheckError } from '../../src/errors.ts';

/** Builds the ASCII-hex request string (upper case, no separators, as the EVM GUI sends it). */
export function encodeRequest(cmd: number, params: Uint8Array = new Uint8Array(0)): string {
  const len = 1 + 2 + 2 + 1 + params.length + 2;
  if (len > 0xffff) throw new RangeError(`TI frame too long: ${len}`);
  const bytes = new Uint8Array(len);
  bytes.set([0x01, len & 0xff, len >> 8, 0x03, 0x04, cmd & 0xff], 0);
  bytes.set(params, 6);
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

export type Bracket =
  | { kind: 'empty' }
  | { kind: 'collision' }
  /** Inventory slot: UID as printed (LSB first on the wire) converted to MSB-first hex, plus RSSI byte. */
  | { kind: 'uid'; uidLsbFirst: Uint8Array; rssi: number }
  | { kind: 'data'; bytes: Uint8Array };

/** A reply line the host cannot read: a typed frame error (STYLE.md #9), so callers and the fuzzer see one kind. */
export class LineError extends SelfcheckError {
  constructor(
    message: string,
    readonly line: string,
  ) {
    super('frame', 'bad_line', message);
    this.name = 'LineError';
  }
}

const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

/** Extracts every `[...]` group from one reply line. Lines without brackets return []. Bad contents throw LineError. */
export function parseLine(line: string): Bracket[] {
  const out: Bracket[] = [];
  const re = /\[([^\]]*)\]/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const body = (m[1] ?? '').trim();
    if (body === '') out.push({ kind: 'empty' });
    else if (body === 'z' || body === 'Z') out.push({ kind: 'collision' });
    else if (body.includes(',')) {
      const [uid = '', rssi = ''] = body.split(',');
      // `[UID,z]`: a collision reported with the UID bits the EVM did hear (node_rfidgeek rfid.js "conflict id's").
      if ((rssi === 'z' || rssi === 'Z') && uid.length === 16 && HEX.test(uid)) {
        out.push({ kind: 'collision' });
        continue;
      }
      if (uid.length !== 16 || !HEX.test(uid) || !/^[0-9A-Fa-f]{1,2}$/.test(rssi))
        throw new LineError(`bad inventory slot "${body}"`, line);
      out.push({ kind: 'uid', uidLsbFirst: Uint8Array.from(Buffer.from(uid, 'hex')), rssi: parseInt(rssi, 16) });
    } else {
      if (!HEX.test(body)) throw new LineError(`bad hex in "[${body}]"`, line);
      out.push({ kind: 'data', bytes: Uint8Array.from(Buffer.from(body, 'hex')) });
    }
  }
  return out;
}

export interface TiRequest {
  cmd: number;
  params: Uint8Array;
}

export type SplitEvent = { kind: 'request'; request: TiRequest } | { kind: 'junk'; text: string };

/** Largest request the emulator accepts (bytes); the EVM's buffers are small, ISO frames are ≤ 40 bytes. */
export const MAX_REQUEST = 512;

/**
 * The reader's side of the host protocol: splits the stream of ASCII hex into requests. Commands carry no line
 * ending, so the length field (LSB first) is what ends a request. Junk (non-hex, wrong header/EOF) is reported and
 * the scan resumes after it.
 */
export class RequestSplitter {
  private buf = '';

  get pending(): number {
    return this.buf.length;
  }

  push(text: string): SplitEvent[] {
    this.buf += text;
    const out: SplitEvent[] = [];
    for (;;) {
      // Line breaks and spaces between requests are harmless; anything else before "01" is junk.
      const lead = /^[\s]*/.exec(this.buf)?.[0].length ?? 0;
      this.buf = this.buf.slice(lead);
      const start = this.buf.search(/01/);
      const bad = /[^0-9A-Fa-f]/.exec(this.buf);
      if (bad && (start < 0 || bad.index < start)) {
        out.push({ kind: 'junk', text: this.buf.slice(0, bad.index + 1) });
        this.buf = this.buf.slice(bad.index + 1);
        continue;
      }
      if (start < 0) {
        // Keep a trailing "0" that may become "01"; the rest can never start a request.
        const keep = this.buf.endsWith('0') ? 1 : 0;
        if (this.buf.length > keep) out.push({ kind: 'junk', text: this.buf.slice(0, this.buf.length - keep) });
        this.buf = this.buf.slice(this.buf.length - keep);
        return out;
      }
      if (start > 0) {
        out.push({ kind: 'junk', text: this.buf.slice(0, start) });
        this.buf = this.buf.slice(start);
      }
      if (this.buf.length < 6) return out;
      const len = parseInt(this.buf.slice(2, 4), 16) | (parseInt(this.buf.slice(4, 6), 16) << 8);
      if (!(len >= 8 && len <= MAX_REQUEST)) {
        out.push({ kind: 'junk', text: this.buf.slice(0, 2) });
        this.buf = this.buf.slice(2);
        continue;
      }
      const body = this.buf.slice(0, len * 2);
      const badIn = /[^0-9A-Fa-f]/.exec(body);
      if (badIn) {
        out.push({ kind: 'junk', text: this.buf.slice(0, badIn.index + 1) });
        this.buf = this.buf.slice(badIn.index + 1);
        continue;
      }
      if (body.length < len * 2) return out;
      const b = Buffer.from(body, 'hex');
      if (b[3] !== 0x03 || b[4] !== 0x04 || b[len - 2] !== 0x00 || b[len - 1] !== 0x00) {
        out.push({ kind: 'junk', text: this.buf.slice(0, 2) });
        this.buf = this.buf.slice(2);
        continue;
      }
      this.buf = this.buf.slice(len * 2);
      out.push({ kind: 'request', request: { cmd: b[5]!, params: Uint8Array.from(b.subarray(6, len - 2)) } });
    }
  }

  /** Inter-character timeout: a partial request is dropped. */
  timeout(): SplitEvent[] {
    const text = this.buf;
    this.buf = '';
    return text ? [{ kind: 'junk', text }] : [];
  }
}
