/** CSV export of the hourly statistics for the library's reports: one row per hour, one column per counter. */
import type { Counters } from './store.ts';

export function statsToCsv(hours: Record<string, Counters>, opts: { from?: string; to?: string } = {}): string {
  const keys = Object.keys(hours)
    .filter((h) => (!opts.from || h >= opts.from) && (!opts.to || h <= opts.to))
    .sort();
  const columns = [...new Set(keys.flatMap((k) => Object.keys(hours[k] ?? {})))].sort();
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [['hour_utc', ...columns].map(quote).join(',')];
  for (const k of keys) lines.push([`${k}:00Z`, ...columns.map((c) => String(hours[k]?.[c] ?? 0))].join(','));
  return `${lines.join('\n')}\n`;
}
