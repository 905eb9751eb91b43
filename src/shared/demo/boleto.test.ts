import { describe, expect, it } from 'vitest';
import { validateBoletoLine } from '../domain/payment-codes/boleto';
import { boletoDueFactor, buildBoletoLine } from './boleto';

describe('buildBoletoLine', () => {
  it('reproduces the known valid line 00190.50095 40144.816069 06809.350314 3 37370000000100', () => {
    const line = buildBoletoLine({
      bank: '001',
      factor: 3737,
      valueCents: 100,
      freeField: '0500940144816060680935031',
    });
    expect(line).toBe('00190500954014481606906809350314337370000000100');
    expect(line).toHaveLength(47);
  });

  it('changes the check digits when the content changes', () => {
    const a = buildBoletoLine({ bank: '001', factor: 3737, valueCents: 100, freeField: '0500940144816060680935031' });
    const b = buildBoletoLine({ bank: '001', factor: 3737, valueCents: 101, freeField: '0500940144816060680935031' });
    expect(a[32]).not.toBe(b[32]);
  });

  it('builds lines the validator accepts and decodes back to the same due date and value', () => {
    for (const [dueDate, valueCents] of [['2026-03-10', 45_678], ['2027-12-31', 1]] as const) {
      const line = buildBoletoLine({ bank: '341', factor: boletoDueFactor(dueDate), valueCents, freeField: '1234567890123456789012345' });
      const result = validateBoletoLine(line, '2026-06-01');
      expect(result.ok && result.info.kind === 'bank' && [result.info.dueDate, result.info.amountCents]).toEqual([dueDate, valueCents]);
    }
  });

  it('refuses malformed input', () => {
    expect(() => buildBoletoLine({ bank: '01', factor: 1000, valueCents: 1, freeField: '0'.repeat(25) })).toThrow();
    expect(() => buildBoletoLine({ bank: '001', factor: 1000, valueCents: -1, freeField: '0'.repeat(25) })).toThrow();
  });
});

describe('boletoDueFactor', () => {
  it.each([
    ['2000-07-03', 1000],
    ['2025-02-21', 9999],
    ['2025-02-22', 1000],
    ['2025-02-23', 1001],
  ])('%s → %d', (date, factor) => {
    expect(boletoDueFactor(date)).toBe(factor);
  });
});
