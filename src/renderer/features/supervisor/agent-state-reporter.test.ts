import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand';
import type { QuitaApi } from '../../../shared/contract';
import type { QuitaStore } from '../../store';
import { reportAgentState } from './agent-state-reporter';

/** The fields the reporter reads, in a real zustand store; the API records what it is asked. */
function setup(role: 'agent' | 'supervisor' = 'agent') {
  const sent: unknown[] = [];
  const api = {
    invoke: async (channel: string, input: unknown) => {
      sent.push({ channel, input });
      return { ok: true, value: { sent: true } };
    },
    on: () => () => {},
  } as unknown as QuitaApi;
  const store = createStore(() => ({
    agentState: 'available' as string,
    pauseReason: null as string | null,
    call: null as { startedAt: number; answeredAt: number | null } | null,
    syncStatus: { username: 'ana', role, state: 'online' } as { username: string | null; role: string; state: string } | null,
  }));
  const off = reportAgentState(api, store as unknown as QuitaStore);
  return { sent, store, off };
}

describe('reportAgentState', () => {
  it('sends each change once, with the pause reason and the call start', () => {
    const { sent, store } = setup();
    store.setState({ agentState: 'paused', pauseReason: 'lunch' });
    store.setState({ agentState: 'paused', pauseReason: 'lunch' });
    store.setState({ agentState: 'on_call', pauseReason: null, call: { startedAt: 1000, answeredAt: 4000 } });
    store.setState({ agentState: 'wrap_up', call: null });
    expect(sent).toEqual([
      { channel: 'agent:state', input: { state: 'paused', reason: 'lunch', callStartedAt: null } },
      { channel: 'agent:state', input: { state: 'on_call', reason: null, callStartedAt: 4000 } },
      { channel: 'agent:state', input: { state: 'wrap_up', reason: null, callStartedAt: null } },
    ]);
  });

  it('sends the state again after signing in and when the connection returns', () => {
    const { sent, store } = setup();
    store.setState({ agentState: 'paused', pauseReason: 'break' });
    store.setState({ syncStatus: { username: 'ana', role: 'agent', state: 'offline' } });
    store.setState({ syncStatus: { username: 'ana', role: 'agent', state: 'online' } });
    store.setState({ syncStatus: { username: null, role: 'agent', state: 'online' } });
    store.setState({ syncStatus: { username: 'bia', role: 'agent', state: 'online' } });
    expect(sent).toHaveLength(3);
    expect(sent.every((s) => (s as { input: { state: string } }).input.state === 'paused')).toBe(true);
  });

  it('reports nothing for a supervisor\'s desk, and stops when disconnected', () => {
    const sup = setup('supervisor');
    sup.store.setState({ agentState: 'paused', pauseReason: 'break' });
    expect(sup.sent).toEqual([]);
    const agent = setup();
    agent.off();
    agent.store.setState({ agentState: 'paused', pauseReason: 'break' });
    expect(agent.sent).toEqual([]);
  });
});
