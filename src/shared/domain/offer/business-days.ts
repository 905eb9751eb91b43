// Business days for due dates: not a Saturday, Sunday or holiday. Pure.
// The holidays are the policy's (national list plus the customer's region). A plan can run past the years the
// policy lists (presets list two), so for a year the policy does not cover the country's computed calendar
// (holidays.ts) is used; a year the policy does cover is taken as the supervisor edited it.
import type { CalendarDate } from '../../model';
import { addDays, toEpochDay } from '../dates';
import { brazilNationalHolidays, englandAndWalesBankHolidays } from '../policy/holidays';
import type { ContactPolicy } from '../policy/schema';

export function weekdayOf(date: CalendarDate): number {
  // 1970-01-01 was a Thursday (4); 0 = Sunday.
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

function computedHolidays(country: string, year: number): CalendarDate[] {
  if (country === 'BR') return brazilNationalHolidays(year).map((h) => h.date);
  if (country === 'GB') return englandAndWalesBankHolidays(year).map((h) => h.date);
  return [];
}

export type HolidayTest = (date: CalendarDate) => boolean;

/** Whether a date is a holiday under `policy` (and the customer's `region`, e.g. "SP"). */
export function policyHolidayTest(policy: ContactPolicy, region?: string | null): HolidayTest {
  const listed = [...policy.holidays, ...((region && policy.regions[region.toUpperCase()]?.holidays) || [])];
  const dates = new Set(listed.map((h) => h.date));
  const coveredYears = new Set(policy.holidays.map((h) => h.date.slice(0, 4)));
  const computed = new Map<string, Set<CalendarDate>>();
  return (date) => {
    if (dates.has(date)) return true;
    const year = date.slice(0, 4);
    if (coveredYears.has(year)) return false;
    let set = computed.get(year);
    if (!set) {
      set = new Set(computedHolidays(policy.country, Number(year)));
      computed.set(year, set);
    }
    return set.has(date);
  };
}

export function isBusinessDay(date: CalendarDate, isHoliday: HolidayTest): boolean {
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6 && !isHoliday(date);
}

/** `date` itself when it is a business day, else the next one. */
export function nextBusinessDay(date: CalendarDate, isHoliday: HolidayTest): CalendarDate {
  let day = date;
  // Weekends and holidays never run for more than a couple of weeks; the bound guards a corrupt holiday list.
  for (let i = 0; i < 366 && !isBusinessDay(day, isHoliday); i++) day = addDays(day, 1);
  return day;
}

/**
 * `months` calendar months after `date`, on the same day of the month or the month's last day when it is shorter
 * (31 Jan + 1 month = 28/29 Feb; + 2 months = 31 Mar, because each date is counted from the start date).
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
