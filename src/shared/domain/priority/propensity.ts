// Propensity to pay from the customer's own history: a transparent blend of three parts a supervisor can read,
// not a black-box model. Each part is 0..1 (1 = likely to pay); missing evidence counts as neutral (0.5).
import type { CalendarDate, ContactAttempt, Payment, PaymentPromise } from '../../model';
import { daysPastDue, diffDays, fromEpochDay } from '../dates';
import { defaultStrategy, type PropensityConfig } from './strategy';

const MS_PER_DAY = 86_400_000;
/** A "month" of the record is a 30-day slot counted back from today, so every slot has the same length. */
const SLOT_DAYS = 30;
/** A payment further than this from the last contact is not read as a response to it. */
const RESPONSE_HORIZON_DAYS = 60;

/** Months late out of months observed, when the portfolio supplies the creditor's own payment record. */
export interface DelinquencyRecord {
  monthsObserved: number;
  monthsLate: number;
}

export interface PropensityHistory {
  payments: ReadonlyArray<Pick<Payment, 'receivedAt'>>;
  attempts: ReadonlyArray<Pick<ContactAttempt, 'startedAt' | 'direction'>>;
  promises: ReadonlyArray<Pick<PaymentPromise, 'status' | 'createdAt'>>;
  today: CalendarDate;
  /** The current debt's due date: its delinquency counts as late months. */
  dueDate?: CalendarDate;
  record?: DelinquencyRecord;
}

export interface Propensity {
  /** 0..1, the weighted blend of the parts. */
  value: number;
  parts: { onTimeRecord: number; promisesKept: number; paysAfterContact: number };
  evidence: {
    monthsLate: number;
    monthsObserved: number;
    promisesKept: number;
    promisesBroken: number;
    /** Median days from a contact to the payment that followed it; null without such a payment. */
    medianDaysToPay: number | null;
    /** Late in 3 or more months of the record. */
    chronic: boolean;
    /** Late in at most one month and no promise ever broken. */
    firstTimeLate: boolean;
  };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function dateOf(instant: number): CalendarDate {
  return fromEpochDay(Math.floor(instant / MS_PER_DAY));
}

/** Late months: 30-day slots of the lookback with collection activity or inside the current delinquency. */
function lateMonths(history: PropensityHistory, lookbackMonths: number): number {
  const late = new Set<number>();
  const dpd = history.dueDate ? daysPastDue(history.dueDate, history.today) : 0;
  for (let slot = 0; slot * SLOT_DAYS < dpd && slot < lookbackMonths; slot += 1) late.add(slot);
  const mark = (instant: number): void => {
    const slot = Math.floor(diffDays(history.today, dateOf(instant)) / SLOT_DAYS);
    if (slot >= 0 && slot < lookbackMonths) late.add(slot);
  };
  for (const attempt of history.attempts) if (attempt.direction === 'outbound') mark(attempt.startedAt);
  for (const promise of history.promises) mark(promise.createdAt);
  return late.size;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Days from the latest outbound contact before each payment to that payment (one pass over sorted contacts). */
function daysToPay(history: PropensityHistory): number[] {
  const contacts = history.attempts
    .filter((a) => a.direction === 'outbound')
    .map((a) => a.startedAt)
    .sort((a, b) => a - b);
  if (contacts.length === 0) return [];
  const payments = history.payments.map((p) => p.receivedAt).sort((a, b) => a - b);
  const out: number[] = [];
  let i = -1;
  for (const paidAt of payments) {
    while (i + 1 < contacts.length && (contacts[i + 1] as number) <= paidAt) i += 1;
    if (i < 0) continue;
    const days = (paidAt - (contacts[i] as number)) / MS_PER_DAY;
    if (days <= RESPONSE_HORIZON_DAYS) out.push(days);
  }
  return out;
}

export function propensity(history: PropensityHistory, config: PropensityConfig = defaultStrategy.factors.propensity): Propensity {
  const record = history.record;
  const monthsObserved = record ? Math.max(0, record.monthsObserved) : config.lookbackMonths;
  const monthsLate = record ? Math.min(Math.max(0, record.monthsLate), monthsObserved) : lateMonths(history, config.lookbackMonths);
  const onTimeRecord = monthsObserved > 0 ? 1 - monthsLate / monthsObserved : 0.5;

  let kept = 0;
  let broken = 0;
  for (const promise of history.promises) {
    if (promise.status === 'kept') kept += 1;
    else if (promise.status === 'broken') broken += 1;
  }
  // Laplace's rule: no promises yet reads as an even chance, and one kept promise is not certainty.
  const promisesKept = (kept + 1) / (kept + broken + 2);

  const medianDaysToPay = median(daysToPay(history));
  // Paying the day after a call is the best sign; a month later says the call hardly mattered.
  const paysAfterContact = medianDaysToPay === null ? 0.5 : clamp01(1 - (medianDaysToPay - 1) / 29);

  const parts = { onTimeRecord: clamp01(onTimeRecord), promisesKept, paysAfterContact };
  const w = config.parts;
  const total = w.onTimeRecord + w.promisesKept + w.paysAfterContact;
  const value =
    total > 0
      ? (w.onTimeRecord * parts.onTimeRecord + w.promisesKept * parts.promisesKept + w.paysAfterContact * parts.paysAfterContact) /
        total
      : 0.5;
  return {
    value: clamp01(value),
    parts,
    evidence: {
      monthsLate,
      monthsObserved,
      promisesKept: kept,
      promisesBroken: broken,
      medianDaysToPay,
      chronic: monthsLate >= 3,
      firstTimeLate: monthsLate <= 1 && broken === 0,
    },
  };
}
