// What the agent types in the offer panel, turned into the shared calculator's Offer and evaluated under the
// policy's authority for the agent's role. Display logic only: the maths and the limits are evaluateOffer's.
import { addDays } from '../../../shared/domain/dates';
import { parseMoney } from '../../../shared/domain/money';
import {
  discountCentsForPercent,
  evaluateOffer,
  interestAndFeesCents,
  type Offer,
  type OfferEvaluation,
} from '../../../shared/domain/offer/offer';
import type { ContactPolicy, OfferRole } from '../../../shared/domain/policy/schema';
import type { Account, CalendarDate, Locale } from '../../../shared/model';

export type OfferKind = Offer['kind'];

export interface OfferDraft {
  kind: OfferKind;
  /** Installments: how many, as typed. */
  count: string;
  /** Installments: the first due date; pay in full / new due date: the date. */
  firstDate: CalendarDate | '';
  /** Pay in full only: a discount on the interest and fees, as a percent or an amount. */
  discountMode: 'percent' | 'amount';
  discount: string;
}

export const emptyOfferDraft: OfferDraft = { kind: 'installments', count: '3', firstDate: '', discountMode: 'percent', discount: '' };

/** A draft that cannot be an Offer yet; `key` is under `offer.problem` in the translations. */
export type DraftProblem = { key: 'date_missing' | 'count_invalid' | 'discount_invalid' };

/** What the form shows: the problem with the typed values, or the calculator's evaluation. */
export type DraftEvaluation = { ok: false; problem: DraftProblem } | { ok: true; offer: Offer; evaluation: OfferEvaluation };

export interface OfferContext {
  account: Account;
  policy: ContactPolicy;
  role: OfferRole;
  /** The customer's calendar date. */
  today: CalendarDate;
  /** The customer's state (its holidays move due dates). */
  region: string | null;
  locale: Locale;
}

/** The first date the form proposes: a week from today, inside every preset's agent limit. */
export function defaultFirstDate(today: CalendarDate): CalendarDate {
  return addDays(today, 7);
}

/** The discount in cents the typed value means (percent of the interest and fees, rounded down, or an amount). */
export function discountCents(draft: OfferDraft, account: Account, locale: Locale): number | null {
  const text = draft.discount.trim();
  if (text === '') return 0;
  if (draft.discountMode === 'amount') {
    const parsed = parseMoney(text, locale, account.currency);
    return parsed.ok && parsed.amountCents >= 0 ? parsed.amountCents : null;
  }
  const percent = Number(text.replace(',', '.').replace(/%$/, '').trim());
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) return null;
  return discountCentsForPercent(interestAndFeesCents(account), percent);
}

export function offerFromDraft(draft: OfferDraft, account: Account, locale: Locale): { ok: true; offer: Offer } | { ok: false; problem: DraftProblem } {
  if (draft.firstDate === '') return { ok: false, problem: { key: 'date_missing' } };
  if (draft.kind === 'new_due_date') return { ok: true, offer: { kind: 'new_due_date', date: draft.firstDate } };
  if (draft.kind === 'pay_in_full') {
    const discount = discountCents(draft, account, locale);
    if (discount === null) return { ok: false, problem: { key: 'discount_invalid' } };
    return { ok: true, offer: { kind: 'pay_in_full', date: draft.firstDate, ...(discount > 0 ? { discountCents: discount } : {}) } };
  }
  const count = Number(draft.count.trim());
  if (!/^\d{1,3}$/.test(draft.count.trim()) || count < 1) return { ok: false, problem: { key: 'count_invalid' } };
  return { ok: true, offer: { kind: 'installments', count, firstDate: draft.firstDate } };
}

export function evaluateDraft(draft: OfferDraft, ctx: OfferContext): DraftEvaluation {
  const built = offerFromDraft(draft, ctx.account, ctx.locale);
  if (!built.ok) return built;
  return { ok: true, offer: built.offer, evaluation: evaluateOffer(built.offer, ctx.account, ctx.policy, ctx.role, ctx.today, { region: ctx.region }) };
}

/** The plan the outcome form takes when the customer accepts (setOutcomePlan). */
export function planOf(offer: Offer, evaluation: OfferEvaluation) {
  return {
    kind: offer.kind,
    installments: evaluation.schedule.map((p) => ({ dueDate: p.dueDate, amountCents: p.amountCents })),
    discountCents: evaluation.discountCents,
  };
}
