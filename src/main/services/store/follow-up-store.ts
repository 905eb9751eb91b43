// Follow-ups during the call and offer approval requests in the local store (migration 5): their rows, and the
// history entries they show as. Writes run inside the caller's transaction together with their outbox event.
import type { Channel, HistoryEntry } from '../../../shared/model';
import type { MessageRecorded, OfferApprovalRequested } from '../../../shared/sync';
import type { Db } from './database';

type Row = Record<string, unknown>;

function statements(db: Db) {
  return {
    insertMessage: db.prepare(`INSERT INTO follow_up_messages (id, account_id, customer_id, action, channel, recipient, text, created_at)
      VALUES (@id, @accountId, @customerId, @action, @channel, @to, @text, @at)`),
    messageById: db.prepare('SELECT id FROM follow_up_messages WHERE account_id = ? AND id = ?').pluck(),
    messagesOfAccount: db.prepare('SELECT id, channel, text, created_at FROM follow_up_messages WHERE account_id = ?'),
    insertApproval: db.prepare(`INSERT INTO offer_approval_requests (id, account_id, customer_id, offer_json, role, approvable_by,
        violations_json, schedule_json, total_cents, discount_cents, summary, note, status, created_at)
      VALUES (@id, @accountId, @customerId, @offerJson, @role, @approvableBy, @violationsJson, @scheduleJson, @totalCents,
        @discountCents, @summary, @note, 'pending', @at)`),
    approvalById: db.prepare('SELECT id, approvable_by FROM offer_approval_requests WHERE account_id = ? AND id = ?'),
    approvalsOfAccount: db.prepare('SELECT id, summary, created_at FROM offer_approval_requests WHERE account_id = ?'),
  };
}

// One set of prepared statements per open database.
const cache = new WeakMap<Db, ReturnType<typeof statements>>();
function stmts(db: Db): ReturnType<typeof statements> {
  let s = cache.get(db);
  if (!s) {
    s = statements(db);
    cache.set(db, s);
  }
  return s;
}

export function insertFollowUpMessage(db: Db, message: MessageRecorded): void {
  stmts(db).insertMessage.run(message);
}

export function hasFollowUpMessage(db: Db, accountId: string, id: string): boolean {
  return stmts(db).messageById.get(accountId, id) !== undefined;
}

export function insertApprovalRequest(db: Db, request: OfferApprovalRequested): void {
  stmts(db).insertApproval.run({
    id: request.id,
    accountId: request.accountId,
    customerId: request.customerId,
    offerJson: JSON.stringify(request.offer),
    role: request.role,
    approvableBy: request.approvableBy,
    violationsJson: JSON.stringify(request.violations),
    scheduleJson: JSON.stringify(request.schedule),
    totalCents: request.totalCents,
    discountCents: request.discountCents,
    summary: request.summary,
    note: request.note,
    at: request.at,
  });
}

export function findApprovalRequest(db: Db, accountId: string, id: string): { id: string; approvableBy: string | null } | null {
  const r = stmts(db).approvalById.get(accountId, id) as Row | undefined;
  return r ? { id: String(r.id), approvableBy: (r.approvable_by as string | null) ?? null } : null;
}

/** Follow-up messages as `message` entries and approval requests as `note` entries (the agent's summary). */
export function followUpHistory(db: Db, accountId: string): HistoryEntry[] {
  const s = stmts(db);
  const entries: HistoryEntry[] = [];
  for (const r of s.messagesOfAccount.all(accountId) as Row[]) {
    entries.push({ kind: 'message', id: String(r.id), at: Number(r.created_at), channel: r.channel as Channel, text: String(r.text) });
  }
  for (const r of s.approvalsOfAccount.all(accountId) as Row[]) {
    entries.push({ kind: 'note', id: String(r.id), at: Number(r.created_at), text: String(r.summary) });
  }
  return entries;
}
