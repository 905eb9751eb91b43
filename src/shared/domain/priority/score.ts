// Explainable prioritization: a score per account from named, weighted factors, each returned as a reason with
// its numbers so the agent sees why ("R$ 4.320,00 · 47 days late · broken promise 3 days ago · ..."). Formatting
// belongs to the UI; shared code only carries the numbers. Pure and deterministic.
import type { Account, CalendarDate, Callback, ContactAttempt, Customer, Payment, PaymentPromise } from '../../model';
import { dpdBucket, type DpdBucket } from '../dates';
import { isPromiseOverdue, promiseStanding } from '../promise-schedule';
import { isValidTimeZone } from '../time-zone';
import { dateOfEpochDay, epochDayOf, localDateIn } from './day-cache';
import { propensityFigures, scanAttempts, type DelinquencyRecord, type PropensityFigures } from './propensity';
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

function byContribution(a: PriorityReason, b: PriorityReason): number {
  return b.contribution - a.contribution || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

// Reason codes by their alphabetical order (the tie-break of byContribution), as small integers for the hot path.
const C_ATTEMPTS = 0;
const C_BALANCE = 1;
const C_BROKEN = 2;
const C_CALLBACK_DUE = 3;
const C_CALLBACK_LATER = 4;
const C_WINDOW_CLOSED = 5;
const C_WINDOW_OPEN = 6;
const C_DPD = 7;
const C_DUE_TODAY = 8;
const C_PROPENSITY = 9;

/**
 * One account's score with everything its reasons say, as flat fields: ranking keeps one small object per account
 * (cheap to make and to keep for 20,000 of them) and `reasonsOf` spells the reasons out for the rows on screen.
 * `reasonsOf(scoreCard(x))` is exactly `score(x).reasons`; the score is summed in the same order.
 */
export interface ScoreCard extends PropensityFigures {
  readonly accountId: string;
  readonly dueDate: CalendarDate;
  readonly today: CalendarDate;
  readonly now: number;
  readonly balanceCents: number;
  readonly currency: string;
  readonly strategy: Strategy;
  score: number;
  dpd: number;
  bucket: DpdBucket;
  brokenOn: CalendarDate | null;
  brokenDaysAgo: number;
  dueTodayCents: number | null;
  callbackDueAt: number | null;
  laterCallbackAt: number | null;
  attemptsThisWeek: number;
  /** 1 open, 0 closed, -1 no policy answer given. */
  window: number;
  nextAllowedAt: number | null;
  // Each factor's contribution (NaN when the factor gave no reason).
  cDpd: number;
  cBalance: number;
  cBroken: number;
  cDueToday: number;
  cCallback: number;
  cAttempts: number;
  cWindow: number;
  cPropensity: number;
  // The propensity's figures (PropensityFigures) sit in the card itself: one object per account, not two.
}

// One literal shape for every card (fields always in this order), so the ranking loop stays monomorphic.
function newCard(account: PriorityInput['account'], today: CalendarDate, now: number, strategy: Strategy): ScoreCard {
  return {
    accountId: account.id,
    dueDate: account.dueDate,
    today,
    now,
    balanceCents: account.currentBalanceCents,
    currency: account.currency,
    strategy,
    score: 0,
    dpd: 0,
    bucket: 'current',
    brokenOn: null,
    brokenDaysAgo: 0,
    dueTodayCents: null,
    callbackDueAt: null,
    laterCallbackAt: null,
    attemptsThisWeek: 0,
    window: -1,
    nextAllowedAt: null,
    cDpd: 0,
    cBalance: 0,
    cBroken: Number.NaN,
    cDueToday: Number.NaN,
    cCallback: Number.NaN,
    cAttempts: Number.NaN,
    cWindow: Number.NaN,
    cPropensity: 0,
    value: 0,
    onTimeRecord: 0,
    promisesKeptShare: 0,
    paysAfterContact: 0,
    monthsLate: 0,
    monthsObserved: 0,
    promisesKept: 0,
    promisesBroken: 0,
    medianDaysToPay: null,
    chronic: false,
    firstTimeLate: false,
  };
}

// Scratch for ordering a card's contributions (at most 8 reasons) without allocating.
const orderValues = new Float64Array(10);
const orderCodes = new Int8Array(10);

/** Sums contributions in byContribution order (highest first, then by code), as score() always has. */
function orderedSum(n: number): number {
  for (let i = 1; i < n; i += 1) {
    const v = orderValues[i] as number;
    const c = orderCodes[i] as number;
    let j = i - 1;
    for (; j >= 0; j -= 1) {
      const d = v - (orderValues[j] as number);
      if (d > 0 || (!(d < 0) && c < (orderCodes[j] as number))) {
        orderValues[j + 1] = orderValues[j] as number;
        orderCodes[j + 1] = orderCodes[j] as number;
      } else break;
    }
    orderValues[j + 1] = v;
    orderCodes[j + 1] = c;
  }
  let total = 0;
  for (let i = 0; i < n; i += 1) total += orderValues[i] as number;
  return total;
}

// The hot path of ranking: one call per account, so no closures, no Date or Intl work per item (day-cache.ts
// memoizes the calendar), no arrays built just to be counted or sorted.
export function scoreCard(input: PriorityInput): ScoreCard {
  const { account, history, now, today, strategy } = input;
  const f = strategy.factors;
  const card = newCard(account, today, now, strategy);
  let n = 0;

  const todayDay = epochDayOf(today);
  const dpd = Math.max(0, todayDay - epochDayOf(account.dueDate));
  const bucket = dpdBucket(dpd);
  card.dpd = dpd;
  card.bucket = bucket;
  card.cDpd = round(f.daysPastDue.weight * f.daysPastDue.buckets[bucket]);
  orderValues[n] = card.cDpd;
  orderCodes[n++] = C_DPD;
  card.cBalance = round(f.balance.weight * balanceValue(account.currentBalanceCents, f.balance.fullAtCents));
  orderValues[n] = card.cBalance;
  orderCodes[n++] = C_BALANCE;

  let brokenOn: CalendarDate | null = null;
  let dueTodayCents: number | null = null;
  for (const promise of history.promises) {
    if (promise.accountId !== account.id) continue;
    let broke: CalendarDate | null = null;
    if (promise.status === 'broken') {
      broke =
        promise.resolvedAt !== null && isValidTimeZone(input.customer.timeZone)
          ? localDateIn(input.customer.timeZone, promise.resolvedAt)
          : dateOfEpochDay(epochDayOf(promise.dueDate) + 1);
    } else if (promise.status === 'pending') {
      let paidSince = 0;
      for (const p of history.payments) if (p.accountId === account.id && p.receivedAt >= promise.createdAt) paidSince += p.amountCents;
      const standing = promiseStanding(promise, paidSince);
      // A pending promise past its date unpaid is broken from the day after (promise-schedule.ts).
      if (isPromiseOverdue(standing, today) && standing.nextDueDate !== null) broke = dateOfEpochDay(epochDayOf(standing.nextDueDate) + 1);
      else if (standing.nextDueDate === today) dueTodayCents = standing.outstandingCents;
    }
    if (broke !== null && broke <= today && (brokenOn === null || broke > brokenOn)) brokenOn = broke;
  }
  if (brokenOn !== null) {
    const daysAgo = todayDay - epochDayOf(brokenOn);
    const value = Math.max(0, 1 - daysAgo / f.brokenPromise.fadeDays);
    if (value > 0) {
      card.brokenOn = brokenOn;
      card.brokenDaysAgo = daysAgo;
      card.cBroken = round(f.brokenPromise.weight * value);
      orderValues[n] = card.cBroken;
      orderCodes[n++] = C_BROKEN;
    }
  }
  if (dueTodayCents !== null) {
    card.dueTodayCents = dueTodayCents;
    card.cDueToday = round(f.promiseDueToday.weight);
    orderValues[n] = card.cDueToday;
    orderCodes[n++] = C_DUE_TODAY;
  }

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
    card.callbackDueAt = dueCallback;
    card.cCallback = round(f.callbackDue.weight);
    orderValues[n] = card.cCallback;
    orderCodes[n++] = C_CALLBACK_DUE;
  } else if (laterCallback !== null) {
    card.laterCallbackAt = laterCallback;
    card.cCallback = 0;
    orderValues[n] = 0;
    orderCodes[n++] = C_CALLBACK_LATER;
  }

  // One pass over the attempts for this count and the propensity's contacts and late months.
  const attemptsThisWeek = scanAttempts(history.attempts, todayDay, f.propensity.lookbackMonths, account.id, now - WEEK_MS, now);
  if (attemptsThisWeek > 0) {
    card.attemptsThisWeek = attemptsThisWeek;
    card.cAttempts = round(f.attemptsThisWeek.weight * -Math.min(1, attemptsThisWeek / f.attemptsThisWeek.fullAt));
    orderValues[n] = card.cAttempts;
    orderCodes[n++] = C_ATTEMPTS;
  }

  const policy = input.policyResult;
  if (policy !== undefined) {
    const allowed = typeof policy === 'boolean' ? policy : policy.allowed;
    const w = f.contactWindowOpen.weight;
    card.window = allowed ? 1 : 0;
    card.cWindow = allowed ? round(w) : round(w * 0);
    if (!allowed) card.nextAllowedAt = typeof policy === 'boolean' ? null : policy.nextAllowedAt;
    orderValues[n] = card.cWindow;
    orderCodes[n++] = allowed ? C_WINDOW_OPEN : C_WINDOW_CLOSED;
  }

  const p = propensityFigures(history, todayDay, dpd, f.propensity, card);
  card.cPropensity = round(f.propensity.weight * p.value);
  orderValues[n] = card.cPropensity;
  orderCodes[n++] = C_PROPENSITY;

  card.score = round(orderedSum(n));
  return card;
}

/** The card's reasons, highest contribution first: what score() returns. */
export function reasonsOf(card: ScoreCard): PriorityReason[] {
  const f = card.strategy.factors;
  const reasons: PriorityReason[] = [
    { code: 'days_past_due', weight: f.daysPastDue.weight, contribution: card.cDpd, params: { daysPastDue: card.dpd, bucket: card.bucket } },
    {
      code: 'balance',
      weight: f.balance.weight,
      contribution: card.cBalance,
      params: { balanceCents: card.balanceCents, currency: card.currency },
    },
  ];
  if (card.brokenOn !== null) {
    reasons.push({
      code: 'broken_promise',
      weight: f.brokenPromise.weight,
      contribution: card.cBroken,
      params: { daysAgo: card.brokenDaysAgo, brokenOn: card.brokenOn },
    });
  }
  if (card.dueTodayCents !== null) {
    reasons.push({
      code: 'promise_due_today',
      weight: f.promiseDueToday.weight,
      contribution: card.cDueToday,
      params: { amountCents: card.dueTodayCents, dueDate: card.today },
    });
  }
  if (card.callbackDueAt !== null) {
    reasons.push({
      code: 'callback_due',
      weight: f.callbackDue.weight,
      contribution: card.cCallback,
      params: { dueAt: card.callbackDueAt, minutesLate: Math.max(0, Math.floor((card.now - card.callbackDueAt) / MS_PER_MINUTE)) },
    });
  } else if (card.laterCallbackAt !== null) {
    reasons.push({ code: 'callback_scheduled', weight: 0, contribution: 0, params: { dueAt: card.laterCallbackAt } });
  }
  if (card.attemptsThisWeek > 0) {
    reasons.push({
      code: 'attempts_this_week',
      weight: f.attemptsThisWeek.weight,
      contribution: card.cAttempts,
      params: { count: card.attemptsThisWeek },
    });
  }
  if (card.window === 1) reasons.push({ code: 'contact_window_open', weight: f.contactWindowOpen.weight, contribution: card.cWindow, params: {} });
  else if (card.window === 0) {
    reasons.push({
      code: 'contact_window_closed',
      weight: f.contactWindowOpen.weight,
      contribution: card.cWindow,
      params: { nextAllowedAt: card.nextAllowedAt },
    });
  }
  const p = card;
  reasons.push({
    code: 'propensity',
    weight: f.propensity.weight,
    contribution: card.cPropensity,
    params: {
      value: round(p.value),
      onTimeRecord: round(p.onTimeRecord),
      promisesKeptShare: round(p.promisesKeptShare),
      paysAfterContact: round(p.paysAfterContact),
      monthsLate: p.monthsLate,
      monthsObserved: p.monthsObserved,
      promisesKept: p.promisesKept,
      promisesBroken: p.promisesBroken,
      medianDaysToPay: p.medianDaysToPay,
      chronic: p.chronic,
      firstTimeLate: p.firstTimeLate,
    },
  });
  reasons.sort(byContribution);
  return reasons;
}

export function score(input: PriorityInput): PriorityResult {
  const card = scoreCard(input);
  return { score: card.score, reasons: reasonsOf(card) };
}

/** Queue order: higher score first, then the older due date, then the account id, so ties never flap. */
export function compareByPriority(
  a: { score: number; dueDate: CalendarDate; accountId: string },
  b: { score: number; dueDate: CalendarDate; accountId: string },
): number {
  return b.score - a.score || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0);
}

/**
 * Sorts in compareByPriority order, fast: a score card's score is a multiple of 1e-6, so score and position pack
 * into one number and a native numeric sort does the bulk (no JS comparator on 20,000 items); runs of equal
 * scores are then ordered by compareByPriority itself. Falls back to a plain sort when the numbers do not fit.
 */
export function sortByPriority<T extends { score: number; dueDate: CalendarDate; accountId: string }>(items: T[]): T[] {
  const n = items.length;
  if (n < 64) return items.sort(compareByPriority);
  let lo = Infinity;
  let hi = -Infinity;
  const micro = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const m = Math.round((items[i] as T).score * 1e6);
    micro[i] = m;
    if (m < lo) lo = m;
    if (m > hi) hi = m;
  }
  const slots = 2 ** Math.ceil(Math.log2(n));
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || (hi - lo + 1) * slots > Number.MAX_SAFE_INTEGER) return items.sort(compareByPriority);
  // Highest score first: the key grows as the score falls; the position breaks ties until the runs are fixed up.
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i += 1) keys[i] = (hi - (micro[i] as number)) * slots + i;
  keys.sort();
  const sorted = new Array<T>(n);
  for (let i = 0; i < n; i += 1) sorted[i] = items[(keys[i] as number) % slots] as T;
  for (let start = 0; start < n; ) {
    const key = Math.floor((keys[start] as number) / slots);
    let end = start + 1;
    while (end < n && Math.floor((keys[end] as number) / slots) === key) end += 1;
    if (end - start > 1) {
      const run = sorted.slice(start, end).sort(compareByPriority);
      for (let i = 0; i < run.length; i += 1) sorted[start + i] = run[i] as T;
    }
    start = end;
  }
  for (let i = 0; i < n; i += 1) items[i] = sorted[i] as T;
  return items;
}
