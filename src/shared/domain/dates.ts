// Calendar dates (`YYYY-MM-DD`, no zone) and the few conversions to and from instants that need a zone. Pure.
// Date arithmetic is done on day numbers in UTC, where every day has 24 hours, so DST never shifts a due date.
import type { CalendarDate } from '../model';

const MS_PER_DAY = 86_400_000;

function parseDate(date: CalendarDate): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`expected YYYY-MM-DD: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Days since 1970-01-01 (negative before it). */
export function toEpochDay(date: CalendarDate): number {
  const [y, m, d] = parseDate(date);
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`not a real calendar date: ${date}`);
  }
  return ms / MS_PER_DAY;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function ymd(y: number, m: number, d: number): CalendarDate {
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

export function fromEpochDay(epochDay: number): CalendarDate {
  const t = new Date(epochDay * MS_PER_DAY);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function isCalendarDate(s: string): boolean {
  try {
    toEpochDay(s);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: CalendarDate, n: number): CalendarDate {
  return fromEpochDay(toEpochDay(date) + n);
}

/** Calendar days from `earlier` to `later` (negative when `later` is before). */
export function diffDays(later: CalendarDate, earlier: CalendarDate): number {
  return toEpochDay(later) - toEpochDay(earlier);
}

/** 0 when not yet due (or due today); a debt due yesterday is 1 day past due. */
export function daysPastDue(dueDate: CalendarDate, today: CalendarDate): number {
  return Math.max(0, diffDays(today, dueDate));
}

export type DpdBucket = 'current' | '1-30' | '31-60' | '61-90' | '91-180' | '181-360' | '360+';
export const DPD_BUCKETS: readonly DpdBucket[] = ['current', '1-30', '31-60', '61-90', '91-180', '181-360', '360+'];

/** The delinquency bucket collection teams report by; '360+' means more than 360 days. */
export function dpdBucket(dpd: number): DpdBucket {
  if (dpd <= 0) return 'current';
  if (dpd <= 30) return '1-30';
  if (dpd <= 60) return '31-60';
  if (dpd <= 90) return '61-90';
  if (dpd <= 180) return '91-180';
  if (dpd <= 360) return '181-360';
  return '360+';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone, which is what callers should see.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

type WallClock = { y: number; m: number; d: number; hour: number; minute: number; second: number };

function wallClock(instantMs: number, timeZone: string): WallClock {
  const wall: WallClock = { y: 0, m: 0, d: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    switch (part.type) {
      case 'year':
        wall.y = Number(part.value);
        break;
      case 'month':
        wall.m = Number(part.value);
        break;
      case 'day':
        wall.d = Number(part.value);
        break;
      case 'hour':
        wall.hour = Number(part.value);
        break;
      case 'minute':
        wall.minute = Number(part.value);
        break;
      case 'second':
        wall.second = Number(part.value);
        break;
      default:
        break;
    }
  }
  return wall;
}

/** Milliseconds to add to UTC to get the zone's wall clock at that instant. */
function offsetMs(instantMs: number, timeZone: string): number {
  const whole = instantMs - (((instantMs % 1000) + 1000) % 1000);
  const w = wallClock(whole, timeZone);
  return Date.UTC(w.y, w.m - 1, w.d, w.hour, w.minute, w.second) - whole;
}

/** The calendar date in `timeZone` at the instant `nowMs`. */
export function todayIn(timeZone: string, nowMs: number): CalendarDate {
  const w = wallClock(nowMs, timeZone);
  return ymd(w.y, w.m, w.d);
}

/**
 * The first instant of `date` in `timeZone` (local midnight). Where midnight did not exist (Brazil's old DST
 * began at 00:00), the day starts at the transition, 01:00 local.
 */
export function startOfDayIn(date: CalendarDate, timeZone: string): number {
  const utcMidnight = toEpochDay(date) * MS_PER_DAY;
  // The offset may differ on either side of midnight; try both and keep the earliest instant inside `date`.
  const guess = utcMidnight - offsetMs(utcMidnight, timeZone);
  const candidates = [guess, utcMidnight - offsetMs(guess, timeZone)];
  let best: number | null = null;
  for (const candidate of candidates) {
    if (todayIn(timeZone, candidate) === date && (best === null || candidate < best)) best = candidate;
  }
  return best ?? Math.max(...candidates);
}

/** Local date, weekday (0 = Sunday) and minutes since local midnight: what calling windows are written in. */
export function localTimeParts(
  nowMs: number,
  timeZone: string,
): { date: CalendarDate; weekday: number; minutes: number } {
  const w = wallClock(nowMs, timeZone);
  const date = ymd(w.y, w.m, w.d);
  // 1970-01-01 was a Thursday (4).
  const weekday = (((toEpochDay(date) + 4) % 7) + 7) % 7;
  return { date, weekday, minutes: w.hour * 60 + w.minute };
}
