// Applies a pull page from the sync server to the local store in ONE transaction, with the new cursor, so a
// crash leaves either the whole page and its cursor or neither (the page is then pulled again; every apply is
// idempotent). Rows carry the entity's current state: an older or equal version never overwrites a newer one.
import type { Account, Customer, PaymentPromise } from '../../../shared/model';
import type { Conflict, PullChange } from '../../../shared/sync';
import type { Store } from '../store/repositories';

export const CURSOR_KEY = 'sync_cursor';
const CONFLICTS_KEY = 'sync_conflicts';
const MAX_KEPT_CONFLICTS = 200;

export interface ApplyReport {
  applied: number;
  skipped: number;
  accounts: Set<string>;
  conflicts: number;
}

// Customers and accounts first: history rows reference them, and a page is in feed order, not dependency order.
const order: Record<PullChange['entity'], number> = {
  customer: 0,
  account: 1,
  assignment: 2,
  payment: 3,
  contact_attempt: 3,
  promise: 3,
  callback: 3,
  conflict: 4,
  access_revoked: 5,
};

export function applyPullPage(store: Store, changes: readonly PullChange[], cursor: string): ApplyReport {
  const db = store.db;
  const versionOf = {
    customer: db.prepare('SELECT version FROM customers WHERE id = ?').pluck(),
    account: db.prepare('SELECT version FROM accounts WHERE id = ?').pluck(),
  };
  const insertAttempt = db.prepare(`INSERT INTO contact_attempts (id, account_id, customer_id, channel, direction,
      number, started_at, answered_at, ended_at, sip_status, disposition, agent_id, script_id, script_version,
      script_variant, strategy_variant, notes)
    VALUES (@id, @accountId, @customerId, @channel, @direction, @number, @startedAt, @answeredAt, @endedAt,
      @sipStatus, @disposition, @agentId, @scriptId, @scriptVersion, @scriptVariant, @strategyVariant, @notes)
    ON CONFLICT DO NOTHING`);
  const upsertPromise = db.prepare(`INSERT INTO promises (id, account_id, attempt_id, amount_cents, currency, due_date,
      installments_json, status, created_at, resolved_at)
    VALUES (@id, @accountId, @attemptId, @amountCents, @currency, @dueDate, @installmentsJson, @status, @createdAt, @resolvedAt)
    ON CONFLICT(id) DO UPDATE SET status = excluded.status, resolved_at = excluded.resolved_at`);
  const upsertCallback = db.prepare(`INSERT INTO callbacks (id, account_id, attempt_id, due_at, status, created_at)
    VALUES (@id, @accountId, @attemptId, @dueAt, @status, @createdAt)
    ON CONFLICT(id) DO UPDATE SET status = excluded.status, due_at = excluded.due_at`);
  const accountExists = db.prepare('SELECT 1 FROM accounts WHERE id = ?').pluck();
  // Access removed: the account leaves this desk's worklist. Its rows stay (nothing the agent saw vanishes, and
  // outbox events about it still reach the server, which records them as not assigned).
  const closeAccount = db.prepare("UPDATE accounts SET status = 'closed' WHERE id = ?");

  const report: ApplyReport = { applied: 0, skipped: 0, accounts: new Set(), conflicts: 0 };
  const conflicts: Conflict[] = [];
  const sorted = [...changes].sort((a, b) => order[a.entity] - order[b.entity] || a.seq - b.seq);

  store.transaction(() => {
    for (const change of sorted) {
      const applied = applyOne(change);
      if (applied) report.applied += 1;
      else report.skipped += 1;
    }
    if (conflicts.length) {
      const kept = JSON.parse(store.getMeta(CONFLICTS_KEY) ?? '[]') as Conflict[];
      const merged = [...kept.filter((k) => !conflicts.some((c) => c.id === k.id)), ...conflicts].slice(-MAX_KEPT_CONFLICTS);
      store.setMeta(CONFLICTS_KEY, JSON.stringify(merged));
      report.conflicts = conflicts.length;
    }
    for (const accountId of report.accounts) store.refreshDerived(accountId);
    store.setMeta(CURSOR_KEY, cursor);
  });
  return report;

  function newer(kind: 'customer' | 'account', id: string, version: number): boolean {
    const local = versionOf[kind].get(id) as number | undefined;
    return local === undefined || local < version;
  }

  function hasAccount(accountId: string): boolean {
    return accountExists.get(accountId) !== undefined;
  }

  function applyOne(change: PullChange): boolean {
    switch (change.entity) {
      case 'customer':
        if (!newer('customer', change.data.id, change.version)) return false;
        store.upsertCustomers([{ ...change.data, version: change.version } satisfies Customer]);
        return true;
      case 'account':
        if (!newer('account', change.data.id, change.version)) return false;
        store.upsertAccounts([{ ...change.data, version: change.version } satisfies Account]);
        report.accounts.add(change.data.id);
        return true;
      case 'assignment':
        // The server scopes what this desk sees; the assignment itself needs no local row.
        return false;
      case 'contact_attempt':
        if (!hasAccount(change.data.accountId)) return false;
        report.accounts.add(change.data.accountId);
        return insertAttempt.run(change.data).changes > 0;
      case 'promise': {
        if (!hasAccount(change.data.accountId)) return false;
        const p: PaymentPromise = change.data;
        upsertPromise.run({ ...p, installmentsJson: JSON.stringify(p.installments) });
        report.accounts.add(p.accountId);
        return true;
      }
      case 'callback':
        if (!hasAccount(change.data.accountId)) return false;
        upsertCallback.run(change.data);
        report.accounts.add(change.data.accountId);
        return true;
      case 'payment':
        if (!hasAccount(change.data.accountId)) return false;
        store.insertPayments([change.data]);
        report.accounts.add(change.data.accountId);
        return true;
      case 'conflict':
        conflicts.push(change.data);
        return true;
      case 'access_revoked':
        closeAccount.run(change.data.accountId);
        report.accounts.add(change.data.accountId);
        return true;
    }
  }
}

export function storedConflicts(store: Store): Conflict[] {
  return JSON.parse(store.getMeta(CONFLICTS_KEY) ?? '[]') as Conflict[];
}
