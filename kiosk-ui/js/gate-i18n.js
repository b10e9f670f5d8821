// The gate page's catalogues, the kiosk's mechanism (js/i18n.js) with the gate's own files: /i18n/gate/<lang>.json,
// flat keys, {param} placeholders, dates and numbers through Intl in the page's language. Adding a language is
// adding a catalogue and its entry in LANGUAGES.
export const LANGUAGES = ['en', 'es'];
const cache = new Map();
let cat = {};
let lang = 'en';

/** Loads `l`'s catalogue (English when it cannot be loaded) and sets the document's language. */
export async function setLanguage(l) {
  if (!LANGUAGES.includes(l)) l = 'en';
  if (!cache.has(l)) {
    const r = await fetch(`/i18n/gate/${l}.json`).catch(() => undefined);
    if (!r?.ok) {
      if (l !== 'en') return setLanguage('en');
      cache.set(l, {});
    } else cache.set(l, await r.json());
  }
  cat = cache.get(l);
  lang = l;
  document.documentElement.lang = l;
  return l;
}

export function language() {
  return lang;
}

export function t(key, params = {}) {
  const s = cat[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ''));
}

/** A time of day (epoch ms) as staff read it in this language, or the "none" mark. */
export function fmtTime(ms) {
  if (!ms) return t('none');
  return new Intl.DateTimeFormat(lang, { timeStyle: 'medium' }).format(new Date(ms));
}

/** A calendar day 'YYYY-MM-DD' in this language (read as that local day, not as UTC midnight). */
export function fmtDay(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (!m) return day ?? '';
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Intl.DateTimeFormat(lang, { dateStyle: 'full' }).format(d);
}

export function fmtCount(n) {
  return new Intl.NumberFormat(lang).format(n);
}
