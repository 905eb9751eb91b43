import { describe, expect, it } from 'vitest';
import { brazilNationalHolidays, easterSunday, englandAndWalesBankHolidays } from './holidays';

describe('easterSunday', () => {
  it.each([
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('holiday calendars', () => {
  it('Brazil 2026 and 2027: fixed dates plus the Easter-based ones', () => {
    const dates = (y: number) => brazilNationalHolidays(y).map((h) => h.date);
    expect(dates(2026)).toEqual([
      '2026-01-01', '2026-02-16', '2026-02-17', '2026-04-03', '2026-04-21', '2026-05-01', '2026-06-04',
      '2026-09-07', '2026-10-12', '2026-11-02', '2026-11-15', '2026-11-20', '2026-12-25',
    ]);
    expect(dates(2027)).toContain('2027-02-08'); // Carnival Monday
    expect(dates(2027)).toContain('2027-03-26'); // Good Friday
    expect(dates(2027)).toContain('2027-05-27'); // Corpus Christi
  });

  it('England and Wales 2026 and 2027, with substitute days for weekend Christmas and Boxing Day', () => {
    expect(englandAndWalesBankHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
    ]);
    expect(englandAndWalesBankHolidays(2027).map((h) => h.date)).toEqual([
      '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
    ]);
    // 2022: Christmas on a Sunday → Monday 26 and Tuesday 27; 2028: New Year on a Saturday → Monday 3 January.
    expect(englandAndWalesBankHolidays(2022).map((h) => h.date).slice(-2)).toEqual(['2022-12-26', '2022-12-27']);
    expect(englandAndWalesBankHolidays(2028)[0]?.date).toBe('2028-01-03');
  });
});
