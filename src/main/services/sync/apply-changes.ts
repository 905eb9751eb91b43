// Applies a pull page from the sync server to the local store in ONE transaction, with the new cursor, so a
// crash leaves either the whole page and its cursor or neither (the page is then pulled again; every apply is
// idempotent). Rows carry the entity's current state: an older or equal version never overwrites a newer one.
import type { Account, Customer, Payment, PaymentPromise } from '../../../shared/model';
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

type Statements = ReturnType<typeof prepare>;
// Prepared once per store: an initial sync applies dozens of pages.
const prepared = new WeakMap<Store, Statements>();

function prepare(store: Store) {
  const db = store.db;
  return {
    // One lookup per page instead of one per row: `?` is a JSON array of ids.
    customerVersions: db.prepare('SELECT id, version FROM customers WHERE id IN (SELECT value FROM json_each(?))').raw(),
    accountVersions: db.prepare('SELECT id, version FROM accounts WHERE id IN (SELECT value FROM json_each(?))').raw(),
    insertAttempt: db.prepare(`INSERT INTO contact_attempts (id, account_id, customer_id, channel, direction,
        number, started_at, answered_at, ended_at, sip_status, disposition, agent_id, script_id, script_version,
        script_variant, strategy_variant, notes)
      VALUES (@id, @accountId, @customerId, @channel, @direction, @number, @startedAt, @answeredAt, @endedAt,
        @sipStatus, @disposition, @agentId, @scriptId, @scriptVersion, @scriptVariant, @strategyVariant, @notes)
      ON CONFLICT DO NOTHING`),
    upsertPromise: db.prepare(`INSERT INTO promises (id, account_id, attempt_id, amount_cents, currency, due_date,
        installments_json, status, created_at, resolved_at)
      VALUES (@id, @accountId, @attemptId, @amountCents, @currency, @dueDate, @installmentsJson, @status, @createdAt, @resolvedAt)
      ON CONFLICT(id) DO UPDATE SET status = excluded.status, resolved_at = excluded.resolved_at`),
    upsertCallback: db.prepare(`INSERT INTO callbacks (id, account_id, attempt_id, due_at, status, created_at)
      VALUES (@id, @accountId, @attemptId, @dueAt, @status, @createdAt)
      ON CONFLICT(id) DO UPDATE SET status = excluded.status, due_at = excluded.due_at`),
    // Access removed: the account leaves this desk's worklist. Its rows stay (nothing the agent saw vanishes, and
    // outbox events about it still reach the server, which records them as not assigned).
    closeAccount: db.prepare("UPDATE accounts SET status = 'closed' WHERE id = ?"),
  };
}

export function applyPullPage(store: Store, changes: readonly PullChange[], cursor: string): ApplyReport {
  let stmts = prepared.get(store);
  if (!stmts) prepared.set(store, (stmts = prepare(store)));
  const st = stmts;
  const report: ApplyReport = { applied: 0, skipped: 0, accounts: new Set(), conflicts: 0 };
  const conflicts: Conflict[] = [];
  const sorted = [...changes].sort((a, b) => order[a.entity] - order[b.entity] || a.seq - b.seq);
  const count = (applied: boolean) => (applied ? report.applied++ : report.skipped++);

  store.transaction(() => {
    // Customers and accounts: only rows newer than the local ones, written in one batch each.
    const customers = sorted.filter((c): c is Extract<PullChange, { entity: 'customer' }> => c.entity === 'customer');
    const customerVersions = localVersions(st.customerVersions, customers.map((c) => c.data.id));
    const newerCustomers = customers.filter((c) => (customerVersions.get(c.data.id) ?? 0) < c.version);
    store.upsertCustomers(newerCustomers.map((c) => ({ ...c.data, version: c.version }) satisfies Customer));
    report.applied += newerCustomers.length;
    report.skipped += customers.length - newerCustomers.length;

    const accounts = sorted.filter((c): c is Extract<PullChange, { entity: 'account' }> => c.entity === 'account');
    const accountVersions = localVersions(st.accountVersions, accounts.map((c) => c.data.id));
    const newerAccounts = accounts.filter((c) => (accountVersions.get(c.data.id) ?? 0) < c.version);
    store.upsertAccounts(newerAccounts.map((c) => ({ ...c.data, version: c.version }) satisfies Account));
    report.applied += newerAccounts.length;
    report.skipped += accounts.length - newerAccounts.length;
    for (const c of newerAccounts) report.accounts.add(c.data.id);

    // History needs its account locally: the page's own accounts plus those already here.
    const known = new Set<string>([...accountVersions.keys(), ...accounts.map((c) => c.data.id)]);
    const historyAccounts = new Set<string>();
    for (const c of sorted) {
      if (c.entity === 'contact_attempt' || c.entity === 'promise' || c.entity === 'callback' || c.entity === 'payment') {
        if (!known.has(c.data.accountId)) historyAccounts.add(c.data.accountId);
      }
    }
    for (const id of localVersions(st.accountVersions, [...historyAccounts]).keys()) known.add(id);

    const payments: Payment[] = [];
    for (const change of sorted) {
      switch (change.entity) {
        case 'customer':
        case 'account':
          break; // written above
        case 'assignment':
          // The server scopes what this desk sees; the assignment itself needs no local row.
          count(false);
          break;
        case 'contact_attempt':
          if (!known.has(change.data.accountId)) count(false);
          else {
            report.accounts.add(change.data.accountId);
            count(st.insertAttempt.run(change.data).changes > 0);
          }
          break;
        case 'promise': {
          if (!known.has(change.data.accountId)) {
            count(false);
            break;
          }
          const p: PaymentPromise = change.data;
          st.upsertPromise.run({ ...p, installmentsJson: JSON.stringify(p.installments) });
          report.accounts.add(p.accountId);
          count(true);
          break;
        }
        case 'callback':
          if (!known.has(change.data.accountId)) count(false);
          else {
            st.upsertCallback.run(change.data);
            report.accounts.add(change.data.accountId);
            count(true);
          }
          break;
        case 'payment':
          if (!known.has(change.data.accountId)) count(false);
          else {
            payments.push(change.data);
            report.accounts.add(change.data.accountId);
            count(true);
          }
          break;
        case 'conflict':
          conflicts.push(change.data);
          count(true);
          break;
        case 'access_revoked':
          st.closeAccount.run(change.data.accountId);
          report.accounts.add(change.data.accountId);
          count(true);
          break;
      }
    }
    store.insertPayments(payments);
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
}

function localVersions(lookup: Statements['customerVersions'], ids: string[]): Map<string, number> {
  const found = new Map<string, number>();
  const CHUNK = 5000;
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const [id, version] of lookup.all(JSON.stringify(ids.slice(i, i + CHUNK))) as Array<[string, number]>) found.set(id, Number(version));
  }
  return found;
}

export function storedConflicts(store: Store): Conflict[] {
  return JSON.parse(store.getMeta(CONFLICTS_KEY) ?? '[]') as Conflict[];
}
