// The offer panel's state with a fake API: the live evaluation under the signed-in role, accepting only within
// authority (the outcome form gets the plan), and approval requests sent once per draft and never as a promise.
import { describe, expect, it } from 'vitest';
import type { AccountView, ChannelInput, ChannelName, QuitaApi, Result, SyncStatus } from '../../../shared/contract';
import { brPolicy } from '../../../shared/domain/policy/presets';
import { todayIn } from '../../../shared/domain/dates';
import { createQuitaStore } from '../../store';
import { discountCents, offerFromDraft, emptyOfferDraft } from './offer-draft';
import { currentOfferEvaluation } from './offer-slice';

const account = {
  id: 'a-1',
  customerId: 'c-1',
  creditor: 'Banco Exemplo',
  product: 'Cartão',
  accountNumber: '123',
  currency: 'BRL' as const,
  originalBalanceCents: 100_000,
  currentBalanceCents: 130_000,
  dueDate: '2026-01-10',
  status: 'open' as const,
  boletoLine: null,
  pixKey: null,
  version: 1,
  daysPastDue: 300,
};
const view = {
  customer: { id: 'c-1', name: 'Ana Souza', address: null, language: 'pt-BR', phones: [] },
  account,
  otherAccounts: [],
  history: [],
  effectiveTimeZone: 'America/Sao_Paulo',
} as unknown as AccountView;

function apiRecording(answer: (channel: ChannelName, input: unknown) => Result<unknown>) {
  const calls: Array<{ channel: ChannelName; input: unknown }> = [];
  const api: QuitaApi = {
    invoke: ((channel: ChannelName, input: ChannelInput<ChannelName>) => {
      calls.push({ channel, input });
      return Promise.resolve(channel === 'account:get' ? { ok: true, value: view } : answer(channel, input));
    }) as QuitaApi['invoke'],
    on: () => () => {},
  };
  return { api, calls };
}

const today = todayIn('America/Sao_Paulo', Date.now());
const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function storeWith(api: QuitaApi, role: SyncStatus['role'] = null) {
  const store = createQuitaStore(api);
  store.setState({ accountId: 'a-1', accountView: view, offerPolicy: brPolicy, syncStatus: role ? ({ role } as SyncStatus) : null });
  store.getState().resetOffer(inDays(7));
  return store;
}

describe('the offer draft', () => {
  it('reads a discount as a percent of interest and fees or as an amount, and refuses garbage', () => {
    expect(discountCents({ ...emptyOfferDraft, discount: '10' }, account, 'pt-BR')).toBe(3_000);
    expect(discountCents({ ...emptyOfferDraft, discount: '12,5' }, account, 'pt-BR')).toBe(3_750);
    expect(discountCents({ ...emptyOfferDraft, discountMode: 'amount', discount: '150,00' }, account, 'pt-BR')).toBe(15_000);
    expect(discountCents({ ...emptyOfferDraft, discount: '120' }, account, 'pt-BR')).toBeNull();
    expect(offerFromDraft({ ...emptyOfferDraft, kind: 'pay_in_full', firstDate: inDays(3), discount: 'abc' }, account, 'pt-BR')).toEqual({
      ok: false,
      problem: { key: 'discount_invalid' },
    });
    expect(offerFromDraft({ ...emptyOfferDraft, count: '2.5', firstDate: inDays(3) }, account, 'en')).toEqual({ ok: false, problem: { key: 'count_invalid' } });
  });
});

describe('the offer slice', () => {
  it('accepts a 3-installment plan within authority and hands it to the outcome form', () => {
    const { api, calls } = apiRecording(() => ({ ok: true, value: {} }));
    const store = storeWith(api);
    const evaluated = currentOfferEvaluation(store.getState());
    expect(evaluated?.ok && evaluated.evaluation.withinAuthority).toBe(true);
    expect(store.getState().acceptOffer()).toBe(true);
    const draft = store.getState().outcomeDraft;
    expect(draft.disposition).toBe('installment_plan');
    expect(draft.installments).toHaveLength(3);
    expect(draft.installments.reduce((s, i) => s + i.amountCents, 0)).toBe(130_000);
    expect(store.getState().offerAccepted).toMatchObject({ accountId: 'a-1', kind: 'installments', totalCents: 130_000 });
    // Accepting writes nothing: the agent saves the outcome.
    expect(calls.filter((c) => c.channel === 'offer:request-approval' || c.channel === 'outcome:log')).toEqual([]);
  });

  it('never accepts beyond authority; a supervisor may accept what an agent must ask for', () => {
    const { api } = apiRecording(() => ({ ok: true, value: {} }));
    const agent = storeWith(api);
    agent.getState().setOfferField('count', '8');
    expect(agent.getState().acceptOffer()).toBe(false);
    expect(agent.getState().outcomeDraft.installments).toEqual([]);
    const supervisor = storeWith(api, 'supervisor');
    supervisor.getState().setOfferField('count', '8');
    expect(supervisor.getState().acceptOffer()).toBe(true);
  });

  it('sends an approval request once per draft, with the same requestId on retry, and a new one for a changed draft', async () => {
    let fail = true;
    const { api, calls } = apiRecording((channel, input) => {
      if (channel !== 'offer:request-approval') return { ok: true, value: {} };
      if (fail) return { ok: false, error: { code: 'store_unavailable', message: 'down' } };
      return { ok: true, value: { id: (input as { requestId: string }).requestId, approvableBy: 'supervisor', duplicate: false } };
    });
    const store = storeWith(api);
    store.getState().setOfferField('count', '8');
    expect(await store.getState().requestOfferApproval('8 parcelas')).toBe(false);
    expect(store.getState().offerApproval.status).toBe('failed');
    fail = false;
    expect(await store.getState().requestOfferApproval('8 parcelas')).toBe(true);
    const sent = calls.filter((c) => c.channel === 'offer:request-approval').map((c) => c.input as { requestId: string; offer: unknown });
    expect(sent).toHaveLength(2);
    expect(sent[1]!.requestId).toBe(sent[0]!.requestId);
    expect(sent[1]!.offer).toEqual({ kind: 'installments', count: 8, firstDate: inDays(7) });
    expect(store.getState().offerApproval).toEqual({ status: 'sent', id: sent[1]!.requestId, approvableBy: 'supervisor' });
    // Not an agreement: the outcome form has no plan.
    expect(store.getState().outcomeDraft.installments).toEqual([]);

    store.getState().setOfferField('count', '9');
    await store.getState().requestOfferApproval('9 parcelas');
    const third = calls.filter((c) => c.channel === 'offer:request-approval')[2]!.input as { requestId: string };
    expect(third.requestId).not.toBe(sent[0]!.requestId);
  });

  it('does not send a request for an offer within authority or one that cannot be made', async () => {
    const { api, calls } = apiRecording(() => ({ ok: true, value: {} }));
    const store = storeWith(api);
    expect(await store.getState().requestOfferApproval('x')).toBe(false);
    store.getState().setOfferField('firstDate', inDays(-2));
    expect(await store.getState().requestOfferApproval('x')).toBe(false);
    expect(calls.filter((c) => c.channel === 'offer:request-approval')).toEqual([]);
  });
});
