// Push: a batch of outbox events lands in one transaction. Each event is stored exactly once (its UUIDv7 is the
// key, `ON CONFLICT (id) DO NOTHING`), accepted ones are applied to the derived tables and the change feed, and
// invalid or out-of-scope ones are stored as rejected with a reason. Either the whole batch commits or nothing.
import { sql, type Kysely } from 'kysely';
import type { Callback, ContactAttempt, PaymentPromise } from '../../shared/model';
import {
  eventPayloads,
  isEventType,
  type EventPayload,
  type EventType,
  type PushRequest,
  type PushResponse,
  type RejectReason,
  type CustomerUpdated,
  type MessageRecorded,
  type OfferApprovalRequested,
  type SessionUser,
} from '../../shared/sync';
import { audit } from '../audit';
import { refuseRevokedDevice } from '../auth/devices';
import { assignmentsOf, mayAccessAccount } from '../auth/scope';
import { jsonb, type ServerDatabase, type ServerDb } from '../db/database';
import { recordChanges, type ChangeRow } from './feed';

type Trx = Kysely<ServerDatabase>;

type Checked =
  | { ok: true; type: EventType; payload: EventPayload<EventType>; accountId: string }
  | { ok: false; reason: RejectReason; detail?: string; accountId: string | null };

interface Decided {
  id: string;
  deviceId: string;
  seq: number;
  type: string;
  rawPayload: unknown;
  createdAt: number;
  checked: Checked;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters (11 per event). */
const INSERT_CHUNK = 500;

export async function pushEvents(db: ServerDb, user: SessionUser, request: PushRequest, now: number, address: string | null): Promise<PushResponse> {
  await refuseRevokedDevice(db, request.deviceId, { userId: user.id, events: request.events.length, now, address });
  // The first copy of an id in a batch wins, as it would across batches.
  const seen = new Set<string>();
  const events = request.events.filter((e) => !seen.has(e.id) && seen.add(e.id));

  return db.transaction().execute(async (trx) => {
    const decided: Decided[] = events.map((e) => ({
      id: e.id,
      deviceId: e.deviceId,
      seq: e.seq,
      type: e.type,
      rawPayload: e.payload ?? null,
      createdAt: e.createdAt,
      checked: e.deviceId !== request.deviceId ? rejected('device_mismatch', e.payload) : checkPayload(e.type, e.payload),
    }));
    await checkScope(trx, user, decided);

    const inserted = new Set<string>();
    for (let i = 0; i < decided.length; i += INSERT_CHUNK) {
      const rows = decided.slice(i, i + INSERT_CHUNK).map((d) => ({
        id: d.id,
        device_id: d.deviceId,
        seq: d.seq,
        user_id: user.id,
        type: d.type,
        account_id: d.checked.accountId,
        payload: jsonb(d.rawPayload),
        created_at: d.createdAt,
        received_at: now,
        status: d.checked.ok ? ('accepted' as const) : ('rejected' as const),
        reject_reason: d.checked.ok ? null : d.checked.reason,
      }));
      if (rows.length === 0) continue;
      const result = await trx.insertInto('events').values(rows).onConflict((oc) => oc.column('id').doNothing()).returning('id').execute();
      for (const r of result) inserted.add(r.id);
    }

    const response: PushResponse = { acknowledged: [], rejected: [] };
    const already = decided.filter((d) => !inserted.has(d.id)).map((d) => d.id);
    const stored = new Map<string, string | null>();
    if (already.length) {
      const rows = await trx.selectFrom('events').select(['id', 'reject_reason']).where('id', 'in', already).execute();
      for (const r of rows) stored.set(r.id, r.reject_reason);
    }

    let accepted = 0;
    const feed: ChangeRow[] = [];
    for (const d of decided) {
      response.acknowledged.push(d.id);
      if (inserted.has(d.id)) {
        if (d.checked.ok) {
          const outcome = await apply(trx, user, d, now, feed);
          if (outcome === 'conflict') {
            // Stored as rejected so a retry reports the same; the conflict row itself reaches the user by pull.
            await trx.updateTable('events').set({ status: 'rejected', reject_reason: 'conflict' }).where('id', '=', d.id).execute();
            response.rejected.push({ id: d.id, reason: 'conflict', detail: 'the customer changed since this edit was made' });
          } else {
            accepted += 1;
          }
        } else {
          response.rejected.push({ id: d.id, reason: d.checked.reason, ...(d.checked.detail ? { detail: d.checked.detail } : {}) });
        }
      } else {
        // A retry: report what was stored the first time.
        const reason = stored.get(d.id);
        if (reason) response.rejected.push({ id: d.id, reason: reason as RejectReason });
      }
    }
    await recordChanges(trx, feed, now);
    if (inserted.size > 0) {
      await audit(trx, {
        at: now,
        actorUserId: user.id,
        action: 'sync.push',
        subject: request.deviceId,
        detail: { received: inserted.size, accepted, rejected: inserted.size - accepted },
        address,
      });
    }
    return response;
  });
}

function rejected(reason: RejectReason, payload: unknown, detail?: string): Checked {
  const accountId =
    typeof payload === 'object' && payload !== null && typeof (payload as { accountId?: unknown }).accountId === 'string'
      ? ((payload as { accountId: string }).accountId.slice(0, 64))
      : null;
  return { ok: false, reason, accountId, ...(detail ? { detail } : {}) };
}

function checkPayload(type: string, payload: unknown): Checked {
  if (!isEventType(type)) return rejected('unknown_type', payload, type);
  const parsed = eventPayloads[type].safeParse(payload);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
      .join('; ');
    return rejected('invalid_payload', payload, detail);
  }
  return { ok: true, type, payload: parsed.data, accountId: parsed.data.accountId };
}

async function checkScope(trx: Trx, user: SessionUser, decided: Decided[]): Promise<void> {
  const ids = [...new Set(decided.flatMap((d) => (d.checked.ok ? [d.checked.accountId] : [])))];
  if (ids.length === 0) return;
  const accounts = new Map(
    (await trx.selectFrom('accounts').select(['id', 'customer_id']).where('id', 'in', ids).execute()).map((a) => [a.id, a.customer_id]),
  );
  const assignments = await assignmentsOf(trx, ids);
  for (const d of decided) {
    const c = d.checked;
    if (!c.ok) continue;
    const customerId = accounts.get(c.accountId);
    if (customerId === undefined) d.checked = rejected('unknown_account', d.rawPayload);
    else if (!mayAccessAccount(user, assignments.get(c.accountId) ?? null)) d.checked = rejected('not_assigned', d.rawPayload);
    else if (c.type === 'contact.logged' && (c.payload as ContactAttempt).customerId !== customerId) {
      d.checked = rejected('customer_mismatch', d.rawPayload);
    } else if (c.type === 'customer.updated' && (c.payload as CustomerUpdated).customerId !== customerId) {
      d.checked = rejected('customer_mismatch', d.rawPayload);
    } else if (
      (c.type === 'message.recorded' || c.type === 'offer.approval_requested') &&
      (c.payload as MessageRecorded | OfferApprovalRequested).customerId !== customerId
    ) {
      d.checked = rejected('customer_mismatch', d.rawPayload);
    }
  }
}

async function apply(trx: Trx, user: SessionUser, d: Decided, now: number, feed: ChangeRow[]): Promise<'applied' | 'conflict'> {
  const c = d.checked;
  if (!c.ok) return 'applied';
  const change = async (entity: ChangeRow['entity'], entityId: string, version: number) => {
    feed.push({ entity, entityId, version, accountId: c.accountId });
  };
  /** Ends promises still pending on that very account: a late or forged id cannot touch another account's. */
  const resolvePending = async (ids: readonly string[], accountId: string, status: 'cancelled' | 'broken', at: number) => {
    const rows = await trx
      .updateTable('promises')
      .set((eb) => ({ status, resolved_at: at, version: eb('version', '+', 1) }))
      .where('id', 'in', [...ids])
      .where('account_id', '=', accountId)
      .where('status', '=', 'pending')
      .returning(['id', 'version'])
      .execute();
    for (const r of rows) await change('promise', r.id, r.version);
  };

  switch (c.type) {
    case 'customer.updated':
      return compareAndSetCustomer(trx, user, d, c.payload as CustomerUpdated, now, feed);
    case 'contact.logged': {
      const a = c.payload as ContactAttempt;
      const result = await trx
        .insertInto('contact_attempts')
        .values({
          id: a.id,
          event_id: d.id,
          account_id: a.accountId,
          customer_id: a.customerId,
          channel: a.channel,
          direction: a.direction,
          number: a.number,
          started_at: a.startedAt,
          answered_at: a.answeredAt,
          ended_at: a.endedAt,
          sip_status: a.sipStatus,
          disposition: a.disposition,
          // The authenticated pusher, not the payload's agentId: the server does not take a client's word for who acted.
          agent_id: user.id,
          script_id: a.scriptId,
          script_version: a.scriptVersion,
          script_variant: a.scriptVariant,
          strategy_variant: a.strategyVariant,
          notes: a.notes,
          device_id: d.deviceId,
          received_at: now,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (result && a.scriptPath) {
        // The path through the call script (client migration 6 / server migration 7): kept for audits and A/B results.
        await sql`UPDATE contact_attempts SET script_path = ${jsonb(a.scriptPath)} WHERE id = ${a.id}`.execute(trx);
      }
      if (result) await change('contact_attempt', a.id, 1);
      return 'applied';
    }
    case 'promise.made': {
      const p = c.payload as PaymentPromise;
      const result = await trx
        .insertInto('promises')
        .values({
          id: p.id,
          event_id: d.id,
          account_id: p.accountId,
          attempt_id: p.attemptId,
          amount_cents: p.amountCents,
          currency: p.currency,
          due_date: p.dueDate,
          installments: jsonb(p.installments),
          status: p.status,
          created_at: p.createdAt,
          resolved_at: p.resolvedAt,
          user_id: user.id,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (result) await change('promise', p.id, 1);
      return 'applied';
    }
    case 'callback.scheduled': {
      const cb = c.payload as Callback;
      const result = await trx
        .insertInto('callbacks')
        .values({
          id: cb.id,
          event_id: d.id,
          account_id: cb.accountId,
          attempt_id: cb.attemptId,
          due_at: cb.dueAt,
          status: cb.status,
          created_at: cb.createdAt,
          resolved_at: null,
          user_id: user.id,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (result) await change('callback', cb.id, 1);
      return 'applied';
    }
    case 'promise.cancelled': {
      const p = c.payload as EventPayload<'promise.cancelled'>;
      await resolvePending(p.promiseIds, p.accountId, 'cancelled', p.at);
      return 'applied';
    }
    case 'promise.broken': {
      const p = c.payload as EventPayload<'promise.broken'>;
      // Only a promise still pending here: one the payment import already found kept stays kept.
      await resolvePending([p.promiseId], p.accountId, 'broken', p.at);
      return 'applied';
    }
    case 'callback.completed': {
      const p = c.payload as EventPayload<'callback.completed'>;
      const rows = await trx
        .updateTable('callbacks')
        .set((eb) => ({ status: 'done', resolved_at: p.at, version: eb('version', '+', 1) }))
        .where('id', 'in', p.callbackIds)
        .where('account_id', '=', p.accountId)
        .where('status', '=', 'pending')
        .returning(['id', 'version'])
        .execute();
      for (const r of rows) await change('callback', r.id, r.version);
      return 'applied';
    }
    case 'message.recorded': {
      const m = c.payload as MessageRecorded;
      // Raw SQL: these tables are written here only (supervisor screens will read them); user_id is the pusher.
      await sql`INSERT INTO messages (id, event_id, account_id, customer_id, action, channel, recipient, text, at, user_id, device_id, received_at)
        VALUES (${m.id}, ${d.id}, ${m.accountId}, ${m.customerId}, ${m.action}, ${m.channel}, ${m.to}, ${m.text}, ${m.at}, ${user.id}, ${d.deviceId}, ${now})
        ON CONFLICT (id) DO NOTHING`.execute(trx);
      return 'applied';
    }
    case 'offer.approval_requested': {
      const r = c.payload as OfferApprovalRequested;
      // The role is the pusher's as the server knows it, not the client's word; the request is never a promise.
      await sql`INSERT INTO offer_approval_requests (id, event_id, account_id, customer_id, offer, role, approvable_by, violations,
          schedule, total_cents, discount_cents, summary, note, requested_at, user_id, received_at)
        VALUES (${r.id}, ${d.id}, ${r.accountId}, ${r.customerId}, ${jsonb(r.offer)}, ${user.role}, ${r.approvableBy},
          ${jsonb(r.violations)}, ${jsonb(r.schedule)}, ${r.totalCents}, ${r.discountCents}, ${r.summary}, ${r.note}, ${r.at},
          ${user.id}, ${now})
        ON CONFLICT (id) DO NOTHING`.execute(trx);
      return 'applied';
    }
  }
}

/**
 * Applies the edit only if the customer is still at `baseVersion` (one UPDATE ... WHERE version = base, so two
 * concurrent pushes cannot both win); otherwise keeps the losing edit as a conflict for its user to see.
 */
async function compareAndSetCustomer(
  trx: Trx,
  user: SessionUser,
  d: Decided,
  u: CustomerUpdated,
  now: number,
  feed: ChangeRow[],
): Promise<'applied' | 'conflict'> {
  const updated = await trx
    .updateTable('customers')
    .set((eb) => ({
      ...(u.changes.phones !== undefined ? { phones: jsonb(u.changes.phones) } : {}),
      ...(u.changes.emails !== undefined ? { emails: jsonb(u.changes.emails) } : {}),
      ...(u.changes.flags !== undefined ? { flags: sql`flags || ${jsonb(u.changes.flags)}` } : {}),
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', u.customerId)
    .where('version', '=', u.baseVersion)
    .returning('version')
    .executeTakeFirst();
  if (updated) {
    feed.push({ entity: 'customer', entityId: u.customerId, version: updated.version, accountId: null });
    return 'applied';
  }
  const current = await trx.selectFrom('customers').select('version').where('id', '=', u.customerId).executeTakeFirstOrThrow();
  const conflict = await trx
    .insertInto('conflicts')
    .values({
      entity: 'customer',
      entity_id: u.customerId,
      base_version: u.baseVersion,
      current_version: current.version,
      proposed: jsonb(u.changes),
      event_id: d.id,
      user_id: user.id,
      device_id: d.deviceId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  feed.push({ entity: 'conflict', entityId: String(conflict.id), version: 1, accountId: u.accountId, userId: user.id });
  return 'conflict';
}
