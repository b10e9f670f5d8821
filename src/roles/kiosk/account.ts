/**
 * "My account" (after the PIN only): the patron's current loans with due dates, and their holds, fetched for
 * the open dialog and dropped when it closes or the session ends. Never a history of past loans.
 * Each listed item costs one SIP2 17 for its title and due date; an item the ILS cannot describe is listed by
 * what the ILS sent in the summary.
 */
import type { Ils } from '../../sip2/ils.ts';
import type { KioskAccountView } from './view.ts';

export async function loadAccount(
  ils: Ils,
  patronId: string,
  pin: string | undefined,
  max: number,
): Promise<KioskAccountView> {
  const range = { start: 1, end: max };
  const charged = await ils.patronInfo(patronId, pin, { summary: 'charged', ...range });
  const holds = await ils.patronInfo(patronId, pin, { summary: 'hold', ...range });
  const unavailable = await ils.patronInfo(patronId, pin, { summary: 'unavailable', ...range });
  const now = Date.now();
  const loans: KioskAccountView['loans'] = [];
  for (const id of charged.chargedItems.slice(0, max)) {
    const info = await ils.itemInfo(id).catch(() => undefined);
    const loan: KioskAccountView['loans'][number] = { title: info?.title ?? id };
    const due = info?.dueDate !== undefined ? parseDue(info.dueDate) : undefined;
    if (due) {
      loan.dueDate = due.toISOString();
      loan.overdue = due.getTime() < now;
    } else if (info?.dueDate) loan.dueDateText = info.dueDate;
    loans.push(loan);
  }
  const holdRows: KioskAccountView['holds'] = [];
  const lists: Array<[string[], boolean]> = [
    [holds.holdItems, true],
    [unavailable.unavailableHoldItems, false],
  ];
  for (const [list, ready] of lists) {
    for (const id of list.slice(0, max)) {
      const info = await ils.itemInfo(id).catch(() => undefined);
      holdRows.push({ title: info?.title ?? id, ready });
    }
  }
  return { loading: false, loans, holds: holdRows };
}

/** SIP2 18-char dates ("YYYYMMDDZZZZHHMMSS") and ISO dates; anything else stays text. */
export function parseDue(text: string): Date | undefined {
  const sip = /^(\d{4})(\d{2})(\d{2}).{4}(\d{2})(\d{2})(\d{2})$/.exec(text);
  const d = sip
    ? new Date(`${sip[1]}-${sip[2]}-${sip[3]}T${sip[4]}:${sip[5]}:${sip[6]}`)
    : /^\d{4}-\d{2}-\d{2}/.test(text)
      ? new Date(text)
      : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}
