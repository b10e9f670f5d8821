/**
 * Valid examples the mutators start from: the shared SIP2 vectors (../shared/reference/sip2-vectors.tsv, read the
 * way test/sip2/vectors.test.ts reads them), plus messages this station sends, and reader frames built by the
 * drivers' own encoders from the commands in rfid-vectors.md.
 */
import { existsSync, readFileSync } from 'node:fs';

const VECTORS = new URL('../test/vectors/sip2-vectors.tsv', import.meta.url);

/** Messages the test ILS and the client exchange (sip2-facts.md), for when the shared vectors are absent. */
const BUILTIN_SIP2 = [
  '9300CNselfcheck|COpw|CPmain|AY0AZF5C6',
  '9900302.00AY1AZFCA5',
  '98YYYYNN60000320240101    1200002.00AOmain|AMMain Library|BXYYYYYYYYYYYYYYYY|AY1AZD9F6',
  '6300120240101    120000          AOmain|AA21234000000001|AC|ADpin|BP1|BQ5|AY2AZEE80',
  '1100N20240101    12000020240101    120000AOmain|AA21234000000001|AB31234000000001|AC|AY3AZ',
  '120NNY20240101    120000AOmain|AA21234000000001|AB31234000000001|AJThe title|AH20240115    235900|AY3AZE1C1',
  '09N20240101    12000020240101    120000APmain|AOmain|AB31234000000001|AC|AY4AZ',
  '101YNN20240101    120000AOmain|AB31234000000001|AQmain|AJThe title|CTcirc|CV01|AY4AZDD2E',
  '1720240101    120000AOmain|AB31234000000001|AC|AY5AZ',
  '1803010120240101    120000AB31234000000001|AJTitle|CK001|AQmain|APmain|AY5AZ',
];

export function sip2Corpus(): Uint8Array[] {
  const out = BUILTIN_SIP2.map((s) => Buffer.from(s, 'latin1'));
  if (existsSync(VECTORS)) {
    for (const line of readFileSync(VECTORS, 'utf8').split('\n').slice(1)) {
      const message = line.split('\t')[3];
      if (!message) continue;
      try {
        const text = JSON.parse(
          `"${message.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/"/g, '\\"')}"`,
        ) as string;
        out.push(Buffer.from(text, 'utf8'));
      } catch {
        // A row the escape rules above cannot read is skipped: the corpus is seed material, not a test.
      }
    }
  }
  return out;
}

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

export function join(parts: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}
