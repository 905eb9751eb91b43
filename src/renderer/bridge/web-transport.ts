// The browser side of the web host (src/web-host): the same QuitaApi the Electron preload exposes, carried over
// HTTP (POST /bridge/<channel>, JSON in and out exactly as over IPC) and one shared WebSocket for events.
// It answers like the preload does — unknown channels, failures and all — so the renderer cannot tell them apart.
import type {
  AppError,
  ChannelInput,
  ChannelName,
  ChannelOutput,
  EventName,
  EventPayload,
  QuitaApi,
  Result,
} from '../../shared/contract';
import { isChannelName, isEventName } from '../../shared/contract-names';

/** The part of the browser's WebSocket the transport uses; tests hand in a plain stub. */
export interface EventSocket {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

export interface WebTransportOptions {
  /** Where the bridge lives; '' means the page's own origin. */
  baseUrl?: string;
  /** Absolute ws:// or wss:// URL of the event socket; derived from the page's address by default. */
  eventsUrl?: string;
  openSocket?: (url: string) => EventSocket;
  /** First reconnect delay and its ceiling; the delay doubles after every failed attempt. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

type Listener = (payload: unknown) => void;

function failure(code: AppError['code'], message: string): { ok: false; error: AppError } {
  return { ok: false, error: { code, message } };
}

function isResult(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  const candidate = body as { ok: unknown; value?: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  if (candidate.ok !== false) return false;
  const error = candidate.error as { code?: unknown; message?: unknown } | undefined;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

function defaultEventsUrl(baseUrl: string): string {
  const url = new URL(`${baseUrl}/events`, globalThis.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export function createWebTransport(options: WebTransportOptions = {}): QuitaApi {
  const baseUrl = options.baseUrl ?? '';
  const reconnectMinMs = options.reconnectMinMs ?? 500;
  const reconnectMaxMs = options.reconnectMaxMs ?? 15_000;
  // Read the globals when used, not when created, so a page (or a test) that replaces them is honoured.
  const openSocket = options.openSocket ?? ((url: string) => new globalThis.WebSocket(url) as unknown as EventSocket);

  const listeners = new Map<EventName, Set<Listener>>();
  let socket: EventSocket | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let failedAttempts = 0;
  let everOpened = false;

  const listenerCount = () => [...listeners.values()].reduce((n, set) => n + set.size, 0);

  function dispatchMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: { event?: unknown; payload?: unknown };
    try {
      message = JSON.parse(data) as { event?: unknown; payload?: unknown };
    } catch {
      return;
    }
    if (!isEventName(message.event)) return;
    deliver(message.event, message.payload);
  }

  function deliver(event: EventName, payload: unknown): void {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        // One failing listener must not starve the others of the event.
        console.error(`Listener for ${event} failed`, error);
      }
    }
  }

  function connect(): void {
    reconnectTimer = null;
    let opened: EventSocket;
    try {
      opened = openSocket(options.eventsUrl ?? defaultEventsUrl(baseUrl));
    } catch {
      scheduleReconnect();
      return;
    }
    socket = opened;
    opened.onopen = () => {
      failedAttempts = 0;
      // Events sent while the socket was down are lost: after a reconnect, tell the page to refresh what it shows.
      if (everOpened) deliver('store:changed', { entities: ['queue', 'account', 'history'], accountId: null });
      everOpened = true;
    };
    opened.onmessage = (event) => dispatchMessage(event.data);
    // A failed socket always closes afterwards; reconnecting happens there, once.
    opened.onerror = () => {};
    opened.onclose = () => {
      if (socket !== opened) return;
      socket = null;
      if (listenerCount() > 0) scheduleReconnect();
    };
  }

  function scheduleReconnect(): void {
    if (reconnectTimer !== null) return;
    const delay = Math.min(reconnectMaxMs, reconnectMinMs * 2 ** failedAttempts);
    failedAttempts += 1;
    // Up to 20% jitter so many agents' pages do not reconnect in step after a host restart.
    reconnectTimer = setTimeout(connect, delay + Math.floor(Math.random() * delay * 0.2));
  }

  function disconnect(): void {
    if (reconnectTimer !== null) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    failedAttempts = 0;
    const current = socket;
    socket = null;
    current?.close();
  }

  return {
    async invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
      type Out = Result<ChannelOutput<C>>;
      if (!isChannelName(channel)) {
        return failure('unknown_channel', `Unknown channel ${String(channel).slice(0, 80)}`) as Out;
      }
      let response: Response;
      try {
        response = await globalThis.fetch(`${baseUrl}/bridge/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
      } catch (error) {
        return failure('store_unavailable', error instanceof Error ? error.message : String(error)) as Out;
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        // Not the host's answer (a proxy page, a host that went away mid-response).
        const code = response.status === 0 || response.status >= 500 ? 'store_unavailable' : 'internal';
        return failure(code, `HTTP ${response.status} without a JSON body from ${channel}`) as Out;
      }
      if (!isResult(body)) return failure('internal', `Malformed answer from ${channel}`) as Out;
      return body as Out;
    },

    on(event, listener) {
      if (!isEventName(event) || typeof listener !== 'function') {
        throw new TypeError(`Unknown event ${String(event).slice(0, 80)}`);
      }
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      // Wrapped so subscribing the same function twice gives two independent subscriptions, as over IPC.
      const entry: Listener = (payload) => listener(payload as EventPayload<typeof event>);
      set.add(entry);
      if (socket === null && reconnectTimer === null) connect();
      return () => {
        set.delete(entry);
        if (listenerCount() === 0) disconnect();
      };
    },
  };
}
