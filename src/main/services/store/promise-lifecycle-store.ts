// The promise lifecycle on the desk (issue 6): pending promises are checked against the account's payments with
// promise-schedule.ts's promiseLifecycle, in the customer's calendar. The day after a due date passed without the
// payments covering it, the promise is broken (with a `promise.broken` outbox event for the server); payments made
// in time mark it kept (no event: the server marks kept itself when it imports the payments).
import { startOfDayIn, todayIn } from '../../../shared/domain/dates';
import { promiseLifecycle } from '../../../shared/domain/promise-schedule';
import { isValidTimeZone } from '../../../shared/domain/time-zone';
import type { PromiseBroken } from '../../../shared/sync';
import type { Store } from './repositories';

type Row = Record<string, unknown>;

export interface LifecycleChanges {
  broken: string[];
  kept: string[];
  /** Accounts whose promises changed: their queue columns were refreshed; the worklist must rescore them. */
  accounts: string[];
}

/** Checks the pending promises (of one account, or all) on `now` and writes what changed, in one transaction. */
export function applyPromiseLifecycle(store: Store, now: number, fallbackZone: string, accountId?: string): LifecycleChanges {
  const db = store.db;
  const pending = db
    .prepare(
      `SELECT p.id, p.account_id, p.amount_cents, p.due_date, p.installments_json, p.created_at, c.time_zone
       FROM promises p JOIN accounts a ON a.id = p.account_id JOIN customers c ON c.id = a.customer_id
       WHERE p.status = 'pending'${accountId ? ' AND p.account_id = ?' : ''}`,
    )
    .all(...(accountId ? [accountId] : [])) as Row[];
  const changes: LifecycleChanges = { broken: [], kept: [], accounts: [] };
  if (pending.length === 0) return changes;
  const paymentsOf = db.prepare('SELECT amount_cents, paid_on FROM payments WHERE account_id = ?');
  const setStatus = db.prepare("UPDATE promises SET status = ?, resolved_at = ? WHERE id = ? AND status = 'pending'");
  const touched = new Set<string>();

  store.transaction(() => {
    for (const r of pending) {
      const zone = isValidTimeZone(String(r.time_zone)) ? String(r.time_zone) : fallbackZone;
      const account = String(r.account_id);
      const payments = (paymentsOf.all(account) as Row[]).map((p) => ({ amountCents: Number(p.amount_cents), paidOn: String(p.paid_on) }));
      const life = promiseLifecycle(
        {
          amountCents: Number(r.amount_cents),
          dueDate: String(r.due_date),
          installments: JSON.parse(String(r.installments_json)) as Array<{ dueDate: string; amountCents: number }>,
          status: 'pending',
          createdOn: todayIn(zone, Number(r.created_at)),
        },
        payments,
        todayIn(zone, now),
      );
      const id = String(r.id);
      if (life.status === 'broken' && life.brokenOn !== null) {
        // Broken from the start of that day in the customer's calendar (what the worklist's score reads back).
        const at = Math.min(now, startOfDayIn(life.brokenOn, zone));
        setStatus.run('broken', at, id);
        const event: PromiseBroken = { accountId: account, promiseId: id, brokenOn: life.brokenOn, at };
        store.appendEvent('promise.broken', event);
        changes.broken.push(id);
        touched.add(account);
      } else if (life.status === 'kept') {
        setStatus.run('kept', now, id);
        changes.kept.push(id);
        touched.add(account);
      }
    }
    for (const account of touched) store.refreshDerived(account);
  });
  changes.accounts = [...touched];
  return changes;
}
