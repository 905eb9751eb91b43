// The client side of sync (design.md "Local store and sync"): logs in to a Quita server, pushes the outbox in
// batches and deletes only what the server acknowledged (after its commit), and reports a status the agent can
// read. Electron-free: the same code runs in the desktop app, the web host and the integration tests.
import type { SyncProblem, SyncStatus } from '../../../shared/contract';
import { LivePoke, LoginResponse, PROTOCOL_HEADER, PullResponse, PushResponse, ServerError, SYNC_PROTOCOL_VERSION, type SessionUser } from '../../../shared/sync';
import WebSocket from 'ws';
import { QuitaError } from '../../dispatch';
import type { EventSink } from '../events';
import type { Store } from '../store/repositories';
import { applyPullPage, CURSOR_KEY } from './apply-changes';
import type { SyncSession, SyncSessionStore } from './session-store';

export interface SyncClientOptions {
  store: Store;
  sessions: SyncSessionStore;
  emit: EventSink;
  clock?: () => number;
  fetch?: typeof globalThis.fetch;
  /** Events per push request (the server takes up to 1,000). */
  batchSize?: number;
  /** Background push period while there is work or a problem; also the first retry delay. */
  intervalMs?: number;
  /** Ceiling of the retry backoff after failures. */
  maxBackoffMs?: number;
  /** How long one request may take before the server counts as unreachable. */
  requestTimeoutMs?: number;
  /** Rows per pull page (the initial sync of a large portfolio streams these, one transaction each). */
  pullLimit?: number;
  /** Keep a WebSocket to the server's live feed so other desks' work arrives promptly (default on). */
  live?: boolean;
}

type Outcome = { problem: SyncProblem | null; message: string | null };

export class SyncClient {
  private readonly clock: () => number;
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly requestTimeoutMs: number;
  private running: Promise<SyncStatus> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private debounce: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private started = false;
  private last: Outcome & { at: number | null } = { problem: null, message: null, at: null };
  private liveSocket: WebSocket | null = null;
  private liveFailures = 0;
  private liveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: SyncClientOptions) {
    this.clock = options.clock ?? Date.now;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.batchSize = options.batchSize ?? 500;
    this.intervalMs = options.intervalMs ?? 15_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 120_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  }

  status(): SyncStatus {
    const session = this.options.sessions.load();
    const { store } = this.options;
    const rejectedEvents = store.rejectedEventCount();
    const base = {
      pendingEvents: store.pendingEventCount(),
      lastSyncAt: this.last.at,
      rejectedEvents,
      serverUrl: session?.serverUrl ?? null,
      username: session?.user.username ?? null,
      role: session?.user.role ?? null,
      message: this.last.message,
    };
    if (!session) return { ...base, state: 'local_only', problem: null };
    const problem = this.last.problem ?? (rejectedEvents > 0 ? 'events_rejected' : null);
    const state =
      this.last.problem === 'network_unreachable'
        ? 'offline'
        : this.last.problem === 'session_expired' || this.last.problem === 'server_error' || this.last.problem === 'protocol_unsupported'
          ? 'error'
          : 'online';
    return { ...base, state, problem };
  }

  /** The signed-in session for main's other calls to the server (supervisor-handlers.ts); never for the renderer. */
  session(): SyncSession | null {
    return this.options.sessions.load();
  }

  async login(serverUrl: string, username: string, password: string): Promise<SessionUser> {
    const base = serverUrl.replace(/\/+$/, '');
    const response = await this.request(`${base}/v1/auth/login`, { username, password }, null);
    if (response.kind === 'unreachable') throw new QuitaError('server_unreachable', response.message);
    if (response.status === 401) throw new QuitaError('invalid_credentials', 'Wrong username or password');
    if (response.status === 429) throw new QuitaError('rate_limited', 'Too many failed logins; try again later');
    if (response.status === 400) throw new QuitaError('invalid_input', 'The server refused the login request');
    const body = LoginResponse.safeParse(response.body);
    if (response.status !== 200 || !body.success) {
      throw new QuitaError('server_unreachable', `Unexpected answer from ${base} (HTTP ${response.status})`);
    }
    this.options.sessions.save({ serverUrl: base, token: body.data.token, expiresAt: body.data.expiresAt, user: body.data.user });
    this.last = { problem: null, message: null, at: this.last.at };
    this.failures = 0;
    this.announce();
    this.schedule(0);
    return body.data.user;
  }

  async logout(): Promise<SyncStatus> {
    const session = this.options.sessions.load();
    if (session) {
      // Best effort: the local session is forgotten whether or not the server hears about it.
      await this.request(`${session.serverUrl}/v1/auth/logout`, {}, session.token).catch(() => undefined);
    }
    this.options.sessions.clear();
    this.options.store.setMeta(CURSOR_KEY, '');
    this.closeLive();
    this.last = { problem: null, message: null, at: null };
    return this.announce();
  }

  /**
   * An authenticated JSON call to the signed-in server for features beyond sync (messages, supervision,
   * reports): the token stays in main. Answers the server's status and body; a missing session, an expired one
   * and an unreachable server become QuitaErrors the UI translates.
   */
  async callServer(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const session = this.options.sessions.load();
    if (!session) throw new QuitaError('not_signed_in', 'Sign in to a Quita server first');
    const response = await this.request(`${session.serverUrl}${path}`, body ?? {}, session.token, method);
    if (response.kind === 'unreachable') throw new QuitaError('server_unreachable', response.message);
    if (response.status === 401) {
      this.last = { problem: 'session_expired', message: 'The server session expired; sign in again', at: this.last.at };
      this.announce();
      throw new QuitaError('not_signed_in', 'The server session expired; sign in again');
    }
    return { status: response.status, body: response.body };
  }

  /** Pushes everything pending now; concurrent callers share one run (and a change meanwhile triggers one more). */
  syncNow(): Promise<SyncStatus> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pushAll().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.syncNow();
      }
    });
    return this.running;
  }

  /** Something was written to the outbox: push soon, coalescing bursts. */
  notifyLocalChange(): void {
    if (!this.started) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.syncNow();
    }, 200);
  }

  start(): void {
    this.started = true;
    this.schedule(0);
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    this.timer = this.debounce = null;
    this.closeLive();
  }

  /** The live feed: the server pokes when something in this desk's scope changed; we pull then. */
  private ensureLive(session: SyncSession): void {
    if (!this.started || this.options.live === false || this.liveSocket || this.liveTimer) return;
    const url = `${session.serverUrl.replace(/^http/, 'ws')}/v1/sync/live`;
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${session.token}` } });
    this.liveSocket = socket;
    socket.on('open', () => {
      this.liveFailures = 0;
    });
    socket.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        return;
      }
      if (LivePoke.safeParse(parsed).success) this.notifyRemoteChange();
    });
    const retry = () => {
      if (this.liveSocket !== socket) return;
      this.liveSocket = null;
      if (!this.started) return;
      // Backoff with a ceiling; the periodic push/pull keeps working meanwhile.
      const delay = Math.min(60_000, 1_000 * 2 ** this.liveFailures++);
      this.liveTimer = setTimeout(() => {
        this.liveTimer = null;
        const current = this.options.sessions.load();
        if (current) this.ensureLive(current);
      }, delay);
      this.liveTimer.unref?.();
    };
    socket.on('close', retry);
    socket.on('error', () => socket.terminate());
  }

  private closeLive(): void {
    if (this.liveTimer) clearTimeout(this.liveTimer);
    this.liveTimer = null;
    const socket = this.liveSocket;
    this.liveSocket = null;
    socket?.terminate();
  }

  private notifyRemoteChange(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.syncNow();
    }, 100);
  }

  /**
   * Pulls pages after the stored cursor until the server has nothing more; each page is one local transaction.
   * The next page is requested before the current one is written, so the server builds it meanwhile (an initial
   * sync of a large portfolio is dozens of pages). The cursor is stored only with the page it belongs to.
   */
  private async pullAll(session: SyncSession): Promise<Outcome | null> {
    const { store } = this.options;
    const limit = this.options.pullLimit ?? 2000;
    const fetchPage = (cursor: string | null) =>
      this.request(`${session.serverUrl}/v1/sync/pull?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, undefined, session.token, 'GET');
    let cursor = store.getMeta(CURSOR_KEY) || null;
    let next: ReturnType<typeof fetchPage> | null = null;
    for (let pages = 0; pages < 10_000; pages++) {
      const response = await (next ?? fetchPage(cursor));
      next = null;
      if (response.kind === 'unreachable') return { problem: 'network_unreachable', message: response.message };
      if (response.status === 401) return { problem: 'session_expired', message: 'The server no longer accepts this session' };
      if (response.status === 426) return { problem: 'protocol_unsupported', message: 'The server refuses this sync protocol (HTTP 426)' };
      const error = ServerError.safeParse(response.body);
      if (response.status === 400 && error.success && String(error.data.error.code) === 'invalid_cursor' && cursor) {
        // The server cannot continue from this cursor (e.g. it was restored from a backup): sync from scratch.
        store.setMeta(CURSOR_KEY, '');
        cursor = null;
        continue;
      }
      const page = PullResponse.safeParse(response.body);
      if (response.status !== 200 || !page.success) {
        return { problem: 'server_error', message: error.success ? `${error.data.error.code}: ${error.data.error.message}` : `pull: HTTP ${response.status}` };
      }
      if (page.data.hasMore) {
        next = fetchPage(page.data.cursor);
        // Let the request leave before the synchronous write below holds the thread.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const report = applyPullPage(store, page.data.changes, page.data.cursor);
      cursor = page.data.cursor;
      if (report.accounts.size > 0) {
        this.options.emit('store:changed', { entities: ['queue', 'account', 'history'], accountId: null });
      }
      if (!page.data.hasMore) return null;
    }
    return null;
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow();
    }, delayMs);
    this.timer.unref?.();
  }

  private async pushAll(): Promise<SyncStatus> {
    const session = this.options.sessions.load();
    if (!session) return this.announce();
    const { store } = this.options;
    let outcome: Outcome = { problem: null, message: null };
    for (;;) {
      const batch = store.peekEvents(this.batchSize);
      if (batch.length === 0) break;
      const response = await this.request(
        `${session.serverUrl}/v1/sync/push`,
        {
          deviceId: store.deviceId,
          events: batch.map((e) => ({ id: e.id, deviceId: e.deviceId, seq: e.seq, type: e.type, payload: e.payload, createdAt: e.createdAt })),
        },
        session.token,
      );
      if (response.kind === 'unreachable') {
        outcome = { problem: 'network_unreachable', message: response.message };
        break;
      }
      if (response.status === 401) {
        outcome = { problem: 'session_expired', message: 'The server no longer accepts this session' };
        break;
      }
      if (response.status === 426) {
        // An older server: nothing was stored; the outbox waits for the server to be updated.
        outcome = { problem: 'protocol_unsupported', message: 'The server refuses this sync protocol (HTTP 426)' };
        break;
      }
      const ack = PushResponse.safeParse(response.body);
      if (response.status !== 200 || !ack.success) {
        const error = ServerError.safeParse(response.body);
        outcome = { problem: 'server_error', message: error.success ? `${error.data.error.code}: ${error.data.error.message}` : `HTTP ${response.status}` };
        break;
      }
      // The server answered after its commit: what it acknowledged is durable there, so it may leave the outbox.
      store.acknowledgeEvents(ack.data.acknowledged, ack.data.rejected);
      if (ack.data.acknowledged.length === 0) {
        outcome = { problem: 'server_error', message: 'The server acknowledged nothing' };
        break;
      }
      if (batch.length < this.batchSize) break;
    }
    if (outcome.problem === null) {
      outcome = (await this.pullAll(session)) ?? outcome;
      if (outcome.problem === null) this.ensureLive(session);
    }
    const failed = outcome.problem !== null;
    this.failures = failed ? this.failures + 1 : 0;
    this.last = { ...outcome, at: failed ? this.last.at : this.clock() };
    const status = this.announce();
    if (outcome.problem !== 'session_expired') {
      // Back off while failing; otherwise look again at the regular interval (other devices' work, retries).
      const delay = failed ? Math.min(this.maxBackoffMs, this.intervalMs * 2 ** (this.failures - 1)) : this.intervalMs;
      this.schedule(delay);
    }
    return status;
  }

  private announce(): SyncStatus {
    const status = this.status();
    this.options.emit('sync:status', status);
    return status;
  }

  private async request(
    url: string,
    body: unknown,
    token: string | null,
    method: 'GET' | 'POST' = 'POST',
  ): Promise<{ kind: 'answered'; status: number; body: unknown } | { kind: 'unreachable'; message: string }> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), this.requestTimeoutMs);
    try {
      const response = await this.fetchImpl(url, {
        method,
        headers: {
          [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
        signal: controller.signal,
      });
      let parsed: unknown = null;
      try {
        parsed = await response.json();
      } catch {
        parsed = null;
      }
      return { kind: 'answered', status: response.status, body: parsed };
    } catch (error) {
      return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timeout);
    }
  }
}
