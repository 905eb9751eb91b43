import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand';
import type { QuitaApi } from '../../../shared/contract';
import { computeKpis, emptyTotals } from '../../../shared/domain/kpi/kpi';
import type { QuitaState } from '../../store/types';
import { createSupervisorSlice, defaultKpiFilters, type SupervisorSlice } from './supervisor-slice';

const report = (groupBy: string | null, attempts: number) => {
  const totals = { ...emptyTotals(), attempts };
  return { from: '2026-11-18', to: '2026-11-24', timeZone: 'America/Sao_Paulo', groupBy, totals, kpis: computeKpis(totals), groups: [], comparisons: [] };
};

function setup() {
  const calls: { channel: string; input: Record<string, unknown> }[] = [];
  const api = {
    invoke: async (channel: string, input: Record<string, unknown>) => {
      calls.push({ channel, input });
      if (channel === 'team:kpis') return { ok: true, value: report((input.groupBy as string) ?? null, input.agent ? 1 : 5) };
      if (channel === 'team:board') return { ok: true, value: { now: 1, today: '2026-11-24', timeZone: 'America/Sao_Paulo', teamId: null, agents: [] } };
      return { ok: true, value: { teams: [], agents: [{ id: 'u-ana', displayName: 'Ana', teamId: 't-north' }], portfolios: [] } };
    },
    on: () => () => {},
  } as unknown as QuitaApi;
  const store = createStore<QuitaState>()((set, get, storeApi) => ({
    appInfo: { today: '2026-11-24' },
    ...createSupervisorSlice(api)(set, get, storeApi),
  }) as unknown as QuitaState);
  return { calls, store: store as unknown as { getState(): QuitaState & SupervisorSlice } };
}

afterEach(() => vi.useRealTimers());

describe('supervisor slice', () => {
  it('asks for the last seven days per day, per agent and per variant, and shows the period\'s totals', async () => {
    const { calls, store } = setup();
    await store.getState().loadKpis();
    expect(store.getState().kpiFilters).toEqual(defaultKpiFilters('2026-11-24'));
    expect(calls.map((c) => c.input.groupBy)).toEqual(['day', 'agent', 'strategyVariant']);
    expect(calls[0]!.input).toEqual({ from: '2026-11-18', to: '2026-11-24', portfolios: [], groupBy: 'day' });
    expect(store.getState().kpiTotals?.kpis.attempts).toBe(5);
  });

  it('sends the chosen agent and portfolio, puts a reversed period in order, and drops an agent of another team', async () => {
    const { calls, store } = setup();
    await store.getState().loadConsoleOptions();
    store.getState().setKpiFilters({ from: '2026-11-30', to: '2026-11-01', agent: 'u-ana', portfolio: 'Banco Sul' });
    await vi.waitFor(() => expect(store.getState().kpiTotals?.kpis.attempts).toBe(1));
    const last = calls.filter((c) => c.channel === 'team:kpis').at(-1)!.input;
    expect(last).toMatchObject({ from: '2026-11-01', to: '2026-11-30', agent: 'u-ana', portfolios: ['Banco Sul'] });
    store.getState().setKpiFilters({ team: 't-south' });
    expect(store.getState().kpiFilters?.agent).toBe('');
    await vi.waitFor(() => expect(calls.some((c) => c.channel === 'team:board' && c.input.team === 't-south')).toBe(true));
  });

  it('turns a burst of team:changed pokes into one board fetch', async () => {
    vi.useFakeTimers();
    const { calls, store } = setup();
    for (let i = 0; i < 5; i++) store.getState().teamChanged();
    await vi.advanceTimersByTimeAsync(200);
    expect(calls.filter((c) => c.channel === 'team:board')).toHaveLength(1);
    // No KPI filters yet (the KPI tab was never opened): no KPI fetch either.
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls.filter((c) => c.channel === 'team:kpis')).toHaveLength(0);
  });
});
