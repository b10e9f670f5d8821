/**
 * 3M 810 / Model 210 serial framing (rfid-vectors.md §B): `D6 | LEN_hi LEN_lo | CMD | fields | CRC_hi CRC_lo`,
 * LEN counts everything after itself including the CRC. 0xD5 starts the wake/version probe and its reply.
 * CRC-16/GENIBUS (poly 0x1021, init 0xFFFF, not reflected, xorout 0xFFFF; check 0xD64E) over LEN+payload, MSB first.
 * Pure: no I/O. The parser reports discarded bytes instead of dropping them silently.
 */

export const START = 0xd6;
export const START_PROBE = 0xd5;
/** Largest LEN we accept: the longest real reply (write/read 256 blocks x 4 bytes) fits well inside this. */
export const MAX_LEN = 2048;

export function crcGenibus(data: Uint8Array): number {
  let crc = 0xffff;
  for (const b of data) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc ^ 0xffff;
}

/** Builds a full frame from the command byte and its fields. */
export function encodeFrame(cmd: number, fields: Uint8Array = new Uint8Array(0), start = START): Uint8Array {
  const len = 1 + fields.length + 2;
  if (len > MAX_LEN) throw new RangeError(`3M frame too long: ${len}`);
  const out = new Uint8Array(3 + len);
  out[0] = start;
  out[1] = len >> 8;
  out[2] = len & 0xff;
  out[3] = cmd;
  out.set(fields, 4);
  const crc = crcGenibus(out.subarray(1, out.length - 2));
  out[out.length - 2] = crc >> 8;
  out[out.length - 1] = crc & 0xff;
  return out;
}

export interface Frame {
  start: number;
  cmd: number;
  /** Bytes after CMD, without the CRC. */
  fields: Uint8Array;
  raw: Uint8Array;
}

export type ParseEvent =
  | { kind: 'frame'; frame: Frame }
  | { kind: 'junk'; bytes: Uint8Array; reason: 'no_start' | 'bad_crc' | 'bad_length' | 'timeout' };

/**
 * Incremental parser. `push` returns frames and junk events in stream order. On a bad CRC only the start byte is
 * dropped and the scan resumes at the next start byte (resync, as koha-rfid-3m810-js does).
 * `timeout()` is called by the transport when the inter-byte gap elapses: a partial frame is reported as junk.
 */
export class FrameParser {
  private buf: Uint8Array = new Uint8Array(0);

  get pending(): number {
    return this.buf.length;
  }

  push(chunk: Uint8Array): ParseEvent[] {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf, 0);
    merged.set(chunk, this.buf.length);
    this.buf = merged;
    const events: ParseEvent[] = [];
    for (;;) {
      let s = 0;
      while (s < this.buf.length && this.buf[s] !== START && this.buf[s] !== START_PROBE) s++;
      if (s > 0) {
        events.push({ kind: 'junk', bytes: this.buf.slice(0, s), reason: 'no_start' });
        this.buf = this.buf.slice(s);
      }
      if (this.buf.length < 3) return events;
      const len = ((this.buf[1] ?? 0) << 8) | (this.buf[2] ?? 0);
      if (len < 3 || len > MAX_LEN) {
        events.push({ kind: 'junk', bytes: this.buf.slice(0, 1), reason: 'bad_length' });
        this.buf = this.buf.slice(1);
        continue;
      }
      const total = 3 + len;
      if (this.buf.length < total) return events;
      const raw = this.buf.slice(0, total);
      const crc = ((raw[total - 2] ?? 0) << 8) | (raw[total - 1] ?? 0);
      if (crcGenibus(raw.subarray(1, total - 2)) !== crc) {
        events.push({ kind: 'junk', bytes: this.buf.slice(0, 1), reason: 'bad_crc' });
        this.buf = this.buf.slice(1);
        continue;
      }
      this.buf = this.buf.slice(total);
      events.push({
        kind: 'frame',
        frame: { start: raw[0] ?? START, cmd: raw[3] ?? 0, fields: raw.slice(4, total - 2), raw },
      });
    }
  }

  /** Inter-byte timeout: whatever is buffered can no longer become a frame. */
  timeout(): ParseEvent[] {
    if (this.buf.length === 0) return [];
    const bytes = this.buf;
    this.buf = new Uint8Array(0);
    return [{ kind: 'junk', bytes, reason: 'timeout' }];
  }
}
