import { describe, expect, it } from 'vitest';
import { cpfFromBase } from '../../shared/domain/document';
import { toE164 } from '../../shared/domain/phone';
import { brazilFast, decideNumberFormat, numberVote, readAmount, readDate, readDocument, readPhones, readPixKey, readPostalCode, readState } from './values';

describe('amounts', () => {
  it('tells the convention from values that can only be read one way, and refuses what could be read two ways', () => {
    expect(['1.234,56', '12,5', 'R$ 1.234.567,00', '1.234.567'].map(numberVote)).toEqual(['pt-BR', 'pt-BR', 'pt-BR', 'pt-BR']);
    expect(['1,234.56', '12.50', '1,234,567'].map(numberVote)).toEqual(['en', 'en', 'en']);
    expect(['1.234', '1,234', '1234', '12,3,4'].map(numberVote)).toEqual(['ambiguous', 'ambiguous', null, null]);
    expect(decideNumberFormat(['1.234', '10,00', '5'])).toBe('pt-BR');
    expect(decideNumberFormat(['1234', '5'])).toBeNull();
    expect(decideNumberFormat(['1234'], 'en')).toBe('en');
  });

  it('reads amounts in the decided convention and reports what does not fit it', () => {
    expect(readAmount('1.234,56', 'pt-BR')).toEqual({ ok: true, cents: 123_456 });
    expect(readAmount('1.234', 'pt-BR')).toEqual({ ok: true, cents: 123_400 });
    expect(readAmount('1234.56', 'en')).toEqual({ ok: true, cents: 123_456 });
    expect(readAmount('1234', null)).toEqual({ ok: true, cents: 123_400 });
    expect(readAmount('1.234', null)).toEqual({ ok: false, code: 'ambiguous_number' });
    expect(readAmount('12.50', 'pt-BR')).toEqual({ ok: false, code: 'number_format_mismatch', format: 'pt-BR' });
    expect(readAmount('abc', 'pt-BR')).toMatchObject({ ok: false, code: 'invalid_number', reason: 'not_a_number' });
    expect(readAmount('-10,00', 'pt-BR')).toEqual({ ok: true, cents: -1000 });
    // A spreadsheet's typed number needs no convention; float noise rounds to the cent.
    expect(readAmount(1234.5600000001, 'pt-BR')).toEqual({ ok: true, cents: 123_456 });
  });
});

describe('other values', () => {
  it('reads dd/mm/yyyy, ISO and spreadsheet serial dates, and refuses impossible ones', () => {
    expect(['31/01/2025', '1/2/2025', '31-01-2025', '2025-01-31', '2025-01-31T10:00:00Z', 45688].map(readDate)).toEqual([
      '2025-01-31',
      '2025-02-01',
      '2025-01-31',
      '2025-01-31',
      '2025-01-31',
      '2025-01-31',
    ]);
    expect(['31/02/2025', '2025-13-01', '01/01/1850', '12/31/2025', 'amanhã', 45688.5].map(readDate)).toEqual([null, null, null, null, null, null]);
  });

  it('validates CPF/CNPJ with or without punctuation, alphanumeric CNPJ, and leading zeros a spreadsheet dropped', () => {
    expect(readDocument('529.982.247-25')).toEqual({ kind: 'cpf', value: '52998224725' });
    expect(readDocument('11.222.333/0001-81')).toEqual({ kind: 'cnpj', value: '11222333000181' });
    expect(readDocument('12.abc.345/01de-35')).toEqual({ kind: 'cnpj', value: '12ABC34501DE35' });
    // A CPF starting with 0 stored as a number.
    const cpf = cpfFromBase('047236549');
    expect(readDocument(Number(cpf))).toEqual({ kind: 'cpf', value: cpf });
    expect(readDocument('123.456.789-00')).toBeNull();
    expect(readDocument('111.111.111-11')).toBeNull();
  });

  it('turns local phone formats into E.164, several per cell, and refuses impossible numbers', () => {
    expect(readPhones('(11) 98765-4321 / 21 3333-4444')).toEqual({ ok: true, e164: ['+5511987654321', '+552133334444'] });
    expect(readPhones(11987654321)).toEqual({ ok: true, e164: ['+5511987654321'] });
    expect(readPhones('0xx11 98765-4321')).toMatchObject({ ok: true });
    expect(readPhones('(11) 12345-6789')).toEqual({ ok: false, value: '(11) 12345-6789' });
  });

  it('the fast path for common Brazilian shapes agrees with libphonenumber on every number it accepts or refuses', () => {
    let accepted = 0;
    for (let ddd = 10; ddd <= 99; ddd += 1) {
      for (const subscriber of ['98765-4321', '91234-0000', '3333-4444', '2123-4567', '5999-0000', '6123-4567', '81234-5678', '7123-4567', '1234-5678']) {
        for (const text of [`(${ddd}) ${subscriber}`, `${ddd}${subscriber.replace('-', '')}`]) {
          const fast = brazilFast(text);
          if (fast !== null) accepted += 1;
          // Where the fast path answers, it answers what toE164 does; where it cannot, readPhones asks toE164.
          if (fast !== null) expect([text, fast]).toEqual([text, toE164(text, 'BR')]);
          expect([text, readPhones(text)]).toEqual([text, toE164(text, 'BR') ? { ok: true, e164: [toE164(text, 'BR')] } : { ok: false, value: text }]);
        }
      }
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it('reads states, CEPs and PIX keys', () => {
    expect(['sp', 'São Paulo', 'Sao Paulo', 'XX'].map(readState)).toEqual(['SP', 'SP', 'SP', null]);
    expect([1310100, '01310-100', '123'].map(readPostalCode)).toEqual(['01310-100', '01310-100', null]);
    expect(readPixKey('529.982.247-25')).toBe('52998224725');
    expect(readPixKey('Ana@Example.com')).toBe('ana@example.com');
    expect(readPixKey('123e4567-e89b-12d3-a456-426614174000')).toBe('123e4567-e89b-12d3-a456-426614174000');
    expect(readPixKey('not a key')).toBeNull();
  });
});
