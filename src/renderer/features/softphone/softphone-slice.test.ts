// The softphone slice with a fake SIP client (the real one runs against Kamailio in test/e2e): what is dialled,
// what is refused before dialling, and what a finished call reports and pre-fills.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountView, QuitaApi, Result } from '../../../shared/contract';
import { createQuitaStore } from '../../store';
import type { CallRecord, SoftphoneClientOptions } from './softphone-client';

const fake = vi.hoisted(() => ({
  options: null as SoftphoneClientOptions | null,
  dialled: [] as string[],
  /** What was done to the calls, in order: "call-1 hold", "call-1 transferTo +55...", ... */
  actions: [] as string[],
  calls: [] as Array<Record<string, unknown>>,
}));

vi.mock('./softphone-client', () => ({
  createSoftphoneClient: (options: SoftphoneClientOptions) => {
    fake.options = options;
    return {
      registration: { state: 'registering', reason: null, sipStatus: null, retryAt: null, lastRegisterMs: null },
      calls: [],
      start: async () => options.onRegistration?.({ state: 'registered', reason: null, sipStatus: null, retryAt: null, lastRegisterMs: 5 }),
      stop: async () => {},
      retry: () => {},
      call: (target: string) => {
        fake.dialled.push(target);
        const id = `call-${fake.dialled.length}`;
        const call: Record<string, unknown> = {
          id,
          direction: 'outbound',
          number: target,
          displayName: null,
          state: 'dialing',
          held: false,
          heldByRemote: false,
          muted: false,
          startedAt: 1_000,
          answeredAt: null,
          endedAt: null,
          sipStatus: null,
          receivedDtmf: '',
          sentDtmf: '',
          transfer: null,
          hangup: async () => void fake.actions.push(`${id} hangup`),
          hold: async () => {
            fake.actions.push(`${id} hold`);
            call.held = true;
          },
          unhold: async () => {
            fake.actions.push(`${id} unhold`);
            call.held = false;
          },
          transferTo: async (to: string | { id: string }) => void fake.actions.push(`${id} transferTo ${typeof to === 'string' ? to : to.id}`),
        };
        fake.calls.push(call);
        return call;
      },
    };
  },
}));

const view = {
  customer: { id: 'c-1', name: 'Ana Souza', phones: [{ e164: '+5511987654321', kind: 'mobile' }] },
  account: { id: 'a-1', currency: 'BRL', currentBalanceCents: 100_000 },
  otherAccounts: [],
  history: [],
} as unknown as AccountView;

function fakeApi(policyAllows: boolean) {
  const calls: Array<{ channel: string; input: unknown }> = [];
  const answers: Record<string, unknown> = {
    'softphone:settings-get': { serverUrl: 'wss://pbx.test/ws', sipUri: 'sip:agent1@pbx.test', authUser: '', displayName: '', hasPassword: true },
    'softphone:credentials': { password: 'pw' },
    'contact:check': { allowed: policyAllows, reasons: policyAllows ? [] : [{ code: 'outside_calling_window', params: {}, severity: 'block' }], nextAllowedAt: null },
    'call:record': { attemptId: '0190a0a0-0000-7000-8000-000000000001', duplicate: false },
  };
  const api: QuitaApi = {
    invoke: ((channel: string, input: unknown) => {
      calls.push({ channel, input });
      const value = answers[channel] ?? { total: 0, items: [] };
      return Promise.resolve({ ok: true, value } as Result<unknown>);
    }) as QuitaApi['invoke'],
    on: () => () => {},
  };
  return { api, calls };
}

async function registeredStore(policyAllows = true) {
  const { api, calls } = fakeApi(policyAllows);
  const store = createQuitaStore(api);
  store.setState({ accountId: 'a-1', accountView: view });
  await store.getState().loadSoftphone();
  expect(store.getState().registration?.state).toBe('registered');
  return { store, calls };
}

beforeEach(() => {
  fake.options = null;
  fake.dialled = [];
  fake.actions = [];
  fake.calls = [];
});

/** The fake call reports itself answered, as the client's onCallUpdate would. */
function answer(index: number): void {
  const call = fake.calls[index]!;
  call.state = 'established';
  call.answeredAt = 1_500;
  fake.options!.onCallUpdate!(call as never);
}

describe('dialling', () => {
  it('registers with the stored account and the password from main', async () => {
    await registeredStore();
    expect(fake.options?.account).toEqual({ serverUrl: 'wss://pbx.test/ws', sipUri: 'sip:agent1@pbx.test', password: 'pw' });
  });

  it('normalizes to E.164 with the default region, and does not dial a number that cannot be normalized', async () => {
    const { store } = await registeredStore();
    expect(await store.getState().dial('12345')).toBe(false);
    expect(store.getState().softphoneProblem?.key).toBe('invalid_number');
    expect(fake.dialled).toEqual([]);
    expect(await store.getState().dial('(11) 98765-4321')).toBe(true);
    expect(fake.dialled).toEqual(['+5511987654321']);
    expect(store.getState().agentState).toBe('on_call');
  });

  it('asks the contact policy first and does not dial a blocked customer', async () => {
    const { store, calls } = await registeredStore(false);
    expect(await store.getState().dial('+5511987654321')).toBe(false);
    expect(calls.find((c) => c.channel === 'contact:check')?.input).toEqual({ accountId: 'a-1', channel: 'phone' });
    expect(store.getState().softphoneProblem).toMatchObject({ key: 'policy_blocked', reasons: ['outside_calling_window'] });
    expect(fake.dialled).toEqual([]);
  });
});

describe('after a call', () => {
  it('records the call for the account and pre-fills the outcome form from the SIP result', async () => {
    const { store, calls } = await registeredStore();
    await store.getState().dial('+5511987654321');
    const record: CallRecord = {
      callId: 'call-1',
      number: '+5511987654321',
      direction: 'outbound',
      startedAt: 1_000,
      answeredAt: null,
      endedAt: 2_000,
      sipStatus: 486,
      cancelledBy: null,
      endedBy: null,
      suggestedDisposition: 'busy',
      transferredTo: null,
    };
    fake.options!.onCallEnded!(record);
    await vi.waitFor(() => expect(store.getState().outcomeCallId).toBe('0190a0a0-0000-7000-8000-000000000001'));
    expect(calls.find((c) => c.channel === 'call:record')?.input).toEqual({
      callId: 'call-1',
      number: '+5511987654321',
      direction: 'outbound',
      startedAt: 1_000,
      answeredAt: null,
      endedAt: 2_000,
      sipStatus: 486,
      accountId: 'a-1',
    });
    expect(store.getState().outcomeDraft.disposition).toBe('busy');
    expect(store.getState().call).toBeNull();
    expect(store.getState().agentState).toBe('wrap_up');
  });
  it('a transferred call pre-fills the outcome notes with the target, in the app language', async () => {
    const { store } = await registeredStore();
    store.setState({ locale: 'en' });
    await store.getState().dial('+5511987654321');
    fake.options!.onCallEnded!({
      callId: 'call-1',
      number: '+5511987654321',
      direction: 'outbound',
      startedAt: 1_000,
      answeredAt: 1_500,
      endedAt: 9_000,
      sipStatus: 200,
      cancelledBy: null,
      endedBy: 'local',
      suggestedDisposition: null,
      transferredTo: '+5511990000300',
    });
    await vi.waitFor(() => expect(store.getState().outcomeCallId).not.toBeNull());
    expect(store.getState().outcomeDraft.notes).toBe('Transferred to +5511990000300');
    expect(store.getState().outcomeDraft.disposition).toBe('');
  });
});

describe('transfers', () => {
  it('blind: the typed number is normalized to E.164 and the call is referred there; a bad number is not', async () => {
    const { store } = await registeredStore();
    await store.getState().dial('+5511987654321');
    answer(0);
    expect(await store.getState().blindTransfer('12345')).toBe(false);
    expect(store.getState().softphoneProblem?.key).toBe('invalid_number');
    expect(await store.getState().blindTransfer('(11) 99000-0300')).toBe(true);
    expect(fake.actions).toEqual(['call-1 transferTo +5511990000300']);
  });

  it('attended: the customer is held before the consult call; cancel hangs it up and resumes the customer', async () => {
    const { store, calls } = await registeredStore();
    await store.getState().dial('+5511987654321');
    answer(0);
    expect(await store.getState().startConsult('11 99000-0300')).toBe(true);
    expect(fake.actions).toEqual(['call-1 hold']);
    expect(fake.dialled).toEqual(['+5511987654321', '+5511990000300']);
    expect(store.getState().consultCall).toMatchObject({ id: 'call-2', number: '+5511990000300', accountId: null, customerName: null });
    // Not answered yet: nothing to hand over.
    expect(await store.getState().completeTransfer()).toBe(false);
    await store.getState().cancelConsult();
    expect(fake.actions).toEqual(['call-1 hold', 'call-2 hangup', 'call-1 unhold']);

    // The consult call's end is no contact with the customer: no attempt, and the customer's call goes on.
    fake.options!.onCallEnded!({
      callId: 'call-2',
      number: '+5511990000300',
      direction: 'outbound',
      startedAt: 1_000,
      answeredAt: null,
      endedAt: 2_000,
      sipStatus: 487,
      cancelledBy: 'agent',
      endedBy: null,
      suggestedDisposition: 'no_answer',
      transferredTo: null,
    });
    await vi.waitFor(() => expect(store.getState().consultCall).toBeNull());
    expect(calls.filter((c) => c.channel === 'call:record')).toEqual([]);
    expect(store.getState().call?.id).toBe('call-1');
  });

  it('attended: complete refers the customer to the answered consult call', async () => {
    const { store } = await registeredStore();
    await store.getState().dial('+5511987654321');
    answer(0);
    await store.getState().startConsult('+5511990000300');
    answer(1);
    expect(store.getState().consultCall?.state).toBe('established');
    expect(await store.getState().completeTransfer()).toBe(true);
    expect(fake.actions).toEqual(['call-1 hold', 'call-1 transferTo call-2']);
  });
});
