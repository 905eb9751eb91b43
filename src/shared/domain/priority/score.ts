// Explainable prioritization: a score per account from named, weighted factors, each returned as a reason with
// its numbers so the agent sees why ("R$ 4.320,00 · 47 days late · broken promise 3 days ago · ..."). Formatting
// belongs to the UI; shared code only carries the numbers. Pure and deterministic.
import type { Account, CalendarDate, Callback, ContactAttempt, Customer, Payment, PaymentPromise } from '../../model';
import { addDays, daysPastDue, diffDays, dpdBucket, todayIn } from '../dates';
import { isPromiseOverdue, promiseStanding } from '../promise-schedule';
import { isValidTimeZone } from '../time-zone';
import { propensity, type DelinquencyRecord } from './propensity';
import type { Strategy } from './strategy';

const MS_PER_MINUTE = 60_000;
const WEEK_MS = 7 * 86_400_000;

export type PriorityReasonCode =
  | 'callback_due'
  | 'callback_scheduled'
  | 'broken_promise'
  | 'promise_due_today'
  | 'days_past_due'
  | 'balance'
  | 'propensity'
  | 'contact_window_open'
  | 'contact_window_closed'
  | 'attempts_this_week';

export interface PriorityReason {
  code: PriorityReasonCode;
  /** The factor's weight in the strategy. */
  weight: number;
  /** What it added to the score (negative for penalties). */
  contribution: number;
  params: Record<string, string | number | boolean | null>;
}

export interface PriorityResult {
  score: number;
  /** Highest contribution first. */
  reasons: PriorityReason[];
}

export interface PriorityHistory {
  payments: ReadonlyArray<Pick<Payment, 'accountId' | 'amountCents' | 'receivedAt'>>;
  attempts: ReadonlyArray<Pick<ContactAttempt, 'accountId' | 'startedAt' | 'direction'>>;
  promises: ReadonlyArray<
    Pick<PaymentPromise, 'accountId' | 'amountCents' | 'dueDate' | 'installments' | 'status' | 'createdAt' | 'resolvedAt'>
  >;
  callbacks: ReadonlyArray<Pick<Callback, 'accountId' | 'dueAt' | 'status'>>;
  /** The creditor's payment record when the portfolio has one; otherwise it is derived from the history. */
  record?: DelinquencyRecord;
}

export interface PriorityInput {
  account: Pick<Account, 'id' | 'currentBalanceCents' | 'currency' | 'dueDate'>;
  customer: Pick<Customer, 'timeZone'>;
  /** The customer's history over all their accounts; account-level factors filter by account id. */
  history: PriorityHistory;
  now: number;
  /** The calendar date in the customer's zone (or the team's, consistently for the whole queue). */
  today: CalendarDate;
  strategy: Strategy;
  /** The contact-policy answer for the account now, or just whether contact is allowed. */
  policyResult?: { allowed: boolean; nextAllowedAt: number | null } | boolean;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** 0 at nothing, 1 at `fullAtCents` and above, logarithmic in between. */
export function balanceValue(balanceCents: number, fullAtCents: number): number {
  if (balanceCents <= 0) return 0;
  return Math.min(1, Math.log1p(balanceCents / 100) / Math.log1p(fullAtCents / 100));
}

export function score(input: PriorityInput): PriorityResult {
  const { account, history, now, today, strategy } = input;
  const f = strategy.factors;
  const reasons: PriorityReason[] = [];
  const add = (code: PriorityReasonCode, weight: number, value: number, params: PriorityReason['params']): void => {
    reasons.push({ code, weight, contribution: round(weight * value), params });
  };

  const dpd = daysPastDue(account.dueDate, today);
  const bucket = dpdBucket(dpd);
  add('days_past_due', f.daysPastDue.weight, f.daysPastDue.buckets[bucket], { daysPastDue: dpd, bucket });

  add('balance', f.balance.weight, balanceValue(account.currentBalanceCents, f.balance.fullAtCents), {
    balanceCents: account.currentBalanceCents,
    currency: account.currency,
  });

  let brokenOn: CalendarDate | null = null;
  let dueToday: { amountCents: number; dueDate: CalendarDate } | null = null;
  for (const promise of history.promises) {
    if (promise.accountId !== account.id) continue;
    let broke: CalendarDate | null = null;
    if (promise.status === 'broken') {
      broke =
        promise.resolvedAt !== null && isValidTimeZone(input.customer.timeZone)
          ? todayIn(input.customer.timeZone, promise.resolvedAt)
          : addDays(promise.dueDate, 1);
    } else if (promise.status === 'pending') {
      let paidSince = 0;
      for (const p of history.payments) if (p.accountId === account.id && p.receivedAt >= promise.createdAt) paidSince += p.amountCents;
      const standing = promiseStanding(promise, paidSince);
      // A pending promise past its date unpaid is broken from the day after (promise-schedule.ts).
      if (isPromiseOverdue(standing, today) && standing.nextDueDate !== null) broke = addDays(standing.nextDueDate, 1);
      else if (standing.nextDueDate === today) dueToday = { amountCents: standing.outstandingCents, dueDate: today };
    }
    if (broke !== null && broke <= today && (brokenOn === null || broke > brokenOn)) brokenOn = broke;
  }
  if (brokenOn !== null) {
    const daysAgo = diffDays(today, brokenOn);
    const value = Math.max(0, 1 - daysAgo / f.brokenPromise.fadeDays);
    if (value > 0) add('broken_promise', f.brokenPromise.weight, value, { daysAgo, brokenOn });
  }
  if (dueToday) add('promise_due_today', f.promiseDueToday.weight, 1, dueToday);

  let dueCallback: number | null = null;
  let laterCallback: number | null = null;
  const dueBy = now + f.callbackDue.leadMinutes * MS_PER_MINUTE;
  for (const callback of history.callbacks) {
    if (callback.accountId !== account.id || callback.status !== 'pending') continue;
    if (callback.dueAt <= dueBy) {
      if (dueCallback === null || callback.dueAt < dueCallback) dueCallback = callback.dueAt;
    } else if (laterCallback === null || callback.dueAt < laterCallback) {
      laterCallback = callback.dueAt;
    }
  }
  if (dueCallback !== null) {
    add('callback_due', f.callbackDue.weight, 1, {
      dueAt: dueCallback,
      minutesLate: Math.max(0, Math.floor((now - dueCallback) / MS_PER_MINUTE)),
    });
  } else if (laterCallback !== null) {
    add('callback_scheduled', 0, 0, { dueAt: laterCallback });
  }

  let attemptsThisWeek = 0;
  for (const attempt of history.attempts) {
    if (attempt.accountId === account.id && attempt.direction === 'outbound' && attempt.startedAt > now - WEEK_MS && attempt.startedAt <= now) {
      attemptsThisWeek += 1;
    }
  }
  if (attemptsThisWeek > 0) {
    add('attempts_this_week', f.attemptsThisWeek.weight, -Math.min(1, attemptsThisWeek / f.attemptsThisWeek.fullAt), {
      count: attemptsThisWeek,
    });
  }

  const policy = input.policyResult;
  if (policy !== undefined) {
    const allowed = typeof policy === 'boolean' ? policy : policy.allowed;
    const nextAllowedAt = typeof policy === 'boolean' ? null : policy.nextAllowedAt;
    if (allowed) add('contact_window_open', f.contactWindowOpen.weight, 1, {});
    else add('contact_window_closed', f.contactWindowOpen.weight, 0, { nextAllowedAt });
  }

  const p = propensity(
    {
      payments: history.payments,
      attempts: history.attempts,
      promises: history.promises,
      today,
      dueDate: account.dueDate,
      record: history.record,
    },
    f.propensity,
  );
  add('propensity', f.propensity.weight, p.value, {
    value: round(p.value),
    onTimeRecord: round(p.parts.onTimeRecord),
    promisesKeptShare: round(p.parts.promisesKept),
    paysAfterContact: round(p.parts.paysAfterContact),
    monthsLate: p.evidence.monthsLate,
    monthsObserved: p.evidence.monthsObserved,
    promisesKept: p.evidence.promisesKept,
    promisesBroken: p.evidence.promisesBroken,
    medianDaysToPay: p.evidence.medianDaysToPay,
    chronic: p.evidence.chronic,
    firstTimeLate: p.evidence.firstTimeLate,
  });

  reasons.sort((a, b) => b.contribution - a.contribution || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  let total = 0;
  for (const reason of reasons) total += reason.contribution;
  return { score: round(total), reasons };
}

/** Queue order: higher score first, then the older due date, then the account id, so ties never flap. */
export function compareByPriority(
  a: { score: number; dueDate: CalendarDate; accountId: string },
  b: { score: number; dueDate: CalendarDate; accountId: string },
): number {
  return b.score - a.score || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0);
}
