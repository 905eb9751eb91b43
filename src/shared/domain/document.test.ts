import { describe, expect, it } from 'vitest';
import {
  cnpjFromBase,
  cpfFromBase,
  formatDocument,
  isValidCnpj,
  isValidCpf,
  maskDocument,
  normalizeDocument,
} from './document';

describe('isValidCpf', () => {
  it.each([
    ['123.456.789-09', true],
    ['12345678909', true],
    [' 123.456.789-09 ', true],
    // Worked example of the Receita Federal's e-Financeira manual.
    ['280.012.389-38', true],
    ['123.456.789-00', false],
    ['12345678919', false],
    ['111.111.111-11', false],
    ['00000000000', false],
    ['1234567890', false],
    ['123456789091', false],
    ['1234567890A', false],
    ['', false],
  ])('%j → %s', (s, expected) => {
    expect(isValidCpf(s)).toBe(expected);
  });
});

describe('isValidCnpj', () => {
  it.each([
    ['12.345.678/0001-95', true],
    ['12345678000195', true],
    ['11.222.333/0001-81', true],
    // Example from the Receita Federal's alphanumeric CNPJ manual (IN RFB 2.229/2024).
    ['12.ABC.345/01DE-35', true],
    ['12ABC34501DE35', true],
    ['12abc34501de35', true],
    ['12.ABC.345/01DE-36', false],
    ['12.345.678/0001-96', false],
    ['11.111.111/1111-11', false],
    ['00000000000000', false],
    // Check digits are always numeric.
    ['12ABC34501DE3A', false],
    ['1234567800019', false],
    ['', false],
  ])('%j → %s', (s, expected) => {
    expect(isValidCnpj(s)).toBe(expected);
  });
});

describe('cpfFromBase / cnpjFromBase', () => {
  it('computes the check digits', () => {
    expect(cpfFromBase('123456789')).toBe('12345678909');
    expect(cpfFromBase('280012389')).toBe('28001238938');
    expect(cnpjFromBase('123456780001')).toBe('12345678000195');
    expect(cnpjFromBase('12ABC34501DE')).toBe('12ABC34501DE35');
    expect(cnpjFromBase('12abc34501de')).toBe('12ABC34501DE35');
  });

  it('agrees with the validator on many bases', () => {
    for (let i = 0; i < 2000; i++) {
      const base = String((i * 7_919_113 + 1_234) % 1_000_000_000).padStart(9, '0');
      const cpf = cpfFromBase(base);
      if (/^(\d)\1{10}$/.test(cpf)) continue;
      expect(isValidCpf(cpf), cpf).toBe(true);
      // Changing any digit breaks it.
      const broken = cpf.slice(0, 10) + String((Number(cpf[10]) + 1) % 10);
      expect(isValidCpf(broken), broken).toBe(false);
    }
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let i = 0; i < 2000; i++) {
      let base = '';
      for (let k = 0; k < 12; k++) base += alphabet[(i * 31 + k * 17 + i * k) % 36];
      const cnpj = cnpjFromBase(base);
      expect(isValidCnpj(cnpj), cnpj).toBe(true);
    }
  });

  it('refuses malformed bases', () => {
    expect(() => cpfFromBase('12345678')).toThrow();
    expect(() => cpfFromBase('12345678A')).toThrow();
    expect(() => cnpjFromBase('12345678000')).toThrow();
    expect(() => cnpjFromBase('12345678000!')).toThrow();
  });
});

describe('normalizeDocument', () => {
  it.each([
    ['123.456.789-09', { kind: 'cpf', value: '12345678909' }],
    ['12345678909', { kind: 'cpf', value: '12345678909' }],
    ['12.345.678/0001-95', { kind: 'cnpj', value: '12345678000195' }],
    ['12.abc.345/01de-35', { kind: 'cnpj', value: '12ABC34501DE35' }],
    ['123.456.789-00', null],
    ['111.111.111-11', null],
    ['1234567X909', null],
    ['CPF 123.456.789-09', null],
    ['', null],
  ])('%j → %o', (s, expected) => {
    expect(normalizeDocument(s)).toEqual(expected);
  });
});

describe('formatDocument and maskDocument', () => {
  it.each([
    ['cpf', '12345678909', '123.456.789-09', '***.***.789-09'],
    ['cpf', '123.456.789-09', '123.456.789-09', '***.***.789-09'],
    ['cnpj', '12345678000195', '12.345.678/0001-95', '**.***.***/0001-95'],
    ['cnpj', '12ABC34501DE35', '12.ABC.345/01DE-35', '**.***.***/01DE-35'],
    ['other', 'AB1234567', 'AB1234567', '*****4567'],
  ] as const)('%s %s', (kind, value, formatted, masked) => {
    expect(formatDocument(kind, value)).toBe(formatted);
    expect(maskDocument(kind, value)).toBe(masked);
  });

  it('leaves a malformed value unformatted and never reveals a short id whole', () => {
    expect(formatDocument('cpf', '123')).toBe('123');
    expect(maskDocument('other', '12')).toBe('****2');
    expect(maskDocument('cpf', '12345678909')).not.toContain('456');
  });
});
