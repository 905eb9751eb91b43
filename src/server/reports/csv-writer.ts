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
  const first = text.charCodeAt(0);
  // = + - @ TAB CR
  return first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 ? `'${text}` : text;
}

const NEEDS_QUOTES: Record<CsvSeparator, RegExp> = { ',': /[,"\r\n]/, ';': /[;"\r\n]/ };

/** Quotes a field when it holds the separator, a quote, CR or LF (quotes doubled), per RFC 4180. */
export function quoteField(text: string, separator: CsvSeparator): string {
  return NEEDS_QUOTES[separator].test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface CsvOptions {
  locale: Locale;
  separator: CsvSeparator;
}

export function csvHeader(options: CsvOptions): string {
  const words = WORDS[options.locale].columns;
  return BOM + COLUMNS.map((c) => quoteField(words[c], options.separator)).join(options.separator) + '\r\n';
}

/** A text cell: neutralised, then quoted if needed. */
function textCell(v: string, quote: RegExp): string {
  const safe = neutraliseFormula(v);
  return quote.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A number or date this report formatted itself (never a formula); a pt-BR decimal comma may need quotes under ','. */
function valueCell(v: string, quote: RegExp): string {
  return quote.test(v) ? `"${v}"` : v;
}

// Written out cell by cell rather than mapped over COLUMNS: this runs once per exported row.
export function csvLine(row: ReportRow, options: CsvOptions): string {
  const { locale, separator: s } = options;
  const q = NEEDS_QUOTES[s];
  return (
    formatWallDateTime(row.wallMs, locale) + s +
    textCell(row.agent, q) + s +
    textCell(row.customer, q) + s +
    textCell(row.document, q) + s +
    textCell(row.accountNumber, q) + s +
    textCell(row.portfolio, q) + s +
    textCell(row.number, q) + s +
    (row.durationSeconds === null ? '' : String(row.durationSeconds)) + s +
    textCell(row.disposition, q) + s +
    (row.promiseDate === null ? '' : formatCalendarDate(row.promiseDate, locale)) + s +
    (row.promiseAmountCents === null || row.currency === null ? '' : valueCell(formatAmount(row.promiseAmountCents, row.currency, locale), q)) + s +
    textCell(row.notes, q) + s +
    textCell(row.scriptId, q) + s +
    textCell(row.scriptVariant, q) + s +
    textCell(row.strategyVariant, q) + '\r\n'
  );
}

/** The default separator of a locale: ';' where the comma is the decimal separator. */
export function defaultSeparator(locale: Locale): CsvSeparator {
  return locale === 'pt-BR' ? ';' : ',';
}
