/**
 * Searches files for patron data: the library's card-number pattern, SIP2 patron fields on the wire (AA/AD/AE/BD/BE/BF
 * with a value), and JSON keys that name patron fields. Used by the privacy audit and by the tests that run sessions and
 * then search the data directory and logs. Sealed offline entries are checked for shape instead (they hold only ciphertext).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Finding {
  file: string;
  line: number;
  kind: string;
}

const sip2Field = /(?:^|\|)(AA|AD|AE|BD|BE|BF)[^|\r\n*[\]]{2,}\|/;
const jsonKey = /"(cardNumber|patronId|pin|personalName|firstName|lastName|email|phone|address)"\s*:\s*"[^"[]/i;
const sealedKeys = new Set(['v', 'txId', 'createdAt', 'state', 'keyId', 'local', 'staff']);

export function scanText(text: string, patronId: RegExp, extra: string[] = []): Array<{ line: number; kind: string }> {
  const out: Array<{ line: number; kind: string }> = [];
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    if (patronId.test(l)) out.push({ line: i + 1, kind: 'patron id pattern' });
    if (sip2Field.test(l)) out.push({ line: i + 1, kind: 'SIP2 patron field' });
    if (jsonKey.test(l)) out.push({ line: i + 1, kind: 'patron field key' });
    for (const v of extra) if (v && l.includes(v)) out.push({ line: i + 1, kind: 'known patron value' });
  });
  return out;
}

function isSealedEntry(text: string): boolean {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    return (
      Object.keys(o).every((k) => sealedKeys.has(k)) && typeof o['local'] === 'object' && typeof o['staff'] === 'object'
    );
  } catch {
    return false;
  }
}

/** Scans every file under `root` (bounded size per file). `extra` are known values to look for (tests pass the patron's). */
export function scanTree(root: string, patronId: RegExp, extra: string[] = [], maxBytes = 50 * 1024 * 1024): Finding[] {
  const findings: Finding[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) findings.push(...scanFile(p, patronId, extra, maxBytes, root));
    }
  };
  walk(root);
  return findings;
}

export function scanFile(
  path: string,
  patronId: RegExp,
  extra: string[] = [],
  maxBytes = 50 * 1024 * 1024,
  root?: string,
): Finding[] {
  const name = root ? relative(root, path) : path;
  const buf = readFileSync(path);
  const text = buf.subarray(0, maxBytes).toString('latin1');
  if (/(^|\/)offline\/[0-9a-f-]{36}\.json$/.test(path)) {
    const hits = extra.filter((v) => v && text.includes(v));
    return isSealedEntry(text) && hits.length === 0 ? [] : [{ file: name, line: 1, kind: 'offline entry not sealed' }];
  }
  return scanText(text, patronId, extra).map((h) => ({ file: name, ...h }));
}
