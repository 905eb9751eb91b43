// The report as a real spreadsheet through exceljs' streaming WorkbookWriter: rows are committed to the zip as
// they come, shared strings are off (that table would keep every distinct text in memory), dates are Excel
// dates with a date-time format and amounts numbers with a currency format. Text cells in XLSX are never run
// as formulas, so no injection guard is needed here.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { toDecimalString } from '../../shared/domain/money';
import type { Currency, Locale } from '../../shared/model';
import { COLUMNS, WORDS, type Column } from './labels';
import type { ReportRow } from './report-row';

const DATE_TIME_FORMAT: Record<Locale, string> = { 'pt-BR': 'dd/mm/yyyy hh:mm:ss', en: 'yyyy-mm-dd hh:mm:ss' };
const DATE_FORMAT: Record<Locale, string> = { 'pt-BR': 'dd/mm/yyyy', en: 'yyyy-mm-dd' };
// The symbol is literal; the digit grouping and decimal marks follow the reader's Excel locale.
export const CURRENCY_FORMAT: Record<Currency, string> = {
  BRL: '"R$" #,##0.00',
  USD: '"US$" #,##0.00',
  EUR: '"€" #,##0.00',
  GBP: '"£" #,##0.00',
};

const WIDTHS: Record<Column, number> = {
  dateTime: 20,
  agent: 22,
  customer: 30,
  document: 20,
  accountNumber: 18,
  portfolio: 20,
  number: 17,
  durationSeconds: 12,
  disposition: 22,
  promiseDate: 14,
  promiseAmount: 16,
  notes: 50,
  scriptId: 16,
  scriptVariant: 12,
  strategyVariant: 12,
};

/** Bytes of sheet XML the compressor may lag behind before rows stop coming. */
const ZIP_BACKLOG_BYTES = 4 * 1024 * 1024;

interface PipeTarget {
  writableLength?: number;
  _writableState?: { length: number };
  once(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
}

/**
 * exceljs hands the sheet's XML to archiver through a PassThrough and ignores its backpressure: rows made
 * faster than deflate compresses them pile up there (835 MB at a million rows, measured). Waiting for that
 * PassThrough to drain keeps the backlog to a few MB. Reaches into exceljs' writer (`stream.pipes`), so it
 * degrades to no waiting if a future exceljs changes that.
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: PipeTarget[] } }).stream?.pipes ?? [];
  for (const pipe of pipes) {
    const backlog = pipe.writableLength ?? pipe._writableState?.length ?? 0;
    if (backlog > ZIP_BACKLOG_BYTES) {
      await new Promise<void>((resolve) => {
        const events = ['drain', 'close', 'error'];
        const done = () => {
          for (const event of events) pipe.removeListener(event, done);
          resolve();
        };
        for (const event of events) pipe.once(event, done);
      });
    }
  }
}

export interface XlsxReportWriter {
  addRows(rows: readonly ReportRow[]): void;
  /** Resolves once the zip compressor has taken in what the sheet has written so far (see zipCaughtUp). */
  caughtUp(): Promise<void>;
  finish(): Promise<void>;
}

export function xlsxReportWriter(output: Writable, locale: Locale): XlsxReportWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Quita';
  const words = WORDS[locale];
  const sheet = workbook.addWorksheet(locale === 'pt-BR' ? 'Resultados' : 'Outcomes', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((key) => ({
    key,
    header: words.columns[key],
    width: WIDTHS[key],
    ...(key === 'dateTime' ? { style: { numFmt: DATE_TIME_FORMAT[locale] } } : {}),
    ...(key === 'promiseDate' ? { style: { numFmt: DATE_FORMAT[locale] } } : {}),
    ...(key === 'durationSeconds' ? { style: { numFmt: '0' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const amountColumn = COLUMNS.indexOf('promiseAmount') + 1;

  return {
    addRows(rows) {
      for (const r of rows) {
        const row = sheet.addRow([
          // exceljs turns a Date into an Excel serial from its UTC fields: the wall clock, as OfficeClock made it.
          new Date(r.wallMs),
          r.agent,
          r.customer,
          r.document,
          r.accountNumber,
          r.portfolio,
          r.number,
          r.durationSeconds,
          r.disposition,
          r.promiseDate === null ? null : new Date(`${r.promiseDate}T00:00:00Z`),
          r.promiseAmountCents === null || r.currency === null ? null : Number(toDecimalString(r.promiseAmountCents, r.currency)),
          r.notes,
          r.scriptId,
          r.scriptVariant,
          r.strategyVariant,
        ]);
        if (r.promiseAmountCents !== null && r.currency !== null) row.getCell(amountColumn).numFmt = CURRENCY_FORMAT[r.currency];
        row.commit();
      }
    },
    caughtUp: () => zipCaughtUp(sheet),
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
