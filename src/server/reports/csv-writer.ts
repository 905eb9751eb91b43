// The report as RFC 4180 CSV for Excel and friends: UTF-8 with a BOM (Excel otherwise guesses the ANSI code
// page and mangles "Não"), ',' or ';', CRLF line ends, one string chunk per page of rows.
import type { Locale } from '../../shared/model';
import { COLUMNS, WORDS } from './labels';
import { formatAmount, formatCalendarDate, formatWallDateTime, type ReportRow } from './report-row';
import type { CsvSeparator } from './filters';

export const BOM = '\uFEFF';

/**
 * A text cell a spreadsheet would run as a formula (= + - @, or a tab/CR that some strip before looking) gets a
 * leading single quote, the OWASP-recommended neutralisation. Only text cells: the numbers this report writes
 * are its own and never negative.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Quotes a field when it holds the separator, a quote, CR or LF (quotes doubled), per RFC 4180. */
export function quoteField(text: string, separator: CsvSeparator): string {
  const needs = text.includes(separator) || text.includes('"') || text.includes('\n') || text.includes('\r');
  return needs ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface CsvOptions {
  locale: Locale;
  separator: CsvSeparator;
}

export function csvHeader(options: CsvOptions): string {
  const words = WORDS[options.locale].columns;
  return BOM + COLUMNS.map((c) => quoteField(words[c], options.separator)).join(options.separator) + '\r\n';
}

export function csvLine(row: ReportRow, options: CsvOptions): string {
  const { locale, separator } = options;
  const text = (s: string) => quoteField(neutraliseFormula(s), separator);
  // Numbers and dates are ours (never a formula), but a pt-BR decimal comma still needs quotes under ','.
  const value = (s: string) => quoteField(s, separator);
  return (
    [
      value(formatWallDateTime(row.wallMs, locale)),
      text(row.agent),
      text(row.customer),
      text(row.document),
      text(row.accountNumber),
      text(row.portfolio),
      text(row.number),
      row.durationSeconds === null ? '' : String(row.durationSeconds),
      text(row.disposition),
      row.promiseDate === null ? '' : value(formatCalendarDate(row.promiseDate, locale)),
      row.promiseAmountCents === null || row.currency === null ? '' : value(formatAmount(row.promiseAmountCents, row.currency, locale)),
      text(row.notes),
      text(row.scriptId),
      text(row.scriptVariant),
      text(row.strategyVariant),
    ].join(separator) + '\r\n'
  );
}

/** The default separator of a locale: ';' where the comma is the decimal separator. */
export function defaultSeparator(locale: Locale): CsvSeparator {
  return locale === 'pt-BR' ? ';' : ',';
}
