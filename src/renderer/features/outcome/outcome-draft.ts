// What the agent typed into the outcome form, and the check that turns it into outcome:log's input. The same
// rules main applies (contract.ts OutcomeInput and the handler): checking them here first means an invalid form
// sends nothing and the agent sees why at once, in their language.
import type { AppError, OutcomeInput } from '../../../shared/contract';
import { isCalendarDate } from '../../../shared/domain/dates';
import { formatMoney, minorUnitDigits, parseMoney, toDecimalString } from '../../../shared/domain/money';
import type { CalendarDate, Currency, Disposition, Locale } from '../../../shared/model';

export interface OutcomeDraft {
  disposition: Disposition | '';
  notes: string;
  /** `YYYY-MM-DD` from <input type="date">. */
  promiseDate: string;
  /** As typed, in the agent's locale: "1.234,56" or "1,234.56". */
  promiseAmount: string;
  /** `YYYY-MM-DDTHH:mm` from <input type="datetime-local">, in this computer's time zone. */
  callbackAt: string;
  /** An installment plan's schedule from the offer panel (setOutcomePlan); empty for a single promise. */
  installments: readonly PlanInstallment[];
}

/** A problem belongs to a draft field, to the script (steps not passed), or to the form as a whole (null). */
export type ProblemField = OutcomeField | 'script';

export interface PlanInstallment {
  dueDate: CalendarDate;
  amountCents: number;
}

/** What the offer panel hands the outcome form when the customer accepts an offer. */
export interface OutcomePlan {
  kind: 'pay_in_full' | 'new_due_date' | 'installments';
  installments: PlanInstallment[];
  discountCents: number;
}

export type OutcomeField = keyof OutcomeDraft;

/** `key` is under `outcome.errors` in the translations. */
export interface OutcomeProblem {
  field: ProblemField | null;
  key: string;
  params?: Record<string, string>;
  /** For `not_saved`: the error that stopped the save, shown translated as its reason. */
  errorCode?: AppError['code'];
}

export interface OutcomeContext {
  accountId: string;
  currency: Currency;
  balanceCents: number;
  locale: Locale;
  /** "Today" in the office time zone (app:info). */
  today: CalendarDate;
  now: number;
}

export const NOTES_MAX_LENGTH = 4000;

export const emptyOutcomeDraft: OutcomeDraft = {
  disposition: '',
  notes: '',
  promiseDate: '',
  promiseAmount: '',
  callbackAt: '',
  installments: [],
};

/** An amount as the agent would type it in their locale, without the currency mark: "1.234,56" / "1,234.56". */
export function amountText(amountCents: number, currency: Currency, locale: Locale): string {
  const digits = minorUnitDigits(currency);
  const formatter = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return formatter.format(toDecimalString(amountCents, currency) as `${number}`);
}

/**
 * The draft an accepted offer fills in: a plan of two or more installments is an installment plan, anything else a
 * promise to pay; the promise date is the first due date and the amount the total. null clears the plan only.
 */
export function draftWithPlan(draft: OutcomeDraft, plan: OutcomePlan | null, currency: Currency, locale: Locale): OutcomeDraft {
  if (plan === null || plan.installments.length === 0) return { ...draft, installments: [] };
  const schedule = [...plan.installments].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  const total = schedule.reduce((sum, i) => sum + i.amountCents, 0);
  return {
    ...draft,
    disposition: schedule.length > 1 ? 'installment_plan' : 'promise_to_pay',
    promiseDate: schedule[0]!.dueDate,
    promiseAmount: amountText(total, currency, locale),
    installments: schedule.length > 1 ? schedule.map((i) => ({ dueDate: i.dueDate, amountCents: i.amountCents })) : [],
  };
}

export function needsPromise(disposition: OutcomeDraft['disposition']): boolean {
  return disposition === 'promise_to_pay' || disposition === 'installment_plan';
}

export function needsCallback(disposition: OutcomeDraft['disposition']): boolean {
  return disposition === 'callback';
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

export type BuiltOutcome = { ok: true; input: Omit<OutcomeInput, 'requestId'> } | { ok: false; problems: OutcomeProblem[] };

export function buildOutcomeInput(draft: OutcomeDraft, context: OutcomeContext): BuiltOutcome {
  const problems: OutcomeProblem[] = [];
  const balance = () => formatMoney({ amountCents: context.balanceCents, currency: context.currency }, context.locale);

  if (draft.disposition === '') problems.push({ field: 'disposition', key: 'disposition_required' });
  if (draft.notes.length > NOTES_MAX_LENGTH) problems.push({ field: 'notes', key: 'notes_too_long' });

  let promise: OutcomeInput['promise'] = null;
  if (needsPromise(draft.disposition)) {
    const date = draft.promiseDate.trim();
    if (date === '') problems.push({ field: 'promiseDate', key: 'promise_date_required' });
    else if (!isCalendarDate(date)) problems.push({ field: 'promiseDate', key: 'promise_date_invalid' });
    // ISO dates compare correctly as strings.
    else if (date < context.today) problems.push({ field: 'promiseDate', key: 'promise_date_past' });

    const amount = parseMoney(draft.promiseAmount, context.locale, context.currency);
    if (!amount.ok) problems.push({ field: 'promiseAmount', key: `promise_amount_${amount.reason}` });
    else if (amount.amountCents <= 0) problems.push({ field: 'promiseAmount', key: 'promise_amount_not_positive' });
    else if (amount.amountCents > context.balanceCents) {
      problems.push({ field: 'promiseAmount', key: 'promise_above_balance', params: { balance: balance() } });
    }
    if (draft.disposition === 'installment_plan') {
      const total = draft.installments.reduce((sum, i) => sum + i.amountCents, 0);
      // A plan is its schedule: the agent builds it in the offer panel, and the date and total must still match it.
      if (draft.installments.length < 2) problems.push({ field: 'installments', key: 'plan_required' });
      else if (amount.ok && (draft.installments[0]!.dueDate !== date || total !== amount.amountCents)) {
        problems.push({ field: 'installments', key: 'plan_mismatch' });
      }
    }
    if (problems.length === 0 && amount.ok) {
      promise =
        draft.disposition === 'installment_plan'
          ? { dueDate: date, amountCents: amount.amountCents, installments: draft.installments.map((i) => ({ ...i })) }
          : { dueDate: date, amountCents: amount.amountCents };
    }
  }

  let callbackAt: number | null = null;
  if (needsCallback(draft.disposition)) {
    const text = draft.callbackAt.trim();
    // Without an offset the Date parser reads the text as this computer's local time, which is what the
    // datetime-local input showed the agent.
    const at = LOCAL_DATE_TIME.test(text) ? new Date(text).getTime() : Number.NaN;
    if (text === '') problems.push({ field: 'callbackAt', key: 'callback_time_required' });
    else if (!Number.isFinite(at)) problems.push({ field: 'callbackAt', key: 'callback_time_invalid' });
    else if (at <= context.now) problems.push({ field: 'callbackAt', key: 'callback_time_past' });
    else callbackAt = at;
  }

  if (problems.length > 0 || draft.disposition === '') return { ok: false, problems };
  return {
    ok: true,
    input: { accountId: context.accountId, disposition: draft.disposition, notes: draft.notes.trim(), promise, callbackAt },
  };
}

const fieldOfPath: Record<string, ProblemField> = {
  disposition: 'disposition',
  notes: 'notes',
  promise: 'promiseAmount',
  'promise.dueDate': 'promiseDate',
  'promise.amountCents': 'promiseAmount',
  'promise.installments': 'installments',
  callbackAt: 'callbackAt',
  script: 'script',
};

const knownIssues = new Set([
  'promise_date_past',
  'promise_above_balance',
  'promise_required',
  'promise_not_allowed',
  'callback_time_required',
  'callback_time_past',
  'plan_required',
  'plan_mismatch',
  'script_path_invalid',
  'script_unknown',
]);

/**
 * Main's refusal of the form's content, as problems to show beside the form; null when the error is not about
 * what the agent typed (the store is down, the account vanished) and belongs in the error banner.
 */
export function problemsFromError(error: AppError, context: OutcomeContext): OutcomeProblem[] | null {
  const issues = error.issues ?? [];
  // The contact policy refused the attempt: main wrote nothing; the form says why in words (reason.* keys).
  if (error.code === 'policy_blocked') {
    return [{ field: null, key: 'policy_blocked', params: { reasonCodes: issues.map((i) => i.message).join(',') } }];
  }
  // Main replayed the script path and the promise's steps were not passed: say which, beside the form.
  if (error.code === 'script_steps_required') {
    return issues.map((issue): OutcomeProblem => {
      const key = issue.message.startsWith('script_') ? issue.message : `script_${issue.message}`;
      const [, kind, name] = issue.path.split('.');
      const params: Record<string, string> | undefined =
        kind === 'steps' && name ? { step: name } : kind === 'disclosures' && name ? { disclosure: name } : undefined;
      return { field: 'script', key, ...(params ? { params } : {}) };
    });
  }
  if (error.code !== 'invalid_input' || issues.length === 0) return null;
  // An issue the form has no words for is shown by the banner with the error's own translation instead.
  if (!issues.every((issue) => knownIssues.has(issue.message))) return null;
  return issues.map((issue): OutcomeProblem => {
    const field = fieldOfPath[issue.path] ?? null;
    if (issue.message !== 'promise_above_balance') return { field, key: issue.message };
    const balance = formatMoney({ amountCents: context.balanceCents, currency: context.currency }, context.locale);
    return { field, key: issue.message, params: { balance } };
  });
}
