/**
 * TI TRF7970A EVM / "Univelop 500" ASCII-hex host protocol (rfid-vectors.md §D).
 * Request: ASCII hex of `01 | LEN_lo LEN_hi | 03 04 | CMD | params | 00 00`, LEN = total bytes including the 01.
 * Replies are text lines (split by @serialport/parser-readline); data sits in brackets: `[UID,RSSI]` per inventory
 * slot (UID printed LSB first), `[z]` collision, `[]` no answer, `[00..]` ISO flags + data. Pure: no I/O.
 */

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

export class LineError extends Error {
  constructor(
    message: string,
    readonly line: string,
  ) {
    super(message);
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
