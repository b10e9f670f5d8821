/**
 * Builds the receipt for a session in the patron's language: the items checked out or renewed with their due
 * dates, formatted for the locale. Nothing about the patron is printed (not even the first name).
 */
import type { Receipt } from '../../../drivers/printer/types.ts';
import type { KioskItemRow, KioskLanguage } from './view.ts';

const LABELS: Record<KioskLanguage, { title: string; due: string; renewed: string; thanks: string; locale: string }> = {
  en: {
    title: 'Items checked out',
    due: 'Due',
    renewed: 'renewed',
    thanks: 'Thank you for visiting the library.',
    locale: 'en-US',
  },
  es: {
    title: 'Materiales prestados',
    due: 'Vence',
    renewed: 'renovado',
    thanks: 'Gracias por visitar la biblioteca.',
    locale: 'es-US',
  },
};

export function buildReceipt(rows: KioskItemRow[], lang: KioskLanguage, now: Date, libraryName?: string): Receipt {
  const l = LABELS[lang];
  const fmt = new Intl.DateTimeFormat(l.locale, { dateStyle: 'medium' });
  const items = rows
    .filter((r) => r.state === 'ok' && (r.action === 'checkout' || r.action === 'renewal'))
    .map((r) => {
      const due = r.dueDate ? fmt.format(new Date(r.dueDate)) : (r.dueDateText ?? '');
      const title = r.title ?? '?';
      return { title: r.action === 'renewal' ? `${title} (${l.renewed})` : title, due };
    });
  return {
    header: [...(libraryName ? [libraryName] : []), l.title, fmt.format(now)],
    items,
    dueLabel: l.due,
    footer: [l.thanks],
  };
}
