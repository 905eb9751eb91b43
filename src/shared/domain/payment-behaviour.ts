// The three-second digest of how a customer pays, built on the propensity evidence: "chronic: 5 of the last 12
// months late, 2 of 4 promises kept, usual delay 9 days" vs "first time late, 6 years on time". Numbers only; the
// renderer words them in the agent's language.
import type { Propensity } from './priority/propensity';

export interface PaymentBehaviour {
  profile: 'chronic' | 'occasional' | 'first_time';
  monthsLate: number;
  monthsObserved: number;
  promisesKept: number;
  /** Kept + broken: pending and cancelled promises say nothing yet. */
  promisesTotal: number;
  /** Usual days from a contact to the payment that followed; null without such a payment. */
  usualDelayDays: number | null;
  /** Whole years of the record without a late month, for a first-time late payer with at least a year of record. */
  yearsOnTime?: number;
}

export function paymentBehaviour(evidence: Propensity['evidence']): PaymentBehaviour {
  const profile = evidence.chronic ? 'chronic' : evidence.firstTimeLate ? 'first_time' : 'occasional';
  const behaviour: PaymentBehaviour = {
    profile,
    monthsLate: evidence.monthsLate,
    monthsObserved: evidence.monthsObserved,
    promisesKept: evidence.promisesKept,
    promisesTotal: evidence.promisesKept + evidence.promisesBroken,
    usualDelayDays: evidence.medianDaysToPay === null ? null : Math.round(evidence.medianDaysToPay),
  };
  const years = Math.floor((evidence.monthsObserved - evidence.monthsLate) / 12);
  if (profile === 'first_time' && years >= 1) behaviour.yearsOnTime = years;
  return behaviour;
}
