// Propensity to pay from the customer's own history: a transparent blend of three parts a supervisor can read,
// not a black-box model. Each part is 0..1 (1 = likely to pay); missing evidence counts as neutral (0.5).
import type { CalendarDate, ContactAttempt, Payment, PaymentPromise } from '../../model';
import { epochDayOf } from './day-cache';
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

// Scratch buffers reused across calls: scoring 20,000 accounts must not allocate arrays per account just to sort
// a handful of instants. Safe because nothing here is re-entered.
let contactsBuf: Float64Array = new Float64Array(64);
let paymentsBuf: Float64Array = new Float64Array(64);
let delaysBuf: Float64Array = new Float64Array(64);
const SLOT_MARKS = new Uint8Array(61);

function grown(buf: Float64Array, n: number): Float64Array {
  if (n <= buf.length) return buf;
  let size = buf.length;
  while (size < n) size *= 2;
  return new Float64Array(size);
}

/** Sorts buf[0..n) ascending: insertion sort for the usual handful, the typed array's own sort beyond. */
function sortPrefix(buf: Float64Array, n: number): void {
  if (n > 24) {
    buf.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i += 1) {
    const v = buf[i] as number;
    let j = i - 1;
    while (j >= 0 && (buf[j] as number) > v) {
      buf[j + 1] = buf[j] as number;
      j -= 1;
    }
    buf[j + 1] = v;
  }
}

/**
 * One pass over a customer's attempts, the only per-attempt work ranking does: each outbound contact's instant is
 * kept (sorted later for the days-to-pay median) and its 30-day slot of the lookback marked late (slots counted
 * back from today by UTC calendar day). Also counts `accountId`'s outbound attempts in (weekAgo, now], which the
 * score needs; pass null to skip. The scan stays in the scratch state until the next call: `propensityFigures`
 * reads it.
 */
let scannedContacts = 0;
let scannedLateSlots = 0;
let scannedLookback = 0;
export function scanAttempts(
  attempts: ReadonlyArray<Pick<ContactAttempt, 'startedAt' | 'direction'> & { accountId?: string }>,
  todayDay: number,
  lookbackMonths: number,
  accountId: string | null,
  weekAgo: number,
  now: number,
): number {
  const marks = SLOT_MARKS;
  marks.fill(0, 0, lookbackMonths);
  const contacts = (contactsBuf = grown(contactsBuf, attempts.length));
  let nc = 0;
  let late = 0;
  let week = 0;
  for (const attempt of attempts) {
    if (attempt.direction !== 'outbound') continue;
    const t = attempt.startedAt;
    contacts[nc++] = t;
    const slot = Math.floor((todayDay - Math.floor(t / MS_PER_DAY)) / SLOT_DAYS);
    if (slot >= 0 && slot < lookbackMonths && marks[slot] === 0) {
      marks[slot] = 1;
      late += 1;
    }
    if (t > weekAgo && t <= now && accountId !== null && attempt.accountId === accountId) week += 1;
  }
  scannedContacts = nc;
  scannedLateSlots = late;
  scannedLookback = lookbackMonths;
  return week;
}

/** Late months: the scanned attempts' slots, plus the current delinquency's and the promises' (set union). */
function lateMonthsAfterScan(promises: PropensityHistory['promises'], todayDay: number, dpd: number): number {
  const marks = SLOT_MARKS;
  const lookbackMonths = scannedLookback;
  let count = scannedLateSlots;
  for (let slot = 0; slot * SLOT_DAYS < dpd && slot < lookbackMonths; slot += 1) {
    if (marks[slot] === 0) {
      marks[slot] = 1;
      count += 1;
    }
  }
  for (const promise of promises) {
    const slot = Math.floor((todayDay - Math.floor(promise.createdAt / MS_PER_DAY)) / SLOT_DAYS);
    if (slot >= 0 && slot < lookbackMonths && marks[slot] === 0) {
      marks[slot] = 1;
      count += 1;
    }
  }
  return count;
}

/**
 * Median days from the latest outbound contact before each payment to that payment (one pass over the scanned,
 * sorted contacts); null when no payment followed a contact within the response horizon.
 */
function medianDaysToPayAfterScan(payments: PropensityHistory['payments']): number | null {
  const nc = scannedContacts;
  const np = payments.length;
  if (nc === 0 || np === 0) return null;
  const contacts = contactsBuf;
  const paid = (paymentsBuf = grown(paymentsBuf, np));
  for (let k = 0; k < np; k += 1) paid[k] = (payments[k] as { receivedAt: number }).receivedAt;
  sortPrefix(contacts, nc);
  sortPrefix(paid, np);
  const delays = (delaysBuf = grown(delaysBuf, np));
  let nd = 0;
  let i = -1;
  for (let k = 0; k < np; k += 1) {
    const paidAt = paid[k] as number;
    while (i + 1 < nc && (contacts[i + 1] as number) <= paidAt) i += 1;
    if (i < 0) continue;
    const days = (paidAt - (contacts[i] as number)) / MS_PER_DAY;
    if (days <= RESPONSE_HORIZON_DAYS) delays[nd++] = days;
  }
  if (nd === 0) return null;
  sortPrefix(delays, nd);
  const mid = nd >> 1;
  return nd % 2 ? (delays[mid] as number) : ((delays[mid - 1] as number) + (delays[mid] as number)) / 2;
}

/** The propensity's numbers, flat: what the scoring hot path copies into its score card without allocating. */
export interface PropensityFigures {
  value: number;
  onTimeRecord: number;
  promisesKeptShare: number;
  paysAfterContact: number;
  monthsLate: number;
  monthsObserved: number;
  promisesKept: number;
  promisesBroken: number;
  medianDaysToPay: number | null;
  chronic: boolean;
  firstTimeLate: boolean;
}

/**
 * The propensity from epoch-day inputs (the scoring hot path has them already), written into `out`: `todayDay`
 * is today's epoch day, `dpd` the current debt's days past due (0 without one). Reads the state of the last
 * `scanAttempts` call, which must have scanned `history.attempts` with the same today and lookback.
 */
export function propensityFigures(
  history: Pick<PropensityHistory, 'payments' | 'attempts' | 'promises' | 'record'>,
  todayDay: number,
  dpd: number,
  config: PropensityConfig,
  out: PropensityFigures,
): PropensityFigures {
  const record = history.record;
  const monthsObserved = record ? Math.max(0, record.monthsObserved) : config.lookbackMonths;
  const monthsLate = record
    ? Math.min(Math.max(0, record.monthsLate), monthsObserved)
    : lateMonthsAfterScan(history.promises, todayDay, dpd);
  const onTimeRecord = monthsObserved > 0 ? 1 - monthsLate / monthsObserved : 0.5;

  let kept = 0;
  let broken = 0;
  for (const promise of history.promises) {
    if (promise.status === 'kept') kept += 1;
    else if (promise.status === 'broken') broken += 1;
  }
  // Laplace's rule: no promises yet reads as an even chance, and one kept promise is not certainty.
  const promisesKept = (kept + 1) / (kept + broken + 2);

  const medianDaysToPay = medianDaysToPayAfterScan(history.payments);
  // Paying the day after a call is the best sign; a month later says the call hardly mattered.
  const paysAfterContact = medianDaysToPay === null ? 0.5 : clamp01(1 - (medianDaysToPay - 1) / 29);

  const onTime = clamp01(onTimeRecord);
  const w = config.parts;
  const total = w.onTimeRecord + w.promisesKept + w.paysAfterContact;
  const value =
    total > 0 ? (w.onTimeRecord * onTime + w.promisesKept * promisesKept + w.paysAfterContact * paysAfterContact) / total : 0.5;
  out.value = clamp01(value);
  out.onTimeRecord = onTime;
  out.promisesKeptShare = promisesKept;
  out.paysAfterContact = paysAfterContact;
  out.monthsLate = monthsLate;
  out.monthsObserved = monthsObserved;
  out.promisesKept = kept;
  out.promisesBroken = broken;
  out.medianDaysToPay = medianDaysToPay;
  out.chronic = monthsLate >= 3;
  out.firstTimeLate = monthsLate <= 1 && broken === 0;
  return out;
}

export function emptyPropensityFigures(): PropensityFigures {
  return {
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

function toPropensity(f: PropensityFigures): Propensity {
  return {
    value: f.value,
    parts: { onTimeRecord: f.onTimeRecord, promisesKept: f.promisesKeptShare, paysAfterContact: f.paysAfterContact },
    evidence: {
      monthsLate: f.monthsLate,
      monthsObserved: f.monthsObserved,
      promisesKept: f.promisesKept,
      promisesBroken: f.promisesBroken,
      medianDaysToPay: f.medianDaysToPay,
      chronic: f.chronic,
      firstTimeLate: f.firstTimeLate,
    },
  };
}

export function propensity(history: PropensityHistory, config: PropensityConfig = defaultStrategy.factors.propensity): Propensity {
  // With a supplied record the dates are not read at all (as before: a record needs no calendar).
  if (history.record) {
    scanAttempts(history.attempts, 0, config.lookbackMonths, null, 0, 0);
    return toPropensity(propensityFigures(history, 0, 0, config, emptyPropensityFigures()));
  }
  const todayDay = epochDayOf(history.today);
  scanAttempts(history.attempts, todayDay, config.lookbackMonths, null, 0, 0);
  const dpd = history.dueDate ? Math.max(0, todayDay - epochDayOf(history.dueDate)) : 0;
  return toPropensity(propensityFigures(history, todayDay, dpd, config, emptyPropensityFigures()));
}
