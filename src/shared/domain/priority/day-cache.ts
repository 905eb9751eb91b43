// Calendar arithmetic for the scoring hot loop. Ranking 20,000 accounts parses the same few hundred due dates and
// "today" over and over, and asks a zone's local date for thousands of instants; dates.ts answers each with a
// regular expression or an Intl call. These memos give the very same answers (dates.ts still validates every
// date the first time it is seen and throws for a bad one) at a Map lookup's cost. Pure: the caches only remember
// answers of pure functions, and are bounded.
import type { CalendarDate } from '../../model';
import { fromEpochDay, todayIn, toEpochDay } from '../dates';

const MS_PER_DAY = 86_400_000;
const MAX_ENTRIES = 20_000;

const epochDays = new Map<string, number>();

// The last date asked: ranking asks for the same "today" once per account.
let lastDate = '';
let lastDay = 0;

/** toEpochDay, memoized. */
export function epochDayOf(date: CalendarDate): number {
  if (date === lastDate) return lastDay;
  const cached = epochDays.get(date);
  if (cached !== undefined) {
    lastDate = date;
    lastDay = cached;
    return cached;
  }
  const day = toEpochDay(date);
  lastDate = date;
  lastDay = day;
  if (epochDays.size >= MAX_ENTRIES) epochDays.clear();
  epochDays.set(date, day);
  return day;
}

/** fromEpochDay for the dates scoring emits (a broken promise's day): few distinct values. */
const datesOfDay = new Map<number, CalendarDate>();
export function dateOfEpochDay(day: number): CalendarDate {
  const cached = datesOfDay.get(day);
  if (cached !== undefined) return cached;
  const date = fromEpochDay(day);
  if (datesOfDay.size >= MAX_ENTRIES) datesOfDay.clear();
  datesOfDay.set(day, date);
  return date;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset at a whole second, the way dates.ts reads the wall clock (Intl, Gregorian, h23). */
function offsetAt(wholeSecondMs: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
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
    offsetFormatters.set(timeZone, formatter);
  }
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const part of formatter.formatToParts(wholeSecondMs)) {
    if (part.type === 'year') y = Number(part.value);
    else if (part.type === 'month') mo = Number(part.value);
    else if (part.type === 'day') d = Number(part.value);
    else if (part.type === 'hour') h = Number(part.value);
    else if (part.type === 'minute') mi = Number(part.value);
    else if (part.type === 'second') s = Number(part.value);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) - wholeSecondMs;
}

// Per zone and UTC day: the offset when it is the same at the day's first and last second (no transition that
// day), else NaN (a transition day: ask dates.ts directly).
const dayOffsets = new Map<string, Map<number, number>>();
let dayOffsetEntries = 0;
let lastZone = '';
let lastZoneDays: Map<number, number> | undefined;

/** todayIn(timeZone, instant), memoized per zone and UTC day. The zone must be valid (todayIn throws otherwise). */
export function localDateIn(timeZone: string, instantMs: number): CalendarDate {
  let byDay = timeZone === lastZone ? lastZoneDays : dayOffsets.get(timeZone);
  if (!byDay) {
    if (dayOffsetEntries >= MAX_ENTRIES) {
      dayOffsets.clear();
      dayOffsetEntries = 0;
    }
    lastZone = '';
    byDay = new Map();
    dayOffsets.set(timeZone, byDay);
  }
  lastZone = timeZone;
  lastZoneDays = byDay;
  const utcDay = Math.floor(instantMs / MS_PER_DAY);
  let offset = byDay.get(utcDay);
  if (offset === undefined) {
    const start = utcDay * MS_PER_DAY;
    const first = offsetAt(start, timeZone);
    offset = first === offsetAt(start + MS_PER_DAY - 1000, timeZone) ? first : Number.NaN;
    if (dayOffsetEntries >= MAX_ENTRIES) {
      for (const m of dayOffsets.values()) m.clear();
      dayOffsetEntries = 0;
    }
    byDay.set(utcDay, offset);
    dayOffsetEntries += 1;
  }
  if (Number.isNaN(offset)) return todayIn(timeZone, instantMs);
  const whole = instantMs - (((instantMs % 1000) + 1000) % 1000);
  return dateOfEpochDay(Math.floor((whole + offset) / MS_PER_DAY));
}
