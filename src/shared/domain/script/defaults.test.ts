import { describe, expect, it } from 'vitest';
import { brPolicy, usPolicy } from '../policy/presets';
import { defaultScriptDocuments, defaultScriptRules, defaultScripts } from './defaults';
import { parseTemplate } from './placeholders';
import { DEBT_REVEALING_KINDS } from './schema';
import { requirementsFromPolicy, scriptIssues, validateScript } from './validate';

const MINI_MIRANDA = 'This is an attempt to collect a debt and any information obtained will be used for that purpose.';
const SCENARIOS = ['first-reminder', '30-plus', '90-plus', 'broken-promise', 'good-payer'];

describe('default scripts', () => {
  it('ship every scenario for the Brazilian and US policies', () => {
    expect(defaultScripts.map((s) => s.id).sort()).toEqual([...SCENARIOS.map((s) => `br.${s}`), ...SCENARIOS.map((s) => `us.${s}`)].sort());
  });

  it.each(defaultScriptDocuments.map((doc) => [(doc as { id: string }).id, doc]))('%s passes validateScript under its policy', (id, doc) => {
    const policy = String(id).startsWith('us.') ? usPolicy : brPolicy;
    const result = validateScript(doc, { requirements: requirementsFromPolicy(policy) });
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('the US scripts state the mini-Miranda, verbatim, as a mandatory compliance step right after verification', () => {
    for (const script of defaultScripts.filter((s) => s.id.startsWith('us.'))) {
      const verify = script.steps.find((s) => s.kind === 'rpc-verification')!;
      const confirmed = verify.answers.find((a) => a.effects.includes('rpcConfirmed'))!;
      const miranda = script.steps.find((s) => s.id === confirmed.next)!;
      expect(miranda.kind, script.id).toBe('mini-miranda');
      expect(miranda.mandatory && miranda.compliance).toBe(true);
      expect(miranda.text.en).toContain(MINI_MIRANDA);
      expect(scriptIssues(script, requirementsFromPolicy(usPolicy))).toEqual([]);
    }
  });

  it('the Brazilian scripts fail the US policy (no mini-Miranda), so they are never used there by mistake', () => {
    const br = defaultScripts.find((s) => s.id === 'br.first-reminder')!;
    expect(scriptIssues(br, requirementsFromPolicy(usPolicy)).map((i) => i.code)).toEqual(['required_disclosure_missing']);
  });

  it('carry the six objections of the library in both languages', () => {
    for (const script of defaultScripts) {
      expect(script.objections.map((o) => o.phrase['pt-BR'])).toEqual([
        'Não tenho dinheiro agora.',
        'Já paguei.',
        'Não reconheço a dívida.',
        'Vou pensar.',
        'Estou desempregado.',
        'Me liga depois.',
      ]);
      for (const objection of script.objections) expect(objection.answer.en.length).toBeGreaterThan(20);
    }
  });

  it('never threaten or embarrass (CDC art. 42): no threatening vocabulary in any text', () => {
    const threats = /\b(protesto|processo|justiça|polícia|penhora|prisão|negativa|nome sujo|SPC|Serasa|lawsuit|sue|arrest|police|garnish|jail)\b/i;
    for (const script of defaultScripts) {
      const texts = [
        ...script.steps.flatMap((s) => [s.text['pt-BR'], s.text.en, ...s.answers.flatMap((a) => [a.label['pt-BR'], a.label.en])]),
        ...script.objections.flatMap((o) => [o.answer['pt-BR'], o.answer.en]),
      ];
      for (const text of texts) expect(text, script.id).not.toMatch(threats);
    }
  });

  it('the good-payer script thanks the customer', () => {
    const script = defaultScripts.find((s) => s.id === 'br.good-payer')!;
    const agreed = script.steps.find((s) => s.id === 'agreed')!;
    expect(agreed.text['pt-BR']).toMatch(/obrigado/i);
    expect(agreed.text.en).toMatch(/thank you/i);
  });

  it('no step a third party can hear names the debt, the creditor or an amount', () => {
    for (const script of defaultScripts) {
      for (const step of script.steps.filter((s) => ['third-party', 'wrong-number', 'unverified', 'greeting'].includes(s.id))) {
        expect(DEBT_REVEALING_KINDS.has(step.kind)).toBe(false);
        for (const text of [step.text['pt-BR'], step.text.en]) {
          const names = parseTemplate(text).flatMap((p) => (p.kind === 'placeholder' ? [p.name] : []));
          expect(names.filter((n) => n.startsWith('account.') || n.startsWith('offer.')), `${script.id}/${step.id}`).toEqual([]);
          expect(text).not.toMatch(/dívida|débito|debt|pagamento|payment/i);
        }
      }
    }
  });

  it('every rule of the default rules points at a shipped script', () => {
    for (const rule of defaultScriptRules.rules) {
      for (const variant of rule.variants) {
        expect(defaultScripts.some((s) => s.id === rule.scriptId && s.variant === variant.id), rule.id).toBe(true);
      }
    }
  });
});
