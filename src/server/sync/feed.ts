// The change feed's write side. Every change to what clients pull is recorded here, in the same transaction as
// the change itself, and announced with NOTIFY from inside that transaction: PostgreSQL delivers a
// notification only when (and if) its transaction commits, so a poke never runs ahead of the data it announces
// and a rolled-back change pokes nobody.
import { sql, type Kysely } from 'kysely';
import type { ChangeEntity } from '../../shared/sync';
import type { ServerDatabase } from '../db/database';

export const CHANGES_CHANNEL = 'quita_changes';

export interface ChangeRow {
  entity: ChangeEntity;
  entityId: string;
  version: number;
  /** The account whose assignment decides who sees the row (null for customers and user-scoped rows). */
  accountId: string | null;
  /** For user-scoped rows (conflict, access_revoked): the team and user that may see it. */
  teamId?: string | null;
  userId?: string | null;
}

/** Rows per INSERT: 6 parameters a row, well under PostgreSQL's 65,535. */
const CHUNK = 2000;

/** Appends rows to the feed and queues the NOTIFY (sent at commit). Returns the highest seq written, or 0. */
export async function recordChanges(trx: Kysely<ServerDatabase>, rows: readonly ChangeRow[], now: number): Promise<number> {
  let maxSeq = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const written = await trx
      .insertInto('changes')
      .values(
        rows.slice(i, i + CHUNK).map((r) => ({
          entity: r.entity,
          entity_id: r.entityId,
          version: r.version,
          account_id: r.accountId,
          team_id: r.teamId ?? null,
          user_id: r.userId ?? null,
          changed_at: now,
        })),
      )
      .returning('seq')
      .execute();
    for (const w of written) maxSeq = Math.max(maxSeq, Number(w.seq));
  }
  if (maxSeq > 0) await sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${String(maxSeq)})`.execute(trx);
  return maxSeq;
}

/**
 * Feed rows that re-announce accounts with everything a client keeps about them (customer, account, history),
 * written when accounts change hands: the new assignee's cursor is usually past those entities' own rows.
 */
export async function announceAccounts(trx: Kysely<ServerDatabase>, accountIds: readonly string[]): Promise<ChangeRow[]> {
  const rows: ChangeRow[] = [];
  for (let i = 0; i < accountIds.length; i += CHUNK) {
    const chunk = accountIds.slice(i, i + CHUNK);
    const accounts = await trx.selectFrom('accounts').select(['id', 'customer_id', 'version']).where('id', 'in', chunk).execute();
    const customers = await trx
      .selectFrom('customers')
      .select(['id', 'version'])
      .where('id', 'in', [...new Set(accounts.map((a) => a.customer_id))])
      .execute();
    for (const c of customers) rows.push({ entity: 'customer', entityId: c.id, version: Number(c.version), accountId: null });
    for (const a of accounts) rows.push({ entity: 'account', entityId: a.id, version: Number(a.version), accountId: a.id });
    const attempts = await trx.selectFrom('contact_attempts').select(['id', 'account_id']).where('account_id', 'in', chunk).execute();
    for (const r of attempts) rows.push({ entity: 'contact_attempt', entityId: r.id, version: 1, accountId: r.account_id });
    for (const [table, entity] of [
      ['promises', 'promise'],
      ['callbacks', 'callback'],
    ] as const) {
      const found = await trx.selectFrom(table).select(['id', 'account_id', 'version']).where('account_id', 'in', chunk).execute();
      for (const r of found) rows.push({ entity, entityId: r.id, version: Number(r.version), accountId: r.account_id });
    }
    const payments = await trx.selectFrom('payments').select(['id', 'account_id']).where('account_id', 'in', chunk).execute();
    for (const r of payments) rows.push({ entity: 'payment', entityId: r.id, version: 1, accountId: r.account_id });
  }
  return rows;
}
