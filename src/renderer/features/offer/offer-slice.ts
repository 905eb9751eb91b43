// The offer panel's state: the draft, the policy it is checked against (policy:get), the plan the customer
// accepted (handed to the outcome form) and the approval request sent for an offer beyond the agent's authority
// (offer:request-approval, with a requestId that stays the same while the agent retries the same request).
import { todayIn } from '../../../shared/domain/dates';
import type { ContactPolicy, OfferRole } from '../../../shared/domain/policy/schema';
import type { QuitaSlice, QuitaState } from '../../store/types';
import { emptyOfferDraft, evaluateDraft, planOf, type DraftEvaluation, type OfferContext, type OfferDraft } from './offer-draft';

export interface AcceptedPlan {
  accountId: string;
  kind: OfferDraft['kind'];
  installments: Array<{ dueDate: string; amountCents: number }>;
  discountCents: number;
  totalCents: number;
}

export type OfferApproval =
  | { status: 'idle' }
  | { status: 'sending' }
  | { status: 'sent'; id: string; approvableBy: OfferRole | null }
  | { status: 'failed' };

export interface OfferSlice {
  offerDraft: OfferDraft;
  offerPolicy: ContactPolicy | null;
  offerAccepted: AcceptedPlan | null;
  offerApproval: OfferApproval;
  loadOfferPolicy(): Promise<void>;
  setOfferField<K extends keyof OfferDraft>(field: K, value: OfferDraft[K]): void;
  /** A fresh draft for the account now open (first date a week from the customer's today). */
  resetOffer(firstDate: string): void;
  /** Hands the plan to the outcome form when the offer is within the agent's authority; false otherwise. */
  acceptOffer(): boolean;
  /** Sends an offer beyond authority to a supervisor; `summary` is the agent's words for the history. */
  requestOfferApproval(summary: string): Promise<boolean>;
}

/** The role offers are checked for: the signed-in user's, else an agent's (the narrowest authority). */
export function offerRole(state: Pick<QuitaState, 'syncStatus'>): OfferRole {
  return state.syncStatus?.role ?? 'agent';
}

/** Everything evaluateOffer needs from the open account, or null while something is missing. */
type OfferInputs = Pick<QuitaState, 'accountView' | 'accountId' | 'offerPolicy' | 'syncStatus' | 'locale'>;

export function offerContext(state: OfferInputs, now = Date.now()): OfferContext | null {
  const view = state.accountView;
  if (!view || view.account.id !== state.accountId || !state.offerPolicy) return null;
  return {
    account: view.account,
    policy: state.offerPolicy,
    role: offerRole(state),
    today: todayIn(view.effectiveTimeZone, now),
    region: view.customer.address?.state ?? null,
    locale: state.locale,
  };
}

export function currentOfferEvaluation(state: OfferInputs & Pick<QuitaState, 'offerDraft'>, now = Date.now()): DraftEvaluation | null {
  const ctx = offerContext(state, now);
  return ctx ? evaluateDraft(state.offerDraft, ctx) : null;
}

export const createOfferSlice: QuitaSlice<OfferSlice> = (api) => (set, get) => {
  // Kept across retries of one request; a changed draft is a different request.
  let requestId: string | null = null;

  return {
    offerDraft: emptyOfferDraft,
    offerPolicy: null,
    offerAccepted: null,
    offerApproval: { status: 'idle' },

    async loadOfferPolicy() {
      const result = await api.invoke('policy:get', {});
      if (result.ok) set({ offerPolicy: result.value.policy });
      else get().reportError(result.error);
    },

    setOfferField(field, value) {
      requestId = null;
      set((state) => ({ offerDraft: { ...state.offerDraft, [field]: value }, offerApproval: { status: 'idle' } }));
    },

    resetOffer(firstDate) {
      requestId = null;
      set({ offerDraft: { ...emptyOfferDraft, firstDate }, offerAccepted: null, offerApproval: { status: 'idle' } });
    },

    acceptOffer() {
      const state = get();
      const evaluated = currentOfferEvaluation(state);
      // Never an agreement outside authority, whatever the button's state was.
      if (!evaluated?.ok || !evaluated.evaluation.withinAuthority) return false;
      const plan = planOf(evaluated.offer, evaluated.evaluation);
      set({ offerAccepted: { accountId: state.accountId!, ...plan, totalCents: evaluated.evaluation.totalCents } });
      state.setOutcomePlan(plan);
      return true;
    },

    async requestOfferApproval(summary) {
      const state = get();
      const evaluated = currentOfferEvaluation(state);
      if (!evaluated?.ok || !evaluated.evaluation.valid || evaluated.evaluation.withinAuthority) return false;
      if (state.offerApproval.status === 'sending') return false;
      const accountId = state.accountId!;
      requestId ??= crypto.randomUUID();
      set({ offerApproval: { status: 'sending' } });
      const result = await api.invoke('offer:request-approval', { requestId, accountId, offer: evaluated.offer, summary });
      if (get().accountId !== accountId) return result.ok;
      if (result.ok) {
        set({ offerApproval: { status: 'sent', id: result.value.id, approvableBy: result.value.approvableBy } });
        void get().refreshAccount();
        return true;
      }
      set({ offerApproval: { status: 'failed' } });
      get().reportError(result.error);
      return false;
    },
  };
};
