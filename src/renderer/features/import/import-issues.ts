// The server's import problems (stable codes with params, server/import/report.ts) as the supervisor's language:
// i18n keys `import.issue.<code>` with the params filled in, field names and reasons translated too.
import type { TFunction } from 'i18next';
import { PORTFOLIO_FIELDS } from '../../../shared/import-fields';

export const FILE_ISSUE_CODES = [
  'empty_file',
  'no_rows',
  'unsupported_file_type',
  'unsupported_encoding',
  'undecodable_text',
  'double_encoded_text',
  'malformed_csv',
  'invalid_xlsx',
  'missing_columns',
  'mapping_header_not_found',
  'too_many_rows',
] as const;

export const ROW_ISSUE_CODES = [
  'missing_value',
  'too_long',
  'invalid_document',
  'invalid_phone',
  'invalid_email',
  'invalid_number',
  'ambiguous_number',
  'number_format_mismatch',
  'absurd_amount',
  'invalid_date',
  'invalid_state',
  'invalid_postal_code',
  'invalid_boleto_line',
  'invalid_pix_key',
  'creditor_mismatch',
  'duplicate_account',
  'account_customer_mismatch',
  'account_out_of_scope',
] as const;

/** Quita's portfolio fields, each with an `import.field.<name>` label. */
export const IMPORT_FIELDS = PORTFOLIO_FIELDS;

export const NUMBER_REASONS = ['empty', 'not_a_number', 'too_many_decimals', 'bad_grouping', 'too_large'] as const;

type Params = Record<string, string | number | string[]>;

export interface IssueLike {
  code: string;
  params: Params;
}

function fieldName(t: TFunction, field: unknown): string {
  const name = String(field ?? '');
  return (IMPORT_FIELDS as readonly string[]).includes(name) ? t(`import.field.${name}`) : name;
}

function money(cents: unknown, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' }).format(Number(cents) / 100);
}

/** One issue as a sentence in the current language; an unknown code (a newer server) is shown as it came. */
export function issueText(t: TFunction, issue: IssueLike, locale: string): string {
  const p = issue.params;
  const known = (FILE_ISSUE_CODES as readonly string[]).includes(issue.code) || (ROW_ISSUE_CODES as readonly string[]).includes(issue.code);
  if (!known) return t('import.issue.unknown', { code: issue.code, params: JSON.stringify(p) });
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(p)) values[key] = Array.isArray(value) ? value.join(', ') : value;
  if ('field' in p) values.field = fieldName(t, p.field);
  if (issue.code === 'missing_columns') {
    values.fields = (Array.isArray(p.fields) ? p.fields : [String(p.fields ?? '')]).map((f) => fieldName(t, f)).join(', ');
  }
  if (issue.code === 'invalid_number') {
    const reason = String(p.reason ?? '');
    values.reason = (NUMBER_REASONS as readonly string[]).includes(reason) ? t(`import.numberReason.${reason}`) : reason;
  }
  if (issue.code === 'number_format_mismatch') values.format = p.format === 'pt-BR' ? '1.234,56' : '1234.56';
  if (issue.code === 'absurd_amount') {
    values.amount = money(p.cents, locale);
    values.min = money(p.minCents, locale);
    values.max = money(p.maxCents, locale);
  }
  if (issue.code === 'unsupported_file_type') values.detected = String(p.detected ?? '').toUpperCase();
  if (issue.code === 'unsupported_encoding') values.encoding = String(p.encoding ?? '').toUpperCase();
  if (issue.code === 'malformed_csv') {
    return t(p.reason === 'unclosed_quote' ? 'import.issue.malformed_csv_unclosed' : 'import.issue.malformed_csv_after_quote', values);
  }
  return t(`import.issue.${issue.code}`, values);
}
