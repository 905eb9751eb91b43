import { isValidBoleto } from '@brazilian-utils/brazilian-utils';
import { describe, expect, it } from 'vitest';
import {
  boletoDateForFactor,
  boletoFactorForDate,
  buildBankBoletoLine,
  formatBoletoLine,
  validateBoletoLine,
  type BoletoResult,
} from './boleto';

// compliance.md: a valid line (three mod-10 field digits and the mod-11 general digit).
const VALID = '00190.50095 40144.816069 06809.350314 3 37370000000100';
const DIGITS = '00190500954014481606906809350314337370000000100';

function errorsOf(result: BoletoResult): Array<{ code: string; field?: number }> {
  return result.ok ? [] : result.errors.map((e) => ({ code: e.code, ...(e.params.field ? { field: e.params.field } : {}) }));
}

/** Replaces the digit at `index` (of the 47) by the next one, mod 10. */
function corrupt(line: string, index: number): string {
  return line.slice(0, index) + String((Number(line[index]) + 1) % 10) + line.slice(index + 1);
}

describe('validateBoletoLine — bank boleto', () => {
  it('accepts the known valid line, with or without its dots and blanks, and decodes it', () => {
    for (const text of [VALID, DIGITS, ` ${DIGITS.slice(0, 20)}-${DIGITS.slice(20)} `]) {
      expect(validateBoletoLine(text, '2026-05-01')).toEqual({
        ok: true,
        info: {
          kind: 'bank',
          line: DIGITS,
          barcode: '00193373700000001000500940144816060680935031',
          bankCode: '001',
          currencyCode: '9',
          factor: 3737,
          // 2025-02-22 (factor 1000) + 2737 days; the first cycle's 2007-12-31 is further from 2026.
          dueDate: '2032-08-21',
          amountCents: 100,
        },
      });
    }
  });

  it.each([
    // field 1 = digits 0–9 (DV at 9), field 2 = 10–20 (DV at 20), field 3 = 21–31 (DV at 31)
    [1, [{ code: 'field_check_digit', field: 1 }, { code: 'general_check_digit', field: 4 }]],
    [9, [{ code: 'field_check_digit', field: 1 }]],
    [12, [{ code: 'field_check_digit', field: 2 }, { code: 'general_check_digit', field: 4 }]],
    [20, [{ code: 'field_check_digit', field: 2 }]],
    [25, [{ code: 'field_check_digit', field: 3 }, { code: 'general_check_digit', field: 4 }]],
    [31, [{ code: 'field_check_digit', field: 3 }]],
    [32, [{ code: 'general_check_digit', field: 4 }]],
    [40, [{ code: 'general_check_digit', field: 4 }]],
    [46, [{ code: 'general_check_digit', field: 4 }]],
  ])('a changed digit at %i fails at the right field', (index, expected) => {
    const line = corrupt(DIGITS, index);
    expect(errorsOf(validateBoletoLine(line, '2026-05-01'))).toEqual(expected);
    expect(isValidBoleto(line)).toBe(false);
  });

  it('catches two swapped neighbouring digits', () => {
    const swapped = DIGITS.slice(0, 14) + DIGITS[15] + DIGITS[14] + DIGITS.slice(16);
    expect(swapped).not.toBe(DIGITS);
    expect(validateBoletoLine(swapped, '2026-05-01').ok).toBe(false);
  });

  it('refuses the wrong length and letters', () => {
    expect(validateBoletoLine(DIGITS.slice(0, 46), '2026-05-01')).toEqual({ ok: false, errors: [{ code: 'wrong_length', params: { length: 46 } }] });
    expect(validateBoletoLine('', '2026-05-01')).toEqual({ ok: false, errors: [{ code: 'wrong_length', params: { length: 0 } }] });
    expect(validateBoletoLine(`${DIGITS.slice(0, 10)}O${DIGITS.slice(11)}`, '2026-05-01')).toEqual({ ok: false, errors: [{ code: 'not_digits', params: {} }] });
  });

  it('reads a zero value as "amount left to the payer" and factor 0 as no due date', () => {
    const line = buildBankBoletoLine({ bankCode: '237', factor: 0, amountCents: 0, freeField: '1'.repeat(25) });
    const result = validateBoletoLine(line, '2026-05-01');
    expect(result.ok && result.info.kind === 'bank' && [result.info.dueDate, result.info.amountCents]).toEqual([null, null]);
  });

  it('agrees with @brazilian-utils on lines it builds', () => {
    for (const [bankCode, factor, amountCents] of [['341', 1500, 123_456], ['104', 9999, 1], ['033', 1000, 9_999_999_999]] as const) {
      const line = buildBankBoletoLine({ bankCode, factor, amountCents, freeField: '9876543210123456789012345' });
      const result = validateBoletoLine(line, '2026-05-01');
      expect(result.ok).toBe(true);
      expect(isValidBoleto(line)).toBe(true);
      expect(result.ok && result.info.amountCents).toBe(amountCents);
    }
  });
});

describe('validateBoletoLine — arrecadação (48 digits)', () => {
  // Published examples (FEBRABAN-layout fixtures of public validators): 3rd digit 6 → mod 10, 8 → mod 11.
  // The amounts agree with @brazilian-utils' getBoletoInfo.
  it.each([
    ['846100000005246100291102005460339004695895061080', 10, 2_461],
    ['836200000005667800481000180975657313001589636081', 10, 6_678],
    ['858900004609524601791605607593050865831483000010', 11, 4_605_246],
    ['848900000002404201622015806051904292586034111220', 11, 4_042],
    ['838600000050096000190009000801782309000343062712', 11, 50_960],
  ])('accepts %s (mod %i) worth %i cents', (line, modulus, amountCents) => {
    const result = validateBoletoLine(line, '2026-05-01');
    expect(result.ok && result.info).toMatchObject({ kind: 'arrecadacao', modulus, amountCents, segment: Number(line[1]) });
  });

  it('points at the block with the wrong DV', () => {
    const line = '858900004609524601791605607593050865831483000010';
    expect(errorsOf(validateBoletoLine(corrupt(line, 35), '2026-05-01'))).toEqual([{ code: 'field_check_digit', field: 3 }]);
    expect(errorsOf(validateBoletoLine(corrupt(line, 26), '2026-05-01'))).toEqual([
      { code: 'field_check_digit', field: 3 },
      { code: 'general_check_digit' },
    ]);
    expect(errorsOf(validateBoletoLine(`85${'5'}${line.slice(3)}`, '2026-05-01'))).toEqual([{ code: 'unknown_value_identifier' }]);
  });
});

describe('due factor', () => {
  it.each([
    ['2000-07-03', 1000],
    ['2025-02-21', 9999],
    ['2025-02-22', 1000],
    ['2025-02-23', 1001],
    ['2026-05-01', 1433],
  ])('%s carries factor %d', (date, factor) => {
    expect(boletoFactorForDate(date)).toBe(factor);
  });

  it.each([
    [1000, '2026-05-01', '2025-02-22'],
    [9999, '2026-05-01', '2025-02-21'],
    [9999, '2020-01-01', '2025-02-21'],
    [1000, '2001-01-01', '2000-07-03'],
    [3737, '2008-01-01', '2007-12-31'],
    [3737, '2026-05-01', '2032-08-21'],
    [1500, '1990-01-01', '2001-11-15'],
  ])('factor %d read on %s is %s (the nearest date)', (factor, reference, date) => {
    expect(boletoDateForFactor(factor, reference)).toBe(date);
  });

  it('round-trips every factor of the current cycle', () => {
    for (let factor = 1000; factor <= 9999; factor += 7) {
      const date = boletoDateForFactor(factor, '2030-01-01');
      expect(date && boletoFactorForDate(date)).toBe(factor);
    }
  });
});

describe('formatBoletoLine', () => {
  it('groups the digits as printed on the slip', () => {
    expect(formatBoletoLine(DIGITS)).toBe(VALID);
    expect(formatBoletoLine('846100000005246100291102005460339004695895061080')).toBe('84610000000-5 24610029110-2 00546033900-4 69589506108-0');
  });
});
