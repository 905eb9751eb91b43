import { describe, expect, it } from 'vitest';
import { Disposition } from '../model';
import {
  defaultDispositionConfig,
  dispositionForHotkey,
  dispositionLabel,
  DispositionConfig,
  validateDispositionConfig,
  validateOutcome,
  type DispositionConfigInput,
} from './dispositions';
import { brPolicy, usPolicy } from './policy/presets';
import { defaultScripts } from './script/defaults';
import { answerStep, startScriptSession, type ScriptSession } from './script/session';
import { requirementsFromPolicy } from './script/validate';

const config = defaultDispositionConfig;

function clone(): DispositionConfigInput {
  return structuredClone(defaultDispositionConfig) as DispositionConfigInput;
}

function session(scriptId: string, policy: typeof brPolicy, ...answers: string[]): ScriptSession {
  const script = defaultScripts.find((s) => s.id === scriptId)!;
  let current = startScriptSession(
    script,
    {
      locale: 'pt-BR',
      customer: { name: 'Maria' },
      account: { balanceCents: 100000, currency: 'BRL', creditor: 'Banco', dueDate: '2026-01-10', daysPastDue: 20 },
      agent: { name: 'Ana' },
      company: { name: 'Quita' },
    },
    { at: 1, requirements: requirementsFromPolicy(policy) },
  );
  for (const id of answers) {
    const result = answerStep(current, id, 2);
    if (!result.ok) throw new Error(result.error.code);
    current = result.session;
  }
  return current;
}

const verifiedBr = () => session('br.first-reminder', brPolicy, 'speaking', 'confirmed');
const context = { today: '2026-03-10', now: Date.UTC(2026, 2, 10, 15), balanceCents: 100000 };

describe('default disposition set', () => {
  it('covers every code of the model, each with a unique hotkey and both labels', () => {
    expect(config.dispositions.map((d) => d.code).sort()).toEqual([...Disposition.options].sort());
    expect(new Set(config.dispositions.map((d) => d.hotkey)).size).toBe(config.dispositions.length);
    expect(dispositionLabel(config, 'paid_already', 'pt-BR')).toBe('Já pagou');
    expect(dispositionLabel(config, 'paid_already', 'en')).toBe('Already paid');
  });

  it('carries the categories KPIs need, the requirements and the effects', () => {
    const byCode = Object.fromEntries(config.dispositions.map((d) => [d.code, d]));
    expect(byCode.no_answer?.category).toBe('no_contact');
    expect(byCode.third_party?.category).toBe('contact');
    expect(byCode.promise_to_pay?.category).toBe('right_party_contact');
    expect(byCode.promise_to_pay?.requires.promise).toBe('required');
    expect(byCode.installment_plan?.requires.plan).toBe('required');
    expect(byCode.callback?.requires.callbackAt).toBe('required');
    expect(byCode.paid_already?.requires.paidOn).toBe('optional');
    expect(byCode.dispute?.effects).toMatchObject({ setFlags: ['dispute'], stopContact: true });
    expect(byCode.deceased?.effects.setFlags).toEqual(['deceased']);
    expect(byCode.wrong_number?.effects.markNumberBad).toBe(true);
    expect(config.dispositions.filter((d) => d.needsScriptMandatorySteps).map((d) => d.code)).toEqual(['promise_to_pay', 'installment_plan']);
  });

  it('finds a disposition by hotkey, case-insensitively, and skips disabled ones', () => {
    expect(dispositionForHotkey(config, '7')?.code).toBe('promise_to_pay');
    expect(dispositionForHotkey(config, 'C')?.code).toBe('callback');
    expect(dispositionForHotkey(config, 'q')).toBeUndefined();
    const input = clone();
    input.dispositions[0]!.enabled = false;
    expect(dispositionForHotkey(DispositionConfig.parse(input), '1')).toBeUndefined();
  });
});

describe('validateDispositionConfig', () => {
  it('accepts the default set as JSON', () => {
    expect(validateDispositionConfig(JSON.parse(JSON.stringify(config)))).toEqual({ ok: true, config });
  });

  it('refuses a duplicate hotkey, also when only the case differs', () => {
    const input = clone();
    input.dispositions[4]!.hotkey = 'C';
    expect(validateDispositionConfig(input)).toEqual({
      ok: false,
      issues: [{ code: 'duplicate_hotkey', path: 'dispositions[10].hotkey', params: { hotkey: 'c', code: 'callback', other: 'third_party' } }],
    });
  });

  it('refuses a duplicate code, a bad hotkey and a promise outside right-party contact', () => {
    const input = clone();
    input.dispositions[1]!.code = 'no_answer';
    input.dispositions[2]!.hotkey = 'ctrl+s';
    input.dispositions[6]!.category = 'contact';
    const result = validateDispositionConfig(input);
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.path])).toEqual([
      ['schema_invalid_format', 'dispositions[2].hotkey'],
      ['duplicate_code', 'dispositions[1].code'],
      ['promise_needs_right_party', 'dispositions[6].category'],
    ]);
  });

  it('refuses a promise disposition that does not require the script steps, and a set with nothing enabled', () => {
    const input = clone();
    input.dispositions[7]!.needsScriptMandatorySteps = false;
    for (const d of input.dispositions) d.enabled = false;
    const result = validateDispositionConfig(input);
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.path])).toEqual([
      ['promise_needs_script_steps', 'dispositions[7].needsScriptMandatorySteps'],
      ['no_enabled_disposition', 'dispositions'],
    ]);
  });
});

describe('validateOutcome', () => {
  it('needs a disposition the configuration knows and has enabled', () => {
    expect(validateOutcome(config, { disposition: null })).toEqual([{ field: 'disposition', code: 'disposition_required' }]);
    expect(validateOutcome(config, { disposition: 'sold' })).toEqual([{ field: 'disposition', code: 'disposition_unknown', params: { code: 'sold' } }]);
    const input = clone();
    input.dispositions[1]!.enabled = false;
    expect(validateOutcome(DispositionConfig.parse(input), { disposition: 'busy' })).toEqual([
      { field: 'disposition', code: 'disposition_disabled', params: { code: 'busy' } },
    ]);
    expect(validateOutcome(config, { disposition: 'no_answer' })).toEqual([]);
  });

  it('a promise needs date and amount, not in the past, not above the balance, and the script passed', () => {
    const s = verifiedBr();
    expect(validateOutcome(config, { disposition: 'promise_to_pay' }, s, context)).toEqual([{ field: 'promise', code: 'promise_required' }]);
    expect(validateOutcome(config, { disposition: 'promise_to_pay', promise: { dueDate: '2026-02-30', amountCents: 0 } }, s, context)).toEqual([
      { field: 'promise.dueDate', code: 'promise_date_invalid' },
      { field: 'promise.amountCents', code: 'promise_amount_not_positive' },
    ]);
    expect(validateOutcome(config, { disposition: 'promise_to_pay', promise: { dueDate: '2026-03-09', amountCents: 100001 } }, s, context)).toEqual([
      { field: 'promise.dueDate', code: 'promise_date_past' },
      { field: 'promise.amountCents', code: 'promise_above_balance', params: { balanceCents: 100000 } },
    ]);
    expect(validateOutcome(config, { disposition: 'promise_to_pay', promise: { dueDate: '2026-03-10', amountCents: 100000 } }, s, context)).toEqual([]);
  });

  it('refuses a promise before right-party verification, without a script, or to a third party', () => {
    const promise = { dueDate: '2026-03-20', amountCents: 5000 };
    expect(validateOutcome(config, { disposition: 'promise_to_pay', promise }, session('br.first-reminder', brPolicy, 'speaking'), context)).toEqual([
      { field: 'script', code: 'script_rpc_not_verified' },
      { field: 'script', code: 'script_mandatory_step_pending', params: { step: 'verify' } },
    ]);
    expect(validateOutcome(config, { disposition: 'promise_to_pay', promise }, null, context)).toEqual([{ field: 'script', code: 'script_required' }]);
    expect(
      validateOutcome(config, { disposition: 'promise_to_pay', promise }, session('br.first-reminder', brPolicy, 'speaking', 'mismatch'), context),
    ).toContainEqual({ field: 'script', code: 'script_third_party' });
  });

  it('refuses a promise on a US script before the mini-Miranda', () => {
    const promise = { dueDate: '2026-03-20', amountCents: 5000 };
    const beforeMiranda = session('us.first-reminder', usPolicy, 'speaking', 'confirmed');
    expect(validateOutcome(config, { disposition: 'promise_to_pay', promise }, beforeMiranda, context)).toEqual([
      { field: 'script', code: 'script_mandatory_step_pending', params: { step: 'mini-miranda' } },
      { field: 'script', code: 'script_disclosure_not_given', params: { disclosure: 'us.fdcpa1692e11.mini_miranda' } },
    ]);
    const after = session('us.first-reminder', usPolicy, 'speaking', 'confirmed', 'stated');
    expect(validateOutcome(config, { disposition: 'promise_to_pay', promise }, after, context)).toEqual([]);
  });

  it('an installment plan needs two or more increasing dated installments within the balance', () => {
    const s = verifiedBr();
    expect(validateOutcome(config, { disposition: 'installment_plan' }, s, context)).toEqual([{ field: 'plan', code: 'plan_required' }]);
    expect(
      validateOutcome(
        config,
        {
          disposition: 'installment_plan',
          plan: {
            installments: [
              { dueDate: '2026-04-10', amountCents: 60000 },
              { dueDate: '2026-04-10', amountCents: 50000 },
              { dueDate: '2026-03-01', amountCents: -1 },
            ],
          },
        },
        s,
        context,
      ),
    ).toEqual([
      { field: 'plan.installments[1].dueDate', code: 'plan_dates_not_increasing' },
      { field: 'plan.installments[2].dueDate', code: 'plan_date_past' },
      { field: 'plan.installments[2].dueDate', code: 'plan_dates_not_increasing' },
      { field: 'plan.installments[2].amountCents', code: 'plan_amount_not_positive' },
      { field: 'plan.installments', code: 'plan_above_balance', params: { totalCents: 110000, balanceCents: 100000 } },
    ]);
    expect(
      validateOutcome(config, { disposition: 'installment_plan', plan: { installments: [{ dueDate: '2026-04-10', amountCents: 1000 }] } }, s, context),
    ).toEqual([{ field: 'plan.installments', code: 'plan_too_few_installments', params: { count: 1 } }]);
    const plan = {
      installments: [
        { dueDate: '2026-04-10', amountCents: 33334 },
        { dueDate: '2026-05-10', amountCents: 33333 },
        { dueDate: '2026-06-10', amountCents: 33333 },
      ],
    };
    expect(validateOutcome(config, { disposition: 'installment_plan', plan }, s, context)).toEqual([]);
    expect(validateOutcome(config, { disposition: 'installment_plan', plan, promise: { dueDate: '2026-04-10', amountCents: 1 } }, s, context)).toContainEqual({
      field: 'promise',
      code: 'promise_not_allowed',
    });
  });

  it('a callback needs a future time; other outcomes take none', () => {
    expect(validateOutcome(config, { disposition: 'callback' }, null, context)).toEqual([{ field: 'callbackAt', code: 'callback_time_required' }]);
    expect(validateOutcome(config, { disposition: 'callback', callbackAt: context.now }, null, context)).toEqual([
      { field: 'callbackAt', code: 'callback_time_past' },
    ]);
    expect(validateOutcome(config, { disposition: 'callback', callbackAt: context.now + 3_600_000 }, null, context)).toEqual([]);
    expect(validateOutcome(config, { disposition: 'busy', callbackAt: context.now + 1 }, null, context)).toEqual([
      { field: 'callbackAt', code: 'callback_time_not_allowed' },
    ]);
  });

  it('paid already takes an optional payment date, not in the future', () => {
    expect(validateOutcome(config, { disposition: 'paid_already' }, null, context)).toEqual([]);
    expect(validateOutcome(config, { disposition: 'paid_already', paidOn: '2026-03-08' }, null, context)).toEqual([]);
    expect(validateOutcome(config, { disposition: 'paid_already', paidOn: '2026-03-11' }, null, context)).toEqual([
      { field: 'paidOn', code: 'paid_on_future' },
    ]);
    expect(validateOutcome(config, { disposition: 'paid_already', paidOn: '08/03/2026' }, null, context)).toEqual([{ field: 'paidOn', code: 'paid_on_invalid' }]);
    expect(validateOutcome(config, { disposition: 'dispute', paidOn: '2026-03-08' }, null, context)).toEqual([{ field: 'paidOn', code: 'paid_on_not_allowed' }]);
  });
});
