import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysPastDue,
  diffDays,
  dpdBucket,
  fromEpochDay,
  isCalendarDate,
  localTimeParts,
  startOfDayIn,
  toEpochDay,
  todayIn,
} from './dates';

describe('calendar arithmetic', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-05-10', -720, '2024-05-20'],
    // Brazil's last DST start (2018-11-04) changes nothing for dates.
    ['2018-11-03', 2, '2018-11-05'],
  ])('addDays(%s, %d) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
    expect(diffDays(expected, date)).toBe(n);
  });

  it('round-trips epoch days', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('1969-12-31')).toBe(-1);
    expect(fromEpochDay(20_000)).toBe('2024-10-04');
  });

  it('refuses dates that do not exist', () => {
    expect(() => toEpochDay('2026-02-30')).toThrow(RangeError);
    expect(() => addDays('2026-1-5', 1)).toThrow(RangeError);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
  });
});

describe('daysPastDue and dpdBucket', () => {
  it.each([
    ['2026-05-10', '2026-05-10', 0],
    ['2026-05-11', '2026-05-10', 0],
    ['2026-05-09', '2026-05-10', 1],
    ['2025-05-10', '2026-05-10', 365],
  ])('due %s, today %s → %d', (due, today, expected) => {
    expect(daysPastDue(due, today)).toBe(expected);
  });

  it.each([
    [0, 'current'],
    [-3, 'current'],
    [1, '1-30'],
    [30, '1-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '91-180'],
    [180, '91-180'],
    [181, '181-360'],
    [360, '181-360'],
    [361, '360+'],
    [720, '360+'],
  ])('%d days → %s', (dpd, bucket) => {
    expect(dpdBucket(dpd)).toBe(bucket);
  });
});

describe('todayIn', () => {
  // 2026-03-10T02:30:00Z: still the 9th in Brazil, already the 10th in London.
  const instant = Date.UTC(2026, 2, 10, 2, 30);
  it.each([
    ['America/Sao_Paulo', '2026-03-09'],
    ['America/Rio_Branco', '2026-03-09'],
    ['America/Noronha', '2026-03-10'], // UTC−2: 00:30
    ['Europe/London', '2026-03-10'],
    ['UTC', '2026-03-10'],
  ])('%s → %s', (tz, expected) => {
    expect(todayIn(tz, instant)).toBe(expected);
  });

  it('throws on an unknown zone', () => {
    expect(() => todayIn('Mars/Olympus', instant)).toThrow(RangeError);
  });
});

describe('startOfDayIn', () => {
  it.each([
    ['2026-03-10', 'America/Sao_Paulo', Date.UTC(2026, 2, 10, 3)],
    ['2026-03-10', 'America/Rio_Branco', Date.UTC(2026, 2, 10, 5)],
    ['2026-03-10', 'America/Noronha', Date.UTC(2026, 2, 10, 2)],
    ['2026-03-10', 'UTC', Date.UTC(2026, 2, 10)],
    ['2026-03-10', 'Asia/Kolkata', Date.UTC(2026, 2, 9, 18, 30)],
    // US DST starts 2026-03-08 at 02:00, so midnight still has the winter offset.
    ['2026-03-08', 'America/New_York', Date.UTC(2026, 2, 8, 5)],
    ['2026-03-09', 'America/New_York', Date.UTC(2026, 2, 9, 4)],
    // Brazil's DST began at midnight on 2018-11-04: 00:00 never happened, the day began at 01:00 (−02:00).
    ['2018-11-04', 'America/Sao_Paulo', Date.UTC(2018, 10, 4, 3)],
    ['2018-11-05', 'America/Sao_Paulo', Date.UTC(2018, 10, 5, 2)],
    // DST ended at midnight on 2019-02-17: 23:00–23:59 of the 16th happened twice; the 17th began once.
    ['2019-02-17', 'America/Sao_Paulo', Date.UTC(2019, 1, 17, 3)],
  ])('%s in %s', (date, tz, expected) => {
    expect(startOfDayIn(date, tz)).toBe(expected);
    expect(todayIn(tz, expected)).toBe(date);
    expect(todayIn(tz, expected - 1)).toBe(addDays(date, -1));
  });
});

describe('localTimeParts', () => {
  it.each([
    // Monday 2026-03-09 20:59 in São Paulo.
    [Date.UTC(2026, 2, 9, 23, 59), 'America/Sao_Paulo', { date: '2026-03-09', weekday: 1, minutes: 20 * 60 + 59 }],
    [Date.UTC(2026, 2, 9, 23, 59), 'America/Rio_Branco', { date: '2026-03-09', weekday: 1, minutes: 18 * 60 + 59 }],
    [Date.UTC(2026, 2, 10, 3, 0), 'America/Sao_Paulo', { date: '2026-03-10', weekday: 2, minutes: 0 }],
    // Sunday.
    [Date.UTC(2026, 2, 8, 12, 0), 'UTC', { date: '2026-03-08', weekday: 0, minutes: 720 }],
    [Date.UTC(2026, 2, 14, 12, 0), 'UTC', { date: '2026-03-14', weekday: 6, minutes: 720 }],
  ])('%d in %s', (instant, tz, expected) => {
    expect(localTimeParts(instant, tz)).toEqual(expected);
  });
});
