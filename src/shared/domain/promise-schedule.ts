// Where a promise stands against the payments made since it was given. A plan is kept installment by
// installment: payments fill the installments in date order, and the promise is next due on the first one not
// yet covered. Used by the worklist (a plan whose first installment was paid is not "broken") and the timeline.
import type { CalendarDate } from '../model';
import { addDays } from './dates';

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

// ---- The promise lifecycle (issue 6) ----
// pending → kept | broken | cancelled, derived from the payments' own dates (paidOn), not from when they were
// imported: a payment made on the due date and imported three days later still keeps the promise, and the answer
// does not depend on which job ran first. Cancelled is an agent's act, so a stored "cancelled" stays.

export type InstallmentState =
  /** Covered by payments made on or before its due date. */
  | 'paid'
  /** Due today or later and not yet covered. */
  | 'upcoming'
  /** Its due date has passed without enough paid by then: the promise is broken. */
  | 'missed';

export interface InstallmentStanding {
  seq: number;
  dueDate: CalendarDate;
  amountCents: number;
  /** What the payments made so far (by `today`, any date) cover of it, filled in date order. */
  paidCents: number;
  state: InstallmentState;
}

export interface PromiseLifecycleInput extends PromiseTerms {
  /** The stored status: only "cancelled" is kept as is, the rest is derived. */
  status: 'pending' | 'kept' | 'broken' | 'cancelled';
  /** The customer's calendar date when the promise was given; payments before it do not count. */
  createdOn: CalendarDate;
}

export interface PromiseLifecycle {
  status: 'pending' | 'kept' | 'broken' | 'cancelled';
  installments: InstallmentStanding[];
  /** The first installment not yet covered; null when kept, or cancelled. */
  nextDueDate: CalendarDate | null;
  outstandingCents: number;
  /** The day after the first missed due date: when the promise broke. */
  brokenOn: CalendarDate | null;
  /** The date of the payment that completed the promise in time. */
  keptOn: CalendarDate | null;
  /** Broken, yet payments made since have covered the whole promise (late): worth a softer follow-up. */
  paidAfterBreak: boolean;
  createdOn: CalendarDate;
}

function byDate<T extends { dueDate: CalendarDate }>(a: T, b: T): number {
  return a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0;
}

/**
 * Where a promise stands on `today` (the customer's calendar date) given the account's payments. An installment
 * is met when the payments made from the promise's day up to its due date cover it and every one before it; the
 * day after a due date that was not met, the promise is broken.
 */
export function promiseLifecycle(
  promise: PromiseLifecycleInput,
  payments: ReadonlyArray<{ amountCents: number; paidOn: CalendarDate }>,
  today: CalendarDate,
): PromiseLifecycle {
  const schedule = promise.installments.length
    ? [...promise.installments].sort(byDate)
    : [{ dueDate: promise.dueDate, amountCents: promise.amountCents }];
  const counted = payments
    .filter((p) => p.amountCents > 0 && p.paidOn >= promise.createdOn && p.paidOn <= today)
    .sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : 0));
  const paidBy = (date: CalendarDate): number => counted.reduce((sum, p) => (p.paidOn <= date ? sum + p.amountCents : sum), 0);
  const totalPaid = paidBy(today);
  const total = schedule.reduce((sum, i) => sum + i.amountCents, 0);

  let cumulative = 0;
  let brokenOn: CalendarDate | null = null;
  const installments: InstallmentStanding[] = schedule.map((installment, i) => {
    const before = cumulative;
    cumulative += installment.amountCents;
    const paidCents = Math.min(installment.amountCents, Math.max(0, totalPaid - before));
    let state: InstallmentState;
    if (paidBy(installment.dueDate) >= cumulative) state = 'paid';
    else if (installment.dueDate < today) {
      state = 'missed';
      brokenOn ??= addDays(installment.dueDate, 1);
    } else state = 'upcoming';
    return { seq: i + 1, dueDate: installment.dueDate, amountCents: installment.amountCents, paidCents, state };
  });

  let keptOn: CalendarDate | null = null;
  if (brokenOn === null && totalPaid >= total) {
    let running = 0;
    for (const p of counted) {
      running += p.amountCents;
      if (running >= total) {
        keptOn = p.paidOn;
        break;
      }
    }
  }
  const status = promise.status === 'cancelled' ? 'cancelled' : brokenOn !== null ? 'broken' : keptOn !== null ? 'kept' : 'pending';
  const next = installments.find((i) => i.paidCents < i.amountCents);
  return {
    status,
    installments,
    nextDueDate: status === 'cancelled' || !next ? null : next.dueDate,
    outstandingCents: status === 'cancelled' ? 0 : Math.max(0, total - totalPaid),
    brokenOn,
    keptOn,
    paidAfterBreak: brokenOn !== null && totalPaid >= total,
    createdOn: promise.createdOn,
  };
}

export type PromiseReminder =
  | { kind: 'message'; template: 'promise_reminder'; on: CalendarDate; installmentSeq: number; dueDate: CalendarDate; amountCents: number; key: string }
  | { kind: 'callback'; reason: 'broken_promise'; on: CalendarDate; installmentSeq: number; dueDate: CalendarDate; key: string }
  | { kind: 'message'; template: 'thank_you'; on: CalendarDate; key: string };

export interface ReminderOptions {
  /** Days before each due date the reminder message goes out (default 1); 0 sends none. */
  messageDaysBefore?: number;
  /** A callback the day after a missed installment (default true). */
  callbackAfterMiss?: boolean;
  /** A thank-you message once kept: for a good payer with a one-off delay (default false). */
  thankYou?: boolean;
}

/**
 * Every follow-up the promise calls for, past and future, each with the day it is due and a stable `key` so a
 * scheduler creates it once: a message before each installment still open, a callback the day after the
 * promise broke (the reminders of later installments stop: the account goes back to the queue), and optionally a
 * thank-you once kept. No reminder falls on or before the day the promise was given (the agent just spoke to
 * the customer). Hours and consent are the contact policy's job when the reminder is sent.
 */
export function promiseReminders(lifecycle: PromiseLifecycle, options: ReminderOptions = {}): PromiseReminder[] {
  const daysBefore = options.messageDaysBefore ?? 1;
  const reminders: PromiseReminder[] = [];
  if (lifecycle.status === 'cancelled') return reminders;
  for (const installment of lifecycle.installments) {
    if (lifecycle.brokenOn !== null && installment.dueDate >= lifecycle.brokenOn) break;
    if (daysBefore <= 0 || installment.state === 'paid') continue;
    const on = addDays(installment.dueDate, -daysBefore);
    if (on <= lifecycle.createdOn) continue;
    reminders.push({
      kind: 'message',
      template: 'promise_reminder',
      on,
      installmentSeq: installment.seq,
      dueDate: installment.dueDate,
      amountCents: installment.amountCents - installment.paidCents,
      key: `reminder:${installment.seq}`,
    });
  }
  if (lifecycle.brokenOn !== null && (options.callbackAfterMiss ?? true)) {
    const missed = lifecycle.installments.find((i) => i.state === 'missed');
    if (missed) {
      reminders.push({ kind: 'callback', reason: 'broken_promise', on: lifecycle.brokenOn, installmentSeq: missed.seq, dueDate: missed.dueDate, key: `broken:${missed.seq}` });
    }
  }
  if (lifecycle.status === 'kept' && lifecycle.keptOn !== null && options.thankYou) {
    reminders.push({ kind: 'message', template: 'thank_you', on: lifecycle.keptOn, key: 'thank_you' });
  }
  return reminders;
}

/**
 * The reminders due on `today`, plus any from earlier days not yet done (`done` holds their keys) — except a
 * "your payment is due" message whose due date has already passed, which would be wrong to send.
 */
export function remindersDue(reminders: readonly PromiseReminder[], today: CalendarDate, done: ReadonlySet<string> = new Set()): PromiseReminder[] {
  return reminders.filter(
    (r) => r.on <= today && !done.has(r.key) && !(r.kind === 'message' && r.template === 'promise_reminder' && r.dueDate < today),
  );
}
