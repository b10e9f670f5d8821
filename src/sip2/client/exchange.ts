/**
 * The pure request/response state machine of one SIP2 exchange (STYLE.md #6): given the request that was sent,
 * it decides what each arriving message means. No I/O, no timers: the connection feeds it and acts on its verdict.
 *  - the expected response (code pair) with a good checksum and matching AY → resolve;
 *  - a bad checksum → ask for a resend (97), at most `resendRetries` times, then fail 'checksum';
 *  - 96 (the ACS could not read our request) → send the request again, bounded the same way;
 *  - any other code, or a wrong AY → fail 'sequence' (out of sync: the connection is reset, jsmodbus-style).
 */
import { Sip2Error } from '../ils.ts';
import type { DecodeResult } from '../codec/index.ts';

export type Verdict =
  | { kind: 'resolve'; message: DecodeResult }
  | { kind: 'send97' }
  | { kind: 'resend_request' }
  | { kind: 'fail'; error: Sip2Error };

export interface ExchangeOptions {
  expect: string;
  sequence: number | undefined;
  errorDetection: boolean;
  strictChecksum: boolean;
  resendRetries: number;
}

export class Exchange {
  private resends = 0;

  constructor(readonly opts: ExchangeOptions) {}

  onMessage(msg: DecodeResult): Verdict {
    const o = this.opts;
    if (msg.code === '96') {
      if (this.resends++ >= o.resendRetries)
        return { kind: 'fail', error: new Sip2Error('checksum', 'the ILS kept asking for a resend (96)') };
      return { kind: 'resend_request' };
    }
    if (msg.checksum === 'invalid' && o.strictChecksum) {
      if (this.resends++ >= o.resendRetries)
        return {
          kind: 'fail',
          error: new Sip2Error('checksum', `bad checksum on ${msg.code} after ${o.resendRetries} resends`),
        };
      return { kind: 'send97' };
    }
    if (msg.code !== o.expect)
      return {
        kind: 'fail',
        error: new Sip2Error('sequence', `expected a ${o.expect} response, got ${msg.code}`, {
          expected: o.expect,
          got: msg.code,
        }),
      };
    if (o.errorDetection && o.sequence !== undefined && msg.sequence !== undefined && msg.sequence !== o.sequence)
      return {
        kind: 'fail',
        error: new Sip2Error('sequence', `response sequence AY${msg.sequence} does not match request AY${o.sequence}`),
      };
    return { kind: 'resolve', message: msg };
  }

  /** A frame that could not be decoded at all counts like a bad checksum: ask again. */
  onGarbage(err: Sip2Error): Verdict {
    if (this.resends++ >= this.opts.resendRetries) return { kind: 'fail', error: err };
    return { kind: 'send97' };
  }
}
