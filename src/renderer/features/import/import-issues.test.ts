// Every import problem the server can report has a sentence in both languages, with its params filled in.
import { describe, expect, it } from 'vitest';
import { createI18n, locales } from '../../i18n/i18n';
import { FILE_ISSUE_CODES, IMPORT_FIELDS, issueText, NUMBER_REASONS, ROW_ISSUE_CODES } from './import-issues';

const sample: Record<string, Record<string, string | number | string[]>> = {
  unsupported_file_type: { detected: 'pdf' },
  unsupported_encoding: { encoding: 'utf-16' },
  undecodable_text: { encoding: 'utf-8', line: 4 },
  double_encoded_text: { line: 5, sample: 'JoÃ£o' },
  malformed_csv: { line: 6, reason: 'unclosed_quote' },
  invalid_xlsx: { reason: 'zip' },
  missing_columns: { fields: ['balance', 'dueDate'], headers: ['Nome', 'CPF'] },
  mapping_header_not_found: { field: 'balance', header: 'Saldo Atual' },
  too_many_rows: { max: 1000000 },
  missing_value: { field: 'name' },
  too_long: { field: 'product', max: 120 },
  invalid_document: { value: '123' },
  invalid_phone: { field: 'mobile', value: '11 1' },
  invalid_email: { value: 'a@' },
  invalid_number: { field: 'balance', value: '12,3,4', reason: 'bad_grouping' },
  ambiguous_number: { field: 'balance', value: '1.234' },
  number_format_mismatch: { field: 'balance', value: '1234.56', format: 'pt-BR' },
  absurd_amount: { field: 'balance', value: '1e12', cents: 100000000000000, minCents: 1, maxCents: 10000000000 },
  invalid_date: { field: 'dueDate', value: '31/02/2025' },
  invalid_state: { value: 'XX' },
  invalid_postal_code: { value: '123' },
  invalid_boleto_line: { value: '1' },
  invalid_pix_key: { value: 'x' },
  creditor_mismatch: { value: 'Banco Y', creditor: 'Banco X' },
  duplicate_account: { accountNumber: 'C-1', firstLine: 2 },
  account_customer_mismatch: { accountNumber: 'C-1' },
  account_out_of_scope: { accountNumber: 'C-1' },
};

describe.each(locales)('import problems in %s', (locale) => {
  const i18n = createI18n(locale);
  const t = i18n.t.bind(i18n);

  it.each([...FILE_ISSUE_CODES, ...ROW_ISSUE_CODES])('%s reads as a sentence with every value filled in', (code) => {
    const params = sample[code] ?? {};
    const text = issueText(t, { code, params }, locale);
    expect(text).not.toMatch(/\{\{|import\.|undefined/);
    expect(text.length).toBeGreaterThan(10);
    for (const value of Object.values(params)) {
      // Field names and codes are translated; the file's own values appear as they are.
      if (typeof value === 'string' && !/^(balance|dueDate|name|product|mobile|pdf|utf-16|utf-8|bad_grouping|unclosed_quote|pt-BR)$/.test(value)) expect(text).toContain(value);
    }
  });

  it('names fields and number reasons in the language', () => {
    for (const field of IMPORT_FIELDS) expect(i18n.exists(`import.field.${field}`)).toBe(true);
    for (const reason of NUMBER_REASONS) expect(i18n.exists(`import.numberReason.${reason}`)).toBe(true);
    const text = issueText(t, { code: 'invalid_number', params: { field: 'balance', value: '12,3,4', reason: 'bad_grouping' } }, locale);
    expect(text).toContain(locale === 'en' ? 'Balance' : 'Saldo');
    expect(issueText(t, { code: 'absurd_amount', params: sample.absurd_amount! }, locale)).toMatch(locale === 'en' ? /R\$1,000,000,000,000\.00/ : /R\$\s1\.000\.000\.000\.000,00/);
  });

  it('shows a code from a newer server as it came', () => {
    expect(issueText(t, { code: 'brand_new_problem', params: { x: 1 } }, locale)).toContain('brand_new_problem');
  });
});
