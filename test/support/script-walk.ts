// Walks a call script the way a cooperative customer's call goes: the right party answers, is verified, and
// every mandatory step is passed. Tests use it to build the script path a promise needs (outcome:log replays it).
import type { ScriptForAccount, ScriptTrace } from '../../src/shared/contract';
import {
  answerStep,
  canLogPromise,
  currentStep,
  scriptContextFor,
  startScriptSession,
  type Script,
  type ScriptRequirements,
  type ScriptSession,
} from '../../src/shared/domain/script';

/** The path to the first point where a promise may be logged; throws when the script never gets there. */
export function verifiedTrace(forAccount: ScriptForAccount, at: number): ScriptTrace {
  const { script, selection, requirements } = forAccount;
  if (!script || !selection) throw new Error(`no script for the account (${forAccount.problem})`);
  const session = verifiedSession(script, requirements, at);
  return {
    scriptId: script.id,
    version: script.version,
    variant: script.variant,
    startedAt: at,
    path: session.path.map((e) => ({ ...e })),
    objections: [],
  };
}

/** A session walked to the first point where a promise may be logged. */
export function verifiedSession(script: Script, requirements: ScriptRequirements, at: number): ScriptSession {
  const context = scriptContextFor(
    { name: 'Test', language: 'pt-BR' },
    { currentBalanceCents: 1, currency: 'BRL', creditor: 'x', dueDate: '2026-01-01', daysPastDue: 1 },
    { agentName: 'a', companyName: 'c' },
  );
  let session = startScriptSession(script, context, { at, requirements });
  for (let i = 0; i < 40 && !canLogPromise(session); i += 1) {
    const step = currentStep(session);
    if (!step) break;
    const answer =
      step.answers.find((a) => a.effects.includes('rpcConfirmed')) ??
      step.answers.find((a) => a.next !== null && !a.effects.includes('rpcFailed') && !a.effects.includes('refused') && !a.objection);
    if (!answer) break;
    const next = answerStep(session, answer.id, at + i + 1);
    if (!next.ok) throw new Error(next.error.code);
    session = next.session;
  }
  if (!canLogPromise(session)) throw new Error(`script ${script.id} cannot reach a promise`);
  return session;
}
