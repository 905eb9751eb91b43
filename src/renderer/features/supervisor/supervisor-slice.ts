// The supervisor console's state: which screen the signed-in supervisor looks at (the console or the agent
// screen), the team board, the filter choices and the KPIs for the filters. Everything is asked of main
// (team:* channels), which asks the server with the session's token; `team:changed` events make it refetch.
import type { AppError, ChannelOutput } from '../../../shared/contract';
import type { KpiGroupBy } from '../../../shared/domain/kpi/console-schema';
import type { QuitaSlice } from '../../store/types';

export type TeamBoardView = ChannelOutput<'team:board'>;
export type KpiReportView = ChannelOutput<'team:kpis'>;
export type ConsoleOptionsView = ChannelOutput<'team:options'>;

export type ConsoleView = 'console' | 'agent';

export interface KpiFilters {
  from: string;
  to: string;
  /** '' = the supervisor's own team, or every team for an admin. */
  team: string;
  agent: string;
  portfolio: string;
  /** Which variants the A/B comparison looks at. */
  variants: Extract<KpiGroupBy, 'strategyVariant' | 'scriptVariant'>;
}

export interface SupervisorSlice {
  /** Chosen screen; null = the role's default (the console for supervisors and admins). */
  consoleView: ConsoleView | null;
  consoleTab: string;
  board: TeamBoardView | null;
  /** Date.now() when the board arrived, so call times tick on the server's clock (board.now). */
  boardReceivedAt: number;
  boardError: AppError | null;
  consoleOptions: ConsoleOptionsView | null;
  kpiFilters: KpiFilters | null;
  kpiTotals: KpiReportView | null;
  kpiDaily: KpiReportView | null;
  kpiByAgent: KpiReportView | null;
  kpiVariants: KpiReportView | null;
  kpiLoading: boolean;
  kpiError: AppError | null;
  setConsoleView(view: ConsoleView): void;
  setConsoleTab(tab: string): void;
  loadBoard(): Promise<void>;
  loadConsoleOptions(): Promise<void>;
  setKpiFilters(patch: Partial<KpiFilters>): void;
  loadKpis(): Promise<void>;
  /** A team:changed event: refetch what is on screen (coalesced). */
  teamChanged(): void;
}

/** The last seven days up to `today` in the office ('YYYY-MM-DD'). */
export function defaultKpiFilters(today: string): KpiFilters {
  const t = new Date(`${today}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 6);
  return { from: t.toISOString().slice(0, 10), to: today, team: '', agent: '', portfolio: '', variants: 'strategyVariant' };
}

export const createSupervisorSlice: QuitaSlice<SupervisorSlice> = (api) => (set, get) => {
  let boardSeq = 0;
  let kpiSeq = 0;
  let boardTimer: ReturnType<typeof setTimeout> | null = null;
  let kpiTimer: ReturnType<typeof setTimeout> | null = null;

  const filters = (): KpiFilters => get().kpiFilters ?? defaultKpiFilters(get().appInfo?.today ?? new Date().toISOString().slice(0, 10));

  return {
    consoleView: null,
    consoleTab: 'team',
    board: null,
    boardReceivedAt: 0,
    boardError: null,
    consoleOptions: null,
    kpiFilters: null,
    kpiTotals: null,
    kpiDaily: null,
    kpiByAgent: null,
    kpiVariants: null,
    kpiLoading: false,
    kpiError: null,

    setConsoleView(consoleView) {
      set({ consoleView });
    },

    setConsoleTab(consoleTab) {
      set({ consoleTab });
    },

    async loadBoard() {
      const seq = ++boardSeq;
      const team = get().kpiFilters?.team || undefined;
      const result = await api.invoke('team:board', team ? { team } : {});
      if (seq !== boardSeq) return;
      if (result.ok) set({ board: result.value, boardReceivedAt: Date.now(), boardError: null });
      else set({ boardError: result.error });
    },

    async loadConsoleOptions() {
      const result = await api.invoke('team:options', {});
      if (result.ok) set({ consoleOptions: result.value });
    },

    setKpiFilters(patch) {
      const next = { ...filters(), ...patch };
      // A team chosen: an agent of another team no longer fits.
      if (patch.team !== undefined && next.agent) {
        const agent = get().consoleOptions?.agents.find((a) => a.id === next.agent);
        if (next.team && agent && agent.teamId !== next.team) next.agent = '';
      }
      set({ kpiFilters: next });
      void get().loadKpis();
      if (patch.team !== undefined) void get().loadBoard();
    },

    async loadKpis() {
      const f = filters();
      if (!get().kpiFilters) set({ kpiFilters: f });
      const seq = ++kpiSeq;
      set({ kpiLoading: true });
      const base = {
        from: f.from <= f.to ? f.from : f.to,
        to: f.from <= f.to ? f.to : f.from,
        ...(f.team ? { team: f.team } : {}),
        ...(f.agent ? { agent: f.agent } : {}),
        portfolios: f.portfolio ? [f.portfolio] : [],
      };
      // Three aggregates the server runs in SQL: per day, per agent, per variant. Each carries the period's totals
      // (the cards read the daily answer's).
      const [daily, byAgent, variants] = await Promise.all([
        api.invoke('team:kpis', { ...base, groupBy: 'day' }),
        api.invoke('team:kpis', { ...base, groupBy: 'agent' }),
        api.invoke('team:kpis', { ...base, groupBy: f.variants }),
      ]);
      if (seq !== kpiSeq) return;
      const failed = [daily, byAgent, variants].find((r) => !r.ok);
      set({
        kpiLoading: false,
        kpiError: failed && !failed.ok ? failed.error : null,
        ...(daily.ok ? { kpiTotals: daily.value, kpiDaily: daily.value } : {}),
        ...(byAgent.ok ? { kpiByAgent: byAgent.value } : {}),
        ...(variants.ok ? { kpiVariants: variants.value } : {}),
      });
    },

    teamChanged() {
      // A burst of pokes (an outcome is several events) becomes one board fetch; KPIs follow more slowly.
      if (!boardTimer) {
        boardTimer = setTimeout(() => {
          boardTimer = null;
          void get().loadBoard();
        }, 150);
      }
      if (!kpiTimer && get().kpiFilters) {
        kpiTimer = setTimeout(() => {
          kpiTimer = null;
          void get().loadKpis();
        }, 1000);
      }
    },
  };
};
