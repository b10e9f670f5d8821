/**
 * SIP2 dates: 18 characters, YYYYMMDDZZZZHHMMSS. ZZZZ is four blanks for local time (what everyone sends), or a
 * zone whose last character is "Z" for UTC (e.g. "   Z"); other letters name other zones, which we read as UTC
 * offsets we cannot know and so treat as local, keeping the text (sip2-facts.md "Framing").
 */
export const BLANK_DATE = ' '.repeat(18);

const two = (n: number) => String(n).padStart(2, '0');

/** Formats a date as SIP2 local time (four blanks), or UTC with "   Z" when `utc` is set. */
export function formatSipDate(d: Date, utc = false): string {
  if (utc)
    return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}   Z${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
  return `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}    ${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

const sipDate = /^(\d{4})(\d{2})(\d{2})(.{4})(\d{2})(\d{2})(\d{2})$/;

/** Parses an 18-character SIP2 date; undefined for blanks or anything malformed. */
export function parseSipDate(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const m = sipDate.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, zone, h, mi, se] = m;
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)] as const;
  if (parts[1] > 11 || parts[2] < 1 || parts[2] > 31 || parts[3] > 23 || parts[4] > 59 || parts[5] > 60)
    return undefined;
  return zone!.endsWith('Z') ? new Date(Date.UTC(...parts)) : new Date(...parts);
}

/** A due date (AH) is free text: an 18-char SIP2 date, an ISO date, or something else shown as sent. */
export function parseDueDate(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const sip = parseSipDate(s);
  if (sip) return sip;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s);
  if (iso) {
    const d = new Date(
      Number(iso[1]),
      Number(iso[2]) - 1,
      Number(iso[3]),
      Number(iso[4] ?? 23),
      Number(iso[5] ?? 59),
      Number(iso[6] ?? 0),
    );
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}
