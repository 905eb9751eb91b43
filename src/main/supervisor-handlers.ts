// The supervisor console's channels and the agent's state reports. Main talks to the sync server with the
// session's token (the renderer never holds it): the team board, the filter options and the KPIs are fetched on
// request; a WebSocket to /v1/team/live, opened while a console is looking, turns the server's pokes into
// `team:changed` events. The agent's own state goes to the server on every change and again every minute (the
// server's heartbeat); while the server cannot be reached only the latest state is kept and sent when the
// connection returns — states in between are not replayed (the history shows the gap as offline).
import WebSocket from 'ws';
import type { ChannelOutput, ParsedInput } from '../shared/contract';
import { TeamPoke } from '../shared/domain/kpi/console-schema';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION } from '../shared/sync';
import { QuitaError, type HandlerMap } from './dispatch';
import type { EventSink } from './services/events';
import type { SyncClient } from './services/sync/sync-client';

export interface SupervisorDeps {
  sync: Pick<SyncClient, 'session'>;
  clock: () => number;
  emit: EventSink;
  fetch?: typeof globalThis.fetch;
  /** The state heartbeat; the server counts a desk silent for 150 s as offline. */
  heartbeatMs?: number;
  requestTimeoutMs?: number;
}

type StateInput = ParsedInput<'agent:state'>;

export function createSupervisorHandlers(deps: SupervisorDeps): Partial<HandlerMap> {
  const fetchImpl = deps.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = deps.requestTimeoutMs ?? 15_000;

  async function server(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const session = deps.sync.session();
    if (!session) throw new QuitaError('not_signed_in', 'Sign in to the sync server first');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    try {
      response = await fetchImpl(`${session.serverUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${session.token}`,
          [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: controller.signal,
      });
    } catch (error) {
      throw new QuitaError('server_unreachable', error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
    const parsed: unknown = await response.json().catch(() => null);
    if (response.ok) return parsed;
    const message = (parsed as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${response.status}`;
    if (response.status === 401) throw new QuitaError('not_signed_in', message);
    if (response.status === 403) throw new QuitaError('forbidden', message);
    if (response.status === 400) throw new QuitaError('invalid_input', message);
    throw new QuitaError('server_unreachable', message);
  }

  // ---- the agent's state ----
  let latest: StateInput | null = null;
  let sending: Promise<boolean> | null = null;
  let again = false;
  let heartbeat: ReturnType<typeof setInterval> | null = null;

  /** Sends the latest state (one request at a time; a change meanwhile is sent right after). */
  function sendLatest(): Promise<boolean> {
    if (sending) {
      again = true;
      return sending;
    }
    sending = (async () => {
      const state = latest;
      // Boards list agents: a supervisor's desk (say, a state kept from before signing in) reports nothing.
      if (!state || deps.sync.session()?.user.role !== 'agent') return false;
      try {
        // `at` is now, so the server reads the call's age from callStartedAt whatever this clock says.
        await server('POST', '/v1/agents/state', {
          state: state.state,
          reason: state.state === 'paused' ? state.reason : null,
          callStartedAt: state.state === 'on_call' ? state.callStartedAt : null,
          at: deps.clock(),
        });
        return true;
      } catch {
        // Kept: the heartbeat sends it once the server answers again.
        return false;
      }
    })().finally(() => {
      sending = null;
      if (again) {
        again = false;
        void sendLatest();
      }
    });
    return sending;
  }

  // ---- live pokes for the console ----
  let socket: WebSocket | null = null;
  let socketToken: string | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;

  function watchTeam(): void {
    const session = deps.sync.session();
    if (!session) return;
    if (socket && socketToken === session.token) return;
    if (retry) return;
    socket?.terminate();
    const ws = new WebSocket(`${session.serverUrl.replace(/^http/, 'ws')}/v1/team/live`, { headers: { authorization: `Bearer ${session.token}` } });
    socket = ws;
    socketToken = session.token;
    ws.on('open', () => (failures = 0));
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        return;
      }
      const poke = TeamPoke.safeParse(parsed);
      if (poke.success) deps.emit('team:changed', { teamId: poke.data.teamId });
    });
    let refused = false;
    // 401/403: this session may not watch a team (an agent); do not insist.
    ws.on('unexpected-response', (_request, response) => {
      refused = response.statusCode === 401 || response.statusCode === 403;
      ws.terminate();
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      if (socket !== ws) return;
      socket = null;
      if (refused) return;
      // Reconnect with backoff; after a gap the console refetches (a poke may have been missed).
      const delay = Math.min(30_000, 1_000 * 2 ** failures++);
      retry = setTimeout(() => {
        retry = null;
        socketToken = null;
        watchTeam();
        deps.emit('team:changed', { teamId: null });
      }, delay);
      retry.unref?.();
    });
  }

  const query = (params: Record<string, string | string[] | undefined | null>): string => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined || value === null) continue;
      for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
    }
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  return {
    'agent:state': async (input) => {
      latest = input;
      if (!heartbeat) {
        heartbeat = setInterval(() => void sendLatest(), deps.heartbeatMs ?? 60_000);
        heartbeat.unref?.();
      }
      return { sent: await sendLatest() };
    },

    'team:board': async ({ team }) => {
      watchTeam();
      return (await server('GET', `/v1/team/board${query({ team })}`)) as ChannelOutput<'team:board'>;
    },

    'team:options': async () => (await server('GET', '/v1/team/options')) as ChannelOutput<'team:options'>,

    'team:kpis': async ({ from, to, team, agent, portfolios, groupBy }) =>
      (await server('GET', `/v1/kpis${query({ from, to, team, agent, portfolio: portfolios, groupBy })}`)) as ChannelOutput<'team:kpis'>,
  };
}
