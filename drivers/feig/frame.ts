/**
 * FEIG OBID ISO-Host protocol framing (rfid-vectors.md §C).
 *   standard: LEN | COM-ADR | CMD | [STATUS] | DATA | CRC_lo CRC_hi     LEN = all bytes incl. itself and the CRC (5..255)
 *   advanced: 02 | ALEN_hi ALEN_lo | COM-ADR | CMD | [STATUS] | DATA | CRC_lo CRC_hi   ALEN = all bytes incl. STX and CRC
 * CRC-16/MCRF4XX (poly 0x8408 reflected, preset 0xFFFF, no final xor; check 0x6F91) over everything before it,
 * appended LSB first. Requests carry no STATUS; responses do (the framer does not care: `body` is CMD's payload).
 * Pure: no I/O. Bad bytes are reported as junk events, never dropped silently.
 */

export const STX = 0x02;
/** Smallest standard frame: LEN ADR CMD CRC CRC. */
export const MIN_STD = 5;
/** Smallest advanced frame: STX ALEN ALEN ADR CMD CRC CRC. */
export const MIN_ADV = 7;
/** Largest advanced frame we accept. Readers' buffers are a few KiB; anything larger is a corrupt length. */
export const MAX_ADV = 4096;
export const BROADCAST = 0xff;

export type FeigProtocol = 'standard' | 'advanced';

export function crcFeig(data: Uint8Array, start = 0, end = data.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc ^= data[i]!;
    for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return crc;
}

export interface FeigFrame {
  protocol: FeigProtocol;
  addr: number;
  cmd: number;
  /** Bytes after CMD, before the CRC (STATUS + DATA in a response, DATA in a request). */
  body: Uint8Array;
  raw: Uint8Array;
}

/** Builds one frame. Standard frames hold at most 250 body bytes; larger bodies need the advanced protocol. */
export function encodeFrame(
  protocol: FeigProtocol,
  addr: number,
  cmd: number,
  body: ArrayLike<number> = [],
): Uint8Array {
  const head = protocol === 'standard' ? 1 : 3;
  const total = head + 2 + body.length + 2;
  if (protocol === 'standard' && total > 255) throw new RangeError(`FEIG standard frame too long: ${total}`);
  if (total > MAX_ADV) throw new RangeError(`FEIG frame too long: ${total}`);
  const out = new Uint8Array(total);
  if (protocol === 'standard') out[0] = total;
  else {
    out[0] = STX;
    out[1] = total >> 8;
    out[2] = total & 0xff;
  }
  out[head] = addr & 0xff;
  out[head + 1] = cmd & 0xff;
  out.set(Array.from(body), head + 2);
  const crc = crcFeig(out, 0, total - 2);
  out[total - 2] = crc & 0xff;
  out[total - 1] = crc >> 8;
  return out;
}

export type JunkReason = 'bad_start' | 'bad_crc' | 'bad_length' | 'timeout';

export type FeigEvent = { kind: 'frame'; frame: FeigFrame } | { kind: 'junk'; bytes: Uint8Array; reason: JunkReason };

/**
 * Incremental framer. `protocol` fixes which frames the peer sends: with 'standard' the first byte is a length,
 * so a byte below 5 cannot start a frame; with 'advanced' only STX can. On a bad CRC or length only the first
 * byte is dropped and the scan restarts one byte later (resync). A garbage length that waits for bytes that
 * never come is cleared by `reset()` (the request layer calls it on a timeout and before each request).
 */
export class FeigFramer {
  private buf = new Uint8Array(0);

  constructor(readonly protocol: FeigProtocol) {}

  get pending(): number {
    return this.buf.length;
  }

  reset(): void {
    this.buf = new Uint8Array(0);
  }

  /**
   * Inter-byte timeout: no more bytes are coming, so whatever is buffered is stale. A standard-protocol byte that
   * looked like a length may be waiting for bytes that never come; drop one byte at a time and rescan, so a good
   * frame behind the garbage is still found. Leaves the buffer empty.
   */
  flush(): FeigEvent[] {
    const events: FeigEvent[] = [];
    while (this.buf.length > 0) {
      events.push({ kind: 'junk', bytes: this.buf.slice(0, 1), reason: 'timeout' });
      this.buf = this.buf.slice(1);
      events.push(...this.push(new Uint8Array(0)));
    }
    return events;
  }

  push(chunk: Uint8Array): FeigEvent[] {
    if (chunk.length > 0) {
      const merged = new Uint8Array(this.buf.length + chunk.length);
      merged.set(this.buf, 0);
      merged.set(chunk, this.buf.length);
      this.buf = merged;
    }
    const events: FeigEvent[] = [];
    let pos = 0;
    // Runs of dropped bytes with one reason become one event (a noisy line would otherwise make one per byte).
    let run: { from: number; to: number; reason: JunkReason } | undefined;
    const endRun = (): void => {
      if (run) events.push({ kind: 'junk', bytes: this.buf.slice(run.from, run.to), reason: run.reason });
      run = undefined;
    };
    const junk = (n: number, reason: JunkReason): void => {
      if (run && run.reason === reason && run.to === pos) run.to += n;
      else {
        endRun();
        run = { from: pos, to: pos + n, reason };
      }
      pos += n;
    };
    while (pos < this.buf.length) {
      const first = this.buf[pos]!;
      let total: number;
      let head: number;
      if (this.protocol === 'standard') {
        if (first < MIN_STD) {
          junk(1, 'bad_start');
          continue;
        }
        total = first;
        head = 1;
      } else {
        if (first !== STX) {
          junk(1, 'bad_start');
          continue;
        }
        if (this.buf.length - pos < 3) break;
        total = (this.buf[pos + 1]! << 8) | this.buf[pos + 2]!;
        head = 3;
        if (total < MIN_ADV || total > MAX_ADV) {
          junk(1, 'bad_length');
          continue;
        }
      }
      if (this.buf.length - pos < total) break;
      const crc = this.buf[pos + total - 2]! | (this.buf[pos + total - 1]! << 8);
      if (crcFeig(this.buf, pos, pos + total - 2) !== crc) {
        junk(1, 'bad_crc');
        continue;
      }
      const raw = this.buf.slice(pos, pos + total);
      endRun();
      events.push({
        kind: 'frame',
        frame: {
          protocol: this.protocol,
          addr: raw[head]!,
          cmd: raw[head + 1]!,
          body: raw.slice(head + 2, total - 2),
          raw,
        },
      });
      pos += total;
    }
    endRun();
    this.buf = this.buf.slice(pos);
    return events;
  }
}
