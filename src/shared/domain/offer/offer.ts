// The offer calculator: what an agent proposes during a call, the schedule it makes and whether the agent's role
// may agree to it. Pure. An offer outside the role's authority is an approval request for a higher role, never an
// agreement (issue 6); `evaluateOffer` says which role could approve it, or that none can.
import { z } from 'zod';
import { CalendarDate, type Account } from '../../model';
import { addDays, diffDays } from '../dates';
import { OFFER_ROLES, type ContactPolicy, type OfferRole, type RoleOfferAuthority } from '../policy/schema';
import { addMonths, nextBusinessDay, policyHolidayTest, type HolidayTest } from './business-days';

export const InstallmentInterval = z.object({ unit: z.enum(['month', 'day']), count: z.number().int().min(1).max(366) });
export type InstallmentInterval = z.infer<typeof InstallmentInterval>;

/** An offer as the UI sends it (validated at the IPC boundary with this schema). */
export const Offer = z.discriminatedUnion('kind', [
  /** The whole current balance by `date`, optionally less a discount on the interest and fees. */
  z.object({ kind: z.literal('pay_in_full'), date: CalendarDate, discountCents: z.number().int().min(0).optional() }),
  /** The whole current balance moved to a new due date. */
  z.object({ kind: z.literal('new_due_date'), date: CalendarDate }),
  /**
   * The current balance (less any down payment) in `count` installments from `firstDate`, every `interval`
   * (monthly by default). The remainder of the division goes on the last installment.
   */
  z.object({
    kind: z.literal('installments'),
    count: z.number().int().min(1).max(600),
    firstDate: CalendarDate,
    interval: InstallmentInterval.optional(),
    downPayment: z.object({ amountCents: z.number().int().positive(), date: CalendarDate }).nullable().optional(),
  }),
]);
export type Offer = z.infer<typeof Offer>;

export type OfferKind = Offer['kind'];

export interface ScheduledPayment {
  /** 1-based position in the schedule (the down payment, when there is one, is 1). */
  seq: number;
  kind: 'down_payment' | 'installment' | 'single';
  dueDate: CalendarDate;
  amountCents: number;
  /** The date asked for when it fell on a weekend or holiday and was moved to the next business day. */
  movedFrom: CalendarDate | null;
}

export type OfferErrorCode =
  | 'nothing_owed'
  | 'date_in_past'
  | 'invalid_count'
  | 'invalid_interval'
  | 'invalid_amount'
  | 'down_payment_too_large'
  | 'down_payment_after_first_installment'
  | 'installment_below_one_cent'
  | 'discount_exceeds_interest';

export type OfferViolationCode =
  | 'installments_over_max'
  | 'installment_below_min'
  | 'discount_over_max'
  | 'first_payment_too_late'
  | 'new_due_date_too_late';

export type OfferParams = Record<string, string | number>;

export interface OfferIssue<C extends string> {
  code: C;
  params: OfferParams;
}

export interface OfferEvaluation {
  /** False when the offer cannot be made at all (errors); then schedule may be empty. */
  valid: boolean;
  errors: Array<OfferIssue<OfferErrorCode>>;
  /** Valid and no violation for this role: it may be saved as an agreement. */
  withinAuthority: boolean;
  violations: Array<OfferIssue<OfferViolationCode>>;
  /** The lowest higher role that could approve it when outside authority; null when within, or when no role can. */
  approvableBy: OfferRole | null;
  schedule: ScheduledPayment[];
  /** What the customer pays in total (the balance less the discount). */
  totalCents: number;
  discountCents: number;
  /** The interest and fees in the balance: what a discount may come out of. */
  interestAndFeesCents: number;
}

export interface EvaluateOfferOptions {
  /** The customer's region (e.g. "SP"), whose holidays also move due dates. */
  region?: string | null;
}

/** Interest and fees: the part of the current balance above the original balance (never negative). */
export function interestAndFeesCents(account: Pick<Account, 'originalBalanceCents' | 'currentBalanceCents'>): number {
  return Math.max(0, account.currentBalanceCents - account.originalBalanceCents);
}

/** The largest discount `percent` % of the interest and fees allows, rounded down to the cent. */
export function discountCentsForPercent(interestCents: number, percent: number): number {
  // Basis points keep a percent such as 12.5 exact; BigInt keeps the product exact at any balance.
  const basisPoints = BigInt(Math.round(percent * 100));
  return Number((BigInt(interestCents) * basisPoints) / 10_000n);
}

/** The discount as a percent of the interest and fees, to two decimals (for display and violation params). */
export function discountPercentOf(discountCents: number, interestCents: number): number {
  if (interestCents <= 0) return discountCents > 0 ? Infinity : 0;
  return Number((BigInt(discountCents) * 10_000n) / BigInt(interestCents)) / 100;
}

/**
 * Splits `totalCents` into `count` installments of the same amount with the remainder on the last one, so the sum
 * is exact: 10000 / 3 → [3333, 3333, 3334].
 */
export function installmentAmounts(totalCents: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer: ${count}`);
  if (!Number.isSafeInteger(totalCents) || totalCents < 0) throw new RangeError(`bad total ${totalCents}`);
  const base = Math.floor(totalCents / count);
  const amounts = new Array<number>(count).fill(base);
  amounts[count - 1] = totalCents - base * (count - 1);
  return amounts;
}

interface Draft {
  errors: Array<OfferIssue<OfferErrorCode>>;
  schedule: ScheduledPayment[];
  discountCents: number;
  /** The date every role limit on "days to first payment" is measured to; null for a new due date. */
  firstPaymentDate: CalendarDate | null;
  newDueDate: CalendarDate | null;
  installmentCount: number;
  smallestInstallmentCents: number | null;
}

function draftOffer(offer: Offer, account: Account, today: CalendarDate, placeDate: (d: CalendarDate) => [CalendarDate, CalendarDate | null]): Draft {
  const draft: Draft = {
    errors: [],
    schedule: [],
    discountCents: 0,
    firstPaymentDate: null,
    newDueDate: null,
    installmentCount: 0,
    smallestInstallmentCents: null,
  };
  const balance = account.currentBalanceCents;
  if (balance <= 0) {
    draft.errors.push({ code: 'nothing_owed', params: { balanceCents: balance } });
    return draft;
  }
  const notPast = (date: CalendarDate): boolean => {
    if (date < today) draft.errors.push({ code: 'date_in_past', params: { date, today } });
    return date >= today;
  };

  if (offer.kind === 'pay_in_full' || offer.kind === 'new_due_date') {
    if (!notPast(offer.date)) return draft;
    const discount = offer.kind === 'pay_in_full' ? (offer.discountCents ?? 0) : 0;
    const interest = interestAndFeesCents(account);
    if (!Number.isSafeInteger(discount) || discount < 0) {
      draft.errors.push({ code: 'invalid_amount', params: { discountCents: discount } });
      return draft;
    }
    if (discount > interest) {
      draft.errors.push({ code: 'discount_exceeds_interest', params: { discountCents: discount, interestCents: interest } });
      return draft;
    }
    const [dueDate, movedFrom] = placeDate(offer.date);
    draft.discountCents = discount;
    draft.schedule.push({ seq: 1, kind: 'single', dueDate, amountCents: balance - discount, movedFrom });
    if (offer.kind === 'pay_in_full') draft.firstPaymentDate = dueDate;
    else draft.newDueDate = dueDate;
    return draft;
  }

  const { count, firstDate } = offer;
  const interval = offer.interval ?? { unit: 'month', count: 1 };
  const down = offer.downPayment ?? null;
  if (!Number.isInteger(count) || count < 1 || count > 600) draft.errors.push({ code: 'invalid_count', params: { count } });
  if (!Number.isInteger(interval.count) || interval.count < 1 || (interval.unit !== 'month' && interval.unit !== 'day')) {
    draft.errors.push({ code: 'invalid_interval', params: { unit: String(interval.unit), count: interval.count } });
  }
  notPast(firstDate);
  let rest = balance;
  if (down) {
    if (!Number.isSafeInteger(down.amountCents) || down.amountCents <= 0) {
      draft.errors.push({ code: 'invalid_amount', params: { downPaymentCents: down.amountCents } });
    } else if (down.amountCents >= balance) {
      draft.errors.push({ code: 'down_payment_too_large', params: { downPaymentCents: down.amountCents, balanceCents: balance } });
    } else rest -= down.amountCents;
    if (notPast(down.date) && down.date > firstDate) {
      draft.errors.push({ code: 'down_payment_after_first_installment', params: { downPaymentDate: down.date, firstDate } });
    }
  }
  if (draft.errors.length === 0 && rest < count) {
    draft.errors.push({ code: 'installment_below_one_cent', params: { remainingCents: rest, count } });
  }
  if (draft.errors.length > 0) return draft;

  if (down) {
    const [dueDate, movedFrom] = placeDate(down.date);
    draft.schedule.push({ seq: 1, kind: 'down_payment', dueDate, amountCents: down.amountCents, movedFrom });
  }
  const amounts = installmentAmounts(rest, count);
  amounts.forEach((amountCents, i) => {
    // Each date counts from the first, so 31 Jan → 28 Feb → 31 Mar rather than drifting to the 28th.
    const asked = interval.unit === 'month' ? addMonths(firstDate, i * interval.count) : addDays(firstDate, i * interval.count);
    const [dueDate, movedFrom] = placeDate(asked);
    draft.schedule.push({ seq: draft.schedule.length + 1, kind: 'installment', dueDate, amountCents, movedFrom });
  });
  draft.firstPaymentDate = draft.schedule[0]!.dueDate;
  draft.installmentCount = count;
  draft.smallestInstallmentCents = Math.min(...amounts);
  return draft;
}

function violationsFor(draft: Draft, interestCents: number, authority: RoleOfferAuthority, today: CalendarDate): Array<OfferIssue<OfferViolationCode>> {
  const violations: Array<OfferIssue<OfferViolationCode>> = [];
  if (draft.installmentCount > authority.maxInstallments) {
    violations.push({ code: 'installments_over_max', params: { count: draft.installmentCount, max: authority.maxInstallments } });
  }
  if (draft.smallestInstallmentCents !== null && draft.smallestInstallmentCents < authority.minInstallmentCents) {
    violations.push({
      code: 'installment_below_min',
      params: { amountCents: draft.smallestInstallmentCents, minCents: authority.minInstallmentCents },
    });
  }
  const maxDiscountCents = discountCentsForPercent(interestCents, authority.maxDiscountPercent);
  if (draft.discountCents > maxDiscountCents) {
    violations.push({
      code: 'discount_over_max',
      params: {
        discountCents: draft.discountCents,
        maxDiscountCents,
        percent: discountPercentOf(draft.discountCents, interestCents),
        maxPercent: authority.maxDiscountPercent,
      },
    });
  }
  if (draft.firstPaymentDate !== null) {
    const days = diffDays(draft.firstPaymentDate, today);
    if (days > authority.maxDaysToFirstPayment) {
      violations.push({ code: 'first_payment_too_late', params: { date: draft.firstPaymentDate, days, max: authority.maxDaysToFirstPayment } });
    }
  }
  if (draft.newDueDate !== null) {
    const days = diffDays(draft.newDueDate, today);
    if (days > authority.maxDaysToNewDueDate) {
      violations.push({ code: 'new_due_date_too_late', params: { date: draft.newDueDate, days, max: authority.maxDaysToNewDueDate } });
    }
  }
  return violations;
}

/**
 * Builds the schedule of `offer` on `account` and checks it against what `role` may agree to under `policy`.
 * `today` is the customer's calendar date (todayIn(customer zone)). Due dates on a weekend or holiday move to the
 * next business day when the policy says so, and limits are measured to the moved dates.
 */
export function evaluateOffer(
  offer: Offer,
  account: Account,
  policy: ContactPolicy,
  role: OfferRole,
  today: CalendarDate,
  options: EvaluateOfferOptions = {},
): OfferEvaluation {
  const rules = policy.offerAuthority;
  const isHoliday: HolidayTest = policyHolidayTest(policy, options.region);
  const placeDate = (asked: CalendarDate): [CalendarDate, CalendarDate | null] => {
    if (!rules.dueDatesOnBusinessDaysOnly) return [asked, null];
    const moved = nextBusinessDay(asked, isHoliday);
    return [moved, moved === asked ? null : asked];
  };
  const interestCents = interestAndFeesCents(account);
  const draft = draftOffer(offer, account, today, placeDate);
  const totalCents = draft.schedule.reduce((sum, p) => sum + p.amountCents, 0);
  const base = {
    errors: draft.errors,
    schedule: draft.schedule,
    totalCents,
    discountCents: draft.discountCents,
    interestAndFeesCents: interestCents,
  };
  if (draft.errors.length > 0) {
    return { ...base, valid: false, withinAuthority: false, violations: [], approvableBy: null, schedule: [], totalCents: 0 };
  }
  const violations = violationsFor(draft, interestCents, rules.roles[role], today);
  let approvableBy: OfferRole | null = null;
  if (violations.length > 0) {
    for (const higher of OFFER_ROLES.slice(OFFER_ROLES.indexOf(role) + 1)) {
      if (violationsFor(draft, interestCents, rules.roles[higher], today).length === 0) {
        approvableBy = higher;
        break;
      }
    }
  }
  return { ...base, valid: true, withinAuthority: violations.length === 0, violations, approvableBy };
}
