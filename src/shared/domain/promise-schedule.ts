// Where a promise stands against the payments made since it was given. A plan is kept installment by
// installment: payments fill the installments in date order, and the promise is next due on the first one not
// yet covered. Used by the worklist (a plan whose first installment was paid is not "broken") and the timeline.
import type { CalendarDate } from '../model';

export interface PromiseTerms {
  amountCents: number;
  dueDate: CalendarDate;
  installments: ReadonlyArray<{ dueDate: CalendarDate; amountCents: number }>;
}

export interface PromiseStanding {
  /** The date of the first installment not yet covered; null when payments cover the whole promise. */
  nextDueDate: CalendarDate | null;
  /** What is still owed on the promise. */
  outstandingCents: number;
}

export function promiseStanding(terms: PromiseTerms, paidSinceCents: number): PromiseStanding {
  const schedule = terms.installments.length
    ? [...terms.installments].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))
    : [{ dueDate: terms.dueDate, amountCents: terms.amountCents }];
  const total = schedule.reduce((sum, i) => sum + i.amountCents, 0);
  let cumulative = 0;
  for (const installment of schedule) {
    cumulative += installment.amountCents;
    if (paidSinceCents < cumulative) {
      return { nextDueDate: installment.dueDate, outstandingCents: total - Math.max(0, paidSinceCents) };
    }
  }
  return { nextDueDate: null, outstandingCents: 0 };
}

/** A pending promise is overdue once its next due date has passed (the day after, it counts as broken). */
export function isPromiseOverdue(standing: PromiseStanding, today: CalendarDate): boolean {
  return standing.nextDueDate !== null && standing.nextDueDate < today;
}
