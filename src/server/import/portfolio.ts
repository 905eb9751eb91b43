// Portfolio and payment imports (minimal; the supervisor issue deepens them). Each file is validated whole
// first: every bad row is reported by line and reason, and a file with any bad row writes nothing. A good file
// is written in one transaction (all or nothing), upserting accounts by account number so a re-import updates
// balances instead of duplicating, with change-feed rows for what changed.
import { v7 as uuidv7 } from 'uuid';
import { CalendarDate } from '../../shared/model';
import { normalizeDocument } from '../../shared/domain/document';
import { parseMoney } from '../../shared/domain/money';
import { toE164 } from '../../shared/domain/phone';
import { promiseStanding } from '../../shared/domain/promise-schedule';
import { todayIn } from '../../shared/domain/dates';
import { resolveCustomerTimeZone } from '../../shared/domain/time-zone';
import { AdminError, type Actor } from '../admin';
import { audit } from '../audit';
import { jsonb, type ServerDb } from '../db/database';
import { announceAccounts, recordChanges, type ChangeRow } from '../sync/feed';
import { parseCsv } from './csv';

export interface RowError {
  line: number;
  message: string;
}

export const PORTFOLIO_COLUMNS = {
  name: ['name', 'nome', 'customer_name'],
  document: ['document', 'documento', 'cpf_cnpj', 'cpf', 'cnpj'],
  phone: ['phone', 'telefone'],
  state: ['state', 'uf', 'estado'],
  accountNumber: ['account_number', 'contrato', 'numero_conta', 'account'],
  creditor: ['creditor', 'credor'],
  product: ['product', 'produto'],
  balance: ['balance', 'saldo'],
  dueDate: ['due_date', 'vencimento'],
} as const;
const PORTFOLIO_REQUIRED = ['name', 'document', 'accountNumber', 'creditor', 'product', 'balance', 'dueDate'] as const;

export const PAYMENT_COLUMNS = {
  accountNumber: ['account_number', 'contrato', 'numero_conta', 'account'],
  amount: ['amount', 'valor'],
  paidOn: ['paid_on', 'data_pagamento', 'pago_em'],
  externalId: ['external_id', 'id_pagamento', 'id'],
} as const;

type Columns<K extends string> = Record<K, number | undefined>;

function mapColumns<K extends string>(header: string[], spec: Record<K, readonly string[]>): Columns<K> {
  const norm = header.map((h) => h.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[\s-]+/g, '_'));
  const out = {} as Columns<K>;
  for (const key of Object.keys(spec) as K[]) {
    const i = norm.findIndex((h) => spec[key].includes(h));
    out[key] = i === -1 ? undefined : i;
  }
  return out;
}

/** "1.234,56" (pt-BR) or "1234.56"; a comma means pt-BR. */
export function parseAmount(text: string): { ok: true; cents: number } | { ok: false; message: string } {
  const r = parseMoney(text, text.includes(',') ? 'pt-BR' : 'en');
  if (!r.ok) return { ok: false, message: `value "${text}" is not an amount like 1.234,56 or 1234.56 (${r.reason})` };
  return { ok: true, cents: r.amountCents };
}

/** dd/mm/yyyy or yyyy-mm-dd → a real calendar date. */
export function parseDate(text: string): string | null {
  const t = text.trim();
  const br = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const iso = br ? `${br[3]}-${br[2]!.padStart(2, '0')}-${br[1]!.padStart(2, '0')}` : t;
  return CalendarDate.safeParse(iso).success ? iso : null;
}

interface PortfolioRow {
  line: number;
  name: string;
  document: { kind: 'cpf' | 'cnpj'; value: string };
  phone: string | null;
  state: string | null;
  accountNumber: string;
  creditor: string;
  product: string;
  balanceCents: number;
  dueDate: string;
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  errors: RowError[];
  /** Zero when dryRun or when errors were found. */
  created: number;
  updated: number;
  unchanged: number;
}

function readFile<K extends string>(text: string, spec: Record<K, readonly string[]>, required: readonly K[]) {
  const csv = parseCsv(text);
  if (!csv.ok) return { errors: [{ line: csv.line, message: csv.message }], records: [], columns: null };
  const columns = mapColumns(csv.header, spec);
  const missing = required.filter((k) => columns[k] === undefined);
  if (missing.length) {
    return {
      errors: [{ line: 1, message: `missing column(s): ${missing.map((k) => spec[k][0]).join(', ')}` }],
      records: [],
      columns: null,
    };
  }
  return { errors: [] as RowError[], records: csv.records, columns };
}

function validatePortfolio(text: string): { rows: PortfolioRow[]; errors: RowError[] } {
  const file = readFile<keyof typeof PORTFOLIO_COLUMNS>(text, PORTFOLIO_COLUMNS, PORTFOLIO_REQUIRED);
  if (!file.columns) return { rows: [], errors: file.errors };
  const c = file.columns;
  const rows: PortfolioRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const rec of file.records) {
    const get = (k: keyof typeof c) => (c[k] === undefined ? '' : (rec.fields[c[k]!] ?? '').trim());
    const problems: string[] = [];
    const name = get('name');
    if (!name) problems.push('name is empty');
    if (name.length > 200) problems.push('name is longer than 200 characters');
    const document = normalizeDocument(get('document'));
    if (!document) problems.push(`document "${get('document')}" is not a valid CPF or CNPJ`);
    const rawPhone = get('phone');
    const phone = rawPhone ? toE164(rawPhone, 'BR') : null;
    if (rawPhone && !phone) problems.push(`phone "${rawPhone}" is not a valid number`);
    const accountNumber = get('accountNumber');
    if (!accountNumber || accountNumber.length > 64) problems.push('account number is empty or longer than 64 characters');
    else if (seen.has(accountNumber)) problems.push(`account number ${accountNumber} repeats line ${seen.get(accountNumber)}`);
    const balance = parseAmount(get('balance'));
    if (!balance.ok) problems.push(`balance: ${balance.message}`);
    else if (balance.cents < 0) problems.push('balance is negative');
    const dueDate = parseDate(get('dueDate'));
    if (!dueDate) problems.push(`due date "${get('dueDate')}" is not dd/mm/yyyy or yyyy-mm-dd`);
    const creditor = get('creditor');
    const product = get('product');
    if (!creditor || creditor.length > 120) problems.push('creditor is empty or too long');
    if (!product || product.length > 120) problems.push('product is empty or too long');
    if (problems.length) {
      errors.push({ line: rec.line, message: problems.join('; ') });
      continue;
    }
    seen.set(accountNumber, rec.line);
    rows.push({
      line: rec.line,
      name,
      document: document!,
      phone,
      state: get('state') || null,
      accountNumber,
      creditor,
      product,
      balanceCents: (balance as { cents: number }).cents,
      dueDate: dueDate!,
    });
  }
  return { rows, errors: [...file.errors, ...errors] };
}

const CHUNK = 1000;

export async function importPortfolio(
  db: ServerDb,
  text: string,
  options: { dryRun: boolean; team?: string | null },
  actor: Actor,
): Promise<ImportReport> {
  const { rows, errors } = validatePortfolio(text);
  let teamId: string | null = null;
  if (options.team) {
    const team = await db.selectFrom('teams').select('id').where('name', '=', options.team.trim()).executeTakeFirst();
    if (!team) throw new AdminError('team_not_found', `No team named "${options.team}". Create it first with create-team.`);
    teamId = team.id;
  }
  const report: ImportReport = { dryRun: options.dryRun, rows: rows.length + errors.length, errors, created: 0, updated: 0, unchanged: 0 };
  if (errors.length || options.dryRun) return report;

  await db.transaction().execute(async (trx) => {
    const feed: ChangeRow[] = [];
    // Customers are found by document; a new one is created once even if several rows name it.
    const customerIds = new Map<string, string>();
    const documents = [...new Set(rows.map((r) => r.document.value))];
    for (let i = 0; i < documents.length; i += CHUNK) {
      const found = await trx.selectFrom('customers').select(['id', 'document']).where('document', 'in', documents.slice(i, i + CHUNK)).orderBy('id').execute();
      for (const f of found) if (!customerIds.has(f.document)) customerIds.set(f.document, f.id);
    }
    const newCustomers = new Map<string, PortfolioRow>();
    for (const r of rows) if (!customerIds.has(r.document.value) && !newCustomers.has(r.document.value)) newCustomers.set(r.document.value, r);
    const customerValues = [...newCustomers.values()].map((r) => {
      const id = uuidv7();
      customerIds.set(r.document.value, id);
      const phones = r.phone ? [{ e164: r.phone, kind: 'other' as const }] : [];
      return {
        id,
        name: r.name,
        document_kind: r.document.kind,
        document: r.document.value,
        phones: jsonb(phones),
        emails: jsonb([]),
        address: jsonb(null),
        time_zone: resolveCustomerTimeZone({ state: r.state, phonesE164: r.phone ? [r.phone] : [] }, 'America/Sao_Paulo').timeZone,
        language: 'pt-BR',
        flags: jsonb({ doNotContact: false, ceaseCommunication: false, dispute: false, deceased: false, bankruptcy: false, vulnerable: false }),
        version: 1,
        updated_at: actor.now,
      };
    });
    for (let i = 0; i < customerValues.length; i += CHUNK) await trx.insertInto('customers').values(customerValues.slice(i, i + CHUNK)).execute();
    for (const c of customerValues) feed.push({ entity: 'customer', entityId: c.id, version: 1, accountId: null });

    const touched: string[] = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      // Upsert by account number; an unchanged row is not rewritten (no version bump, no feed row).
      const written = await trx
        .insertInto('accounts')
        .values(
          chunk.map((r) => ({
            id: uuidv7(),
            customer_id: customerIds.get(r.document.value)!,
            creditor: r.creditor,
            product: r.product,
            account_number: r.accountNumber,
            currency: 'BRL',
            original_balance_cents: r.balanceCents,
            current_balance_cents: r.balanceCents,
            due_date: r.dueDate,
            status: 'open',
            boleto_line: null,
            pix_key: null,
            version: 1,
            updated_at: actor.now,
          })),
        )
        .onConflict((oc) =>
          oc
            .column('account_number')
            .doUpdateSet((eb) => ({
              current_balance_cents: eb.ref('excluded.current_balance_cents'),
              due_date: eb.ref('excluded.due_date'),
              creditor: eb.ref('excluded.creditor'),
              product: eb.ref('excluded.product'),
              version: eb('accounts.version', '+', 1),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            .where((eb) =>
              eb.or([
                eb('accounts.current_balance_cents', 'is distinct from', eb.ref('excluded.current_balance_cents')),
                eb('accounts.due_date', 'is distinct from', eb.ref('excluded.due_date')),
                eb('accounts.creditor', 'is distinct from', eb.ref('excluded.creditor')),
                eb('accounts.product', 'is distinct from', eb.ref('excluded.product')),
              ]),
            ),
        )
        .returning(['id', 'version'])
        .execute();
      for (const w of written) {
        if (Number(w.version) === 1) report.created += 1;
        else report.updated += 1;
        feed.push({ entity: 'account', entityId: w.id, version: Number(w.version), accountId: w.id });
        touched.push(w.id);
      }
    }
    report.unchanged = rows.length - report.created - report.updated;

    if (teamId) {
      // New accounts go to the team's pool; accounts already assigned stay where they are.
      const ids = (
        await trx.selectFrom('accounts').select('id').where('account_number', 'in', rows.map((r) => r.accountNumber)).execute()
      ).map((r) => r.id);
      const pooled: string[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const inserted = await trx
          .insertInto('assignments')
          .values(ids.slice(i, i + CHUNK).map((id) => ({ account_id: id, team_id: teamId!, user_id: null, version: 1, assigned_at: actor.now, assigned_by: actor.userId })))
          .onConflict((oc) => oc.column('account_id').doNothing())
          .returning('account_id')
          .execute();
        pooled.push(...inserted.map((r) => r.account_id));
      }
      for (const id of pooled) feed.push({ entity: 'assignment', entityId: id, version: 1, accountId: id, teamId });
      for (const row of await announceAccounts(trx, pooled)) feed.push(row); // not push(...): too many arguments for a large import
    }
    await recordChanges(trx, feed, actor.now);
    await audit(trx, {
      at: actor.now,
      actorUserId: actor.userId,
      action: 'portfolio.imported',
      detail: { rows: rows.length, created: report.created, updated: report.updated, teamId },
    });
  });
  return report;
}

interface PaymentRow {
  line: number;
  accountNumber: string;
  amountCents: number;
  paidOn: string;
  externalId: string;
}

export interface PaymentsReport {
  dryRun: boolean;
  rows: number;
  errors: RowError[];
  recorded: number;
  alreadyRecorded: number;
  promisesKept: number;
}

/** Records payments (once per external id), lowers balances and marks pending promises kept once covered. */
export async function importPayments(db: ServerDb, text: string, options: { dryRun: boolean }, actor: Actor): Promise<PaymentsReport> {
  const file = readFile(text, PAYMENT_COLUMNS, ['accountNumber', 'amount', 'paidOn', 'externalId']);
  const errors = [...file.errors];
  const rows: PaymentRow[] = [];
  if (file.columns) {
    const c = file.columns;
    const numbers = new Set<string>();
    const ids = new Map<string, number>();
    const parsed: PaymentRow[] = [];
    for (const rec of file.records) {
      const get = (k: keyof typeof c) => (rec.fields[c[k]!] ?? '').trim();
      const problems: string[] = [];
      const amount = parseAmount(get('amount'));
      if (!amount.ok) problems.push(`amount: ${amount.message}`);
      else if (amount.cents <= 0) problems.push('amount must be positive');
      const paidOn = parseDate(get('paidOn'));
      if (!paidOn) problems.push(`paid-on date "${get('paidOn')}" is not dd/mm/yyyy or yyyy-mm-dd`);
      const externalId = get('externalId');
      if (!externalId || externalId.length > 128) problems.push('external id is empty or too long');
      else if (ids.has(externalId)) problems.push(`external id ${externalId} repeats line ${ids.get(externalId)}`);
      if (!get('accountNumber')) problems.push('account number is empty');
      if (problems.length) {
        errors.push({ line: rec.line, message: problems.join('; ') });
        continue;
      }
      ids.set(externalId, rec.line);
      numbers.add(get('accountNumber'));
      parsed.push({ line: rec.line, accountNumber: get('accountNumber'), amountCents: (amount as { cents: number }).cents, paidOn: paidOn!, externalId });
    }
    const known = new Set<string>();
    const list = [...numbers];
    for (let i = 0; i < list.length; i += CHUNK) {
      for (const r of await db.selectFrom('accounts').select('account_number').where('account_number', 'in', list.slice(i, i + CHUNK)).execute()) known.add(r.account_number);
    }
    for (const p of parsed) {
      if (known.has(p.accountNumber)) rows.push(p);
      else errors.push({ line: p.line, message: `account number ${p.accountNumber} is not in the portfolio` });
    }
    errors.sort((a, b) => a.line - b.line);
  }
  const report: PaymentsReport = { dryRun: options.dryRun, rows: rows.length + errors.length, errors, recorded: 0, alreadyRecorded: 0, promisesKept: 0 };
  if (errors.length || options.dryRun) return report;

  await db.transaction().execute(async (trx) => {
    const feed: ChangeRow[] = [];
    const accounts = new Map(
      (await trx.selectFrom('accounts').select(['id', 'account_number', 'currency']).where('account_number', 'in', [...new Set(rows.map((r) => r.accountNumber))]).execute()).map(
        (a) => [a.account_number, a],
      ),
    );
    const newByAccount = new Map<string, number>();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const inserted = await trx
        .insertInto('payments')
        .values(
          rows.slice(i, i + CHUNK).map((r) => ({
            id: uuidv7(),
            external_id: r.externalId,
            account_id: accounts.get(r.accountNumber)!.id,
            amount_cents: r.amountCents,
            currency: accounts.get(r.accountNumber)!.currency,
            paid_on: r.paidOn,
            received_at: actor.now,
            source: 'import',
          })),
        )
        .onConflict((oc) => oc.column('external_id').doNothing())
        .returning(['id', 'account_id', 'amount_cents'])
        .execute();
      for (const p of inserted) {
        feed.push({ entity: 'payment', entityId: p.id, version: 1, accountId: p.account_id });
        newByAccount.set(p.account_id, (newByAccount.get(p.account_id) ?? 0) + Number(p.amount_cents));
      }
      report.recorded += inserted.length;
    }
    report.alreadyRecorded = rows.length - report.recorded;

    for (const [accountId, paidCents] of newByAccount) {
      const a = await trx
        .updateTable('accounts')
        .set((eb) => ({
          current_balance_cents: eb('current_balance_cents', '-', paidCents),
          version: eb('version', '+', 1),
          updated_at: actor.now,
        }))
        .where('id', '=', accountId)
        .returning(['version', 'current_balance_cents'])
        .executeTakeFirstOrThrow();
      if (Number(a.current_balance_cents) <= 0) {
        await trx.updateTable('accounts').set({ status: 'paid' }).where('id', '=', accountId).execute();
      }
      feed.push({ entity: 'account', entityId: accountId, version: Number(a.version), accountId });

      // A pending promise is kept once the payments made since it was given cover it (installment by installment).
      const pending = await trx.selectFrom('promises').selectAll().where('account_id', '=', accountId).where('status', '=', 'pending').execute();
      for (const p of pending) {
        const since = todayIn('America/Sao_Paulo', Number(p.created_at));
        const paid = await trx
          .selectFrom('payments')
          .select((eb) => eb.fn.sum<number | string>('amount_cents').as('n'))
          .where('account_id', '=', accountId)
          .where('paid_on', '>=', since)
          .executeTakeFirst();
        const standing = promiseStanding(
          { amountCents: Number(p.amount_cents), dueDate: p.due_date, installments: p.installments as { dueDate: string; amountCents: number }[] },
          Number(paid?.n ?? 0),
        );
        if (standing.nextDueDate !== null) continue;
        const kept = await trx
          .updateTable('promises')
          .set((eb) => ({ status: 'kept', resolved_at: actor.now, version: eb('version', '+', 1) }))
          .where('id', '=', p.id)
          .returning('version')
          .executeTakeFirstOrThrow();
        feed.push({ entity: 'promise', entityId: p.id, version: Number(kept.version), accountId });
        report.promisesKept += 1;
      }
    }
    await recordChanges(trx, feed, actor.now);
    await audit(trx, { at: actor.now, actorUserId: actor.userId, action: 'payments.imported', detail: { recorded: report.recorded, promisesKept: report.promisesKept } });
  });
  return report;
}
