import { describe, expect, it } from 'vitest';
import { brPolicy, usPolicy } from '../policy/presets';
import { defaultScripts } from './defaults';
import type { ScriptContext } from './placeholders';
import type { Script } from './schema';
import {
  answerStep,
  undoLastAnswer,
  canLogPromise,
  editWording,
  isScriptFinished,
  mandatoryPassed,
  objectionLibrary,
  promiseBlockers,
  raiseObjection,
  rpcVerified,
  startScriptSession,
  suggestedDisposition,
  scriptSummary,
  viewStep,
  withOffer,
  type ScriptSession,
} from './session';
import { requirementsFromPolicy } from './validate';

function script(id: string): Script {
  const found = defaultScripts.find((s) => s.id === id);
  if (!found) throw new Error(`no default script ${id}`);
  return found;
}

const context: ScriptContext = {
  locale: 'pt-BR',
  customer: { name: 'Maria da Silva' },
  account: { balanceCents: 250000, currency: 'BRL', creditor: 'Banco Azul', dueDate: '2026-02-10', daysPastDue: 45 },
  offer: null,
  agent: { name: 'Ana Souza' },
  company: { name: 'Quita' },
};

/** Answers in order, one second apart, failing loudly on a refusal. */
function walk(session: ScriptSession, ...answerIds: string[]): ScriptSession {
  let current = session;
  for (const id of answerIds) {
    const result = answerStep(current, id, current.startedAt + (current.path.length + 1) * 1000);
    if (!result.ok) throw new Error(`${id}: ${result.error.code}`);
    current = result.session;
  }
  return current;
}

const T0 = 1_770_000_000_000;
const br = () => startScriptSession(script('br.first-reminder'), context, { at: T0, requirements: requirementsFromPolicy(brPolicy) });
const us = () =>
  startScriptSession(script('us.first-reminder'), { ...context, locale: 'en', account: { ...context.account, currency: 'USD' } }, {
    at: T0,
    requirements: requirementsFromPolicy(usPolicy),
  });

describe('script session', () => {
  it('starts at the start step and follows the branches the answers choose', () => {
    let session = br();
    expect(session.currentStepId).toBe('greeting');
    expect(viewStep(session)?.text.map((s) => s.text).join('')).toContain('Meu nome é Ana e falo em nome de Quita');
    session = walk(session, 'speaking');
    expect(session.currentStepId).toBe('verify');
    session = walk(session, 'confirmed');
    expect(session.currentStepId).toBe('disclosure');
    session = walk(session, 'acknowledges', 'installments');
    expect(session.currentStepId).toBe('offer');
    expect(session.path.map((e) => [e.stepId, e.answerId])).toEqual([
      ['greeting', 'speaking'],
      ['verify', 'confirmed'],
      ['disclosure', 'acknowledges'],
      ['negotiation', 'installments'],
    ]);
    expect(session.path.map((e) => e.at)).toEqual([T0 + 1000, T0 + 2000, T0 + 3000, T0 + 4000]);
  });

  it('reads the text in the customer\'s language and labels the answers in the agent\'s', () => {
    const view = viewStep(us(), 'pt-BR')!;
    expect(view.text.map((s) => s.text).join('')).toBe('Hello, this is Ana. May I speak with Maria da Silva, please?');
    expect(view.answers.map((a) => a.label)).toEqual(['É o próprio titular', 'Outra pessoa atendeu', 'Número errado']);
    expect(view.hint?.map((s) => s.text).join('')).toMatch(/^Não diga o motivo/);
  });

  it('is immutable: answering returns a new value and leaves the old one as it was', () => {
    const before = br();
    const after = walk(before, 'speaking');
    expect(before.currentStepId).toBe('greeting');
    expect(before.path).toEqual([]);
    expect(after).not.toBe(before);
    expect(Object.isFrozen(after) && Object.isFrozen(after.path)).toBe(true);
  });

  it('refuses an answer the step does not offer, and answers after the end', () => {
    const result = answerStep(br(), 'confirmed', T0);
    expect(result).toEqual({ ok: false, error: { code: 'unknown_answer', params: { step: 'greeting', answer: 'confirmed' } } });
    const ended = walk(br(), 'wrong-number');
    expect(ended.currentStepId).toBe('wrong-number');
    expect(isScriptFinished(ended)).toBe(true);
  });

  it('back undoes the last answer and its objection', () => {
    const session = walk(br(), 'speaking', 'confirmed', 'acknowledges', 'no-money');
    expect(session.objections.map((o) => o.objectionId)).toEqual(['no-money-now']);
    expect(viewStep(session)?.objection?.id).toBe('no-money-now');
    const undone = undoLastAnswer(session);
    expect(undone.currentStepId).toBe('negotiation');
    expect(undone.path).toHaveLength(3);
    expect(undone.objections).toEqual([]);
    expect(walk(undone, 'pay-in-full').currentStepId).toBe('offer');
    expect(undoLastAnswer(br())).toEqual(br());
  });

  it('canLogPromise is false before right-party verification and true after it (BR)', () => {
    let session = br();
    expect(canLogPromise(session)).toBe(false);
    session = walk(session, 'speaking');
    expect(canLogPromise(session)).toBe(false);
    expect(promiseBlockers(session)).toEqual([{ code: 'rpc_not_verified' }, { code: 'mandatory_step_pending', stepId: 'verify' }]);
    session = walk(session, 'confirmed');
    expect(rpcVerified(session)).toBe(true);
    expect(mandatoryPassed(session)).toBe(true);
    expect(canLogPromise(session)).toBe(true);
    // Undoing the verification takes the right away again.
    expect(canLogPromise(undoLastAnswer(session))).toBe(false);
  });

  it('canLogPromise on a US script also needs the mini-Miranda', () => {
    let session = walk(us(), 'speaking', 'confirmed');
    expect(rpcVerified(session)).toBe(true);
    expect(session.currentStepId).toBe('mini-miranda');
    expect(canLogPromise(session)).toBe(false);
    expect(promiseBlockers(session)).toEqual([
      { code: 'mandatory_step_pending', stepId: 'mini-miranda' },
      { code: 'disclosure_not_given', disclosure: 'us.fdcpa1692e11.mini_miranda' },
    ]);
    const view = viewStep(session)!;
    expect(view.compliance).toBe(true);
    expect(view.text.map((s) => s.text).join('')).toContain(
      'This is an attempt to collect a debt and any information obtained will be used for that purpose.',
    );
    session = walk(session, 'stated');
    expect(canLogPromise(session)).toBe(true);
  });

  it('a Brazilian script under the US policy cannot log a promise (no mini-Miranda)', () => {
    const session = walk(
      startScriptSession(script('br.first-reminder'), context, { at: T0, requirements: requirementsFromPolicy(usPolicy) }),
      'speaking',
      'confirmed',
    );
    expect(promiseBlockers(session)).toEqual([{ code: 'disclosure_not_given', disclosure: 'us.fdcpa1692e11.mini_miranda' }]);
  });

  it('a third party ends the script without the debt and can never log a promise', () => {
    const session = walk(br(), 'speaking', 'mismatch');
    expect(session.currentStepId).toBe('third-party');
    expect(isScriptFinished(session)).toBe(true);
    expect(canLogPromise(session)).toBe(false);
    expect(promiseBlockers(session)[0]).toEqual({ code: 'third_party' });
    expect(suggestedDisposition(session)).toBe('third_party');
    const text = viewStep(session)!.text.map((s) => s.text).join('');
    expect(text).not.toMatch(/R\$|Banco Azul|dívida|débito/);
    // No objection talk before verification either.
    expect(objectionLibrary(session)).toEqual([]);
    expect(raiseObjection(session, 'already-paid', T0)).toEqual({ ok: false, error: { code: 'rpc_not_verified', params: {} } });
  });

  it('records personalised wording per step, but never on a compliance step', () => {
    let session = walk(br(), 'speaking', 'confirmed');
    const edited = editWording(session, 'Maria, vi aqui que ficou uma parcela em aberto, tudo bem?');
    expect(edited.ok).toBe(true);
    if (!edited.ok) return;
    session = edited.session;
    expect(viewStep(session)?.editedText).toBe('Maria, vi aqui que ficou uma parcela em aberto, tudo bem?');
    session = walk(session, 'acknowledges');
    expect(session.path.map((e) => e.edited)).toEqual([false, false, true]);
    expect(editWording(session, 'sem verificação', 'verify')).toEqual({
      ok: false,
      error: { code: 'compliance_wording_locked', params: { step: 'verify' } },
    });
    const restored = editWording(session, '  ', 'disclosure');
    expect(restored.ok && restored.session.wording).toEqual({});
  });

  it('renders the offer once the agent builds it', () => {
    let session = walk(br(), 'speaking', 'confirmed', 'acknowledges', 'installments');
    const before = viewStep(session)!.text;
    expect(before.filter((s) => s.kind === 'missing').map((s) => s.kind === 'missing' && s.placeholder)).toEqual([
      'offer.installments',
      'offer.installmentAmount',
      'offer.firstDate',
      'offer.total',
    ]);
    session = withOffer(session, { installments: 3, installmentAmountCents: 83334, firstDate: '2026-04-01', totalCents: 250000 });
    expect(viewStep(session)!.text.map((s) => s.text).join('')).toBe(
      'Então fica assim: 3 pagamento(s) de R$\u00a0833,34, o primeiro em 1 de abril de 2026, total de R$\u00a02.500,00. Posso registrar esse acordo?',
    );
  });

  it('raises an objection by hand after verification and shows its suggested answer', () => {
    const session = walk(br(), 'speaking', 'confirmed');
    const raised = raiseObjection(session, 'unemployed', T0 + 9000);
    expect(raised.ok).toBe(true);
    if (!raised.ok) return;
    expect(raised.session.objections).toEqual([{ objectionId: 'unemployed', stepId: 'disclosure', at: T0 + 9000, pathIndex: null }]);
    expect(objectionLibrary(session).map((o) => o.id)).toEqual([
      'no-money-now',
      'already-paid',
      'dont-recognise-debt',
      'think-about-it',
      'unemployed',
      'call-me-later',
    ]);
    expect(raiseObjection(session, 'bored', T0)).toEqual({ ok: false, error: { code: 'unknown_objection', params: { objection: 'bored' } } });
  });

  it('summary carries script id, version, variant and the path for the attempt record', () => {
    const session = walk(br(), 'speaking', 'confirmed', 'acknowledges', 'pay-in-full', 'accepts-single');
    expect(suggestedDisposition(session)).toBe('promise_to_pay');
    expect(scriptSummary(session)).toEqual({
      scriptId: 'br.first-reminder',
      version: 1,
      variant: 'A',
      startedAt: T0,
      path: [
        { stepId: 'greeting', answerId: 'speaking', at: T0 + 1000, edited: false },
        { stepId: 'verify', answerId: 'confirmed', at: T0 + 2000, edited: false },
        { stepId: 'disclosure', answerId: 'acknowledges', at: T0 + 3000, edited: false },
        { stepId: 'negotiation', answerId: 'pay-in-full', at: T0 + 4000, edited: false },
        { stepId: 'offer', answerId: 'accepts-single', at: T0 + 5000, edited: false },
      ],
      objections: [],
      rpcVerified: true,
      thirdParty: false,
      mandatoryPassed: true,
      finished: true,
    });
  });

  it('a refusal suggests the refused disposition', () => {
    const session = walk(br(), 'speaking', 'confirmed', 'acknowledges', 'refuses');
    expect(suggestedDisposition(session)).toBe('refused');
    expect(session.currentStepId).toBe('refused');
  });
});
