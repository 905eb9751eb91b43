import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../../shared/contract';
import { createWebTransport } from './web-transport';

class FakeSocket {
  static opened: FakeSocket[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.opened.push(this);
  }
  close() {
    this.closed = true;
  }
  /** What the browser does when the host goes away. */
  drop() {
    this.onerror?.({});
    this.onclose?.({});
  }
  receive(message: unknown) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
}

const status: EventPayload<'sync:status'> = {
  state: 'local_only',
  pendingEvents: 3,
  lastSyncAt: null,
  problem: null,
  rejectedEvents: 0,
  serverUrl: null,
  username: null,
  message: null,
};

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

beforeEach(() => {
  FakeSocket.opened = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('location', { href: 'http://127.0.0.1:5199/index.html' });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('invoke', () => {
  it('posts the input as JSON to /bridge/<channel> and returns the body as the result', async () => {
    const fetchStub = vi.fn(async () => jsonResponse({ ok: true, value: { total: 0, items: [] } }));
    vi.stubGlobal('fetch', fetchStub);
    const api = createWebTransport();

    const result = await api.invoke('queue:list', { search: 'ana', offset: 100, limit: 100 });

    expect(result).toEqual({ ok: true, value: { total: 0, items: [] } });
    expect(fetchStub).toHaveBeenCalledWith('/bridge/queue:list', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ search: 'ana', offset: 100, limit: 100 }),
    });
  });

  it('sends {} when there is no input and passes an error result through despite the HTTP status', async () => {
    const error = { code: 'not_found', message: 'Account a1 not found' };
    const fetchStub = vi.fn(async (_url: string, _init?: RequestInit) => jsonResponse({ ok: false, error }, 404));
    vi.stubGlobal('fetch', fetchStub);

    const result = await createWebTransport().invoke('app:info', undefined as never);

    expect(result).toEqual({ ok: false, error });
    expect(fetchStub.mock.calls[0]?.[1]).toMatchObject({ body: '{}' });
  });

  it('turns a network failure into store_unavailable', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const result = await createWebTransport().invoke('sync:status', {});
    expect(result).toEqual({ ok: false, error: { code: 'store_unavailable', message: 'Failed to fetch' } });
  });

  it('turns a non-JSON gateway error into store_unavailable', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })));
    const result = await createWebTransport().invoke('sync:status', {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('store_unavailable');
  });

  it('refuses a channel outside the contract without a request, like the preload', async () => {
    const fetchStub = vi.fn();
    vi.stubGlobal('fetch', fetchStub);
    const result = await createWebTransport().invoke('shell:exec' as never, {} as never);
    expect(!result.ok && result.error.code).toBe('unknown_channel');
    expect(fetchStub).not.toHaveBeenCalled();
  });
});

describe('on', () => {
  it('shares one socket at /events among subscriptions and routes each event to its listeners', () => {
    const api = createWebTransport();
    const onStatus = vi.fn();
    const onChanged = vi.fn();
    api.on('sync:status', onStatus);
    api.on('store:changed', onChanged);

    expect(FakeSocket.opened).toHaveLength(1);
    const socket = FakeSocket.opened[0]!;
    expect(socket.url).toBe('ws://127.0.0.1:5199/events');

    socket.receive({ event: 'sync:status', payload: status });
    socket.receive('not json');
    socket.receive({ event: 'unknown:event', payload: {} });

    expect(onStatus).toHaveBeenCalledExactlyOnceWith(status);
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('stops delivering after unsubscribe and closes the socket when nobody listens', () => {
    const api = createWebTransport();
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = api.on('sync:status', first);
    const offSecond = api.on('sync:status', second);
    const socket = FakeSocket.opened[0]!;

    offFirst();
    socket.receive({ event: 'sync:status', payload: status });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(socket.closed).toBe(false);

    offSecond();
    expect(socket.closed).toBe(true);
  });

  it('reconnects with a growing delay after the socket drops, and resets it once connected', () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const api = createWebTransport({ reconnectMinMs: 100, reconnectMaxMs: 1000 });
    const listener = vi.fn();
    api.on('store:changed', listener);

    FakeSocket.opened[0]!.drop();
    vi.advanceTimersByTime(99);
    expect(FakeSocket.opened).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.opened).toHaveLength(2);

    FakeSocket.opened[1]!.drop();
    vi.advanceTimersByTime(199);
    expect(FakeSocket.opened).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.opened).toHaveLength(3);

    const third = FakeSocket.opened[2]!;
    third.onopen?.({});
    third.receive({ event: 'store:changed', payload: { entities: ['queue'], accountId: null } });
    expect(listener).toHaveBeenCalledWith({ entities: ['queue'], accountId: null });

    third.drop();
    vi.advanceTimersByTime(100);
    expect(FakeSocket.opened).toHaveLength(4);
  });

  it('asks the page to refresh after a reconnect, since events sent while it was down are lost', () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const api = createWebTransport({ reconnectMinMs: 100 });
    const listener = vi.fn();
    api.on('store:changed', listener);
    FakeSocket.opened[0]!.onopen?.({});
    expect(listener).not.toHaveBeenCalled();

    FakeSocket.opened[0]!.drop();
    vi.advanceTimersByTime(100);
    FakeSocket.opened[1]!.onopen?.({});
    expect(listener).toHaveBeenCalledExactlyOnceWith({ entities: ['queue', 'account', 'history'], accountId: null });
  });

  it('throws on an event outside the contract, like the preload', () => {
    expect(() => createWebTransport().on('ipc:raw' as never, () => {})).toThrow(TypeError);
  });
});
