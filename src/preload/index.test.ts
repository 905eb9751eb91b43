// The preload's bridge: what it exposes, what it refuses before touching IPC, and what listeners receive.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { QuitaApi } from '../shared/contract';
import { eventIpcChannel } from '../shared/contract-names';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(),
    on: vi.fn(),
    removeListener: vi.fn(),
    send: vi.fn(),
    sendSync: vi.fn(),
  },
}));
vi.mock('electron', () => electron);

async function loadPreload(): Promise<QuitaApi> {
  vi.resetModules();
  electron.contextBridge.exposeInMainWorld.mockClear();
  await import('./index');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(key).toBe('quita');
  return api as QuitaApi;
}

beforeEach(() => {
  for (const fn of Object.values(electron.ipcRenderer)) fn.mockReset();
});

describe('preload', () => {
  it('exposes only invoke and on, never ipcRenderer', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
  });

  it('forwards a contract channel to ipcRenderer.invoke and returns its result', async () => {
    const api = await loadPreload();
    const result = { ok: true, value: { total: 0, items: [] } };
    electron.ipcRenderer.invoke.mockResolvedValue(result);
    await expect(api.invoke('queue:list', { search: 'ana' })).resolves.toBe(result);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('queue:list', { search: 'ana' });
  });

  it.each(['fs:read', 'toString', '__proto__', 'event:sync:status', '', 42])(
    'refuses the channel %s without touching IPC',
    async (channel) => {
      const api = await loadPreload();
      const result = await api.invoke(channel as never, {} as never);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
      for (const fn of Object.values(electron.ipcRenderer)) expect(fn).not.toHaveBeenCalled();
    },
  );

  it('gives listeners the payload only, never the IpcRendererEvent, and unsubscribes', async () => {
    const api = await loadPreload();
    const listener = vi.fn();
    const unsubscribe = api.on('sync:status', listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, forward] = electron.ipcRenderer.on.mock.calls[0]!;
    expect(channel).toBe(eventIpcChannel('sync:status'));
    expect(forward).not.toBe(listener);

    const ipcEvent = { sender: electron.ipcRenderer, senderId: 0, ports: [] };
    const payload = { state: 'online', pendingEvents: 0, lastSyncAt: null, problem: null, rejectedEvents: 0, serverUrl: null, username: null, message: null };
    forward(ipcEvent, payload);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([payload]);

    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(channel, forward);
  });

  it.each(['queue:list', 'fs:changed', 'constructor'])('refuses to subscribe to %s', async (event) => {
    const api = await loadPreload();
    expect(() => api.on(event as never, vi.fn())).toThrow(TypeError);
    for (const fn of Object.values(electron.ipcRenderer)) expect(fn).not.toHaveBeenCalled();
  });
});
