import { describe, expect, it } from 'vitest';
import { usPolicy } from '../policy/presets';
import type { ScriptInput } from './schema';
import { formatScriptIssue, requirementsFromPolicy, validateScript, type ScriptIssue } from './validate';

const t = (text: string) => ({ 'pt-BR': text, en: text });

/** A small valid script: greeting → verify → disclosure → offer → end, third parties end at once. */
function small(): ScriptInput {
  return {
    schemaVersion: 1,
    id: 'test.small',
    version: 1,
    variant: 'A',
    name: t('Small'),
    start: 'greeting',
    steps: [
      {
        id: 'greeting',
        kind: 'greeting',
        text: t('Hello, may I speak with {{customer.name}}?'),
        answers: [
          { id: 'yes', label: t('Yes'), next: 'verify' },
          { id: 'other', label: t('Someone else'), next: 'bye', effects: ['rpcFailed'] },
        ],
      },
      {
        id: 'verify',
        kind: 'rpc-verification',
        text: t('Your date of birth?'),
        mandatory: true,
        compliance: true,
        answers: [
          { id: 'ok', label: t('Matches'), next: 'disclosure', effects: ['rpcConfirmed'] },
          { id: 'no', label: t('Does not match'), next: 'bye', effects: ['rpcFailed'] },
        ],
      },
      {
        id: 'disclosure',
        kind: 'disclosure',
        text: t('You owe {{account.balance}} to {{account.creditor}}.'),
        answers: [{ id: 'go', label: t('Go on'), next: 'offer', objection: 'no-money' }],
      },
      {
        id: 'offer',
        kind: 'offer',
        text: t('{{offer.installments}} x {{offer.installmentAmount}}'),
        answers: [{ id: 'accept', label: t('Accepts'), next: null, disposition: 'promise_to_pay' }],
      },
      { id: 'bye', kind: 'closing', text: t('Thank you, goodbye.'), answers: [] },
    ],
    objections: [{ id: 'no-money', phrase: t('No money'), answer: t('Smaller installments, {{customer.firstName}}?') }],
  };
}

type Draft = ReturnType<typeof small> & { steps: Array<Record<string, unknown> & { answers: Array<Record<string, unknown>> }> };
function edit(change: (s: Draft) => void): unknown {
  const script = structuredClone(small()) as Draft;
  change(script);
  return script;
}

function issuesOf(json: unknown): ScriptIssue[] {
  const result = validateScript(json);
  if (result.ok) throw new Error('expected the script to be refused');
  return result.issues;
}

describe('validateScript', () => {
  it('accepts a well-formed script and fills defaults', () => {
    const result = validateScript(small());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.script.steps[0]?.mandatory).toBe(false);
      expect(result.script.steps[0]?.answers[0]?.effects).toEqual([]);
    }
  });

  it('refuses an unknown placeholder with its path (pt-BR and en separately)', () => {
    const issues = issuesOf(edit((s) => (s.steps[3]!.text = { 'pt-BR': 'Oi {{customer.nickname}}', en: 'Hi {{customer.firstName}}' })));
    expect(issues).toEqual([{ code: 'unknown_placeholder', path: 'steps[3].text.pt-BR', params: { placeholder: 'customer.nickname' } }]);
    expect(formatScriptIssue(issues[0]!)).toBe('steps[3].text.pt-BR: unknown placeholder {{customer.nickname}}');
  });

  it('checks placeholders in answer labels and the objection library too', () => {
    const issues = issuesOf(
      edit((s) => {
        s.steps[0]!.answers[0]!.label = t('Yes, {{customer.age}}');
        s.objections![0]!.answer = { 'pt-BR': 'ok', en: '{{agent.lastName}}' };
      }),
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['unknown_placeholder', 'objections[0].answer.en'],
      ['unknown_placeholder', 'steps[0].answers[0].label.pt-BR'],
      ['unknown_placeholder', 'steps[0].answers[0].label.en'],
    ]);
  });

  it('refuses a brace typo', () => {
    const issues = issuesOf(edit((s) => (s.steps[4]!.text = t('Bye {{customer.firstName}'))));
    expect(issues).toEqual([{ code: 'malformed_placeholder', path: 'steps[4].text.pt-BR', params: { near: '{{customer.firstName}' } }, expect.objectContaining({ path: 'steps[4].text.en' })]);
  });

  it('refuses a branch to a missing step with its path', () => {
    const issues = issuesOf(edit((s) => (s.steps[2]!.answers[0]!.next = 'negotiate')));
    expect(issues).toContainEqual({ code: 'branch_to_missing_step', path: 'steps[2].answers[0].next', params: { target: 'negotiate' } });
    expect(formatScriptIssue(issues.find((i) => i.code === 'branch_to_missing_step')!)).toBe('steps[2].answers[0].next: branch to missing step "negotiate"');
  });

  it('refuses duplicate step, answer and objection ids', () => {
    const issues = issuesOf(
      edit((s) => {
        s.steps[4]!.id = 'offer';
        s.steps[1]!.answers[1]!.id = 'ok';
        s.objections!.push({ ...s.objections![0]! });
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { code: 'duplicate_step_id', path: 'steps[4].id', params: { id: 'offer' } },
        { code: 'duplicate_answer_id', path: 'steps[1].answers[1].id', params: { id: 'ok' } },
        { code: 'duplicate_objection_id', path: 'objections[1].id', params: { id: 'no-money' } },
      ]),
    );
  });

  it('refuses a missing start step', () => {
    expect(issuesOf(edit((s) => (s.start = 'hello')))).toEqual([{ code: 'missing_start_step', path: 'start', params: { target: 'hello' } }]);
  });

  it('refuses a step no path reaches', () => {
    const issues = issuesOf(edit((s) => s.steps.push({ id: 'orphan', kind: 'info', text: t('Never read'), answers: [] })));
    expect(issues).toEqual([{ code: 'unreachable_step', path: 'steps[5]', params: { step: 'orphan' } }]);
  });

  it('refuses a disclosure reachable without right-party verification', () => {
    // The greeting skips straight to the disclosure.
    const issues = issuesOf(edit((s) => (s.steps[0]!.answers[0]!.next = 'disclosure')));
    expect(issues).toEqual(
      expect.arrayContaining([
        { code: 'disclosure_before_rpc', path: 'steps[2]', params: { step: 'disclosure', kind: 'disclosure' } },
        { code: 'disclosure_before_rpc', path: 'steps[3]', params: { step: 'offer', kind: 'offer' } },
      ]),
    );
  });

  it('refuses a third-party branch that goes on to disclose the debt', () => {
    const issues = issuesOf(edit((s) => (s.steps[1]!.answers[1]!.next = 'disclosure')));
    expect(issues).toContainEqual({ code: 'disclosure_before_rpc', path: 'steps[2]', params: { step: 'disclosure', kind: 'disclosure' } });
  });

  it('refuses debt placeholders in text heard before verification', () => {
    const issues = issuesOf(edit((s) => (s.steps[4]!.text = { 'pt-BR': 'Tchau', en: 'Please tell them about {{account.balance}}' })));
    expect(issues).toEqual([{ code: 'debt_placeholder_before_rpc', path: 'steps[4].text.en', params: { placeholder: 'account.balance' } }]);
  });

  it('requires verification and mini-Miranda steps to be mandatory compliance steps, with a confirming answer', () => {
    const issues = issuesOf(
      edit((s) => {
        s.steps[1]!.mandatory = false;
        s.steps[1]!.answers[0]!.effects = [];
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { code: 'compliance_step_not_mandatory', path: 'steps[1].mandatory', params: { step: 'verify', kind: 'rpc-verification' } },
        { code: 'rpc_step_without_confirmation', path: 'steps[1].answers', params: { step: 'verify' } },
      ]),
    );
  });

  it('refuses an answer that both confirms and fails verification', () => {
    const issues = issuesOf(edit((s) => (s.steps[1]!.answers[0]!.effects = ['rpcConfirmed', 'rpcFailed'])));
    expect(issues).toContainEqual({ code: 'conflicting_effects', path: 'steps[1].answers[0].effects', params: { answer: 'ok' } });
  });

  it('refuses an offer reachable around a mandatory step', () => {
    const issues = issuesOf(
      edit((s) => {
        s.steps[2]!.mandatory = true;
        s.steps[1]!.answers.push({ id: 'skip', label: t('Skip'), next: 'offer', effects: ['rpcConfirmed'] });
      }),
    );
    expect(issues).toEqual([
      { code: 'offer_reachable_without_mandatory', path: 'steps[3]', params: { step: 'offer', mandatoryStep: 'disclosure' } },
    ]);
  });

  it('refuses an objection the library does not have', () => {
    const issues = issuesOf(edit((s) => (s.steps[2]!.answers[0]!.objection = 'too-expensive')));
    expect(issues).toEqual([{ code: 'unknown_objection', path: 'steps[2].answers[0].objection', params: { objection: 'too-expensive' } }]);
  });

  it('reports schema errors with their JSON path and zod code', () => {
    const issues = issuesOf(
      edit((s) => {
        (s.steps[1] as Record<string, unknown>).kind = 'threat';
        (s.steps[2] as Record<string, unknown>).mandatry = true;
        s.steps[0]!.text = { 'pt-BR': 'Olá' } as never;
        (s as Record<string, unknown>).version = 1.5;
      }),
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual(
      expect.arrayContaining([
        ['schema_invalid_type', 'version'],
        ['schema_invalid_value', 'steps[1].kind'],
        ['schema_unrecognized_keys', 'steps[2]'],
        ['schema_invalid_type', 'steps[0].text.en'],
      ]),
    );
    expect(issues.find((i) => i.code === 'schema_unrecognized_keys')?.params.keys).toBe('mandatry');
    expect(validateScript('not json at all').ok).toBe(false);
  });

  it('with policy requirements, refuses a script that cannot deliver a required disclosure', () => {
    const requirements = requirementsFromPolicy(usPolicy);
    const result = validateScript(small(), { requirements });
    expect(result).toEqual({
      ok: false,
      issues: [{ code: 'required_disclosure_missing', path: 'steps', params: { disclosure: 'us.fdcpa1692e11.mini_miranda' } }],
    });
    const withMiranda = edit((s) => {
      s.steps[2]!.satisfies = ['us.fdcpa1692e11.mini_miranda'];
    });
    expect(validateScript(withMiranda, { requirements }).ok).toBe(true);
    const noVerification = edit((s) => {
      s.steps.splice(1, 1);
      s.steps[0]!.answers[0]!.next = 'bye';
      s.steps.splice(1, 2);
    });
    expect(validateScript(noVerification, { requirements: { rightPartyVerification: true, disclosures: [] } })).toEqual({
      ok: false,
      issues: [{ code: 'rpc_verification_missing', path: 'steps', params: {} }],
    });
  });
});
