import { describe, expect, it } from 'vitest';
import { buildOutcomeInput, draftWithPlan, emptyOutcomeDraft, problemsFromError, type OutcomeContext } from './outcome-draft';

const context: OutcomeContext = {
  accountId: 'a-1',
  currency: 'BRL',
  balanceCents: 500_000,
  locale: 'pt-BR',
  today: '2026-05-10',
  now: Date.parse('2026-05-10T12:00:00Z'),
};

const keys = (result: ReturnType<typeof buildOutcomeInput>) => (result.ok ? [] : result.problems.map((p) => p.key));

describe('buildOutcomeInput', () => {
  it('requires a disposition', () => {
    expect(keys(buildOutcomeInput(emptyOutcomeDraft, context))).toEqual(['disposition_required']);
  });

  it('builds a promise from a pt-BR amount, in integer cents', () => {
    const draft = { ...emptyOutcomeDraft, disposition: 'promise_to_pay' as const, promiseDate: '2026-05-15', promiseAmount: '1.234,56', notes: ' ok ' };
    expect(buildOutcomeInput(draft, context)).toEqual({
      ok: true,
      input: { accountId: 'a-1', disposition: 'promise_to_pay', notes: 'ok', promise: { dueDate: '2026-05-15', amountCents: 123_456 }, callbackAt: null },
    });
  });

  it('reads the amount in the English convention when the agent works in English', () => {
    const draft = { ...emptyOutcomeDraft, disposition: 'promise_to_pay' as const, promiseDate: '2026-05-10', promiseAmount: '1,234.56' };
    const result = buildOutcomeInput(draft, { ...context, locale: 'en' });
    expect(result.ok && result.input.promise).toEqual({ dueDate: '2026-05-10', amountCents: 123_456 });
  });

  it('refuses a promise without a date, with a malformed amount, in the past or above the balance', () => {
    const draft = { ...emptyOutcomeDraft, disposition: 'promise_to_pay' as const };
    expect(keys(buildOutcomeInput({ ...draft, promiseAmount: '12,3,4' }, context))).toEqual([
      'promise_date_required',
      'promise_amount_not_a_number',
    ]);
    expect(keys(buildOutcomeInput({ ...draft, promiseDate: '2026-05-09', promiseAmount: '5.000,01' }, context))).toEqual([
      'promise_date_past',
      'promise_above_balance',
    ]);
    expect(keys(buildOutcomeInput({ ...draft, promiseDate: '2026-05-11', promiseAmount: '0,00' }, context))).toEqual([
      'promise_amount_not_positive',
    ]);
  });

  it('ignores promise fields for a disposition that takes none', () => {
    const draft = { ...emptyOutcomeDraft, disposition: 'no_answer' as const, promiseAmount: '12,3,4' };
    const result = buildOutcomeInput(draft, context);
    expect(result.ok && result.input.promise).toBeNull();
  });

  it('requires a future callback time for a callback', () => {
    const draft = { ...emptyOutcomeDraft, disposition: 'callback' as const };
    expect(keys(buildOutcomeInput(draft, context))).toEqual(['callback_time_required']);
    expect(keys(buildOutcomeInput({ ...draft, callbackAt: '2020-01-01T10:00' }, context))).toEqual(['callback_time_past']);
    const later = buildOutcomeInput({ ...draft, callbackAt: '2030-01-01T10:00' }, context);
    expect(later.ok && later.input.callbackAt).toBe(new Date('2030-01-01T10:00').getTime());
  });
});

describe('problemsFromError', () => {
  it("maps main's refusals of the form to the fields, and leaves other errors to the banner", () => {
    const refused = {
      code: 'invalid_input' as const,
      message: 'The promised amount is above the balance',
      issues: [{ path: 'promise.amountCents', message: 'promise_above_balance' }],
    };
    expect(problemsFromError(refused, context)).toEqual([
      { field: 'promiseAmount', key: 'promise_above_balance', params: { balance: 'R$\u00a05.000,00' } },
    ]);
    expect(problemsFromError({ code: 'store_unavailable', message: 'down' }, context)).toBeNull();
    expect(problemsFromError({ ...refused, issues: [{ path: 'x', message: 'Too big' }] }, context)).toBeNull();
  });
});

describe('a refusal by the contact policy', () => {
  it('becomes a form problem carrying the reason codes to translate', () => {
    const problems = problemsFromError(
      { code: 'policy_blocked', message: 'x', issues: [{ path: 'accountId', message: 'do_not_contact' }, { path: 'accountId', message: 'dispute_pending' }] },
      { balanceCents: 100, currency: 'BRL', locale: 'en', today: '2026-11-23', now: 0 } as never,
    );
    expect(problems).toEqual([{ field: null, key: 'policy_blocked', params: { reasonCodes: 'do_not_contact,dispute_pending' } }]);
  });
});

describe('an accepted offer in the form', () => {
  const plan = {
    kind: 'installments' as const,
    discountCents: 0,
    installments: [
      { dueDate: '2026-06-10', amountCents: 33_334 },
      { dueDate: '2026-05-10', amountCents: 33_333 },
      { dueDate: '2026-07-10', amountCents: 33_333 },
    ],
  };

  it('fills an installment plan: first date, total in the agent convention, the schedule in date order', () => {
    const draft = draftWithPlan(emptyOutcomeDraft, plan, 'BRL', 'pt-BR');
    expect(draft).toMatchObject({ disposition: 'installment_plan', promiseDate: '2026-05-10', promiseAmount: '1.000,00' });
    expect(draft.installments.map((i) => i.dueDate)).toEqual(['2026-05-10', '2026-06-10', '2026-07-10']);
    const built = buildOutcomeInput(draft, context);
    expect(built.ok && built.input.promise).toEqual({ dueDate: '2026-05-10', amountCents: 100_000, installments: draft.installments });
    expect(draftWithPlan(emptyOutcomeDraft, plan, 'BRL', 'en').promiseAmount).toBe('1,000.00');
  });

  it('makes a single payment a promise to pay, and null clears only the schedule', () => {
    const single = draftWithPlan(emptyOutcomeDraft, { kind: 'pay_in_full', discountCents: 500, installments: [{ dueDate: '2026-05-12', amountCents: 9_500 }] }, 'BRL', 'pt-BR');
    expect(single).toMatchObject({ disposition: 'promise_to_pay', promiseDate: '2026-05-12', promiseAmount: '95,00', installments: [] });
    const built = buildOutcomeInput(single, context);
    expect(built.ok && built.input.promise).toEqual({ dueDate: '2026-05-12', amountCents: 9_500 });
    const cleared = draftWithPlan(draftWithPlan(emptyOutcomeDraft, plan, 'BRL', 'pt-BR'), null, 'BRL', 'pt-BR');
    expect(cleared.installments).toEqual([]);
    expect(keys(buildOutcomeInput(cleared, context))).toEqual(['plan_required']);
  });

  it('refuses a plan whose date or total no longer matches its schedule', () => {
    const draft = draftWithPlan(emptyOutcomeDraft, plan, 'BRL', 'pt-BR');
    expect(keys(buildOutcomeInput({ ...draft, promiseAmount: '999,99' }, context))).toEqual(['plan_mismatch']);
    expect(keys(buildOutcomeInput({ ...draft, promiseDate: '2026-05-11' }, context))).toEqual(['plan_mismatch']);
  });
});
