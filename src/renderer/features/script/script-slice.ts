// The call script beside the open account: the script main suggests (script:for-account) and the session the agent
// follows through it. The session is the shared pure state machine (domain/script/session.ts); the outcome form
// reads its blockers and sends its path, which main replays before it accepts a promise.
import type { ScriptForAccount, ScriptTrace } from '../../../shared/contract';
import {
  answerStep,
  editWording,
  raiseObjection,
  scriptContextFor,
  startScriptSession,
  undoLastAnswer,
  withOffer,
  type ScriptOffer,
  type ScriptSession,
  type SessionErrorCode,
} from '../../../shared/domain/script';
import type { QuitaSlice } from '../../store/types';

export interface ScriptSlice {
  /** What main suggested for `scriptAccountId`; null until it answers. */
  scriptFor: ScriptForAccount | null;
  scriptAccountId: string | null;
  scriptSession: ScriptSession | null;
  /** The last refused action (e.g. compliance wording is locked), for the panel to say why. */
  scriptError: SessionErrorCode | null;
  /** Fetches the suggestion for the account (once per account) and starts the session when the account is in. */
  loadScript(accountId: string): Promise<void>;
  /** Starts the session if the suggestion and the account view are both in and no session runs for them. */
  startScriptIfReady(): void;
  answerScript(answerId: string): void;
  undoScriptAnswer(): void;
  /** The agent's own wording for the current step; '' restores the script's. */
  editScriptWording(text: string): void;
  raiseScriptObjection(objectionId: string): void;
  /** The offer being discussed, so {{offer.*}} placeholders fill in (the offer panel calls it). */
  setScriptOffer(offer: ScriptOffer | null): void;
  /** A fresh session on the same script (after an outcome was saved: the next call starts over). */
  restartScript(): void;
  /** The path for outcome:log; null without a session for the open account. */
  scriptTrace(): ScriptTrace | null;
}

export const createScriptSlice: QuitaSlice<ScriptSlice> = (api) => (set, get) => {
  let latest = 0;

  const update = (result: { ok: true; session: ScriptSession } | { ok: false; error: { code: SessionErrorCode } }) => {
    if (result.ok) set({ scriptSession: result.session, scriptError: null });
    else set({ scriptError: result.error.code });
  };

  function start(): void {
    const { scriptFor, scriptAccountId, accountView } = get();
    if (!scriptFor?.script || !accountView || accountView.account.id !== scriptAccountId) return;
    const context = scriptContextFor(accountView.customer, accountView.account, scriptFor.people);
    const session = startScriptSession(scriptFor.script, context, { at: Date.now(), requirements: scriptFor.requirements });
    set({ scriptSession: session, scriptError: null });
  }

  return {
    scriptFor: null,
    scriptAccountId: null,
    scriptSession: null,
    scriptError: null,

    async loadScript(accountId) {
      // Asked once per account (the store asks when the account is picked; the panel asks again on mount).
      if (get().scriptAccountId === accountId) return;
      latest += 1;
      const mine = latest;
      set({ scriptAccountId: accountId, scriptFor: null, scriptSession: null, scriptError: null });
      const result = await api.invoke('script:for-account', { accountId });
      if (mine !== latest) return;
      if (!result.ok) {
        set({ scriptAccountId: null });
        get().reportError(result.error);
        return;
      }
      set({ scriptFor: result.value });
      start();
    },

    startScriptIfReady() {
      const { scriptSession, scriptAccountId, accountView } = get();
      if (scriptSession !== null || accountView?.account.id !== scriptAccountId) return;
      start();
    },

    answerScript(answerId) {
      const session = get().scriptSession;
      if (session) update(answerStep(session, answerId, Date.now()));
    },

    undoScriptAnswer() {
      const session = get().scriptSession;
      if (session) set({ scriptSession: undoLastAnswer(session), scriptError: null });
    },

    editScriptWording(text) {
      const session = get().scriptSession;
      if (session) update(editWording(session, text));
    },

    raiseScriptObjection(objectionId) {
      const session = get().scriptSession;
      if (session) update(raiseObjection(session, objectionId, Date.now()));
    },

    setScriptOffer(offer) {
      const session = get().scriptSession;
      if (session) set({ scriptSession: withOffer(session, offer) });
    },

    restartScript() {
      set({ scriptSession: null });
      start();
    },

    scriptTrace() {
      const { scriptSession: session, scriptAccountId, accountId } = get();
      if (!session || scriptAccountId !== accountId) return null;
      return {
        scriptId: session.script.id,
        version: session.script.version,
        variant: session.script.variant,
        startedAt: session.startedAt,
        path: session.path.map((e) => ({ ...e })),
        objections: session.objections.map(({ objectionId, stepId, at }) => ({ objectionId, stepId, at })),
      };
    },
  };
};
