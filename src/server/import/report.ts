// What a portfolio import answers: the file's shape (format, encoding, separator, number format, the column
// mapping used), every problem as a stable code with params (the console translates codes; the CLI prints
// `describeIssue`'s English), and the counts. Plain types only, so the UI contract can take them as they are.

import { PORTFOLIO_FIELDS, type PortfolioField } from '../../shared/import-fields';

export { PORTFOLIO_FIELDS, type PortfolioField };

export type FileIssueCode =
  | 'empty_file' // no bytes, or no header row
  | 'no_rows' // a header and nothing else
  | 'unsupported_file_type' // params.detected: pdf, xls, zip, png, jpeg, gif, gzip, rar, 7z, binary
  | 'unsupported_encoding' // params.encoding: utf-16
  | 'undecodable_text' // control characters where text should be (params.encoding, params.line)
  | 'double_encoded_text' // UTF-8 saved twice ("JoÃ£o"): params.line, params.sample
  | 'malformed_csv' // params.line, params.reason: unclosed_quote | text_after_quote
  | 'invalid_xlsx' // the workbook cannot be read (params.reason)
  | 'missing_columns' // params.fields: required fields no column maps to; params.headers: the file's header
  | 'mapping_header_not_found' // a given or saved mapping names a header the file lacks (params.field, params.header)
  | 'too_many_rows'; // params.max

export type RowIssueCode =
  | 'missing_value' // params.field
  | 'too_long' // params.field, params.max
  | 'invalid_document' // params.value: not a valid CPF or CNPJ
  | 'invalid_phone' // params.field, params.value
  | 'invalid_email' // params.value
  | 'invalid_number' // params.field, params.value, params.reason (not_a_number, too_many_decimals, bad_grouping, too_large)
  | 'ambiguous_number' // params.field, params.value: "1.234" could be 1234 or 1.234; the file has nothing to decide it
  | 'number_format_mismatch' // params.field, params.value, params.format: the file is in pt-BR (1.234,56) or en (1234.56) and this value is not
  | 'absurd_amount' // params.field, params.value, params.cents, params.minCents, params.maxCents
  | 'invalid_date' // params.field, params.value
  | 'invalid_state' // params.value: not a Brazilian UF or state name
  | 'invalid_postal_code' // params.value
  | 'invalid_boleto_line' // params.value
  | 'invalid_pix_key' // params.value
  | 'creditor_mismatch' // params.value, params.creditor: the row's creditor column names another creditor
  | 'duplicate_account' // params.accountNumber, params.firstLine
  | 'account_customer_mismatch' // params.accountNumber: the account exists under another CPF/CNPJ
  | 'account_out_of_scope'; // params.accountNumber: assigned to another team than the importer's

export type IssueParams = Record<string, string | number | string[]>;

export interface FileIssue {
  code: FileIssueCode;
  params: IssueParams;
}

export interface RowIssue {
  /** The file's physical line (CSV; header = 1) or the sheet's row number (XLSX). */
  line: number;
  code: RowIssueCode;
  params: IssueParams;
}

export interface EntityCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface PortfolioImportReport {
  /** No file or row issue: a real import committed (or a dry run would). */
  ok: boolean;
  dryRun: boolean;
  /** True only when a real import wrote its transaction. */
  committed: boolean;
  creditor: string | null;
  teamId: string | null;
  format: 'csv' | 'xlsx' | null;
  encoding: 'utf-8' | 'windows-1252' | null;
  delimiter: ';' | ',' | null;
  /** How amounts were read: pt-BR "1.234,56" or en "1234.56" (null: nothing needed deciding). */
  numberFormat: 'pt-BR' | 'en' | null;
  header: string[];
  /** Field → the header it was read from, and where that pairing came from. */
  mapping: Partial<Record<PortfolioField, { header: string; source: 'given' | 'saved' | 'default' }>>;
  /** Data rows read (blank lines not counted). */
  rows: number;
  fileIssues: FileIssue[];
  /** In line order; an HTTP answer lists at most the first 10,000 (`rowIssueCount` is the total). */
  rowIssues: RowIssue[];
  rowIssueCount: number;
  /** Distinct lines with at least one issue. */
  badRows: number;
  accounts: EntityCounts;
  customers: EntityCounts;
  /** Accounts put in the team's pool by this import (new ones, and unassigned existing ones). */
  pooled: number;
  mappingSaved: boolean;
  elapsedMs: number;
}

const FIELD_NAMES: Record<PortfolioField, string> = {
  name: 'name',
  document: 'CPF/CNPJ',
  accountNumber: 'account number',
  balance: 'balance',
  dueDate: 'due date',
  originalBalance: 'original amount',
  product: 'product',
  phone: 'phone',
  mobile: 'mobile phone',
  phone2: 'second phone',
  email: 'e-mail',
  street: 'address',
  city: 'city',
  state: 'state (UF)',
  postalCode: 'postal code (CEP)',
  boletoLine: 'boleto line',
  pixKey: 'PIX key',
  creditor: 'creditor',
};

const field = (p: IssueParams) => FIELD_NAMES[p.field as PortfolioField] ?? String(p.field);
const reais = (cents: number) => `R$ ${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;

/** English for the CLI (the console translates the code and params itself). */
export function describeIssue(issue: FileIssue | RowIssue): string {
  const p = issue.params;
  switch (issue.code) {
    case 'empty_file':
      return 'the file is empty (a header row is required)';
    case 'no_rows':
      return 'the file has a header but no rows';
    case 'unsupported_file_type':
      return `this is not a CSV or XLSX file (it looks like ${p.detected === 'binary' ? 'binary data' : `a ${String(p.detected).toUpperCase()} file`}); export the sheet as CSV or XLSX`;
    case 'unsupported_encoding':
      return `the text is ${String(p.encoding).toUpperCase()}; save it as UTF-8 or Latin-1 (Windows-1252) CSV`;
    case 'undecodable_text':
      return `line ${p.line} holds characters that are not text in ${p.encoding}; the encoding is wrong or the file is damaged`;
    case 'double_encoded_text':
      return `line ${p.line} has text saved in two encodings ("${p.sample}"); export the file again from the original`;
    case 'malformed_csv':
      return p.reason === 'unclosed_quote' ? `a quoted field opened on line ${p.line} is never closed` : `line ${p.line} has text after a closing quote`;
    case 'invalid_xlsx':
      return `the workbook cannot be read (${p.reason})`;
    case 'missing_columns':
      return `no column for ${(p.fields as string[]).map((f) => FIELD_NAMES[f as PortfolioField] ?? f).join(', ')} (the header has: ${(p.headers as string[]).join(', ')}); rename the columns or give a mapping`;
    case 'mapping_header_not_found':
      return `the mapping reads ${field(p)} from column "${p.header}", which the file does not have`;
    case 'too_many_rows':
      return `more than ${p.max} rows; split the file`;
    case 'missing_value':
      return `${field(p)} is empty`;
    case 'too_long':
      return `${field(p)} is longer than ${p.max} characters`;
    case 'invalid_document':
      return `"${p.value}" is not a valid CPF or CNPJ`;
    case 'invalid_phone':
      return `${field(p)} "${p.value}" is not a valid phone number`;
    case 'invalid_email':
      return `"${p.value}" is not an e-mail address`;
    case 'invalid_number':
      return `${field(p)} "${p.value}" is not an amount like 1.234,56 or 1234.56 (${p.reason})`;
    case 'ambiguous_number':
      return `${field(p)} "${p.value}" could be read two ways (1.234 = one thousand or one real?); write it with cents, e.g. 1.234,00`;
    case 'number_format_mismatch':
      return `${field(p)} "${p.value}" is not written like the rest of the file (${p.format === 'pt-BR' ? '1.234,56' : '1234.56'})`;
    case 'absurd_amount':
      return `${field(p)} ${reais(Number(p.cents))} is outside ${reais(Number(p.minCents))} to ${reais(Number(p.maxCents))}`;
    case 'invalid_date':
      return `${field(p)} "${p.value}" is not a date like 31/01/2025 or 2025-01-31`;
    case 'invalid_state':
      return `"${p.value}" is not a Brazilian state`;
    case 'invalid_postal_code':
      return `"${p.value}" is not a CEP (8 digits)`;
    case 'invalid_boleto_line':
      return `"${p.value}" is not a boleto line (47 or 48 digits)`;
    case 'invalid_pix_key':
      return `"${p.value}" is not a PIX key`;
    case 'creditor_mismatch':
      return `the row's creditor "${p.value}" is not ${p.creditor}`;
    case 'duplicate_account':
      return `account number ${p.accountNumber} already appeared on line ${p.firstLine}`;
    case 'account_customer_mismatch':
      return `account ${p.accountNumber} already exists under another CPF/CNPJ`;
    case 'account_out_of_scope':
      return `account ${p.accountNumber} belongs to another team`;
  }
}
