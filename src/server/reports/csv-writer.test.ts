import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvHeader, csvLine, neutraliseFormula, quoteField } from './csv-writer';
import { WORDS } from './labels';
import { readCsv } from './report-test-support';
import { formatAmount, OfficeClock, formatWallDateTime, type ReportRow } from './report-row';

describe('CSV cells', () => {
  it('neutralises text a spreadsheet would run as a formula, and nothing else', () => {
    for (const risky of ['=1+1', '+5511', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseFormula(risky)).toBe(`'${risky}`);
    for (const safe of ['Ana', '1=1', ' =x', '', "'quoted", 'a-b']) expect(neutraliseFormula(safe)).toBe(safe);
  });

  it('quotes only what needs quoting and doubles quotes', () => {
    expect(quoteField('plain', ',')).toBe('plain');
    expect(quoteField('a;b', ',')).toBe('a;b');
    expect(quoteField('a;b', ';')).toBe('"a;b"');
    expect(quoteField('1,5', ',')).toBe('"1,5"');
    expect(quoteField('say "hi"', ';')).toBe('"say ""hi"""');
    expect(quoteField('two\nlines', ';')).toBe('"two\nlines"');
    expect(quoteField('cr\rhere', ';')).toBe('"cr\rhere"');
  });

  it('a hostile row reads back field for field with a real RFC 4180 reader', () => {
    const row: ReportRow = {
      wallMs: Date.UTC(2025, 0, 2, 3, 4, 5),
      agent: '=cmd|" /C calc"!A0',
      customer: 'Maria "Mãe"; Silva, Jr.',
      document: '***.***.247-25',
      accountNumber: '-1',
      portfolio: 'Banco; X',
      number: '+5511987654321',
      durationSeconds: 0,
      disposition: 'Não atendeu',
      promiseDate: '2025-01-31',
      promiseAmountCents: 123_456_789,
      currency: 'BRL',
      notes: 'linha 1\r\nlinha 2 "citação"',
      scriptId: '',
      scriptVariant: '@x',
      strategyVariant: 'B',
    };
    for (const separator of [',', ';'] as const) {
      for (const locale of ['pt-BR', 'en'] as const) {
        const text = csvHeader({ locale, separator }) + csvLine(row, { locale, separator });
        expect(text.startsWith('\uFEFF')).toBe(true);
        const [header, fields] = readCsv(text.slice(1), separator);
        expect(header).toHaveLength(15);
        expect(fields).toEqual([
          locale === 'pt-BR' ? '02/01/2025 03:04:05' : '2025-01-02 03:04:05',
          `'=cmd|" /C calc"!A0`,
          'Maria "Mãe"; Silva, Jr.',
          '***.***.247-25',
          "'-1",
          'Banco; X',
          "'+5511987654321",
          '0',
          'Não atendeu',
          locale === 'pt-BR' ? '31/01/2025' : '2025-01-31',
          locale === 'pt-BR' ? '1234567,89' : '1234567.89',
          'linha 1\r\nlinha 2 "citação"',
          '',
          "'@x",
          'B',
        ]);
      }
    }
  });

  it('amounts never pass through float formatting', () => {
    expect(formatAmount(5, 'BRL', 'pt-BR')).toBe('0,05');
    expect(formatAmount(999_999_999_999_99, 'BRL', 'en')).toBe('999999999999.99');
  });
});

describe('office clock', () => {
  it('gives the wall clock of the zone, across daylight-saving changes', () => {
    const clock = new OfficeClock('America/Sao_Paulo');
    expect(formatWallDateTime(clock.wall(Date.UTC(2025, 5, 15, 13, 0, 0)), 'en')).toBe('2025-06-15 10:00:00');
    // Brazil still had DST in 2018: it began on 4 Nov at 00:00 local (-03 → -02).
    expect(formatWallDateTime(clock.wall(Date.UTC(2018, 10, 4, 2, 59, 59)), 'en')).toBe('2018-11-03 23:59:59');
    expect(formatWallDateTime(clock.wall(Date.UTC(2018, 10, 4, 3, 0, 0)), 'en')).toBe('2018-11-04 01:00:00');
    const ny = new OfficeClock('America/New_York');
    expect(formatWallDateTime(ny.wall(Date.UTC(2025, 2, 9, 6, 59, 0)), 'pt-BR')).toBe('09/03/2025 01:59:00');
    expect(formatWallDateTime(ny.wall(Date.UTC(2025, 2, 9, 7, 0, 0)), 'pt-BR')).toBe('09/03/2025 03:00:00');
    const kathmandu = new OfficeClock('Asia/Kathmandu');
    expect(formatWallDateTime(kathmandu.wall(Date.UTC(2025, 0, 1, 0, 0, 7)), 'en')).toBe('2025-01-01 05:45:07');
  });
});

describe('report labels', () => {
  it("say each disposition as the app's own translations do", () => {
    for (const locale of ['pt-BR', 'en'] as const) {
      const app = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'renderer', 'i18n', `${locale}.json`), 'utf8')) as { disposition: Record<string, string> };
      expect(WORDS[locale].dispositions).toEqual(app.disposition);
    }
  });
});
