// Local-time windows: is an instant inside one, and when does the next one open. All arithmetic is done on the
// customer's wall clock (IANA zone), so DST days and Brazil's four offsets need no special cases in the rules.
import type { CalendarDate } from '../../model';
import { addDays, fromEpochDay, localTimeParts, toEpochDay } from '../dates';
import { parseClock, WEEKDAY_KEYS, type WeeklyWindows } from './schema';

const MS_PER_MINUTE = 60_000;

/** A range in minutes since local midnight, end excluded. */
export interface MinuteRange {
  from: number;
  to: number;
  text: string;
}

/** The weekly table with its ranges parsed and sorted; index 0..6 = Sunday..Saturday, 7 = holiday. */
export type CompiledWeek = ReadonlyArray<readonly MinuteRange[]>;

export function compileWeek(week: WeeklyWindows): CompiledWeek {
  const keys = [...WEEKDAY_KEYS, 'holiday'] as const;
  return keys.map((key) =>
    week[key]
      .map((text) => {
        const [from, to] = text.split('-') as [string, string];
        return { from: parseClock(from), to: parseClock(to), text };
      })
      .sort((a, b) => a.from - b.from),
  );
}

export const HOLIDAY_INDEX = 7;

const BUCKET_MS = 15 * MS_PER_MINUTE;
const MAX_CACHED_OFFSETS = 50_000;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * The zone's UTC offset in minutes at `instant`. Intl formatting is slow (microseconds), and a policy check runs
 * hundreds of thousands of times a second, so offsets are cached per 15-minute slot: every modern zone changes
 * offset only at instants aligned to 15 minutes (offsets and transition times are multiples of 15 minutes).
 */
function offsetMinutes(instant: number, timeZone: string): number {
  const bucket = Math.floor(instant / BUCKET_MS);
  let zone = offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const start = bucket * BUCKET_MS;
    const local = localTimeParts(start, timeZone);
    offset = toEpochDay(local.date) * 1440 + local.minutes - start / MS_PER_MINUTE;
    if (zone.size >= MAX_CACHED_OFFSETS) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

/** Minutes since 1970-01-01 00:00 on the zone's wall clock at `instant`. */
function wallMinute(instant: number, timeZone: string): number {
  return Math.floor(instant / MS_PER_MINUTE) + offsetMinutes(instant, timeZone);
}

/** Local date, weekday (0 = Sunday) and minutes since local midnight; `localTimeParts` with cached offsets. */
export function localClock(instant: number, timeZone: string): { date: CalendarDate; weekday: number; minutes: number } {
  const wall = wallMinute(instant, timeZone);
  const epochDay = Math.floor(wall / 1440);
  return { date: fromEpochDay(epochDay), weekday: (((epochDay + 4) % 7) + 7) % 7, minutes: wall - epochDay * 1440 };
}

/**
 * The instant the wall clock in `timeZone` reads `minutes` past midnight on `date`. A time skipped by a DST
 * jump (02:30 on a US spring-forward day) maps to the instant the clock jumps, the first moment at or after it.
 */
export function wallToInstant(date: CalendarDate, minutes: number, timeZone: string): number {
  const target = toEpochDay(date) * 1440 + minutes;
  let guess = (target - offsetMinutes(target * MS_PER_MINUTE, timeZone)) * MS_PER_MINUTE;
  const seen: number[] = [];
  for (let i = 0; i < 4; i += 1) {
    const diff = wallMinute(guess, timeZone) - target;
    if (diff === 0) return guess;
    seen.push(guess);
    guess -= diff * MS_PER_MINUTE;
  }
  // Oscillating between both sides of a gap: search the minute at which the wall clock passes the target.
  let lo = Math.min(...seen);
  let hi = Math.max(...seen);
  while (hi - lo > MS_PER_MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MS_PER_MINUTE) * MS_PER_MINUTE;
    if (wallMinute(mid, timeZone) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** How far ahead the scan looks for an open window before answering "never". */
export const SCAN_DAYS = 400;

/**
 * The earliest instant at or after `from` that lies inside a window, or null when none opens within SCAN_DAYS.
 * `isHoliday` decides which days use the holiday ranges.
 */
export function nextOpening(
  from: number,
  timeZone: string,
  week: CompiledWeek,
  isHoliday: (date: CalendarDate) => boolean,
): number | null {
  const start = localClock(from, timeZone);
  for (let k = 0; k < SCAN_DAYS; k += 1) {
    const date = k === 0 ? start.date : addDays(start.date, k);
    const weekday = (start.weekday + k) % 7;
    const ranges = week[isHoliday(date) ? HOLIDAY_INDEX : weekday] ?? [];
    for (const range of ranges) {
      if (k === 0) {
        if (start.minutes >= range.to) continue;
        if (start.minutes >= range.from) return from;
      }
      return Math.max(from, wallToInstant(date, range.from, timeZone));
    }
  }
  return null;
}

export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}
