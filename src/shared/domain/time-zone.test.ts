import { describe, expect, it } from 'vitest';
import { BRAZIL_AREA_CODES, BRAZIL_STATES, BRAZIL_TIME_ZONES } from './brazil-regions';
import {
  brazilTimeZoneForAreaCode,
  brazilTimeZoneForState,
  isValidTimeZone,
  resolveCustomerTimeZone,
} from './time-zone';

describe('isValidTimeZone', () => {
  it.each([
    ['America/Sao_Paulo', true],
    ['America/Eirunepe', true],
    ['UTC', true],
    ['Europe/London', true],
    ['America/Nowhere', false],
    ['', false],
    ['GMT+25', false],
  ])('%j → %s', (tz, expected) => {
    expect(isValidTimeZone(tz)).toBe(expected);
  });
});

describe('brazilTimeZoneForState', () => {
  it('covers all 27 federative units with valid zones', () => {
    expect(BRAZIL_STATES).toHaveLength(27);
    expect(new Set(BRAZIL_STATES.map((s) => s.uf)).size).toBe(27);
    for (const state of BRAZIL_STATES) {
      const zone = brazilTimeZoneForState(state.uf);
      expect(zone, state.uf).not.toBeNull();
      expect(isValidTimeZone(zone!), state.uf).toBe(true);
    }
  });

  it.each([
    ['SP', 'America/Sao_Paulo'],
    ['rj', 'America/Sao_Paulo'],
    ['BA', 'America/Bahia'],
    ['CE', 'America/Fortaleza'],
    ['MA', 'America/Fortaleza'],
    ['PE', 'America/Recife'],
    ['AL', 'America/Maceio'],
    ['SE', 'America/Maceio'],
    ['PA', 'America/Belem'],
    ['AP', 'America/Belem'],
    ['TO', 'America/Araguaina'],
    ['AM', 'America/Manaus'],
    ['MT', 'America/Cuiaba'],
    ['MS', 'America/Campo_Grande'],
    ['RO', 'America/Porto_Velho'],
    ['RR', 'America/Boa_Vista'],
    ['AC', 'America/Rio_Branco'],
    ['São Paulo', 'America/Sao_Paulo'],
    ['mato grosso do sul', 'America/Campo_Grande'],
    ['Rondonia', 'America/Porto_Velho'],
    ['XX', null],
    ['', null],
  ])('%j → %s', (uf, expected) => {
    expect(brazilTimeZoneForState(uf)).toBe(expected);
  });
});

describe('brazilTimeZoneForAreaCode', () => {
  it('knows the 67 area codes in use, each with a valid zone in its state', () => {
    expect(BRAZIL_AREA_CODES).toHaveLength(67);
    for (const area of BRAZIL_AREA_CODES) {
      expect(isValidTimeZone(area.timeZone), area.ddd).toBe(true);
      expect(BRAZIL_TIME_ZONES).toContain(area.timeZone);
      expect(BRAZIL_STATES.some((s) => s.uf === area.uf), area.ddd).toBe(true);
    }
  });

  it.each([
    ['11', 'America/Sao_Paulo'],
    ['61', 'America/Sao_Paulo'],
    ['63', 'America/Araguaina'],
    ['65', 'America/Cuiaba'],
    ['67', 'America/Campo_Grande'],
    ['68', 'America/Rio_Branco'],
    ['69', 'America/Porto_Velho'],
    ['71', 'America/Bahia'],
    ['79', 'America/Maceio'],
    ['81', 'America/Recife'],
    ['85', 'America/Fortaleza'],
    ['92', 'America/Manaus'],
    ['93', 'America/Santarem'],
    ['95', 'America/Boa_Vista'],
    ['97', 'America/Manaus'],
    ['98', 'America/Fortaleza'],
    ['20', null],
    ['1', null],
  ])('%s → %s', (ddd, expected) => {
    expect(brazilTimeZoneForAreaCode(ddd)).toBe(expected);
  });

  it('lists only real zones for Brazil', () => {
    for (const zone of BRAZIL_TIME_ZONES) expect(isValidTimeZone(zone), zone).toBe(true);
  });
});

describe('resolveCustomerTimeZone', () => {
  const fallback = 'America/Sao_Paulo';

  it('prefers a valid explicit zone', () => {
    expect(resolveCustomerTimeZone({ timeZone: 'America/Noronha', state: 'PE' }, fallback)).toEqual({
      timeZone: 'America/Noronha',
      source: 'data',
    });
  });

  it('ignores an invalid explicit zone and uses the state', () => {
    expect(resolveCustomerTimeZone({ timeZone: 'Mars/Olympus', state: 'AC' }, fallback)).toEqual({
      timeZone: 'America/Rio_Branco',
      source: 'state',
    });
  });

  it('uses the state before the phone', () => {
    expect(
      resolveCustomerTimeZone({ country: 'BR', state: 'MT', phonesE164: ['+5568999123456'] }, fallback),
    ).toEqual({ timeZone: 'America/Cuiaba', source: 'state' });
  });

  it('does not read a foreign state as Brazilian', () => {
    expect(resolveCustomerTimeZone({ country: 'US', state: 'PA' }, 'America/New_York')).toEqual({
      timeZone: 'America/New_York',
      source: 'fallback',
    });
  });

  it('falls back to the first Brazilian phone with a known area code', () => {
    expect(
      resolveCustomerTimeZone({ phonesE164: ['+14155552671', '+552098765432', '+5592991234567'] }, fallback),
    ).toEqual({ timeZone: 'America/Manaus', source: 'area_code' });
  });

  it('uses the fallback when nothing is known', () => {
    expect(resolveCustomerTimeZone({}, 'Europe/London')).toEqual({ timeZone: 'Europe/London', source: 'fallback' });
    expect(resolveCustomerTimeZone({ timeZone: null, state: null, phonesE164: [] }, fallback).source).toBe('fallback');
  });
});
