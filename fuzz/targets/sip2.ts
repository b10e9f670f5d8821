/**
 * SIP2 surface: decodeMessage in every supported encoding (bytes between terminators, as the client and the test
 * ILS see them), and Sip2Framer fed the same bytes in uneven chunks with a small line limit so the overflow path
 * runs too. Each framed message is then decoded, as the client does.
 */
import { decodeMessage, Sip2Framer, type Sip2Encoding } from '../../src/sip2/codec/index.ts';
import type { Sip2Error } from '../../src/sip2/ils.ts';
import { SelfcheckError } from '../../src/errors.ts';
import { FuzzFinding, type Target } from '../harness.ts';
import { generate } from '../mutate.ts';
import { sip2Corpus } from '../corpus.ts';

const ENCODINGS: Sip2Encoding[] = ['utf8', 'latin1', 'cp850'];
// '|' field separator, CR/LF terminators, 'A' and 'Y'/'Z' (AY/AZ trailer ids), digits, NUL, a cp850/utf8 lead byte.
const DELIMS = [0x7c, 0x0d, 0x0a, 0x41, 0x59, 0x5a, 0x30, 0x39, 0x00, 0xc3, 0xff];
const corpus = sip2Corpus();
const corpusCr = corpus.map((m) => Buffer.concat([m, Buffer.from('\r')]));

function tryDecode(bytes: Uint8Array): void {
  for (const enc of ENCODINGS) {
    try {
      decodeMessage(bytes, enc);
    } catch (err) {
      // A typed error is the expected outcome; anything else goes to the harness as a finding.
      if (!(err instanceof SelfcheckError)) throw err;
    }
  }
}

export const sip2Decode: Target = {
  name: 'sip2-decode',
  full: 250_000,
  generate: (rng) => generate(rng, { corpus, delimiters: DELIMS, maxRandom: 200 }),
  run: tryDecode,
};

export const sip2Framer: Target = {
  name: 'sip2-framer',
  full: 100_000,
  generate: (rng) => generate(rng, { corpus: corpusCr, delimiters: DELIMS, maxRandom: 400 }),
  run(input) {
    const max = 64 + (input.length % 97);
    const messages: Buffer[] = [];
    const errors: Sip2Error[] = [];
    const framer = new Sip2Framer(
      (m) => messages.push(m),
      (e) => errors.push(e),
      max,
    );
    // Chunk sizes from the input itself, so a replayed input splits the same way.
    const step = 1 + (input.length % 13);
    for (let i = 0; i < input.length; i += step) framer.push(input.subarray(i, i + step));
    for (const m of messages) {
      if (m.includes(0x0d)) throw new FuzzFinding('a framed message holds a CR');
      if (m.length === 0) throw new FuzzFinding('an empty message was delivered');
      tryDecode(m);
    }
    if (framer.pending > max) throw new FuzzFinding(`framer holds ${framer.pending} bytes over its ${max} limit`);
    if (errors.length > 0 && !errors.every((e) => e.code === 'malformed'))
      throw new FuzzFinding('framer reported an error other than malformed');
  },
};
