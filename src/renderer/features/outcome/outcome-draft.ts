// What the agent typed into the outcome form, and the check that turns it into outcome:log's input. The same
// rules main applies (contract.ts OutcomeInput and the handler): checking them here first means an invalid form
// sends nothing and the agent sees why at once, in their language.
import type { AppError, OutcomeInput } from '../../../shared/contract';
import { isCalendarDate } from '../../../shared/domain/dates';
import { formatMoney, parseMoney } from '../../../shared/domain/money';
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
}

export type OutcomeField = keyof OutcomeDraft;

/** `key` is under `outcome.errors` in the translations. */
export interface OutcomeProblem {
  field: OutcomeField | null;
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
};

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
    if (problems.length === 0 && amount.ok) promise = { dueDate: date, amountCents: amount.amountCents };
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

const fieldOfPath: Record<string, OutcomeField> = {
  disposition: 'disposition',
  notes: 'notes',
  promise: 'promiseAmount',
  'promise.dueDate': 'promiseDate',
  'promise.amountCents': 'promiseAmount',
  callbackAt: 'callbackAt',
};

const knownIssues = new Set([
  'promise_date_past',
  'promise_above_balance',
  'promise_required',
  'promise_not_allowed',
  'callback_time_required',
  'callback_time_past',
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
