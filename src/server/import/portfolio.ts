// Portfolio import: a creditor's CSV or XLSX file → customers and accounts. Three stages:
//   1. read: detect the file type and text encoding, parse CSV or the first worksheet, map columns to fields;
//   2. validate: every row on its own (documents, amounts, dates, phones…) and against the file (duplicate
//      account numbers), then against the database (an account number held by another CPF/CNPJ, or by another
//      team when a supervisor imports) — every problem is a code with params and the file's line;
//   3. write (not in a dry run, and only when there is no problem at all): one transaction that upserts
//      customers by document and accounts by (creditor, account number), puts new accounts in a team's pool if
//      asked, appends the change feed the sync pull serves, saves the creditor's column mapping and an audit
//      entry. Anything failing rolls the whole file back.
// Writes use one statement per few thousand rows (unnest of column arrays), so 100,000 rows take seconds.
import { sql, type Kysely } from 'kysely';
import { createHash, randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Address, Phone } from '../../shared/model';
import { resolveCustomerTimeZone } from '../../shared/domain/time-zone';
import { AdminError, type Actor } from '../admin';
import { audit } from '../audit';
import type { ServerDatabase, ServerDb } from '../db/database';
import { announceAccounts, CHANGES_CHANNEL, type ChangeRow } from '../sync/feed';
import { parseCsv } from './csv';
import { detectFile } from './decode';
import { resolveMapping, type Mapping } from './fields';
import { canonicalCreditor, loadMapping, saveMapping } from './mappings';
import type { IssueParams, PortfolioField, PortfolioImportReport, RowIssue, RowIssueCode } from './report';
import {
  cellText,
  decideNumberFormat,
  phoneKind,
  readAmount,
  readBoletoLine,
  readDate,
  readDocument,
  readEmails,
  readPhones,
  readPixKey,
  readPostalCode,
  readState,
  type NumberFormat,
} from './values';
import { readXlsx, type Cell, type SheetRecord } from './xlsx';

/** Balances outside this range are a broken file, not a debt (negative, or above R$ 100 million). */
export const MIN_BALANCE_CENTS = 0;
export const MAX_BALANCE_CENTS = 100_000_000_00;
export const MAX_ROWS = 1_000_000;
const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';
const IMPORT_LOCK = 7260009; // one portfolio import at a time: two files racing on one new account would collide
const BATCH = 5000;

export interface ImportProgress {
  phase: 'read' | 'validate' | 'compare' | 'write';
  done: number;
  total: number;
}

export interface PortfolioImportOptions {
  dryRun: boolean;
  /** Every row's creditor (a creditor column, if any, must agree). Without it each row names its own. */
  creditor?: string | null;
  /** Put new (and unassigned) accounts in this team's pool: by name (CLI) or id (route). */
  team?: { name: string } | { id: string } | null;
  /** Field → header, over the creditor's saved mapping and the defaults. */
  mapping?: Mapping;
  /** Force how amounts are read instead of deciding from the file. */
  numberFormat?: NumberFormat | null;
  /** A supervisor's team: existing accounts assigned to another team are refused. */
  scopeTeamId?: string | null;
  onProgress?: (progress: ImportProgress) => void;
}

interface ImportRow {
  line: number;
  creditor: string;
  accountNumber: string;
  name: string;
  document: { kind: 'cpf' | 'cnpj'; value: string };
  balanceCents: number;
  /** null: not in the file (a new account starts with its balance; an existing one keeps its original). */
  originalBalanceCents: number | null;
  dueDate: string;
  /** undefined: no value in the file, so an existing account keeps its own. */
  product: string | undefined;
  boletoLine: string | undefined;
  pixKey: string | undefined;
  phones: Phone[];
  emails: string[];
  address: Partial<Omit<Address, 'country'>> | null;
  state: string | null;
}

function emptyReport(options: PortfolioImportOptions): PortfolioImportReport {
  return {
    ok: false,
    dryRun: options.dryRun,
    committed: false,
    creditor: options.creditor ? canonicalCreditor(options.creditor) : null,
    teamId: null,
    format: null,
    encoding: null,
    delimiter: null,
    numberFormat: null,
    header: [],
    mapping: {},
    rows: 0,
    fileIssues: [],
    rowIssues: [],
    rowIssueCount: 0,
    badRows: 0,
    accounts: { created: 0, updated: 0, unchanged: 0 },
    customers: { created: 0, updated: 0, unchanged: 0 },
    pooled: 0,
    mappingSaved: false,
    elapsedMs: 0,
  };
}

type Table = { header: string[]; records: SheetRecord[] };

async function readTable(bytes: Uint8Array, report: PortfolioImportReport): Promise<Table | null> {
  const detected = detectFile(bytes);
  if (!detected.ok) {
    report.fileIssues.push(detected.issue);
    return null;
  }
  if (detected.file.kind === 'xlsx') {
    report.format = 'xlsx';
    const sheet = await readXlsx(bytes);
    if (!sheet.ok) {
      report.fileIssues.push(sheet.reason === 'no_rows' ? { code: 'empty_file', params: {} } : { code: 'invalid_xlsx', params: { reason: sheet.reason } });
      return null;
    }
    return sheet;
  }
  report.format = 'csv';
  report.encoding = detected.file.encoding;
  const csv = parseCsv(detected.file.text);
  if (!csv.ok) {
    report.fileIssues.push(csv.reason === 'empty' ? { code: 'empty_file', params: {} } : { code: 'malformed_csv', params: { line: csv.line, reason: csv.reason } });
    return null;
  }
  report.delimiter = csv.delimiter;
  return { header: csv.header, records: csv.records.map((r) => ({ line: r.line, cells: r.fields })) };
}

const LIMITS: Partial<Record<PortfolioField, number>> = { name: 200, accountNumber: 64, product: 120, creditor: 120, street: 200, city: 100 };

function validateRows(
  table: Table,
  columns: Partial<Record<PortfolioField, number>>,
  creditor: string | null,
  format: NumberFormat | null,
  issues: RowIssue[],
  onProgress: PortfolioImportOptions['onProgress'],
): ImportRow[] {
  const rows: ImportRow[] = [];
  const firstLine = new Map<string, number>();
  const total = table.records.length;
  for (let r = 0; r < total; r += 1) {
    const rec = table.records[r]!;
    if (onProgress && r % 10_000 === 0) onProgress({ phase: 'validate', done: r, total });
    const before = issues.length;
    const flag = (code: RowIssueCode, params: IssueParams) => issues.push({ line: rec.line, code, params });
    const cell = (f: PortfolioField): Cell => (columns[f] === undefined ? '' : (rec.cells[columns[f]!] ?? ''));
    const text = (f: PortfolioField): string => {
      const t = cellText(cell(f));
      const max = LIMITS[f];
      if (max !== undefined && t.length > max) flag('too_long', { field: f, max });
      return t;
    };
    const required = (f: PortfolioField): string => {
      const t = text(f);
      if (!t) flag('missing_value', { field: f });
      return t;
    };

    const name = required('name');
    const documentText = required('document');
    const document = documentText ? readDocument(cell('document')) : null;
    if (documentText && !document) flag('invalid_document', { value: documentText });

    const accountNumber = required('accountNumber');
    let rowCreditor = creditor;
    const creditorText = text('creditor');
    if (creditor) {
      if (creditorText && canonicalCreditor(creditorText).toLowerCase() !== creditor.toLowerCase()) flag('creditor_mismatch', { value: creditorText, creditor });
    } else {
      rowCreditor = creditorText ? canonicalCreditor(creditorText) : null;
      if (!creditorText) flag('missing_value', { field: 'creditor' });
    }
    if (accountNumber && rowCreditor) {
      const key = `${rowCreditor}\u0000${accountNumber}`;
      const first = firstLine.get(key);
      if (first !== undefined) flag('duplicate_account', { accountNumber, firstLine: first });
      else firstLine.set(key, rec.line);
    }

    const amount = (f: 'balance' | 'originalBalance'): number | null => {
      const c = cell(f);
      const t = cellText(c);
      if (!t) {
        if (f === 'balance') flag('missing_value', { field: f });
        return null;
      }
      const a = readAmount(c, format);
      if (!a.ok) {
        if (a.code === 'invalid_number') flag('invalid_number', { field: f, value: t, reason: a.reason });
        else if (a.code === 'ambiguous_number') flag('ambiguous_number', { field: f, value: t });
        else flag('number_format_mismatch', { field: f, value: t, format: a.format });
        return null;
      }
      if (a.cents < MIN_BALANCE_CENTS || a.cents > MAX_BALANCE_CENTS) {
        flag('absurd_amount', { field: f, value: t, cents: a.cents, minCents: MIN_BALANCE_CENTS, maxCents: MAX_BALANCE_CENTS });
        return null;
      }
      return a.cents;
    };
    const balanceCents = amount('balance');
    const originalBalanceCents = amount('originalBalance');

    const dueText = required('dueDate');
    const dueDate = dueText ? readDate(cell('dueDate')) : null;
    if (dueText && !dueDate) flag('invalid_date', { field: 'dueDate', value: dueText });

    const phones: Phone[] = [];
    for (const f of ['mobile', 'phone', 'phone2'] as const) {
      if (!cellText(cell(f))) continue;
      const read = readPhones(cell(f));
      if (!read.ok) flag('invalid_phone', { field: f, value: read.value });
      else for (const e164 of read.e164) if (!phones.some((p) => p.e164 === e164)) phones.push({ e164, kind: phoneKind(e164, f) });
    }
    let emails: string[] = [];
    const emailText = text('email');
    if (emailText) {
      const read = readEmails(emailText);
      if (!read.ok) flag('invalid_email', { value: read.value });
      else emails = read.emails;
    }
    const stateText = text('state');
    const state = stateText ? readState(stateText) : null;
    if (stateText && !state) flag('invalid_state', { value: stateText });
    const postalText = text('postalCode');
    const postalCode = postalText ? readPostalCode(cell('postalCode')) : null;
    if (postalText && !postalCode) flag('invalid_postal_code', { value: postalText });
    const street = text('street');
    const city = text('city');
    const boletoText = text('boletoLine');
    const boletoLine = boletoText ? readBoletoLine(boletoText) : null;
    if (boletoText && !boletoLine) flag('invalid_boleto_line', { value: boletoText });
    const pixText = text('pixKey');
    const pixKey = pixText ? readPixKey(pixText) : null;
    if (pixText && !pixKey) flag('invalid_pix_key', { value: pixText });
    const product = text('product');

    if (issues.length > before) continue;
    const address = street || city || state || postalCode ? { ...(street ? { street } : {}), ...(city ? { city } : {}), ...(state ? { state } : {}), ...(postalCode ? { postalCode } : {}) } : null;
    rows.push({
      line: rec.line,
      creditor: rowCreditor!,
      accountNumber,
      name,
      document: document!,
      balanceCents: balanceCents!,
      originalBalanceCents,
      dueDate: dueDate!,
      product: product || undefined,
      boletoLine: boletoLine ?? undefined,
      pixKey: pixKey ?? undefined,
      phones,
      emails,
      address,
      state,
    });
  }
  onProgress?.({ phase: 'validate', done: total, total });
  return rows;
}

interface ExistingAccount {
  id: string;
  customer_id: string;
  creditor: string;
  account_number: string;
  product: string;
  original_balance_cents: number;
  current_balance_cents: number;
  due_date: string;
  boleto_line: string | null;
  pix_key: string | null;
  document: string;
  team_id: string | null;
}

interface ExistingCustomer {
  id: string;
  document: string;
  name: string;
  phones: Phone[];
  emails: string[];
  address: Address | null;
  time_zone: string;
}

type Db = Kysely<ServerDatabase>;
const CHUNK = 20_000;

async function loadExisting(db: Db, rows: readonly ImportRow[], lock: boolean) {
  const accounts = new Map<string, ExistingAccount>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const found = await sql<ExistingAccount>`
      SELECT a.id, a.customer_id, a.creditor, a.account_number, a.product, a.original_balance_cents, a.current_balance_cents,
             a.due_date, a.boleto_line, a.pix_key, c.document, asg.team_id
      FROM accounts a
      JOIN unnest(${chunk.map((r) => r.creditor)}::text[], ${chunk.map((r) => r.accountNumber)}::text[]) AS k(creditor, account_number)
        ON a.creditor = k.creditor AND a.account_number = k.account_number
      JOIN customers c ON c.id = a.customer_id
      LEFT JOIN assignments asg ON asg.account_id = a.id
      ${lock ? sql`FOR UPDATE OF a` : sql``}`.execute(db);
    for (const a of found.rows) accounts.set(`${a.creditor}\u0000${a.account_number}`, { ...a, original_balance_cents: Number(a.original_balance_cents), current_balance_cents: Number(a.current_balance_cents) });
  }
  const customers = new Map<string, ExistingCustomer>();
  const documents = [...new Set(rows.map((r) => r.document.value))];
  for (let i = 0; i < documents.length; i += CHUNK) {
    // Several customers may share a document (older data); the oldest id is the one imports update.
    const found = await sql<ExistingCustomer>`
      SELECT id, document, name, phones, emails, address, time_zone FROM customers
      WHERE document = ANY(${documents.slice(i, i + CHUNK)}::text[])
      ORDER BY id
      ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
    for (const c of found.rows) if (!customers.has(c.document)) customers.set(c.document, c);
  }
  return { accounts, customers };
}

interface CustomerWrite {
  id: string;
  document: string;
  kind: 'cpf' | 'cnpj';
  name: string;
  phones: Phone[];
  emails: string[];
  address: Address | null;
  timeZone: string;
}

interface AccountWrite {
  id: string;
  customerId: string;
  row: ImportRow;
  originalBalanceCents: number;
  product: string;
  boletoLine: string | null;
  pixKey: string | null;
}

interface Plan {
  newCustomers: CustomerWrite[];
  changedCustomers: CustomerWrite[];
  unchangedCustomers: number;
  newAccounts: AccountWrite[];
  changedAccounts: AccountWrite[];
  unchangedAccounts: number;
  /** Existing accounts with no assignment (pooled too when a team is given). */
  unassigned: string[];
}

const sameAddress = (a: Address | null, b: Address | null): boolean =>
  a === b || (a !== null && b !== null && a.street === b.street && a.city === b.city && a.state === b.state && a.postalCode === b.postalCode && a.country === b.country);

// uuid's default source asks the OS for 16 bytes per id; a portfolio needs 200,000 ids, so draw them from a pool.
const pool = new Uint8Array(16 * 4096);
let poolOffset = pool.length;
function pooledRandom(): Uint8Array {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += 16;
  return pool.subarray(poolOffset - 16, poolOffset);
}
const newId = () => uuidv7({ rng: pooledRandom });

const zones = new Map<string, string>();
/** resolveCustomerTimeZone, once per state and phone-prefix combination (it only reads the UF and area codes). */
function zoneOf(state: string | null, phones: readonly Phone[]): string {
  const key = `${state ?? ''}|${phones.map((p) => `${p.e164.slice(0, 5)}:${p.e164.length}`).join(',')}`;
  let zone = zones.get(key);
  if (zone === undefined) {
    if (zones.size > 10_000) zones.clear();
    zone = resolveCustomerTimeZone({ state, phonesE164: phones.map((p) => p.e164) }, DEFAULT_TIME_ZONE).timeZone;
    zones.set(key, zone);
  }
  return zone;
}

function plan(rows: readonly ImportRow[], existing: Awaited<ReturnType<typeof loadExisting>>, scopeTeamId: string | null, issues: RowIssue[]): Plan {
  const result: Plan = { newCustomers: [], changedCustomers: [], unchangedCustomers: 0, newAccounts: [], changedAccounts: [], unchangedAccounts: 0, unassigned: [] };
  // Customers: one per document, the first row's name, every row's phones and e-mails.
  const byDocument = new Map<string, ImportRow[]>();
  for (const r of rows) {
    const list = byDocument.get(r.document.value);
    if (list) list.push(r);
    else byDocument.set(r.document.value, [r]);
  }
  const customerIds = new Map<string, string>();
  for (const [document, list] of byDocument) {
    const first = list[0]!;
    const old = existing.customers.get(document);
    // Existing phones and e-mails are kept (an agent may have added them); the file's are added.
    const phones: Phone[] = [...(old?.phones ?? [])];
    const emails: string[] = [...(old?.emails ?? [])];
    for (const r of list) {
      for (const p of r.phones) if (!phones.some((q) => q.e164 === p.e164)) phones.push(p);
      for (const e of r.emails) if (!emails.includes(e)) emails.push(e);
    }
    const fileAddress = list.find((r) => r.address)?.address ?? null;
    const address: Address | null = fileAddress
      ? {
          street: fileAddress.street ?? old?.address?.street ?? '',
          city: fileAddress.city ?? old?.address?.city ?? '',
          state: fileAddress.state ?? old?.address?.state ?? '',
          postalCode: fileAddress.postalCode ?? old?.address?.postalCode ?? '',
          country: 'BR',
        }
      : (old?.address ?? null);
    const state = list.find((r) => r.state)?.state ?? null;
    // The zone follows the file's state; without one a new customer's comes from the phones' area codes and an
    // existing customer keeps theirs.
    const timeZone = state || !old ? zoneOf(state, phones) : old.time_zone;
    const write: CustomerWrite = { id: old?.id ?? newId(), document, kind: first.document.kind, name: first.name, phones, emails, address, timeZone };
    customerIds.set(document, write.id);
    if (!old) result.newCustomers.push(write);
    // Phones and e-mails only ever grow by appending, so a longer list is the only possible change.
    else if (
      old.name !== write.name ||
      phones.length !== (old.phones?.length ?? 0) ||
      emails.length !== (old.emails?.length ?? 0) ||
      !sameAddress(old.address, address) ||
      old.time_zone !== timeZone
    ) {
      result.changedCustomers.push(write);
    } else result.unchangedCustomers += 1;
  }

  for (const r of rows) {
    const old = existing.accounts.get(`${r.creditor}\u0000${r.accountNumber}`);
    if (!old) {
      result.newAccounts.push({
        id: newId(),
        customerId: customerIds.get(r.document.value)!,
        row: r,
        originalBalanceCents: r.originalBalanceCents ?? r.balanceCents,
        product: r.product ?? '',
        boletoLine: r.boletoLine ?? null,
        pixKey: r.pixKey ?? null,
      });
      continue;
    }
    if (old.document !== r.document.value) {
      issues.push({ line: r.line, code: 'account_customer_mismatch', params: { accountNumber: r.accountNumber } });
      continue;
    }
    if (scopeTeamId && old.team_id !== null && old.team_id !== scopeTeamId) {
      issues.push({ line: r.line, code: 'account_out_of_scope', params: { accountNumber: r.accountNumber } });
      continue;
    }
    if (old.team_id === null) result.unassigned.push(old.id);
    const write: AccountWrite = {
      id: old.id,
      customerId: old.customer_id,
      row: r,
      originalBalanceCents: r.originalBalanceCents ?? old.original_balance_cents,
      product: r.product ?? old.product,
      boletoLine: r.boletoLine ?? old.boleto_line,
      pixKey: r.pixKey ?? old.pix_key,
    };
    const changed =
      old.current_balance_cents !== r.balanceCents ||
      old.original_balance_cents !== write.originalBalanceCents ||
      old.due_date !== r.dueDate ||
      old.product !== write.product ||
      old.boleto_line !== write.boletoLine ||
      old.pix_key !== write.pixKey;
    if (changed) result.changedAccounts.push(write);
    else result.unchangedAccounts += 1;
  }
  return result;
}

function countBadRows(issues: readonly RowIssue[]): number {
  return new Set(issues.map((i) => i.line)).size;
}

class RolledBack extends Error {}

async function resolveTeam(db: Db, team: PortfolioImportOptions['team']): Promise<string | null> {
  if (!team) return null;
  const row =
    'id' in team
      ? await db.selectFrom('teams').select('id').where('id', '=', team.id).executeTakeFirst()
      : await db.selectFrom('teams').select('id').where('name', '=', team.name.trim()).executeTakeFirst();
  if (!row) throw new AdminError('team_not_found', `No team ${'id' in team ? team.id : `named "${team.name}"`}. Create it first with create-team.`);
  return row.id;
}

/** Stages 1 and 2 without the database: the file's rows, or null when the file itself cannot be read. */
async function parseFile(
  bytes: Uint8Array,
  saved: Mapping,
  options: PortfolioImportOptions,
  creditor: string | null,
  report: PortfolioImportReport,
): Promise<ImportRow[] | null> {
  options.onProgress?.({ phase: 'read', done: 0, total: 1 });
  const table = await readTable(bytes, report);
  options.onProgress?.({ phase: 'read', done: 1, total: 1 });
  if (!table) return null;
  report.header = table.header;
  report.rows = table.records.length;
  if (table.records.length > MAX_ROWS) {
    report.fileIssues.push({ code: 'too_many_rows', params: { max: MAX_ROWS } });
    return null;
  }
  const mapping = resolveMapping(table.header, options.mapping ?? {}, saved);
  report.mapping = mapping.used;
  report.fileIssues.push(...mapping.issues);
  if (report.fileIssues.length) return null;
  if (table.records.length === 0) {
    report.fileIssues.push({ code: 'no_rows', params: {} });
    return null;
  }

  const amountTexts = function* () {
    for (const f of ['balance', 'originalBalance'] as const) {
      const i = mapping.columns[f];
      if (i === undefined) continue;
      for (const r of table.records) {
        const c = r.cells[i];
        if (typeof c === 'string') yield c;
      }
    }
  };
  const format = decideNumberFormat(amountTexts(), options.numberFormat);
  report.numberFormat = format;
  return validateRows(table, mapping.columns, creditor, format, report.rowIssues, options.onProgress);
}

// The last clean dry run's rows, so the import that follows it (same bytes, same settings) does not read and
// validate 100,000 rows again. One entry, ten minutes, taken by the import.
type FileShape = Pick<PortfolioImportReport, 'format' | 'encoding' | 'delimiter' | 'numberFormat' | 'header' | 'mapping' | 'rows'>;
const PARSED_TTL_MS = 10 * 60_000;
let parsedCache: { key: string; rows: ImportRow[]; shape: FileShape; timer: NodeJS.Timeout } | null = null;

function parsedKey(bytes: Uint8Array, settings: unknown): string {
  return createHash('sha256').update(bytes).update(JSON.stringify(settings)).digest('hex');
}

function keepParsed(key: string, rows: ImportRow[], shape: FileShape): void {
  if (parsedCache) clearTimeout(parsedCache.timer);
  const timer = setTimeout(() => (parsedCache = null), PARSED_TTL_MS);
  timer.unref();
  parsedCache = { key, rows, shape, timer };
}

function takeParsed(key: string, consume: boolean): { rows: ImportRow[]; shape: FileShape } | null {
  const hit = parsedCache?.key === key ? parsedCache : null;
  if (hit && consume) {
    clearTimeout(hit.timer);
    parsedCache = null;
  }
  return hit;
}

export async function importPortfolio(db: ServerDb, file: Uint8Array | string, options: PortfolioImportOptions, actor: Actor): Promise<PortfolioImportReport> {
  const started = performance.now();
  const report = emptyReport(options);
  const finish = () => {
    report.rowIssues.sort((a, b) => a.line - b.line);
    report.rowIssueCount = report.rowIssues.length;
    report.badRows = countBadRows(report.rowIssues);
    report.ok = report.fileIssues.length === 0 && report.rowIssues.length === 0;
    report.elapsedMs = Math.round(performance.now() - started);
    return report;
  };
  const teamId = await resolveTeam(db, options.team);
  report.teamId = teamId;
  const creditor = report.creditor;

  const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file;
  const saved = creditor ? await loadMapping(db, creditor) : {};
  const key = parsedKey(bytes, { creditor, given: options.mapping ?? {}, saved, numberFormat: options.numberFormat ?? null });
  let rows: ImportRow[];
  const hit = takeParsed(key, !options.dryRun);
  if (hit) {
    // The dry run just read this very file with these settings: its rows are reused, not read again.
    Object.assign(report, hit.shape);
    rows = hit.rows;
    options.onProgress?.({ phase: 'validate', done: rows.length, total: rows.length });
  } else {
    const parsed = await parseFile(bytes, saved, options, creditor, report);
    if (!parsed) return finish();
    rows = parsed;
    if (options.dryRun && report.rowIssues.length === 0) {
      keepParsed(key, rows, { format: report.format, encoding: report.encoding, delimiter: report.delimiter, numberFormat: report.numberFormat, header: report.header, mapping: report.mapping, rows: report.rows });
    }
  }

  const compare = async (trx: Db, lock: boolean) => {
    options.onProgress?.({ phase: 'compare', done: 0, total: rows.length });
    const existing = await loadExisting(trx, rows, lock);
    const issues: RowIssue[] = [];
    const p = plan(rows, existing, options.scopeTeamId ?? null, issues);
    for (const issue of issues) report.rowIssues.push(issue);
    report.customers = { created: p.newCustomers.length, updated: p.changedCustomers.length, unchanged: p.unchangedCustomers };
    report.accounts = { created: p.newAccounts.length, updated: p.changedAccounts.length, unchanged: p.unchangedAccounts };
    report.pooled = teamId ? p.newAccounts.length + p.unassigned.length : 0;
    options.onProgress?.({ phase: 'compare', done: rows.length, total: rows.length });
    return p;
  };

  if (options.dryRun || report.rowIssues.length) {
    await compare(db, false);
    return finish();
  }

  try {
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
      const p = await compare(trx, true);
      if (report.rowIssues.length) throw new RolledBack();
      await write(trx, p, teamId, actor, options.onProgress);
      if (creditor) {
        const used: Mapping = {};
        for (const [field, m] of Object.entries(report.mapping)) used[field as PortfolioField] = m.header;
        await saveMapping(trx, creditor, used, actor);
        report.mappingSaved = true;
      }
      await audit(trx, {
        at: actor.now,
        actorUserId: actor.userId,
        action: 'portfolio.imported',
        subject: creditor,
        detail: { rows: rows.length, accounts: report.accounts, customers: report.customers, teamId, pooled: report.pooled, format: report.format },
      });
    });
    report.committed = true;
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
    report.mappingSaved = false;
  }
  return finish();
}

/** Arrays as one parameter each: `unnest($1::text[], $2::bigint[], …)` instead of thousands of placeholders. */
const arr = (values: readonly unknown[], type: string) => sql`${values}::${sql.raw(type)}[]`;

async function write(trx: Db, p: Plan, teamId: string | null, actor: Actor, onProgress: PortfolioImportOptions['onProgress']): Promise<void> {
  const feed: ChangeRow[] = [];
  const total = p.newCustomers.length + p.changedCustomers.length + p.newAccounts.length + p.changedAccounts.length;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress?.({ phase: 'write', done, total });
  };
  const json = (v: unknown) => JSON.stringify(v);

  for (let i = 0; i < p.newCustomers.length; i += BATCH) {
    const c = p.newCustomers.slice(i, i + BATCH);
    await sql`
      INSERT INTO customers (id, name, document_kind, document, phones, emails, address, time_zone, language, flags, version, updated_at)
      SELECT t.id, t.name, t.kind, t.document, t.phones::jsonb, t.emails::jsonb, t.address::jsonb, t.tz, 'pt-BR',
             '{"doNotContact":false,"ceaseCommunication":false,"dispute":false,"deceased":false,"bankruptcy":false,"vulnerable":false}'::jsonb,
             1, ${actor.now}
      FROM unnest(${arr(c.map((x) => x.id), 'text')}, ${arr(c.map((x) => x.name), 'text')}, ${arr(c.map((x) => x.kind), 'text')},
                  ${arr(c.map((x) => x.document), 'text')}, ${arr(c.map((x) => json(x.phones)), 'text')}, ${arr(c.map((x) => json(x.emails)), 'text')},
                  ${arr(c.map((x) => json(x.address)), 'text')}, ${arr(c.map((x) => x.timeZone), 'text')})
        AS t(id, name, kind, document, phones, emails, address, tz)`.execute(trx);
    for (const x of c) feed.push({ entity: 'customer', entityId: x.id, version: 1, accountId: null });
    progress(c.length);
  }
  for (let i = 0; i < p.changedCustomers.length; i += BATCH) {
    const c = p.changedCustomers.slice(i, i + BATCH);
    const written = await sql<{ id: string; version: number }>`
      UPDATE customers SET name = t.name, phones = t.phones::jsonb, emails = t.emails::jsonb, address = t.address::jsonb,
             time_zone = t.tz, version = customers.version + 1, updated_at = ${actor.now}
      FROM unnest(${arr(c.map((x) => x.id), 'text')}, ${arr(c.map((x) => x.name), 'text')}, ${arr(c.map((x) => json(x.phones)), 'text')},
                  ${arr(c.map((x) => json(x.emails)), 'text')}, ${arr(c.map((x) => json(x.address)), 'text')}, ${arr(c.map((x) => x.timeZone), 'text')})
        AS t(id, name, phones, emails, address, tz)
      WHERE customers.id = t.id
      RETURNING customers.id, customers.version`.execute(trx);
    for (const w of written.rows) feed.push({ entity: 'customer', entityId: w.id, version: Number(w.version), accountId: null });
    progress(c.length);
  }
  const writtenCustomers = new Set([...p.newCustomers, ...p.changedCustomers].map((c) => c.id));

  for (let i = 0; i < p.newAccounts.length; i += BATCH) {
    const a = p.newAccounts.slice(i, i + BATCH);
    await sql`
      INSERT INTO accounts (id, customer_id, creditor, product, account_number, currency, original_balance_cents, current_balance_cents,
                            due_date, status, boleto_line, pix_key, version, updated_at)
      SELECT t.id, t.customer_id, t.creditor, t.product, t.account_number, 'BRL', t.original, t.balance, t.due_date, 'open',
             t.boleto_line, t.pix_key, 1, ${actor.now}
      FROM unnest(${arr(a.map((x) => x.id), 'text')}, ${arr(a.map((x) => x.customerId), 'text')}, ${arr(a.map((x) => x.row.creditor), 'text')},
                  ${arr(a.map((x) => x.product), 'text')}, ${arr(a.map((x) => x.row.accountNumber), 'text')}, ${arr(a.map((x) => x.originalBalanceCents), 'bigint')},
                  ${arr(a.map((x) => x.row.balanceCents), 'bigint')}, ${arr(a.map((x) => x.row.dueDate), 'text')}, ${arr(a.map((x) => x.boletoLine), 'text')},
                  ${arr(a.map((x) => x.pixKey), 'text')})
        AS t(id, customer_id, creditor, product, account_number, original, balance, due_date, boleto_line, pix_key)`.execute(trx);
    for (const x of a) feed.push({ entity: 'account', entityId: x.id, version: 1, accountId: x.id });
    progress(a.length);
  }
  for (let i = 0; i < p.changedAccounts.length; i += BATCH) {
    const a = p.changedAccounts.slice(i, i + BATCH);
    const written = await sql<{ id: string; version: number }>`
      UPDATE accounts SET product = t.product, original_balance_cents = t.original, current_balance_cents = t.balance, due_date = t.due_date,
             boleto_line = t.boleto_line, pix_key = t.pix_key, version = accounts.version + 1, updated_at = ${actor.now}
      FROM unnest(${arr(a.map((x) => x.id), 'text')}, ${arr(a.map((x) => x.product), 'text')}, ${arr(a.map((x) => x.originalBalanceCents), 'bigint')},
                  ${arr(a.map((x) => x.row.balanceCents), 'bigint')}, ${arr(a.map((x) => x.row.dueDate), 'text')}, ${arr(a.map((x) => x.boletoLine), 'text')},
                  ${arr(a.map((x) => x.pixKey), 'text')})
        AS t(id, product, original, balance, due_date, boleto_line, pix_key)
      WHERE accounts.id = t.id
      RETURNING accounts.id, accounts.version`.execute(trx);
    for (const w of written.rows) feed.push({ entity: 'account', entityId: w.id, version: Number(w.version), accountId: w.id });
    progress(a.length);
  }

  if (teamId) {
    // New accounts and unassigned existing ones go to the team's pool; assigned accounts stay where they are.
    const pool = [...p.newAccounts.map((a) => a.id), ...p.unassigned];
    for (let i = 0; i < pool.length; i += BATCH) {
      const ids = pool.slice(i, i + BATCH);
      await sql`
        INSERT INTO assignments (account_id, team_id, user_id, version, assigned_at, assigned_by)
        SELECT t.id, ${teamId}, NULL, 1, ${actor.now}, ${actor.userId} FROM unnest(${arr(ids, 'text')}) AS t(id)`.execute(trx);
    }
    for (const id of pool) feed.push({ entity: 'assignment', entityId: id, version: 1, accountId: id, teamId });
    // The team's agents may be past the feed rows of what they can now see: existing accounts come again with
    // their history, and a new account's customer that this import did not rewrite comes again too.
    for (const row of await announceAccounts(trx, p.unassigned)) feed.push(row); // not push(...): too many arguments for a large import
    const customersToAnnounce = [...new Set(p.newAccounts.map((a) => a.customerId).filter((id) => !writtenCustomers.has(id)))];
    for (let i = 0; i < customersToAnnounce.length; i += CHUNK) {
      const found = await trx.selectFrom('customers').select(['id', 'version']).where('id', 'in', customersToAnnounce.slice(i, i + CHUNK)).execute();
      for (const c of found) feed.push({ entity: 'customer', entityId: c.id, version: Number(c.version), accountId: null });
    }
  }
  await appendFeed(trx, feed, actor.now);
}

/**
 * recordChanges (sync/feed.ts) for a whole portfolio: the same rows and the same NOTIFY at commit, but one
 * unnest statement per 20,000 rows instead of 2,000-row VALUES lists.
 */
async function appendFeed(trx: Db, rows: readonly ChangeRow[], now: number): Promise<void> {
  let maxSeq = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const r = rows.slice(i, i + CHUNK);
    const written = await sql<{ max: number | string | null }>`
      WITH inserted AS (
        INSERT INTO changes (entity, entity_id, version, account_id, team_id, user_id, changed_at)
        SELECT t.entity, t.entity_id, t.version, t.account_id, t.team_id, t.user_id, ${now}
        FROM unnest(${arr(r.map((x) => x.entity), 'text')}, ${arr(r.map((x) => x.entityId), 'text')}, ${arr(r.map((x) => x.version), 'bigint')},
                    ${arr(r.map((x) => x.accountId), 'text')}, ${arr(r.map((x) => x.teamId ?? null), 'text')}, ${arr(r.map((x) => x.userId ?? null), 'text')})
          WITH ORDINALITY AS t(entity, entity_id, version, account_id, team_id, user_id, n)
        ORDER BY t.n
        RETURNING seq)
      SELECT max(seq) AS max FROM inserted`.execute(trx);
    maxSeq = Math.max(maxSeq, Number(written.rows[0]?.max ?? 0));
  }
  if (maxSeq > 0) await sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${String(maxSeq)})`.execute(trx);
}
