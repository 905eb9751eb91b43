// Reads the first worksheet of an XLSX workbook with exceljs's streaming reader (rows arrive one at a time; the
// workbook is never built whole in memory). Cells come back typed: numbers stay numbers (an amount typed as a
// number needs no locale guess), dates become 'YYYY-MM-DD', formulas give their cached result, rich text and
// hyperlinks their text.
import { Readable } from 'node:stream';

/** A cell as the importer sees it: text, or a number the spreadsheet itself typed. */
export type Cell = string | number;

export interface SheetRecord {
  line: number;
  cells: Cell[];
}

export type SheetResult = { ok: true; header: string[]; records: SheetRecord[] } | { ok: false; reason: string };

function isoDate(d: Date): string {
  // exceljs builds dates from Excel serials in UTC.
  return d.toISOString().slice(0, 10);
}

export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : isoDate(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string; formula?: string; sharedFormula?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v || v.formula !== undefined || v.sharedFormula !== undefined) return cellOf(v.result);
    if (v.text !== undefined) return cellOf(v.text);
    if (v.error !== undefined) return String(v.error);
  }
  return String(value);
}

export async function readXlsx(bytes: Uint8Array): Promise<SheetResult> {
  try {
    // Loaded on first use: exceljs is large, and most CLI commands never read a workbook.
    const { default: ExcelJS } = await import('exceljs');
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      // Styles tell a date cell from a number cell.
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    let header: string[] | null = null;
    const records: SheetRecord[] = [];
    for await (const sheet of reader) {
      for await (const row of sheet) {
        // row.values is 1-based (index 0 empty) and sparse.
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i += 1) cells.push(cellOf(values[i]));
        if (cells.every((c) => c === '' || (typeof c === 'string' && c.trim() === ''))) continue;
        if (!header) header = cells.map((c) => String(c).trim());
        else records.push({ line: row.number, cells });
      }
      break; // the first worksheet only
    }
    if (!header) return { ok: false, reason: 'no_rows' };
    return { ok: true, header, records };
  } catch (error) {
    return { ok: false, reason: (error as Error).message?.slice(0, 200) || 'unreadable' };
  }
}
