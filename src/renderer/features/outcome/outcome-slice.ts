// The outcome form's state and its save: outcome:log with a requestId that stays the same while the agent
// retries the same save, so a save whose answer was lost is never logged twice.
import type { ChannelOutput } from '../../../shared/contract';
import { todayIn } from '../../../shared/domain/dates';
import { defaultDispositionConfig, findDisposition } from '../../../shared/domain/dispositions';
import { promiseBlockers } from '../../../shared/domain/script';
import type { QuitaSlice } from '../../store/types';
import {
  buildOutcomeInput,
  draftWithPlan,
  emptyOutcomeDraft,
  problemsFromError,
  type OutcomeDraft,
  type OutcomeField,
  type OutcomePlan,
  type OutcomeProblem,
} from './outcome-draft';

export interface OutcomeSlice {
  outcomeDraft: OutcomeDraft;
  outcomeProblems: readonly OutcomeProblem[];
  outcomeSaving: boolean;
  setOutcomeField<K extends OutcomeField>(field: K, value: OutcomeDraft[K]): void;
  /**
   * Fills the form from an accepted offer (the offer panel): installment_plan for two or more installments, else
   * promise_to_pay; the promise date is the first due date and the amount the total. null clears the plan.
   */
  setOutcomePlan(plan: OutcomePlan | null): void;
  /** The dispositions (labels, hotkeys, requirements) from main; null until loaded. */
  outcomeConfig: ChannelOutput<'outcome:config'> | null;
  loadOutcomeConfig(): Promise<void>;
  /** Resolves true when the outcome was stored. */
  saveOutcome(): Promise<boolean>;
  resetOutcome(): void;
}

export const createOutcomeSlice: QuitaSlice<OutcomeSlice> = (api) => (set, get) => {
  // Kept across retries of one save; a changed form is a different save and gets a new id.
  let requestId: string | null = null;

  return {
    outcomeDraft: emptyOutcomeDraft,
    outcomeProblems: [],
    outcomeSaving: false,
    outcomeConfig: null,

    async loadOutcomeConfig() {
      if (get().outcomeConfig !== null) return;
      const result = await api.invoke('outcome:config', {});
      if (result.ok) set({ outcomeConfig: result.value });
      else get().reportError(result.error);
    },

    setOutcomeField(field, value) {
      requestId = null;
      set((state) => ({
        outcomeDraft: {
          ...state.outcomeDraft,
          [field]: value,
          // A date or total typed by hand is no longer the plan the customer accepted.
          ...(field === 'promiseDate' || field === 'promiseAmount' ? { installments: [] } : {}),
        },
        // The agent is fixing it: that field's complaint goes away.
        outcomeProblems: state.outcomeProblems.filter((p) => p.field !== field),
      }));
    },

    setOutcomePlan(plan) {
      requestId = null;
      set((state) => {
        const currency = state.accountView?.account.currency ?? 'BRL';
        const fields = new Set<string>(['disposition', 'promiseDate', 'promiseAmount', 'installments']);
        return {
          outcomeDraft: draftWithPlan(state.outcomeDraft, plan, currency, state.locale),
          outcomeProblems: state.outcomeProblems.filter((p) => p.field === null || !fields.has(p.field)),
        };
      });
    },

    resetOutcome() {
      requestId = null;
      set({ outcomeDraft: emptyOutcomeDraft, outcomeProblems: [], outcomeSaving: false, outcomeCallId: null });
    },

    async saveOutcome() {
      const state = get();
      const view = state.accountView;
      if (state.outcomeSaving || !view || view.account.id !== state.accountId) return false;
      const now = Date.now();
      const officeTimeZone = state.settings?.officeTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
      const context = {
        accountId: view.account.id,
        currency: view.account.currency,
        balanceCents: view.account.currentBalanceCents,
        locale: state.locale,
        // Computed now rather than taken from app:info: the app may have stayed open past midnight.
        today: todayIn(officeTimeZone, now),
        now,
      };
      const built = buildOutcomeInput(state.outcomeDraft, context);
      // A promise waits for the script's verification and mandatory steps (main refuses it too, on the replayed path).
      const definition = findDisposition(state.outcomeConfig?.dispositions ?? defaultDispositionConfig, state.outcomeDraft.disposition);
      const session = state.scriptAccountId === view.account.id ? state.scriptSession : null;
      const blockers = !definition?.needsScriptMandatorySteps ? [] : session ? promiseBlockers(session) : [{ code: 'required' as const }];
      const scriptProblems = blockers.map((b): OutcomeProblem => {
        const params: Record<string, string> | undefined =
          'stepId' in b
            ? { step: b.stepId, stepKind: session?.script.steps.find((st) => st.id === b.stepId)?.kind ?? '' }
            : 'disclosure' in b
              ? { disclosure: b.disclosure }
              : undefined;
        return { field: 'script', key: `script_${b.code}`, ...(params ? { params } : {}) };
      });
      if (!built.ok || scriptProblems.length > 0) {
        set({ outcomeProblems: [...(built.ok ? [] : built.problems), ...scriptProblems] });
        return false;
      }

      requestId ??= crypto.randomUUID();
      set({ outcomeSaving: true, outcomeProblems: [] });
      // After a softphone call the outcome confirms that call: main attaches its SIP facts to the attempt.
      const callId = state.outcomeCallId;
      // The script's path goes with it: main replays it before it accepts a promise.
      const script = built.input.channel === undefined || built.input.channel === 'phone' ? state.scriptTrace() : null;
      const result = await api.invoke('outcome:log', { ...built.input, requestId, ...(callId ? { callId } : {}), ...(script ? { script } : {}) });
      set({ outcomeSaving: false });

      if (result.ok) {
        // The agent may have opened another account while this one saved: leave that one's form alone.
        if (get().accountId === context.accountId) {
          get().resetOutcome();
          // The next call on this account follows the script from the start.
          get().restartScript();
        } else requestId = null;
        get().showNotice({ key: 'outcome.saved', detailKey: 'outcome.savedDetail', params: { name: view.customer.name } });
        void get().refreshAccount();
        void get().refreshQueue();
        return true;
      }
      const problems = problemsFromError(result.error, context);
      if (problems) {
        // Main refused the content and wrote nothing: the corrected form is a new save.
        requestId = null;
        set({ outcomeProblems: problems });
      } else {
        set({ outcomeProblems: [{ field: null, key: 'not_saved', errorCode: result.error.code }] });
        get().reportError(result.error);
      }
      return false;
    },
  };
};
