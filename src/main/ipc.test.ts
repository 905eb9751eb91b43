// The IPC gate: only the app's own top frame may call, and dispatch checks channel and input before a handler
// runs. Handlers are spies so the tests can prove they were not called.
import { describe, expect, it, vi } from 'vitest';
import { channelNames, type ChannelName } from '../shared/contract';
import { eventIpcChannel } from '../shared/contract-names';
import type { HandlerMap } from './dispatch';
import { broadcast, createIpcHandler, registerIpc } from './ipc';
import { APP_ORIGIN } from './security';

vi.mock('electron', () => ({}));

const syncStatus = {
  state: 'local_only',
  pendingEvents: 0,
  lastSyncAt: null,
  problem: null,
  rejectedEvents: 0,
  serverUrl: null,
  username: null,
  message: null,
} as const;

function spyHandlers() {
  const handlers = Object.fromEntries(channelNames.map((c) => [c, vi.fn()])) as unknown as Record<
    ChannelName,
    ReturnType<typeof vi.fn>
  >;
  handlers['sync:status'].mockResolvedValue(syncStatus);
  return { handlers, map: handlers as unknown as HandlerMap };
}

const topFrame = (url: string) => ({ senderFrame: { url, parent: null } }) as never;
const subFrame = (url: string) => ({ senderFrame: { url, parent: { url: 'app://quita/index.html' } } }) as never;
const quietLog = () => ({ warn: vi.fn(), error: vi.fn() });

describe('registerIpc', () => {
  it('registers exactly the contract channels', () => {
    const ipcMain = { handle: vi.fn() };
    registerIpc(ipcMain, spyHandlers().map, APP_ORIGIN, quietLog());
    expect(ipcMain.handle.mock.calls.map((c) => c[0]).sort()).toEqual([...channelNames].sort());
  });

  it('runs the handler for the app top frame through the registered listener', async () => {
    const ipcMain = { handle: vi.fn() };
    const { handlers, map } = spyHandlers();
    registerIpc(ipcMain, map, APP_ORIGIN, quietLog());
    const listener = ipcMain.handle.mock.calls.find((c) => c[0] === 'sync:status')![1];
    await expect(listener(topFrame('app://quita/index.html'), {})).resolves.toEqual({ ok: true, value: syncStatus });
    expect(handlers['sync:status']).toHaveBeenCalledTimes(1);
  });
});

describe('the sender check', () => {
  it.each([
    ['another origin', topFrame('https://evil.example/')],
    ['another app host', topFrame('app://evil/index.html')],
    ['a file page', topFrame('file:///tmp/x.html')],
    ['a subframe of the app', subFrame('app://quita/index.html')],
    ['a missing frame', { senderFrame: null }],
    [
      'a frame that throws when read (disposed)',
      {
        get senderFrame(): never {
          throw new Error('Render frame was disposed');
        },
      },
    ],
  ])('refuses %s with forbidden_sender, without running the handler', async (_name, event) => {
    const { handlers, map } = spyHandlers();
    const log = quietLog();
    const result = await createIpcHandler(map, APP_ORIGIN, log)('sync:status', event as never, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(handlers['sync:status']).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalled();
  });

  it('accepts the dev server origin in development', async () => {
    const { map } = spyHandlers();
    const handle = createIpcHandler(map, 'http://localhost:5173', quietLog());
    await expect(handle('sync:status', topFrame('http://localhost:5173/'), {})).resolves.toMatchObject({ ok: true });
    await expect(handle('sync:status', topFrame('app://quita/index.html'), {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });
});

describe('after the sender check', () => {
  const handle = (map: HandlerMap) => createIpcHandler(map, APP_ORIGIN, quietLog());

  it('answers unknown_channel for a channel outside the contract', async () => {
    const { handlers, map } = spyHandlers();
    const result = await handle(map)('fs:read', topFrame('app://quita/index.html') as never, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(Object.values(handlers).every((h) => h.mock.calls.length === 0)).toBe(true);
  });

  it('answers invalid_input with issues for a bad payload, without running the handler', async () => {
    const { handlers, map } = spyHandlers();
    const result = await handle(map)('account:get', topFrame('app://quita/index.html') as never, { accountId: 7 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(result.ok === false && result.error.issues?.[0]?.path).toBe('accountId');
    expect(handlers['account:get']).not.toHaveBeenCalled();
  });

  it('turns an unexpected handler failure into internal and logs it', async () => {
    const { handlers, map } = spyHandlers();
    handlers['sync:status'].mockRejectedValue(new Error('disk on fire'));
    const log = quietLog();
    const result = await createIpcHandler(map, APP_ORIGIN, log)('sync:status', topFrame('app://quita/') as never, {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Unexpected error' } });
    expect(log.error).toHaveBeenCalledWith('IPC sync:status failed', expect.any(Error));
  });
});

describe('broadcast', () => {
  const fakeWindow = (url: string, destroyed = false) => ({
    isDestroyed: () => destroyed,
    webContents: { send: vi.fn(), getURL: () => url, isDestroyed: () => false },
  });

  it('sends a valid event to live app windows on the event channel', () => {
    const app = fakeWindow('app://quita/index.html');
    const gone = fakeWindow('app://quita/index.html', true);
    const foreign = fakeWindow('https://evil.example/');
    const sent = broadcast([app, gone, foreign], 'sync:status', syncStatus, { appOrigin: APP_ORIGIN });
    expect(sent).toBe(1);
    expect(app.webContents.send).toHaveBeenCalledWith(eventIpcChannel('sync:status'), syncStatus);
    expect(gone.webContents.send).not.toHaveBeenCalled();
    expect(foreign.webContents.send).not.toHaveBeenCalled();
  });

  it('drops a payload that breaks the contract', () => {
    const app = fakeWindow('app://quita/index.html');
    const log = quietLog();
    const sent = broadcast([app], 'sync:status', { state: 'exploded' } as never, { log });
    expect(sent).toBe(0);
    expect(app.webContents.send).not.toHaveBeenCalled();
    expect(log.error).toHaveBeenCalled();
  });
});
