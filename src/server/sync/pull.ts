// Pull: pages of the change feed a user may see, after their cursor, with each changed entity's current state.
//
// Why the cursor carries a transaction-id fence. `changes.seq` comes from a sequence, taken when the row is
// inserted, not when its transaction commits: a transaction holding seq 50 can commit after one holding seq 51.
// A cursor of "last seq served" alone would serve 51, move past it, and never serve 50. So:
//   * A page only serves rows whose txid is below the snapshot's xmin (`pg_snapshot_xmin(pg_current_snapshot())`):
//     every transaction below xmin has finished, so that set of rows can no longer grow. Rows of transactions
//     still running wait for a later pull.
//   * The cursor is (S = highest seq served, X = the xmin the page was read under). Invariant: the rows already
//     served are exactly { seq <= S and txid < X } (within the caller's scope).
//   * The next page serves (a) the "late" rows: seq <= S with X <= txid < xmin_now — transactions that were
//     running at the previous pull and have since committed rows behind the cursor — all of them, and (b) the
//     first `limit` rows with seq > S and txid < xmin_now, in seq order. The new cursor (max(S, last seq),
//     xmin_now) satisfies the invariant again, so nothing is skipped and nothing is served twice.
//   Both reads run in one REPEATABLE READ transaction, so they and the fence see the same snapshot.
// (a) is unbounded by `limit` on purpose: paging it would need a third cursor field. It holds only what the
// transactions in flight at the previous pull wrote, which is small unless a large import was committing.
import { sql, type Expression, type Kysely, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import type { Account, Customer } from '../../shared/model';
import {
  decodePullCursor,
  encodePullCursor,
  type CallbackData,
  type ChangeEntity,
  type Conflict,
  type PullChange,
  type PullResponse,
  type SessionUser,
} from '../../shared/sync';
import { assignmentScope } from '../auth/scope';
import type { ServerDatabase, ServerDb } from '../db/database';
import { HttpError } from '../http-error';
import { decodeSnapshotCursor, isSnapshotCursor, snapshotPage } from './snapshot';

type Db = Kysely<ServerDatabase>;

interface FeedRow {
  seq: number;
  entity: ChangeEntity;
  entity_id: string;
  account_id?: string | null;
}

/** Which change rows a user sees: the same rule as `assignmentScope`, applied per entity to a row aliased `c`. */
export function changeScope(user: SessionUser): RawBuilder<SqlBool> {
  const own = sql<SqlBool>`c.user_id = ${user.id}`;
  if (user.role === 'admin') return sql<SqlBool>`(c.entity <> 'conflict' AND c.entity <> 'access_revoked') OR (c.entity = 'conflict' AND ${own})`;
  const asg: Expression<SqlBool> = assignmentScope(user);
  const viaAccount = sql<SqlBool>`EXISTS (SELECT 1 FROM assignments asg WHERE asg.account_id = c.account_id AND ${asg})`;
  const viaCustomer = sql<SqlBool>`EXISTS (SELECT 1 FROM accounts a JOIN assignments asg ON asg.account_id = a.id WHERE a.customer_id = c.entity_id AND ${asg})`;
  // access_revoked carries the assignment that was lost (team_id, user_id); skipped if the user still sees the account.
  const lost =
    user.role === 'supervisor'
      ? sql<SqlBool>`c.team_id = ${user.teamId}`
      : sql<SqlBool>`(c.user_id = ${user.id} OR (c.user_id IS NULL AND c.team_id = ${user.teamId}))`;
  return sql<SqlBool>`CASE c.entity
    WHEN 'conflict' THEN ${own}
    WHEN 'access_revoked' THEN (${lost} AND NOT ${viaAccount})
    WHEN 'customer' THEN ${viaCustomer}
    ELSE ${viaAccount} END`;
}

export async function pullPage(db: ServerDb, user: SessionUser, cursorText: string | undefined, limit: number): Promise<PullResponse> {
  // No cursor: an initial sync, served from the current tables (snapshot.ts), which then hands over to the feed.
  if (cursorText === undefined) return snapshotPage(db, user, null, limit);
  if (isSnapshotCursor(cursorText)) {
    const position = decodeSnapshotCursor(cursorText);
    if (!position) throw new HttpError(400, 'invalid_cursor', 'This pull cursor is not one this server issued; start a full sync (pull without a cursor).');
    return snapshotPage(db, user, position, limit);
  }
  const cursor = decodePullCursor(cursorText);
  if (!cursor) throw new HttpError(400, 'invalid_cursor', 'This pull cursor is not one this server issued; start a full sync (pull without a cursor).');
  const scope = changeScope(user);

  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const fenceRow = await sql<{ xmin: string; max_seq: number | string | null }>`
        SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, (SELECT max(seq) FROM changes) AS max_seq`.execute(trx);
      const fence = fenceRow.rows[0]!.xmin;
      const maxSeq = Number(fenceRow.rows[0]!.max_seq ?? 0);
      // xmin never moves backwards on one database, and a served seq exists: anything else is not our cursor.
      if (BigInt(cursor.xmin) > BigInt(fence) || cursor.seq > maxSeq) {
        throw new HttpError(400, 'invalid_cursor', 'This pull cursor is ahead of the server (another database?); start a full sync.');
      }
      const late =
        cursor.seq > 0
          ? await sql<FeedRow>`
              SELECT c.seq, c.entity, c.entity_id, c.account_id FROM changes c
              WHERE c.seq <= ${cursor.seq} AND c.txid >= ${cursor.xmin}::xid8 AND c.txid < ${fence}::xid8 AND ${scope}
              ORDER BY c.seq`.execute(trx)
          : { rows: [] as FeedRow[] };
      // A row superseded by a later fenced row of the same entity is skipped: that later row (also > S, so still
      // to be served) brings the current state anyway. This keeps an initial sync to one row per entity.
      const fresh = await sql<FeedRow>`
        SELECT c.seq, c.entity, c.entity_id, c.account_id FROM changes c
        WHERE c.seq > ${cursor.seq} AND c.txid < ${fence}::xid8 AND ${scope}
          AND (c.entity IN ('access_revoked', 'conflict') OR NOT EXISTS (
            SELECT 1 FROM changes later
            WHERE later.entity = c.entity AND later.entity_id = c.entity_id AND later.seq > c.seq AND later.txid < ${fence}::xid8))
        ORDER BY c.seq
        LIMIT ${limit + 1}`.execute(trx);
      const hasMore = fresh.rows.length > limit;
      const served = [...late.rows, ...fresh.rows.slice(0, limit)].map((r) => ({ ...r, seq: Number(r.seq) }));
      const lastSeq = served.length ? Math.max(cursor.seq, served[served.length - 1]!.seq) : cursor.seq;
      const changes = await materialize(trx, [...(await dependencies(trx, served, lastSeq, fence)), ...served]);
      return { changes, cursor: encodePullCursor({ seq: lastSeq, xmin: fence }), hasMore };
    });
}

/**
 * The accounts and customers the page's rows depend on that the client has not been served yet. A row superseded
 * by a later one of the same entity is skipped (see `fresh`), so an account's own row can sit after its history in
 * the feed (the account changed since), and a customer's after its accounts: a page would then hold history for
 * an account the client does not have. Such parents come along in this page too (pulled again later; applying
 * them twice is harmless). Only parents whose latest fenced row is past this page are added.
 */
async function dependencies(trx: Db, served: readonly FeedRow[], lastSeq: number, fence: string): Promise<FeedRow[]> {
  const laterRows = async (entity: 'account' | 'customer', ids: string[]): Promise<FeedRow[]> =>
    byIds(ids, (chunk) =>
      trx
        .selectFrom('changes')
        .select((eb) => [eb.fn.max('seq').as('seq'), 'entity', 'entity_id'])
        .where('entity', '=', entity)
        .where('entity_id', 'in', chunk)
        .where('seq', '>', lastSeq)
        .where(sql<SqlBool>`txid < ${fence}::xid8`)
        .groupBy(['entity', 'entity_id'])
        .execute(),
    ).then((rows) => rows.map((r) => ({ seq: Number(r.seq), entity: r.entity as ChangeEntity, entity_id: r.entity_id })));
  const historyOf = new Set<string>();
  const accountsServed = new Set<string>();
  for (const r of served) {
    if (r.entity === 'account') accountsServed.add(r.entity_id);
    // Assignments need no local parent (the client keeps no row for them).
    else if (r.account_id && r.entity !== 'access_revoked' && r.entity !== 'conflict' && r.entity !== 'assignment') historyOf.add(r.account_id);
  }
  const accounts = await laterRows('account', [...historyOf].filter((id) => !accountsServed.has(id)));
  const pageAccounts = [...accountsServed, ...accounts.map((a) => a.entity_id)];
  const customerIds = await byIds(pageAccounts, (chunk) => trx.selectFrom('accounts').select('customer_id').where('id', 'in', chunk).execute());
  const customers = await laterRows('customer', [...new Set(customerIds.map((c) => c.customer_id))]);
  return [...customers, ...accounts];
}

/** Every conflict of the user's own pushes, newest first. */
export async function listConflicts(db: Db, user: SessionUser): Promise<Conflict[]> {
  const rows = await db.selectFrom('conflicts').select('id').where('user_id', '=', user.id).orderBy('id', 'desc').limit(1000).execute();
  const loaded = await loadConflicts(db, rows.map((r) => String(r.id)));
  return rows.flatMap((r) => loaded.get(String(r.id)) ?? []);
}

/** Turns feed rows into entities' current states: one entry per entity (its latest seq in the page). */
async function materialize(trx: Db, rows: FeedRow[]): Promise<PullChange[]> {
  const latest = new Map<string, FeedRow>();
  for (const r of rows) {
    const key = `${r.entity}:${r.entity_id}`;
    latest.delete(key); // re-inserted so the Map's order follows each entity's latest seq
    latest.set(key, r);
  }
  const ordered = [...latest.values()];
  const idsOf = (entity: ChangeEntity) => ordered.filter((r) => r.entity === entity).map((r) => r.entity_id);
  const [customers, accounts, assignments, attempts, promises, callbacks, payments, conflicts] = [
    await loadCustomers(trx, idsOf('customer')),
    await loadAccounts(trx, idsOf('account')),
    await loadAssignments(trx, idsOf('assignment')),
    await loadAttempts(trx, idsOf('contact_attempt')),
    await loadPromises(trx, idsOf('promise')),
    await loadCallbacks(trx, idsOf('callback')),
    await loadPayments(trx, idsOf('payment')),
    await loadConflicts(trx, idsOf('conflict')),
  ];
  const out: PullChange[] = [];
  for (const r of ordered) {
    const base = { seq: r.seq, id: r.entity_id };
    let entry: PullChange | null = null;
    const id = r.entity_id;
    switch (r.entity) {
      case 'customer': {
        const data = customers.get(id);
        if (data) entry = { ...base, entity: 'customer', version: data.version, data };
        break;
      }
      case 'account': {
        const data = accounts.get(id);
        if (data) entry = { ...base, entity: 'account', version: data.version, data };
        break;
      }
      case 'assignment': {
        const a = assignments.get(id);
        if (a) entry = { ...base, entity: 'assignment', version: a.version, data: a.data };
        break;
      }
      case 'contact_attempt': {
        const data = attempts.get(id);
        if (data) entry = { ...base, entity: 'contact_attempt', version: 1, data };
        break;
      }
      case 'promise': {
        const p = promises.get(id);
        if (p) entry = { ...base, entity: 'promise', version: p.version, data: p.data };
        break;
      }
      case 'callback': {
        const cb = callbacks.get(id);
        if (cb) entry = { ...base, entity: 'callback', version: cb.version, data: cb.data };
        break;
      }
      case 'payment': {
        const data = payments.get(id);
        if (data) entry = { ...base, entity: 'payment', version: 1, data };
        break;
      }
      case 'conflict': {
        const data = conflicts.get(id);
        if (data) entry = { ...base, entity: 'conflict', version: 1, data };
        break;
      }
      case 'access_revoked':
        entry = { ...base, entity: 'access_revoked', version: 1, data: { accountId: id } };
        break;
    }
    if (entry) out.push(entry);
  }
  return out;
}

const IN_CHUNK = 5000;
async function byIds<T>(ids: string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) out.push(...(await load(ids.slice(i, i + IN_CHUNK))));
  return out;
}

export function toCustomer(r: Selectable<ServerDatabase['customers']>): Customer {
  return {
    id: r.id,
    name: r.name,
    documentKind: r.document_kind as Customer['documentKind'],
    document: r.document,
    phones: r.phones as Customer['phones'],
    emails: r.emails as Customer['emails'],
    address: (r.address as Customer['address']) ?? null,
    timeZone: r.time_zone,
    language: r.language as Customer['language'],
    flags: r.flags as Customer['flags'],
    version: Number(r.version),
  };
}

export async function loadCustomers(db: Db, ids: string[]): Promise<Map<string, Customer>> {
  const rows = await byIds(ids, (chunk) => db.selectFrom('customers').selectAll().where('id', 'in', chunk).execute());
  return new Map(rows.map((r) => [r.id, toCustomer(r)]));
}

export function toAccount(a: Selectable<ServerDatabase['accounts']>): Account {
  return {
    id: a.id,
    customerId: a.customer_id,
    creditor: a.creditor,
    product: a.product,
    accountNumber: a.account_number,
    currency: a.currency as Account['currency'],
    originalBalanceCents: Number(a.original_balance_cents),
    currentBalanceCents: Number(a.current_balance_cents),
    dueDate: a.due_date,
    status: a.status as Account['status'],
    boletoLine: a.boleto_line,
    pixKey: a.pix_key,
    version: Number(a.version),
  };
}

async function loadAccounts(db: Db, ids: string[]): Promise<Map<string, Account>> {
  const rows = await byIds(ids, (chunk) => db.selectFrom('accounts').selectAll().where('id', 'in', chunk).execute());
  return new Map(rows.map((a) => [a.id, toAccount(a)]));
}

async function loadAssignments(db: Db, accountIds: string[]) {
  const rows = await byIds(accountIds, (chunk) => db.selectFrom('assignments').selectAll().where('account_id', 'in', chunk).execute());
  return new Map(rows.map((r) => [r.account_id, { version: Number(r.version), data: { accountId: r.account_id, teamId: r.team_id, userId: r.user_id } }]));
}

export function toAttempt(a: Selectable<ServerDatabase['contact_attempts']>): PullChangeData<'contact_attempt'> {
  return {
    id: a.id,
    accountId: a.account_id,
    customerId: a.customer_id,
    channel: a.channel as PullChangeData<'contact_attempt'>['channel'],
    direction: a.direction as PullChangeData<'contact_attempt'>['direction'],
    number: a.number,
    startedAt: Number(a.started_at),
    answeredAt: a.answered_at === null ? null : Number(a.answered_at),
    endedAt: a.ended_at === null ? null : Number(a.ended_at),
    sipStatus: a.sip_status,
    disposition: a.disposition as PullChangeData<'contact_attempt'>['disposition'],
    agentId: a.agent_id,
    scriptId: a.script_id,
    scriptVersion: a.script_version,
    scriptVariant: a.script_variant,
    strategyVariant: a.strategy_variant,
    notes: a.notes,
  };
}

async function loadAttempts(db: Db, ids: string[]) {
  const rows = await byIds(ids, (chunk) => db.selectFrom('contact_attempts').selectAll().where('id', 'in', chunk).execute());
  return new Map(rows.map((a) => [a.id, toAttempt(a)]));
}

export type PullChangeData<E extends PullChange['entity']> = Extract<PullChange, { entity: E }>['data'];

export function toPromise(p: Selectable<ServerDatabase['promises']>): PullChangeData<'promise'> {
  return {
    id: p.id,
    accountId: p.account_id,
    attemptId: p.attempt_id,
    amountCents: Number(p.amount_cents),
    currency: p.currency,
    dueDate: p.due_date,
    installments: p.installments,
    status: p.status,
    createdAt: Number(p.created_at),
    resolvedAt: p.resolved_at === null ? null : Number(p.resolved_at),
  } as PullChangeData<'promise'>;
}

async function loadPromises(db: Db, ids: string[]) {
  const rows = await byIds(ids, (chunk) => db.selectFrom('promises').selectAll().where('id', 'in', chunk).execute());
  return new Map(rows.map((p) => [p.id, { version: Number(p.version), data: toPromise(p) }]));
}

export function toCallback(c: Selectable<ServerDatabase['callbacks']>): CallbackData {
  return {
    id: c.id,
    accountId: c.account_id,
    attemptId: c.attempt_id,
    dueAt: Number(c.due_at),
    status: c.status as CallbackData['status'],
    createdAt: Number(c.created_at),
    resolvedAt: c.resolved_at === null ? null : Number(c.resolved_at),
  };
}

async function loadCallbacks(db: Db, ids: string[]) {
  const rows = await byIds(ids, (chunk) => db.selectFrom('callbacks').selectAll().where('id', 'in', chunk).execute());
  return new Map(rows.map((c) => [c.id, { version: Number(c.version), data: toCallback(c) }]));
}

export function toPayment(p: Selectable<ServerDatabase['payments']>): PullChangeData<'payment'> {
  return {
    id: p.id,
    accountId: p.account_id,
    amountCents: Number(p.amount_cents),
    currency: p.currency,
    paidOn: p.paid_on,
    receivedAt: Number(p.received_at),
    source: p.source,
  } as PullChangeData<'payment'>;
}

async function loadPayments(db: Db, ids: string[]) {
  const rows = await byIds(ids, (chunk) => db.selectFrom('payments').selectAll().where('id', 'in', chunk).execute());
  return new Map(rows.map((p) => [p.id, toPayment(p)]));
}

async function loadConflicts(db: Db, ids: string[]): Promise<Map<string, Conflict>> {
  const rows = await byIds(ids, (chunk) => db.selectFrom('conflicts').selectAll().where('id', 'in', chunk.map(Number)).execute());
  const customers = await loadCustomers(db, [...new Set(rows.map((r) => r.entity_id))]);
  return new Map(
    rows.map((c) => [
      String(c.id),
      {
        id: String(c.id),
        entity: 'customer',
        entityId: c.entity_id,
        baseVersion: Number(c.base_version),
        currentVersion: Number(c.current_version),
        proposed: c.proposed as Conflict['proposed'],
        eventId: c.event_id,
        deviceId: c.device_id,
        createdAt: Number(c.created_at),
        current: customers.get(c.entity_id) ?? null,
      },
    ]),
  );
}
