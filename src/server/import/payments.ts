// Payment imports: a creditor's file of payments received. Each payment is recorded once (by the file's own
// id), lowers its account's balance, and marks a pending promise kept once the payments since it cover it.
// Like the portfolio import, a file with any bad row writes nothing.
import { v7 as uuidv7 } from 'uuid';
import { CalendarDate } from '../../shared/model';
import { parseMoney } from '../../shared/domain/money';
import { promiseStanding } from '../../shared/domain/promise-schedule';
import { todayIn } from '../../shared/domain/dates';
import type { Actor } from '../admin';
import { audit } from '../audit';
import type { ServerDb } from '../db/database';
import { recordChanges, type ChangeRow } from '../sync/feed';
import { parseCsv } from './csv';
import { foldHeader } from './fields';

export interface RowError {
  line: number;
  message: string;
}

export const PAYMENT_COLUMNS = {
  accountNumber: ['account_number', 'contrato', 'numero_conta', 'account'],
  amount: ['amount', 'valor'],
  paidOn: ['paid_on', 'data_pagamento', 'pago_em'],
  externalId: ['external_id', 'id_pagamento', 'id'],
} as const;

type Columns<K extends string> = Record<K, number | undefined>;

function mapColumns<K extends string>(header: string[], spec: Record<K, readonly string[]>): Columns<K> {
  const norm = header.map(foldHeader);
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

const CHUNK = 1000;

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
    // Account numbers are unique per creditor only: a number two creditors use cannot be told apart here.
    const holders = new Map<string, number>();
    const list = [...numbers];
    for (let i = 0; i < list.length; i += CHUNK) {
      for (const r of await db.selectFrom('accounts').select('account_number').where('account_number', 'in', list.slice(i, i + CHUNK)).execute()) {
        holders.set(r.account_number, (holders.get(r.account_number) ?? 0) + 1);
      }
    }
    for (const p of parsed) {
      const n = holders.get(p.accountNumber) ?? 0;
      if (n === 1) rows.push(p);
      else if (n === 0) errors.push({ line: p.line, message: `account number ${p.accountNumber} is not in the portfolio` });
      else errors.push({ line: p.line, message: `account number ${p.accountNumber} belongs to ${n} creditors; import their payments separately` });
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
