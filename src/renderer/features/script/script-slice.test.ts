import { describe, expect, it } from 'vitest';
import type { AccountView, ChannelInput, QuitaApi, ScriptForAccount } from '../../../shared/contract';
import { defaultScripts, DEFAULT_REQUIREMENTS, rpcVerified } from '../../../shared/domain/script';
import { createQuitaStore } from '../../store';

const script = defaultScripts.find((s) => s.id === 'br.first-reminder')!;
const forAccount: ScriptForAccount = {
  selection: { scriptId: script.id, version: script.version, variant: script.variant, ruleId: 'br.first-reminder', matched: [], experiment: null },
  problem: null,
  script,
  requirements: { ...DEFAULT_REQUIREMENTS, disclosures: [] },
  people: { agentName: 'Bia', companyName: 'Banco Azul' },
};

const view = {
  customer: { id: 'c-1', name: 'MARIA DA SILVA', language: 'pt-BR' },
  account: { id: 'a-1', currency: 'BRL', currentBalanceCents: 123_456, creditor: 'Banco Azul', dueDate: '2026-10-01', daysPastDue: 40 },
  otherAccounts: [],
  history: [],
} as unknown as AccountView;

function setup() {
  const asked: string[] = [];
  const api: QuitaApi = {
    invoke: ((channel: string, input: ChannelInput<'script:for-account'>) => {
      if (channel === 'script:for-account') {
        asked.push(input.accountId);
        return Promise.resolve({ ok: true, value: forAccount });
      }
      if (channel === 'account:get') return Promise.resolve({ ok: true, value: view });
      return Promise.resolve({ ok: true, value: { total: 0, items: [] } });
    }) as QuitaApi['invoke'],
    on: () => () => {},
  };
  return { store: createQuitaStore(api), asked };
}

describe('the script session in the store', () => {
  it('asks for the script when an account is picked, once, and starts the session when the account is in', async () => {
    const { store, asked } = setup();
    await store.getState().openAccount('a-1');
    await store.getState().loadScript('a-1');
    store.getState().startScriptIfReady();
    expect(asked).toEqual(['a-1']);
    const session = store.getState().scriptSession!;
    expect(session.currentStepId).toBe(script.start);
    expect(session.context.customer.name).toBe('MARIA DA SILVA');
  });

  it('answers, undoes, locks compliance wording, and gives outcome:log the path it took', async () => {
    const { store } = setup();
    await store.getState().openAccount('a-1');
    await store.getState().loadScript('a-1');
    store.getState().startScriptIfReady();
    const s = () => store.getState();

    s().editScriptWording('Oi!');
    expect(s().scriptError).toBe('compliance_wording_locked'); // the greeting is a legal step in the BR scripts

    s().answerScript('speaking');
    expect(s().scriptSession!.currentStepId).toBe('verify');
    const confirm = script.steps.find((st) => st.id === 'verify')!.answers.find((a) => a.effects.includes('rpcConfirmed'))!;
    s().answerScript(confirm.id);
    expect(rpcVerified(s().scriptSession!)).toBe(true);
    s().undoScriptAnswer();
    expect(rpcVerified(s().scriptSession!)).toBe(false);
    s().answerScript(confirm.id);

    expect(s().scriptTrace()).toMatchObject({
      scriptId: script.id,
      version: script.version,
      variant: 'A',
      path: [
        { stepId: 'greeting', answerId: 'speaking', edited: false },
        { stepId: 'verify', answerId: confirm.id, edited: false },
      ],
    });
    // Another account's trace is never sent with this one.
    store.setState({ accountId: 'a-2' });
    expect(s().scriptTrace()).toBeNull();
  });
});
