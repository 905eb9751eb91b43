// Locale-aware display of dates and instants. Money formatting is shared code (src/shared/domain/money).
import type { CalendarDate, Instant, Locale } from '../../shared/model';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    cache.set(key, found);
  }
  return found;
}

/** "12/05/2026" / "5/12/26": a calendar date has no zone, so it is formatted as the same day in UTC. */
export function formatCalendarDate(date: CalendarDate, locale: Locale): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return formatter(locale, { dateStyle: 'short', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

export function formatDateTime(at: Instant, locale: Locale, timeZone?: string): string {
  return formatter(locale, { dateStyle: 'short', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(at);
}

export function formatTime(at: Instant, locale: Locale, timeZone?: string): string {
  return formatter(locale, { timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(at);
}
