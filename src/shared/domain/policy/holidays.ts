// Holiday calendars computed per year, so a preset never silently runs out of holidays. Pure.
import type { CalendarDate } from '../../model';
import { addDays, fromEpochDay, toEpochDay } from '../dates';
import type { Holiday } from './schema';

function iso(y: number, m: number, d: number): CalendarDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function weekdayOf(date: CalendarDate): number {
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

/** Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/**
 * Brazil's national holidays (Lei 662/1949, Lei 6.802/1980, Lei 14.759/2023 for 20 November) plus Good Friday,
 * and — conservatively, because banks close and most people do not work — the Carnival Monday and Tuesday and
 * Corpus Christi, which are federal "pontos facultativos" rather than holidays. Remove them in the policy if wanted.
 */
export function brazilNationalHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const list: Holiday[] = [
    { date: iso(year, 1, 1), name: 'br.new_year' },
    { date: addDays(easter, -48), name: 'br.carnival_monday' },
    { date: addDays(easter, -47), name: 'br.carnival_tuesday' },
    { date: addDays(easter, -2), name: 'br.good_friday' },
    { date: iso(year, 4, 21), name: 'br.tiradentes' },
    { date: iso(year, 5, 1), name: 'br.labour_day' },
    { date: addDays(easter, 60), name: 'br.corpus_christi' },
    { date: iso(year, 9, 7), name: 'br.independence_day' },
    { date: iso(year, 10, 12), name: 'br.our_lady_aparecida' },
    { date: iso(year, 11, 2), name: 'br.all_souls_day' },
    { date: iso(year, 11, 15), name: 'br.republic_day' },
    { date: iso(year, 11, 20), name: 'br.black_consciousness_day' },
    { date: iso(year, 12, 25), name: 'br.christmas' },
  ];
  return list.sort((x, y) => (x.date < y.date ? -1 : 1));
}

function firstMonday(year: number, month: number): CalendarDate {
  const first = iso(year, month, 1);
  return addDays(first, (8 - weekdayOf(first)) % 7);
}

function lastMonday(year: number, month: number): CalendarDate {
  const last = fromEpochDay(toEpochDay(iso(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1)) - 1);
  return addDays(last, -((weekdayOf(last) + 6) % 7));
}

/** The next weekday on or after `date` that is not already taken (substitute days for weekend holidays). */
function substitute(date: CalendarDate, taken: Set<CalendarDate>): CalendarDate {
  let day = date;
  while (weekdayOf(day) === 0 || weekdayOf(day) === 6 || taken.has(day)) day = addDays(day, 1);
  taken.add(day);
  return day;
}

/**
 * England and Wales bank holidays under the Banking and Financial Dealings Act 1971 rules (substitute weekdays
 * for weekend dates). One-off royal proclamations (a coronation, a moved May holiday) must be added by hand.
 */
export function englandAndWalesBankHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const taken = new Set<CalendarDate>();
  const newYear = substitute(iso(year, 1, 1), taken);
  const christmas = substitute(iso(year, 12, 25), taken);
  const boxing = substitute(iso(year, 12, 26), taken);
  const list: Holiday[] = [
    { date: newYear, name: 'uk.new_year' },
    { date: addDays(easter, -2), name: 'uk.good_friday' },
    { date: addDays(easter, 1), name: 'uk.easter_monday' },
    { date: firstMonday(year, 5), name: 'uk.early_may' },
    { date: lastMonday(year, 5), name: 'uk.spring' },
    { date: lastMonday(year, 8), name: 'uk.summer' },
    { date: christmas, name: 'uk.christmas' },
    { date: boxing, name: 'uk.boxing_day' },
  ];
  return list.sort((x, y) => (x.date < y.date ? -1 : 1));
}
