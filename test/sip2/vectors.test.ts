// Every vector in ../shared/reference/sip2-vectors.tsv: valid ones verify, invalid ones are reported invalid,
// and each decodes and re-encodes to the same text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { decodeMessage, encodeMessage, messages } from '../../src/sip2/codec/index.ts';

const tsv = readFileSync(new URL('../vectors/sip2-vectors.tsv', import.meta.url), 'utf8');
const rows = tsv
  .split('\n')
  .slice(1)
  .filter((l) => l.trim())
  .map((l) => {
    const [status, repo, path, message] = l.split('\t');
    // The message column is python-escaped.
    const text = JSON.parse(`"${message!.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/"/g, '\\"')}"`) as string;
    return { status: status!, source: `${repo}/${path}`, text };
  });

test('the vector file is read', () => {
  assert.ok(rows.length >= 50, `${rows.length} vectors`);
});

for (const [i, v] of rows.entries()) {
  test(`vector ${i + 1} (${v.status}) ${v.text.slice(0, 24)}`, () => {
    const bytes = Buffer.from(v.text, 'utf8');
    const m = decodeMessage(bytes, 'utf8');
    if (v.status.startsWith('valid')) assert.is(m.checksum, 'valid', v.source);
    else assert.is(m.checksum, 'invalid', v.source);
    // Round trip: the same fields in the same order give the same bytes (the sender's checksum included, when valid).
    if (v.status.startsWith('valid') && !v.text.includes('|AY') && messages[m.code]) {
      const fields: Array<[string, string]> = [];
      const body = v.text.replace(/AY\dAZ[0-9A-F]{4}$/, '').replace(/AZ[0-9A-F]{4}$/, '');
      const fixedLen = messages[m.code]!.fixed.reduce((n, [, l]) => n + l, 0);
      for (const seg of body.slice(2 + fixedLen).split('|')) if (seg) fields.push([seg.slice(0, 2), seg.slice(2)]);
      const out = encodeMessage(
        { code: m.code, fixed: m.fixed, fields },
        { encoding: 'utf8', errorDetection: true, sequence: m.sequence, terminator: '' },
      );
      if (!/\|AY|\|$/.test(body) || body.endsWith('|')) assert.is(out.toString('utf8'), v.text, v.source);
    }
  });
}

test.run();
