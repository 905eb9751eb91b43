// Initial sync (a pull without a cursor) served from the current tables instead of the change feed: keyset pages
// of the accounts in the caller's scope, ordered by id, each with everything a client keeps about them (customer,
// assignment, attempts, promises, callbacks, payments) — one query per entity per page. Replaying the feed for an
// empty client costs a "superseded row" check per feed row and a lookup per entity; the tables already hold each
// entity's current state once.
//
// Why nothing committed during the snapshot is lost. The first page fixes the position the client continues
// from once the snapshot ends: X = pg_snapshot_xmin at that moment and S = the highest seq then visible. Every
// transaction below X had finished, so its rows are visible to every later page and therefore in the snapshot;
// every transaction not yet finished then — or begun since — has a txid >= X. The snapshot thus satisfies the
// feed cursor's invariant (pull.ts): what the client holds covers { seq <= S and txid < X }. After the last page
// the client gets the ordinary feed cursor (S, X); the next pull serves rows with seq <= S and X <= txid ("late")
// and every row after S — all that committed while the pages were being read, in the client's scope then.
// Rows read by a later page may already include some of those changes; they are served again, which is harmless
// (applying a row is idempotent and versioned).
import { sql, type Kysely, type SqlBool } from 'kysely';
import { encodePullCursor, type PullChange, type PullResponse, type SessionUser } from '../../shared/sync';
import { assignmentScope } from '../auth/scope';
import type { ServerDatabase, ServerDb } from '../db/database';
import { HttpError } from '../http-error';
import { listConflicts, toAccount, toAttempt, toCallback, toCustomer, toPayment, toPromise } from './pull';

type Db = Kysely<ServerDatabase>;

/** Where a snapshot stands: the feed position it will hand over (seq, xmin) and the last account id served. */
export interface SnapshotPosition {
  seq: number;
  xmin: string;
  after: string;
}

const PREFIX = 'snap.';

/** On the wire: "snap.<seq>.<xmin>.<base64url(last account id)>" (an account id may hold any character). */
export function encodeSnapshotCursor(p: SnapshotPosition): string {
  return `${PREFIX}${p.seq}.${p.xmin}.${Buffer.from(p.after, 'utf8').toString('base64url')}`;
}

export const isSnapshotCursor = (text: string): boolean => text.startsWith(PREFIX);

export function decodeSnapshotCursor(text: string): SnapshotPosition | null {
  const m = /^snap\.(\d{1,15})\.(\d{1,20})\.([A-Za-z0-9_-]{1,88})$/.exec(text);
  if (!m) return null;
  const after = Buffer.from(m[3]!, 'base64url').toString('utf8');
  if (after.length === 0 || after.length > 64 || Buffer.from(after, 'utf8').toString('base64url') !== m[3]) return null;
  return { seq: Number(m[1]), xmin: m[2]!, after };
}

/** One page of the snapshot: up to `limit` accounts (in id order after `position.after`) with all they carry. */
export async function snapshotPage(db: ServerDb, user: SessionUser, position: SnapshotPosition | null, limit: number): Promise<PullResponse> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const fenceRow = await sql<{ xmin: string; max_seq: number | string | null }>`
        SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, (SELECT max(seq) FROM changes) AS max_seq`.execute(trx);
      const fence = fenceRow.rows[0]!.xmin;
      const maxSeq = Number(fenceRow.rows[0]!.max_seq ?? 0);
      if (position && (BigInt(position.xmin) > BigInt(fence) || position.seq > maxSeq)) {
        throw new HttpError(400, 'invalid_cursor', 'This pull cursor is ahead of the server (another database?); start a full sync.');
      }
      const handover = position ? { seq: position.seq, xmin: position.xmin } : { seq: maxSeq, xmin: fence };

      const found = await accountsPage(trx, user, position?.after ?? null, limit + 1);
      const page = found.slice(0, limit);
      const accountIds = page.map((a) => a.id);
      const customerIds = [...new Set(page.map((a) => a.customer_id))];
      const customers = customerIds.length ? await trx.selectFrom('customers').selectAll().where('id', 'in', customerIds).execute() : [];
      const any = accountIds.length > 0;
      const attempts = any ? await trx.selectFrom('contact_attempts').selectAll().where('account_id', 'in', accountIds).execute() : [];
      const promises = any ? await trx.selectFrom('promises').selectAll().where('account_id', 'in', accountIds).execute() : [];
      const callbacks = any ? await trx.selectFrom('callbacks').selectAll().where('account_id', 'in', accountIds).execute() : [];
      const payments = any ? await trx.selectFrom('payments').selectAll().where('account_id', 'in', accountIds).execute() : [];

      const seq = handover.seq;
      const changes: PullChange[] = [];
      for (const c of customers) changes.push({ seq, entity: 'customer', id: c.id, version: Number(c.version), data: toCustomer(c) });
      for (const a of page) changes.push({ seq, entity: 'account', id: a.id, version: Number(a.version), data: toAccount(a) });
      for (const a of page) {
        if (a.asg_team_id === null) continue; // unassigned (only an admin sees those)
        const data = { accountId: a.id, teamId: a.asg_team_id, userId: a.asg_user_id };
        changes.push({ seq, entity: 'assignment', id: a.id, version: Number(a.asg_version), data });
      }
      for (const r of attempts) changes.push({ seq, entity: 'contact_attempt', id: r.id, version: 1, data: toAttempt(r) });
      for (const r of promises) changes.push({ seq, entity: 'promise', id: r.id, version: Number(r.version), data: toPromise(r) });
      for (const r of callbacks) changes.push({ seq, entity: 'callback', id: r.id, version: Number(r.version), data: toCallback(r) });
      for (const r of payments) changes.push({ seq, entity: 'payment', id: r.id, version: 1, data: toPayment(r) });
      // The caller's own conflicts are not tied to an account page: they come with the first one.
      if (!position) for (const c of await listConflicts(trx, user)) changes.push({ seq, entity: 'conflict', id: c.id, version: 1, data: c });

      if (found.length > limit) {
        return { changes, cursor: encodeSnapshotCursor({ ...handover, after: accountIds[accountIds.length - 1]! }), hasMore: true };
      }
      // The snapshot is complete: hand over to the feed. Pull again at once if the feed moved meanwhile (a
      // conservative test, ignoring scope: at worst one empty page).
      const moved = await sql<{ moved: boolean }>`
        SELECT EXISTS (SELECT 1 FROM changes WHERE seq > ${handover.seq})
          OR EXISTS (SELECT 1 FROM changes WHERE txid >= ${handover.xmin}::xid8 AND txid < ${fence}::xid8) AS moved`.execute(trx);
      return { changes, cursor: encodePullCursor(handover), hasMore: moved.rows[0]!.moved === true };
    });
}

/** The next accounts in the caller's scope, with their assignment (null columns for an unassigned one). */
function accountsPage(trx: Db, user: SessionUser, after: string | null, take: number) {
  const base = trx.selectFrom('accounts as a');
  const joined =
    user.role === 'admin'
      ? base.leftJoin('assignments as asg', 'asg.account_id', 'a.id')
      : base.innerJoin('assignments as asg', 'asg.account_id', 'a.id').where(assignmentScope(user));
  return joined
    .selectAll('a')
    .select(['asg.team_id as asg_team_id', 'asg.user_id as asg_user_id', 'asg.version as asg_version'])
    .$if(after !== null, (q) => q.where(sql<SqlBool>`a.id > ${after}`))
    .orderBy('a.id')
    .limit(take)
    .execute();
}
