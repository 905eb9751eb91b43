// Call scripts and the outcome form's configuration: which script to suggest for an account (and why), script
// imports, and the replay outcome:log uses to check a promise's mandatory steps on the stored document rather
// than on the renderer's word. Part of the one handler map (handlers.ts). Electron-free.
import type { ChannelOutput, ScriptTrace } from '../shared/contract';
import { daysPastDue, todayIn } from '../shared/domain/dates';
import { defaultDispositionConfig, DispositionConfig } from '../shared/domain/dispositions';
import {
  answerStep,
  daysSinceBrokenPromiseInHistory,
  requirementsFromPolicy,
  scriptContextFor,
  selectScript,
  startScriptSession,
  type ScriptSession,
} from '../shared/domain/script';
import { QuitaError, type HandlerMap } from './dispatch';
import type { PriorityService } from './services/priority/priority-service';
import { readSettings } from './services/settings';
import { getScript, importScript, scriptRefs, scriptRules, seedDefaultScripts } from './services/store/script-store';
import type { Store } from './services/store/repositories';

const DISPOSITIONS_META = 'disposition_config';

export function dispositionConfigOf(store: Store): DispositionConfig {
  const stored = store.getMeta(DISPOSITIONS_META);
  if (stored === null) return defaultDispositionConfig;
  const parsed = DispositionConfig.safeParse(JSON.parse(stored));
  return parsed.success ? parsed.data : defaultDispositionConfig;
}

export type ReplayResult = { ok: true; session: ScriptSession } | { ok: false; code: 'script_unknown' | 'script_path_invalid'; index?: number };

/**
 * Re-derives the script session from the attempt's path on the stored document: each entry must answer the step
 * the previous answers led to. The session's promise blockers are then the truth, whatever the renderer said.
 */
export function replayScriptTrace(store: Store, trace: ScriptTrace, requirements: ReturnType<typeof requirementsFromPolicy>): ReplayResult {
  const script = getScript(store.db, trace.scriptId, trace.variant, trace.version);
  if (!script) return { ok: false, code: 'script_unknown' };
  // The rendering context does not change what was passed; a neutral one serves the replay.
  const context = scriptContextFor(
    { name: '', language: 'pt-BR' },
    { currentBalanceCents: 0, currency: 'BRL', creditor: '', dueDate: '2000-01-01', daysPastDue: 0 },
    { agentName: '', companyName: '' },
  );
  let session = startScriptSession(script, context, { at: trace.startedAt, requirements });
  for (const [index, entry] of trace.path.entries()) {
    if (session.currentStepId !== entry.stepId) return { ok: false, code: 'script_path_invalid', index };
    const answered = answerStep(session, entry.answerId, entry.at);
    if (!answered.ok) return { ok: false, code: 'script_path_invalid', index };
    session = answered.session;
  }
  return { ok: true, session };
}

export function createScriptHandlers(deps: {
  store: Store;
  clock: () => number;
  priority: PriorityService;
  agentName: () => string;
}): Partial<HandlerMap> {
  const { store, clock, priority } = deps;
  seedDefaultScripts(store.db, clock());

  return {
    'script:for-account': ({ accountId }): ChannelOutput<'script:for-account'> => {
      const account = store.getAccount(accountId);
      if (!account) throw new QuitaError('not_found', `Account ${accountId} not found`);
      const customer = store.getCustomer(account.customerId);
      if (!customer) throw new QuitaError('not_found', `Customer of account ${accountId} not found`);
      const today = todayIn(readSettings(store).officeTimeZone, clock());
      const { policy } = priority.policy();
      const facts = priority.accountFacts(account.id, customer.timeZone);
      const selection = selectScript(
        scriptRules(store.db).rules,
        {
          accountId: account.id,
          daysPastDue: daysPastDue(account.dueDate, today),
          payerProfile: facts.behaviour.profile,
          daysSinceBrokenPromise: daysSinceBrokenPromiseInHistory(store.history(account.id, today), today),
          language: customer.language,
          policyId: policy.id,
          strategyVariant: priority.variantOf(account.id).id,
        },
        scriptRefs(store.db),
      );
      const { rightPartyVerification, disclosures } = requirementsFromPolicy(policy);
      const requirements = { rightPartyVerification, disclosures: [...disclosures] };
      const people = { agentName: deps.agentName(), companyName: account.creditor };
      if (!selection.ok) return { selection: null, problem: selection.code, script: null, requirements, people };
      const { ok: _ok, ...chosen } = selection;
      return {
        selection: chosen,
        problem: null,
        script: getScript(store.db, selection.scriptId, selection.variant, selection.version),
        requirements,
        people,
      };
    },

    'script:import': ({ document }) => {
      // Checked on its own terms, not against this desk's policy: rules pick scripts per policy, and a promise is
      // checked against the policy's disclosures when it is logged.
      const result = importScript(store.db, document, { now: clock() });
      if (!result.ok) {
        throw new QuitaError(
          'invalid_input',
          `The script was refused: ${result.issues.map((i) => `${i.path || '(document)'} ${i.code}`).join('; ')}`,
          result.issues.map((i) => ({ path: i.path, message: i.code })),
        );
      }
      const { ok: _ok, ...saved } = result;
      return saved;
    },

    'outcome:config': () => ({ dispositions: dispositionConfigOf(store) }),
  };
}
