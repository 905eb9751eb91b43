// A script being followed on a call: a pure state machine over immutable values. The renderer keeps the current
// value, shows `viewStep`, and calls `answer`/`back`/`editWording`; the outcome form asks `canLogPromise`, and the
// attempt record stores `summary`. Times are passed in (epoch ms), so the same inputs always give the same path.
import type { Disposition, Locale } from '../../model';
import { renderSegments, type RenderedSegment, type ScriptContext, type ScriptOffer } from './placeholders';
import type { AnswerEffect, Script, ScriptStep, StepKind } from './schema';
import type { ScriptRequirements } from './validate';

export interface PathEntry {
  stepId: string;
  answerId: string;
  at: number;
  /** The agent personalised this step's wording before answering it. */
  edited: boolean;
}

export interface ObjectionEntry {
  objectionId: string;
  /** The step on screen when it was raised (null after the script ended). */
  stepId: string | null;
  at: number;
  /** Raised by the answer at this index of `path` (dropped when that answer is undone); null when raised by hand. */
  pathIndex: number | null;
}

export interface ScriptSession {
  readonly script: Script;
  readonly context: ScriptContext;
  readonly requirements: ScriptRequirements;
  readonly startedAt: number;
  /** null once an answer ended the script. */
  readonly currentStepId: string | null;
  readonly path: readonly PathEntry[];
  readonly objections: readonly ObjectionEntry[];
  /** The agent's own wording per step id (the script's text is the default). */
  readonly wording: Readonly<Record<string, string>>;
}

export type SessionErrorCode =
  | 'session_ended'
  | 'unknown_answer'
  | 'unknown_step'
  | 'unknown_objection'
  | 'compliance_wording_locked'
  | 'rpc_not_verified';

export type SessionResult = { ok: true; session: ScriptSession } | { ok: false; error: { code: SessionErrorCode; params: Record<string, string> } };

/** Without a policy: right-party verification before any promise, no extra disclosures. */
export const DEFAULT_REQUIREMENTS: ScriptRequirements = { rightPartyVerification: true, disclosures: [] };

function freeze(session: ScriptSession): ScriptSession {
  Object.freeze(session.path);
  Object.freeze(session.objections);
  Object.freeze(session.wording);
  return Object.freeze(session);
}

function fail(code: SessionErrorCode, params: Record<string, string> = {}): SessionResult {
  return { ok: false, error: { code, params } };
}

export function startScriptSession(
  script: Script,
  context: ScriptContext,
  options: { at: number; requirements?: ScriptRequirements },
): ScriptSession {
  if (!script.steps.some((s) => s.id === script.start)) throw new Error(`script ${script.id} has no start step (validate it first)`);
  return freeze({
    script,
    context,
    requirements: options.requirements ?? DEFAULT_REQUIREMENTS,
    startedAt: options.at,
    currentStepId: script.start,
    path: [],
    objections: [],
    wording: {},
  });
}

function stepById(script: Script, id: string): ScriptStep | undefined {
  return script.steps.find((s) => s.id === id);
}

export function currentStep(session: ScriptSession): ScriptStep | null {
  return session.currentStepId === null ? null : (stepById(session.script, session.currentStepId) ?? null);
}

/** The script is over: an answer ended it, or the current step has no answers. */
export function isScriptFinished(session: ScriptSession): boolean {
  const step = currentStep(session);
  return step === null || step.answers.length === 0;
}

export function answerStep(session: ScriptSession, answerId: string, at: number): SessionResult {
  const step = currentStep(session);
  if (step === null) return fail('session_ended');
  const chosen = step.answers.find((a) => a.id === answerId);
  if (!chosen) return fail('unknown_answer', { step: step.id, answer: answerId });
  const path = [...session.path, { stepId: step.id, answerId, at, edited: session.wording[step.id] !== undefined }];
  const objections =
    chosen.objection === undefined
      ? session.objections
      : [...session.objections, { objectionId: chosen.objection, stepId: step.id, at, pathIndex: path.length - 1 }];
  return { ok: true, session: freeze({ ...session, currentStepId: chosen.next, path, objections }) };
}

/** Undoes the last answer: its step is current again. The wording the agent typed for it is kept. */
export function undoLastAnswer(session: ScriptSession): ScriptSession {
  const last = session.path.at(-1);
  if (!last) return session;
  const index = session.path.length - 1;
  return freeze({
    ...session,
    currentStepId: last.stepId,
    path: session.path.slice(0, index),
    objections: session.objections.filter((o) => o.pathIndex !== index),
  });
}

export function canGoBack(session: ScriptSession): boolean {
  return session.path.length > 0;
}

/**
 * The agent's own wording for a step (the current one unless `stepId` says otherwise). Compliance steps are read
 * as written; an empty text restores the script's wording.
 */
export function editWording(session: ScriptSession, text: string, stepId?: string): SessionResult {
  const id = stepId ?? session.currentStepId;
  if (id === null) return fail('session_ended');
  const step = stepById(session.script, id);
  if (!step) return fail('unknown_step', { step: id });
  if (step.compliance) return fail('compliance_wording_locked', { step: id });
  const wording = { ...session.wording };
  if (text.trim() === '') delete wording[id];
  else wording[id] = text;
  return { ok: true, session: freeze({ ...session, wording }) };
}

/** The customer raised an objection outside the script's branches; the renderer shows its suggested answer. */
export function raiseObjection(session: ScriptSession, objectionId: string, at: number): SessionResult {
  if (!session.script.objections.some((o) => o.id === objectionId)) return fail('unknown_objection', { objection: objectionId });
  // The library talks about the debt: not to whoever answered before they are verified.
  if (!rpcVerified(session)) return fail('rpc_not_verified');
  const entry: ObjectionEntry = { objectionId, stepId: session.currentStepId, at, pathIndex: null };
  return { ok: true, session: freeze({ ...session, objections: [...session.objections, entry] }) };
}

/** New values to render with (the agent built an offer, the balance changed). */
export function withContext(session: ScriptSession, context: ScriptContext): ScriptSession {
  return freeze({ ...session, context });
}

export function withOffer(session: ScriptSession, offer: ScriptOffer | null): ScriptSession {
  return withContext(session, { ...session.context, offer });
}

function effectsOnPath(session: ScriptSession): AnswerEffect[][] {
  return session.path.map((entry) => {
    const step = stepById(session.script, entry.stepId);
    return step?.answers.find((a) => a.id === entry.answerId)?.effects ?? [];
  });
}

function lastRpcEffect(session: ScriptSession): 'rpcConfirmed' | 'rpcFailed' | null {
  const all = effectsOnPath(session);
  for (let i = all.length - 1; i >= 0; i -= 1) {
    const effects = all[i]!;
    if (effects.includes('rpcFailed')) return 'rpcFailed';
    if (effects.includes('rpcConfirmed')) return 'rpcConfirmed';
  }
  return null;
}

/** The person on the line was verified as the debtor (and not later found to be someone else). */
export function rpcVerified(session: ScriptSession): boolean {
  return lastRpcEffect(session) === 'rpcConfirmed';
}

/** The person on the line is not the debtor: the script ends without disclosing the debt. */
export function isThirdParty(session: ScriptSession): boolean {
  return lastRpcEffect(session) === 'rpcFailed';
}

export function customerRefused(session: ScriptSession): boolean {
  return effectsOnPath(session).some((effects) => effects.includes('refused'));
}

/** Mandatory steps not yet answered on the path, in script order. */
export function pendingMandatorySteps(session: ScriptSession): string[] {
  const passed = new Set(session.path.map((e) => e.stepId));
  return session.script.steps.filter((s) => s.mandatory && !passed.has(s.id)).map((s) => s.id);
}

export function mandatoryPassed(session: ScriptSession): boolean {
  return pendingMandatorySteps(session).length === 0;
}

export type PromiseBlocker =
  | { code: 'rpc_not_verified' }
  | { code: 'third_party' }
  | { code: 'mandatory_step_pending'; stepId: string }
  | { code: 'disclosure_not_given'; disclosure: string };

/** Why a promise or plan cannot be logged yet; empty when it can. */
export function promiseBlockers(session: ScriptSession): PromiseBlocker[] {
  const blockers: PromiseBlocker[] = [];
  if (isThirdParty(session)) blockers.push({ code: 'third_party' });
  else if (session.requirements.rightPartyVerification && !rpcVerified(session)) blockers.push({ code: 'rpc_not_verified' });
  for (const stepId of pendingMandatorySteps(session)) blockers.push({ code: 'mandatory_step_pending', stepId });
  const given = new Set<string>();
  for (const entry of session.path) for (const key of stepById(session.script, entry.stepId)?.satisfies ?? []) given.add(key);
  for (const disclosure of session.requirements.disclosures) {
    if (!given.has(disclosure)) blockers.push({ code: 'disclosure_not_given', disclosure });
  }
  return blockers;
}

/** False before right-party verification, before any mandatory step (the mini-Miranda on US scripts) or disclosure. */
export function canLogPromise(session: ScriptSession): boolean {
  return promiseBlockers(session).length === 0;
}

/** The disposition the outcome form pre-selects from the answers given; null when they say nothing. */
export function suggestedDisposition(session: ScriptSession): Disposition | null {
  for (let i = session.path.length - 1; i >= 0; i -= 1) {
    const entry = session.path[i]!;
    const chosen = stepById(session.script, entry.stepId)?.answers.find((a) => a.id === entry.answerId);
    if (chosen?.disposition) return chosen.disposition;
  }
  if (isThirdParty(session)) return 'third_party';
  if (customerRefused(session)) return 'refused';
  return null;
}

export interface AnswerView {
  id: string;
  label: string;
  effects: readonly AnswerEffect[];
  objection: string | null;
  /** Choosing it ends the script. */
  ends: boolean;
}

export interface ObjectionView {
  id: string;
  phrase: RenderedSegment[];
  answer: RenderedSegment[];
}

export interface StepView {
  stepId: string;
  kind: StepKind;
  mandatory: boolean;
  compliance: boolean;
  /** The script's wording rendered for the customer. */
  text: RenderedSegment[];
  /** The agent's own wording for this step, if they changed it. */
  editedText: string | null;
  hint: RenderedSegment[] | null;
  answers: AnswerView[];
  /** The objection the last answer raised, with its suggested answer. */
  objection: ObjectionView | null;
  canGoBack: boolean;
  /** Step number on the path (1-based). */
  position: number;
}

function objectionView(session: ScriptSession, id: string): ObjectionView | null {
  const objection = session.script.objections.find((o) => o.id === id);
  if (!objection) return null;
  const { locale } = session.context;
  return {
    id,
    phrase: renderSegments(objection.phrase[locale], session.context),
    answer: renderSegments(objection.answer[locale], session.context),
  };
}

/**
 * Everything the renderer shows for the current step; null once the script ended. What is read aloud is in the
 * customer's language; answer labels and the hint are for the agent, in `agentLocale` (default: the customer's).
 */
export function viewStep(session: ScriptSession, agentLocale: Locale = session.context.locale): StepView | null {
  const step = currentStep(session);
  if (step === null) return null;
  const { locale } = session.context;
  const last = session.objections.at(-1);
  const lastFromPreviousAnswer = last !== undefined && last.pathIndex === session.path.length - 1 ? last : undefined;
  return {
    stepId: step.id,
    kind: step.kind,
    mandatory: step.mandatory,
    compliance: step.compliance,
    text: renderSegments(step.text[locale], session.context),
    editedText: session.wording[step.id] ?? null,
    hint: step.hint ? renderSegments(step.hint[agentLocale], session.context) : null,
    answers: step.answers.map((a) => ({
      id: a.id,
      label: renderSegments(a.label[agentLocale], session.context)
        .map((s) => s.text)
        .join(''),
      effects: a.effects,
      objection: a.objection ?? null,
      ends: a.next === null,
    })),
    objection: lastFromPreviousAnswer ? objectionView(session, lastFromPreviousAnswer.objectionId) : null,
    canGoBack: canGoBack(session),
    position: session.path.length + 1,
  };
}

/** The objection library for the side panel; empty before right-party verification (it discusses the debt). */
export function objectionLibrary(session: ScriptSession): ObjectionView[] {
  if (!rpcVerified(session)) return [];
  return session.script.objections.map((o) => objectionView(session, o.id)!);
}

/** What the attempt record keeps of the script: enough to compare A/B variants and audit the compliance steps. */
export interface ScriptSummary {
  scriptId: string;
  version: number;
  variant: string;
  startedAt: number;
  path: PathEntry[];
  objections: Array<{ objectionId: string; stepId: string | null; at: number }>;
  rpcVerified: boolean;
  thirdParty: boolean;
  mandatoryPassed: boolean;
  finished: boolean;
}

export function scriptSummary(session: ScriptSession): ScriptSummary {
  return {
    scriptId: session.script.id,
    version: session.script.version,
    variant: session.script.variant,
    startedAt: session.startedAt,
    path: session.path.map((e) => ({ ...e })),
    objections: session.objections.map(({ objectionId, stepId, at }) => ({ objectionId, stepId, at })),
    rpcVerified: rpcVerified(session),
    thirdParty: isThirdParty(session),
    mandatoryPassed: mandatoryPassed(session),
    finished: isScriptFinished(session),
  };
}
