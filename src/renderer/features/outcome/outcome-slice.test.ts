import { describe, expect, it } from 'vitest';
import type { AccountView, ChannelInput, QuitaApi, Result } from '../../../shared/contract';
import {
  answerStep,
  canLogPromise,
  currentStep,
  defaultScripts,
  DEFAULT_REQUIREMENTS,
  scriptContextFor,
  startScriptSession,
  type Script,
  type ScriptRequirements,
  type ScriptSession,
} from '../../../shared/domain/script';
import { createQuitaStore } from '../../store';

function apiAnswering(answers: Result<unknown>[]) {
  const logged: ChannelInput<'outcome:log'>[] = [];
  const api: QuitaApi = {
    invoke: ((channel: string, input: ChannelInput<'outcome:log'>) => {
      // After a save the account is read again: it answers the same account (hoisted `view` below).
      if (channel === 'account:get') return Promise.resolve({ ok: true, value: view });
      if (channel !== 'outcome:log') return Promise.resolve({ ok: true, value: { total: 0, items: [] } });
      logged.push(input);
      return Promise.resolve(answers.shift() ?? { ok: false, error: { code: 'internal', message: 'no answer left' } });
    }) as QuitaApi['invoke'],
    on: () => () => {},
  };
  return { api, logged };
}

/** A cooperative call: the right party answers and is verified (each step's confirming or first onward answer). */
function verifiedSession(script: Script, requirements: ScriptRequirements, at: number): ScriptSession {
  const context = scriptContextFor(
    { name: 'Ana Souza', language: 'pt-BR' },
    { currentBalanceCents: 100_000, currency: 'BRL', creditor: 'Banco', dueDate: '2026-01-01', daysPastDue: 10 },
    { agentName: 'Bia', companyName: 'Banco' },
  );
  let session = startScriptSession(script, context, { at, requirements });
  while (!canLogPromise(session)) {
    const step = currentStep(session)!;
    const answer = step.answers.find((a) => a.effects.includes('rpcConfirmed')) ?? step.answers.find((a) => a.next !== null && a.effects.length === 0)!;
    const next = answerStep(session, answer.id, at);
    if (!next.ok) throw new Error(next.error.code);
    session = next.session;
  }
  return session;
}

const view = {
  customer: { id: 'c-1', name: 'Ana Souza' },
  account: { id: 'a-1', currency: 'BRL', currentBalanceCents: 100_000 },
  otherAccounts: [],
  history: [],
} as unknown as AccountView;

const saved = { ok: true as const, value: { attemptId: 't', promiseId: null, callbackId: null, duplicate: false } };
const unavailable = { ok: false as const, error: { code: 'store_unavailable' as const, message: 'down' } };

function storeWith(api: QuitaApi, options: { verified?: boolean } = {}) {
  const store = createQuitaStore(api);
  const script = defaultScripts[0]!;
  const session = options.verified ? verifiedSession(script, DEFAULT_REQUIREMENTS, Date.now()) : null;
  store.setState({ accountId: 'a-1', accountView: view, scriptAccountId: 'a-1', scriptSession: session });
  return store;
}

describe('saving an outcome', () => {
  it('retries a failed save with the same requestId, and resets the form after success', async () => {
    const { api, logged } = apiAnswering([unavailable, saved]);
    const store = storeWith(api);
    store.getState().setOutcomeField('disposition', 'no_answer');

    expect(await store.getState().saveOutcome()).toBe(false);
    expect(store.getState().error?.code).toBe('store_unavailable');
    expect(store.getState().outcomeProblems.map((p) => p.key)).toEqual(['not_saved']);
    expect(await store.getState().saveOutcome()).toBe(true);

    expect(logged).toHaveLength(2);
    expect(logged[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged[1]?.requestId).toBe(logged[0]?.requestId);
    expect(store.getState().outcomeDraft.disposition).toBe('');
    expect(store.getState().notice?.key).toBe('outcome.saved');
  });

  it('gives a changed form a new requestId', async () => {
    const { api, logged } = apiAnswering([unavailable, saved]);
    const store = storeWith(api);
    store.getState().setOutcomeField('disposition', 'no_answer');
    await store.getState().saveOutcome();
    store.getState().setOutcomeField('notes', 'Caixa postal cheia');
    await store.getState().saveOutcome();
    expect(logged[1]?.requestId).not.toBe(logged[0]?.requestId);
    expect(logged[1]?.notes).toBe('Caixa postal cheia');
  });

  it('sends nothing when the form is invalid', async () => {
    const { api, logged } = apiAnswering([saved]);
    const store = storeWith(api);
    store.getState().setOutcomeField('disposition', 'promise_to_pay');
    store.getState().setOutcomeField('promiseAmount', '12,3,4');
    expect(await store.getState().saveOutcome()).toBe(false);
    expect(logged).toHaveLength(0);
    expect(store.getState().outcomeProblems.map((p) => p.field)).toEqual(['promiseDate', 'promiseAmount', 'script']);
  });

  it('holds a promise until the script has verified the customer, then sends it', async () => {
    const { api, logged } = apiAnswering([saved]);
    const store = storeWith(api);
    const script = defaultScripts[0]!;
    const fresh = verifiedSession(script, DEFAULT_REQUIREMENTS, Date.now());
    // The session at its first step: nothing answered yet.
    store.setState({ scriptSession: { ...fresh, path: [], currentStepId: script.start } as typeof fresh });
    store.getState().setOutcomeField('disposition', 'promise_to_pay');
    store.getState().setOutcomeField('promiseDate', '2099-01-10');
    store.getState().setOutcomeField('promiseAmount', '100,00');
    expect(await store.getState().saveOutcome()).toBe(false);
    expect(logged).toHaveLength(0);
    expect(store.getState().outcomeProblems.map((p) => p.key)).toContain('script_rpc_not_verified');

    store.setState({ scriptSession: fresh });
    expect(await store.getState().saveOutcome()).toBe(true);
    expect(logged[0]?.script?.path.map((e) => e.stepId)).toEqual(fresh.path.map((e) => e.stepId));
  });

  it('fills the form from an accepted offer and sends the schedule with the script path', async () => {
    const { api, logged } = apiAnswering([saved]);
    const store = storeWith(api, { verified: true });
    store.setState({ locale: 'pt-BR' });
    const installments = [
      { dueDate: '2099-01-10', amountCents: 20_000 },
      { dueDate: '2099-02-10', amountCents: 20_000 },
      { dueDate: '2099-03-10', amountCents: 20_001 },
    ];
    store.getState().setOutcomePlan({ kind: 'installments', installments, discountCents: 0 });
    expect(store.getState().outcomeDraft).toMatchObject({ disposition: 'installment_plan', promiseDate: '2099-01-10', promiseAmount: '600,01' });
    expect(await store.getState().saveOutcome()).toBe(true);
    expect(logged[0]?.promise).toEqual({ dueDate: '2099-01-10', amountCents: 60_001, installments });
    expect(logged[0]?.script).toMatchObject({ scriptId: defaultScripts[0]!.id, variant: 'A' });
    expect(logged[0]?.script?.path.length).toBeGreaterThan(0);
    store.setState({ accountId: 'a-1', accountView: view });

    store.getState().setOutcomePlan({ kind: 'new_due_date', installments: [{ dueDate: '2099-01-20', amountCents: 50_000 }], discountCents: 0 });
    expect(store.getState().outcomeDraft).toMatchObject({ disposition: 'promise_to_pay', promiseAmount: '500,00', installments: [] });
    store.getState().setOutcomePlan(null);
    expect(store.getState().outcomeDraft.disposition).toBe('promise_to_pay');
  });
});
