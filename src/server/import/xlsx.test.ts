import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellOf, readXlsx } from './xlsx';

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Carteira');
  sheet.addRow(['Nome', 'Saldo', 'Vencimento', 'Contrato']);
  sheet.addRow([]); // a blank row is skipped, the next keeps its own row number
  const row = sheet.addRow([{ richText: [{ text: 'João ' }, { text: 'Silva' }] }, 1234.56, new Date(Date.UTC(2025, 0, 31)), { formula: 'A1', result: 'C-9' }]);
  row.getCell(3).numFmt = 'dd/mm/yyyy';
  book.addWorksheet('Outra').addRow(['ignored']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('readXlsx', () => {
  it('reads the first sheet with typed cells and the rows numbered as the sheet numbers them', async () => {
    const r = await readXlsx(await workbook());
    expect(r).toEqual({ ok: true, header: ['Nome', 'Saldo', 'Vencimento', 'Contrato'], records: [{ line: 3, cells: ['João Silva', 1234.56, '2025-01-31', 'C-9'] }] });
  });

  it('refuses a damaged workbook instead of guessing', async () => {
    const bytes = await workbook();
    const r = await readXlsx(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(r.ok).toBe(false);
  });

  it('turns cell values into text or numbers', () => {
    expect([null, 5, 'x', true, { text: 'a@b.com', hyperlink: 'mailto:a@b.com' }, { error: '#N/A' }].map(cellOf)).toEqual(['', 5, 'x', 'true', 'a@b.com', '#N/A']);
  });
});
