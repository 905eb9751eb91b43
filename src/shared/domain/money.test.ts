import { describe, expect, it } from 'vitest';
import { formatMoney, minorUnitDigits, parseMoney, splitCents, sumMoney, toDecimalString } from './money';

const NBSP = '\u00a0';

describe('minorUnitDigits', () => {
  it.each(['BRL', 'USD', 'EUR', 'GBP'] as const)('%s has 2 minor digits', (currency) => {
    expect(minorUnitDigits(currency)).toBe(2);
  });
});

describe('toDecimalString', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [-5, '-0.05'],
    [123456, '1234.56'],
    [-100, '-1.00'],
    [999_999_999_999_999, '9999999999999.99'],
  ])('%d cents → %s', (cents, expected) => {
    expect(toDecimalString(cents, 'BRL')).toBe(expected);
  });

  it('refuses a fractional cent amount', () => {
    expect(() => toDecimalString(1.5, 'BRL')).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it.each([
    [{ amountCents: 123456, currency: 'BRL' as const }, 'pt-BR' as const, `R$${NBSP}1.234,56`],
    [{ amountCents: 123456, currency: 'BRL' as const }, 'en' as const, 'R$1,234.56'],
    [{ amountCents: 123456, currency: 'USD' as const }, 'en' as const, '$1,234.56'],
    [{ amountCents: 5, currency: 'BRL' as const }, 'pt-BR' as const, `R$${NBSP}0,05`],
    [{ amountCents: -1000, currency: 'BRL' as const }, 'pt-BR' as const, `-R$${NBSP}10,00`],
    [{ amountCents: 0, currency: 'GBP' as const }, 'en' as const, '£0.00'],
  ])('%o in %s → %s', (value, locale, expected) => {
    expect(formatMoney(value, locale)).toBe(expected);
  });

  it('keeps every digit of amounts beyond float precision', () => {
    // 9007199254740993 would already be off by one as a float of reais * 100.
    expect(formatMoney({ amountCents: 999_999_999_999_999, currency: 'BRL' }, 'pt-BR')).toBe(
      `R$${NBSP}9.999.999.999.999,99`,
    );
    expect(formatMoney({ amountCents: 100_000_000_000_001, currency: 'USD' }, 'en')).toBe('$1,000,000,000,000.01');
  });
});

describe('parseMoney', () => {
  it.each([
    ['1.234,56', 123456],
    ['1234,56', 123456],
    ['1234', 123400],
    ['R$ 1.234,56', 123456],
    [`R$${NBSP}1.234,56`, 123456],
    ['R$1.234.567,89', 123456789],
    ['-10,00', -1000],
    ['-R$ 10,00', -1000],
    ['R$ -10,00', -1000],
    ['  0,5 ', 50],
    [',99', 99],
    ['1.234', 123400],
    ['0', 0],
    ['-0,00', 0],
    ['10.000.000.000.000,00', 1e15],
  ])('pt-BR %j → %d', (text, cents) => {
    expect(parseMoney(text, 'pt-BR')).toEqual({ ok: true, amountCents: cents });
  });

  it.each([
    ['1,234.56', 123456],
    ['1234.56', 123456],
    ['$1,234.56', 123456],
    ['US$ 1,234.56', 123456],
    ['1,234,567', 123456700],
    ['-0.01', -1],
    ['12.5', 1250],
  ])('en %j → %d', (text, cents) => {
    expect(parseMoney(text, 'en')).toEqual({ ok: true, amountCents: cents });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    [NBSP, 'empty'],
    ['R$', 'not_a_number'],
    ['abc', 'not_a_number'],
    ['12a', 'not_a_number'],
    ['1e5', 'not_a_number'],
    ['12,3,4', 'not_a_number'],
    ['12,', 'not_a_number'],
    ['1.23.4', 'bad_grouping'],
    ['1.5', 'bad_grouping'],
    ['12.34,5', 'bad_grouping'],
    ['1,234', 'too_many_decimals'],
    ['1,2345', 'too_many_decimals'],
    ['10.000.000.000.000,01', 'too_large'],
  ])('pt-BR rejects %j as %s', (text, reason) => {
    expect(parseMoney(text, 'pt-BR')).toEqual({ ok: false, reason });
  });

  it.each([
    ['1,2345.00', 'bad_grouping'],
    ['12,3,4', 'bad_grouping'],
    ['1.234,56', 'not_a_number'],
    ['1.234', 'too_many_decimals'],
    ['1234.567', 'too_many_decimals'],
    ['$', 'not_a_number'],
    ['--5', 'not_a_number'],
  ])('en rejects %j as %s', (text, reason) => {
    expect(parseMoney(text, 'en')).toEqual({ ok: false, reason });
  });

  it('round-trips what formatMoney writes', () => {
    for (const cents of [0, 1, 99, 100, 123456, -98765, 999_999_999_999_999]) {
      for (const locale of ['pt-BR', 'en'] as const) {
        const text = formatMoney({ amountCents: cents, currency: 'BRL' }, locale);
        expect(parseMoney(text, locale)).toEqual({ ok: true, amountCents: cents });
      }
    }
  });
});

describe('sumMoney', () => {
  it('adds amounts of one currency', () => {
    expect(
      sumMoney(
        [
          { amountCents: 1050, currency: 'BRL' },
          { amountCents: -50, currency: 'BRL' },
        ],
        'BRL',
      ),
    ).toEqual({ amountCents: 1000, currency: 'BRL' });
    expect(sumMoney([], 'USD')).toEqual({ amountCents: 0, currency: 'USD' });
  });

  it('refuses to mix currencies', () => {
    expect(() => sumMoney([{ amountCents: 1, currency: 'USD' }], 'BRL')).toThrow(/USD/);
  });
});

describe('splitCents', () => {
  it.each([
    [10000, 3, [3334, 3333, 3333]],
    [100, 4, [25, 25, 25, 25]],
    [1, 3, [1, 0, 0]],
    [-10, 3, [-4, -3, -3]],
  ])('%d into %d → %o', (amount, parts, expected) => {
    const shares = splitCents(amount, parts);
    expect(shares).toEqual(expected);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
  });
});
