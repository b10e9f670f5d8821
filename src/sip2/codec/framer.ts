/**
 * Splits a SIP2 byte stream into messages at CR, tolerating CRLF and a stray LF (Koha sends CRLF by default; a
 * CR-only reader that leaves the LF behind hung NYPL's client: sip2-facts.md quirk 1). A line longer than the limit
 * without a terminator is an error and is discarded, never silently kept.
 */
import { Sip2Error } from '../ils.ts';

export class Sip2Framer {
  private buf: Buffer = Buffer.alloc(0);

  constructor(
    private readonly onMessage: (bytes: Buffer) => void,
    private readonly onError: (err: Sip2Error) => void,
    private readonly maxLength = 64 * 1024,
  ) {}

  push(chunk: Uint8Array): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    for (;;) {
      const cr = this.buf.indexOf(0x0d);
      if (cr < 0) break;
      let line = this.buf.subarray(0, cr);
      this.buf = this.buf.subarray(cr + 1);
      while (line.length && line[0] === 0x0a) line = line.subarray(1);
      if (line.length) this.onMessage(Buffer.from(line));
    }
    // A lone LF (the tail of CRLF) waiting for the next message is not data.
    while (this.buf.length && this.buf[0] === 0x0a) this.buf = this.buf.subarray(1);
    if (this.buf.length > this.maxLength) {
      this.buf = Buffer.alloc(0);
      this.onError(new Sip2Error('malformed', `no message terminator within ${this.maxLength} bytes; discarded`));
    }
  }

  /** Bytes received but not yet terminated (a response split over TCP chunks). */
  get pending(): number {
    return this.buf.length;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
  }
}
