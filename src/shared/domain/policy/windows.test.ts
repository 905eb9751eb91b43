import { describe, expect, it } from 'vitest';
import { localTimeParts } from '../dates';
import { localClock, wallToInstant } from './windows';

describe('wallToInstant', () => {
  it.each([
    ['2026-03-10', 8 * 60, 'America/Sao_Paulo', '2026-03-10T11:00:00Z'],
    ['2026-03-08', 8 * 60, 'America/New_York', '2026-03-08T12:00:00Z'],
    ['2026-03-07', 8 * 60, 'America/New_York', '2026-03-07T13:00:00Z'],
    ['2026-11-01', 8 * 60, 'America/New_York', '2026-11-01T13:00:00Z'],
    // 02:30 does not exist on the spring-forward day: the window opens when the clock jumps to 03:00 EDT.
    ['2026-03-08', 150, 'America/New_York', '2026-03-08T07:00:00Z'],
    ['2026-03-29', 60 + 30, 'Europe/London', '2026-03-29T01:00:00Z'],
  ])('%s + %i min in %s = %s', (date, minutes, zone, iso) => {
    expect(wallToInstant(date, minutes, zone)).toBe(Date.parse(iso));
  });
});

describe('localClock (cached offsets)', () => {
  it.each([
    'America/Sao_Paulo',
    'America/Noronha',
    'America/Rio_Branco',
    'America/New_York',
    'America/Phoenix',
    'Europe/London',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
  ])('agrees with Intl at every 7 min 13 s step through 2026 in %s', (zone) => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let instant = start; instant < start + 366 * 86_400_000; instant += 433_000 * 7) {
      expect(localClock(instant, zone)).toEqual(localTimeParts(instant, zone));
    }
  });

  it.each([
    ['America/New_York', '2026-03-08T07:00:00Z'],
    ['America/New_York', '2026-11-01T06:00:00Z'],
    ['Europe/London', '2026-10-25T01:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
  ])('agrees minute by minute around the DST change in %s at %s', (zone, iso) => {
    const change = Date.parse(iso);
    for (let instant = change - 7_200_000; instant < change + 7_200_000; instant += 60_000) {
      expect(localClock(instant, zone)).toEqual(localTimeParts(instant, zone));
    }
  });
});
