// Catalogues are fetched from /i18n/<lang>.json: adding a language is adding a file.
const cache = new Map();
let cat = {};
let lang = 'en';

export async function setLanguage(l) {
  if (!cache.has(l)) {
    const r = await fetch(`/i18n/${l}.json`);
    cache.set(l, r.ok ? await r.json() : {});
  }
  cat = cache.get(l);
  lang = l;
  document.documentElement.lang = l;
}

export function language() {
  return lang;
}

export function t(key, params = {}) {
  const s = cat[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ''));
}

export function fmtDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(d);
}

export function fmtMoney(m) {
  if (!m) return '';
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency: m.currency }).format(Number(m.amount));
  } catch {
    return `${m.amount} ${m.currency}`;
  }
}

/** A message from the view: money and date params formatted for the locale. */
export function msg(m) {
  if (!m) return '';
  const p = { ...(m.params ?? {}) };
  if (p.amount !== undefined && p.currency) p.amount = fmtMoney({ amount: p.amount, currency: p.currency });
  if (p.dueDate !== undefined) p.dueDate = fmtDate(p.dueDate);
  return t(m.key, p);
}
