// Refuses a script before it reaches an agent: the schema, then what a schema cannot see — unknown placeholders,
// branches to missing steps, duplicate ids, steps no path reaches, and, for compliance, any step that reveals the
// debt on a path that has not passed right-party verification. Every issue has a stable code, params and the JSON
// path of the offending value, so the import screen and the CLI can say where and why in the user's language.
import type { z } from 'zod';
import type { Locale } from '../../model';
import { isPlaceholder, parseTemplate, revealsDebt } from './placeholders';
import {
  COMPLIANCE_KINDS,
  DEBT_REVEALING_KINDS,
  OFFER_KINDS,
  Script,
  type LocalizedText,
  type ScriptStep,
} from './schema';

export type ScriptIssueCode =
  /** Zod's own codes prefixed: schema_invalid_type, schema_too_small, schema_unrecognized_keys... */
  | `schema_${string}`
  | 'duplicate_step_id'
  | 'duplicate_answer_id'
  | 'duplicate_objection_id'
  | 'missing_start_step'
  | 'branch_to_missing_step'
  | 'unknown_objection'
  | 'unknown_placeholder'
  | 'malformed_placeholder'
  | 'unreachable_step'
  | 'disclosure_before_rpc'
  | 'debt_placeholder_before_rpc'
  | 'compliance_step_not_mandatory'
  | 'rpc_step_without_confirmation'
  | 'conflicting_effects'
  | 'offer_reachable_without_mandatory'
  | 'rpc_verification_missing'
  | 'required_disclosure_missing';

export interface ScriptIssue {
  code: ScriptIssueCode;
  /** JSON path in the script document, e.g. `steps[3].text.pt-BR`; '' for the document itself. */
  path: string;
  params: Record<string, string | number>;
}

/** What the contact policy demands of a script (ContactPolicy.rightPartyVerificationRequired / requiredDisclosures). */
export interface ScriptRequirements {
  rightPartyVerification: boolean;
  /** Policy disclosure keys some step must `satisfy`, e.g. `us.fdcpa1692e11.mini_miranda`. */
  disclosures: readonly string[];
}

export function requirementsFromPolicy(policy: {
  rightPartyVerificationRequired: boolean;
  requiredDisclosures: readonly string[];
}): ScriptRequirements {
  return { rightPartyVerification: policy.rightPartyVerificationRequired, disclosures: [...policy.requiredDisclosures] };
}

export type ScriptValidation = { ok: true; script: Script } | { ok: false; issues: ScriptIssue[] };

/** `['steps', 3, 'text', 'pt-BR']` → `steps[3].text.pt-BR`. */
export function formatJsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** An English one-liner for logs and the CLI; the UI translates `code` with `params` instead. */
export function formatScriptIssue(issue: ScriptIssue): string {
  const p = issue.params;
  const where = issue.path === '' ? '' : `${issue.path}: `;
  switch (issue.code) {
    case 'unknown_placeholder':
      return `${where}unknown placeholder {{${p.placeholder}}}`;
    case 'malformed_placeholder':
      return `${where}malformed placeholder near "${p.near}"`;
    case 'branch_to_missing_step':
      return `${where}branch to missing step "${p.target}"`;
    case 'missing_start_step':
      return `${where}start step "${p.target}" does not exist`;
    case 'duplicate_step_id':
    case 'duplicate_answer_id':
    case 'duplicate_objection_id':
      return `${where}duplicate id "${p.id}"`;
    case 'unknown_objection':
      return `${where}unknown objection "${p.objection}"`;
    case 'unreachable_step':
      return `${where}step "${p.step}" cannot be reached from the start`;
    case 'disclosure_before_rpc':
      return `${where}step "${p.step}" (${p.kind}) can be reached without right-party verification`;
    case 'debt_placeholder_before_rpc':
      return `${where}{{${p.placeholder}}} reveals the debt before right-party verification`;
    case 'compliance_step_not_mandatory':
      return `${where}a ${p.kind} step must be mandatory and marked compliance`;
    case 'rpc_step_without_confirmation':
      return `${where}right-party verification step "${p.step}" has no answer with the rpcConfirmed effect`;
    case 'conflicting_effects':
      return `${where}an answer cannot both confirm and fail right-party verification`;
    case 'offer_reachable_without_mandatory':
      return `${where}step "${p.step}" can be reached without passing mandatory step "${p.mandatoryStep}"`;
    case 'rpc_verification_missing':
      return `${where}the policy requires right-party verification and no step confirms it`;
    case 'required_disclosure_missing':
      return `${where}no step delivers the required disclosure "${p.disclosure}"`;
    default:
      return `${where}${p.message ?? issue.code}`;
  }
}

function schemaIssues(error: z.ZodError): ScriptIssue[] {
  return error.issues.map((issue) => {
    const params: Record<string, string | number> = { message: issue.message };
    for (const key of ['expected', 'minimum', 'maximum', 'origin', 'format'] as const) {
      const value = (issue as unknown as Record<string, unknown>)[key];
      if (typeof value === 'string' || typeof value === 'number') params[key] = value;
      if (typeof value === 'bigint') params[key] = Number(value);
    }
    const keys = (issue as { keys?: unknown }).keys;
    if (Array.isArray(keys)) params.keys = keys.join(', ');
    return { code: `schema_${issue.code}` as const, path: formatJsonPath(issue.path), params };
  });
}

function templateIssues(text: LocalizedText | undefined, path: string, issues: ScriptIssue[]): void {
  if (!text) return;
  for (const locale of Object.keys(text) as Locale[]) {
    for (const part of parseTemplate(text[locale])) {
      if (part.kind === 'malformed') {
        issues.push({
          code: 'malformed_placeholder',
          path: `${path}.${locale}`,
          params: { near: part.raw.slice(part.at, part.at + 30) },
        });
      } else if (part.kind === 'placeholder' && !isPlaceholder(part.name)) {
        issues.push({ code: 'unknown_placeholder', path: `${path}.${locale}`, params: { placeholder: part.name } });
      }
    }
  }
}

/** Steps reachable from `start`, following answers `follow` accepts and never entering `avoid`. */
function reachable(
  start: string,
  byId: ReadonlyMap<string, ScriptStep>,
  follow: (answer: ScriptStep['answers'][number]) => boolean = () => true,
  avoid?: string,
): Set<string> {
  const seen = new Set<string>();
  if (!byId.has(start) || start === avoid) return seen;
  const queue = [start];
  seen.add(start);
  while (queue.length > 0) {
    const step = byId.get(queue.pop()!)!;
    for (const answer of step.answers) {
      const next = answer.next;
      if (next === null || !follow(answer) || next === avoid || seen.has(next) || !byId.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

/** The semantic checks of an already schema-valid script. */
export function scriptIssues(script: Script, requirements?: ScriptRequirements): ScriptIssue[] {
  const issues: ScriptIssue[] = [];
  const byId = new Map<string, ScriptStep>();
  const indexOf = new Map<string, number>();
  script.steps.forEach((step, i) => {
    if (byId.has(step.id)) issues.push({ code: 'duplicate_step_id', path: `steps[${i}].id`, params: { id: step.id } });
    else {
      byId.set(step.id, step);
      indexOf.set(step.id, i);
    }
  });
  const objectionIds = new Set<string>();
  script.objections.forEach((objection, i) => {
    if (objectionIds.has(objection.id)) {
      issues.push({ code: 'duplicate_objection_id', path: `objections[${i}].id`, params: { id: objection.id } });
    }
    objectionIds.add(objection.id);
    templateIssues(objection.phrase, `objections[${i}].phrase`, issues);
    templateIssues(objection.answer, `objections[${i}].answer`, issues);
  });
  if (!byId.has(script.start)) issues.push({ code: 'missing_start_step', path: 'start', params: { target: script.start } });

  script.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    templateIssues(step.text, `${at}.text`, issues);
    templateIssues(step.hint, `${at}.hint`, issues);
    if (COMPLIANCE_KINDS.has(step.kind) && !(step.mandatory && step.compliance)) {
      issues.push({
        code: 'compliance_step_not_mandatory',
        path: `${at}.${step.mandatory ? 'compliance' : 'mandatory'}`,
        params: { step: step.id, kind: step.kind },
      });
    }
    if (step.kind === 'rpc-verification' && !step.answers.some((a) => a.effects.includes('rpcConfirmed'))) {
      issues.push({ code: 'rpc_step_without_confirmation', path: `${at}.answers`, params: { step: step.id } });
    }
    const answerIds = new Set<string>();
    step.answers.forEach((answer, j) => {
      const aAt = `${at}.answers[${j}]`;
      if (answerIds.has(answer.id)) issues.push({ code: 'duplicate_answer_id', path: `${aAt}.id`, params: { id: answer.id } });
      answerIds.add(answer.id);
      templateIssues(answer.label, `${aAt}.label`, issues);
      if (answer.next !== null && !byId.has(answer.next)) {
        issues.push({ code: 'branch_to_missing_step', path: `${aAt}.next`, params: { target: answer.next } });
      }
      if (answer.objection !== undefined && !script.objections.some((o) => o.id === answer.objection)) {
        issues.push({ code: 'unknown_objection', path: `${aAt}.objection`, params: { objection: answer.objection } });
      }
      if (answer.effects.includes('rpcConfirmed') && answer.effects.includes('rpcFailed')) {
        issues.push({ code: 'conflicting_effects', path: `${aAt}.effects`, params: { answer: answer.id } });
      }
    });
  });

  if (!byId.has(script.start)) return issues;

  const all = reachable(script.start, byId);
  for (const [id, step] of byId) {
    if (!all.has(id)) issues.push({ code: 'unreachable_step', path: `steps[${indexOf.get(id)}]`, params: { step: step.id } });
  }

  // Everything reachable before an rpcConfirmed answer is heard by whoever picked up the phone.
  const unverified = reachable(script.start, byId, (answer) => !answer.effects.includes('rpcConfirmed'));
  for (const id of unverified) {
    const step = byId.get(id)!;
    const at = `steps[${indexOf.get(id)}]`;
    if (DEBT_REVEALING_KINDS.has(step.kind)) {
      issues.push({ code: 'disclosure_before_rpc', path: at, params: { step: id, kind: step.kind } });
    }
    for (const locale of Object.keys(step.text) as Locale[]) {
      for (const part of parseTemplate(step.text[locale])) {
        if (part.kind === 'placeholder' && isPlaceholder(part.name) && revealsDebt(part.name)) {
          issues.push({ code: 'debt_placeholder_before_rpc', path: `${at}.text.${locale}`, params: { placeholder: part.name } });
        }
      }
    }
  }

  // canLogPromise needs every mandatory step passed, so no offer may be reachable around one.
  for (const mandatory of byId.values()) {
    if (!mandatory.mandatory || !all.has(mandatory.id)) continue;
    const around = reachable(script.start, byId, undefined, mandatory.id);
    for (const id of around) {
      const step = byId.get(id)!;
      if (!OFFER_KINDS.has(step.kind)) continue;
      issues.push({
        code: 'offer_reachable_without_mandatory',
        path: `steps[${indexOf.get(id)}]`,
        params: { step: id, mandatoryStep: mandatory.id },
      });
    }
  }

  if (requirements) {
    const confirms = script.steps.some((s) => s.answers.some((a) => a.effects.includes('rpcConfirmed')));
    if (requirements.rightPartyVerification && !confirms) {
      issues.push({ code: 'rpc_verification_missing', path: 'steps', params: {} });
    }
    for (const disclosure of requirements.disclosures) {
      if (!script.steps.some((s) => s.satisfies.includes(disclosure))) {
        issues.push({ code: 'required_disclosure_missing', path: 'steps', params: { disclosure } });
      }
    }
  }
  return issues;
}

/**
 * Parses and checks a script document (e.g. an imported JSON file). With `requirements` (from the contact policy
 * it will run under) it also checks the script can satisfy them.
 */
export function validateScript(json: unknown, options: { requirements?: ScriptRequirements } = {}): ScriptValidation {
  const parsed = Script.safeParse(json);
  if (!parsed.success) return { ok: false, issues: schemaIssues(parsed.error) };
  const issues = scriptIssues(parsed.data, options.requirements);
  return issues.length === 0 ? { ok: true, script: parsed.data } : { ok: false, issues };
}
