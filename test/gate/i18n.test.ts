/**
 * The gate page's catalogues (kiosk-ui/i18n/gate/<lang>.json, the kiosk's mechanism): every language has the same
 * keys with the same {placeholders}, and every key the page uses (data-i18n in gate.html, t('...'), 'family.key'
 * literals, and the `alarm.` / `check.` / `mode.` families of the status values in gate.js) is in them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const UI = path.resolve('kiosk-ui');
const LANGS = ['en', 'es'];

async function catalogue(lang: string): Promise<Record<string, string>> {
  return JSON.parse(await readFile(path.join(UI, 'i18n', 'gate', `${lang}.json`), 'utf8')) as Record<string, string>;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('en and es have the same keys, the same placeholders, and no empty string', async () => {
  const [en, es] = await Promise.all(LANGS.map(catalogue));
  assert.equal(Object.keys(es!).sort(), Object.keys(en!).sort());
  for (const [k, v] of Object.entries(en!)) {
    assert.equal(placeholders(es![k]!), placeholders(v), `placeholders of ${k}`);
    assert.ok(v.trim() && es![k]!.trim(), `${k} is not empty`);
  }
  // A Spanish catalogue that is a copy of the English one would pass the key check: most strings must differ.
  const same = Object.keys(en!).filter((k) => en![k] === es![k]);
  assert.ok(same.length <= 5, `untranslated: ${same.join(', ')}`);
});

test('every key the page uses is in every catalogue', async () => {
  const html = await readFile(path.join(UI, 'gate.html'), 'utf8');
  const js = await readFile(path.join(UI, 'js', 'gate.js'), 'utf8');
  const lib = await readFile(path.join(UI, 'js', 'gate-i18n.js'), 'utf8');
  const used = new Set<string>([
    ...[...html.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]!),
    ...[...(js + lib).matchAll(/\bt\(\s*'([^']+)'/g)].map((m) => m[1]!),
    // Keys passed around before t(): every 'family.key' literal of the page's script.
    ...[...js.matchAll(/'([a-z]+\.[a-z_]+)'/g)].map((m) => m[1]!),
    // Keys built from status values: every value the server can send.
    ...['idle', 'alarm', 'silenced'].map((s) => `alarm.${s}`),
    ...['checked_out', 'not_checked_out', 'unknown'].map((v) => `check.${v}`),
    ...['afi', 'eas', 'both'].map((m) => `mode.${m}`),
  ]);
  assert.ok(used.size > 15, `found ${used.size} keys`);
  for (const lang of LANGS) {
    const cat = await catalogue(lang);
    for (const k of used) assert.type(cat[k], 'string', `${lang}: ${k}`);
  }
  // The template literals in gate.js use exactly these families.
  const families = [...js.matchAll(/t\(`(\w+)\.\$\{/g)].map((m) => m[1]);
  assert.equal([...new Set(families)].sort(), ['alarm', 'check', 'mode']);
});

test.run();
