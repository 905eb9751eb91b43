// The Electron entry's lifecycle with a fake `electron` module: single instance, scheme registration before
// ready, the ready sequence, and a failed start that shows an error and quits without touching the data.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../shared/contract';

type Listener = (...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const state = {
    lock: true,
    locale: 'pt-BR',
    backend: 'gnome_libsecret',
    appListeners: new Map<string, Listener>(),
    windows: [] as Array<Record<string, ReturnType<typeof vi.fn>> & { options: unknown }>,
  };
  const ready: { resolve: () => void; promise: Promise<void> } = { resolve: () => {}, promise: Promise.resolve() };
  const resetReady = () => {
    ready.promise = new Promise<void>((r) => (ready.resolve = r));
  };
  const session = {
    webRequest: { onHeadersReceived: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
  };
  class BrowserWindow {
    static getAllWindows = vi.fn(() => state.windows);
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = vi.fn(() => true);
    once = vi.fn();
    on = vi.fn();
    loadURL = vi.fn(() => Promise.resolve());
    constructor(readonly options: unknown) {
      state.windows.push(this as never);
    }
  }
  const electron = {
    app: {
      requestSingleInstanceLock: vi.fn(() => state.lock),
      quit: vi.fn(),
      enableSandbox: vi.fn(),
      on: vi.fn((name: string, listener: Listener) => state.appListeners.set(name, listener)),
      whenReady: vi.fn(() => ready.promise),
      getLocale: vi.fn(() => state.locale),
      getPath: vi.fn(() => '/home/agent/.config/Quita'),
      getVersion: vi.fn(() => '0.1.0'),
    },
    BrowserWindow,
    dialog: { showErrorBox: vi.fn() },
    ipcMain: { handle: vi.fn() },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => true),
      getSelectedStorageBackend: vi.fn(() => state.backend),
      encryptString: vi.fn(),
      decryptString: vi.fn(),
    },
    session: { defaultSession: session },
    shell: { openExternal: vi.fn() },
  };
  const services = { handlers: {}, close: vi.fn() };
  const openAppServices = vi.fn((_options: unknown) => services);
  return { state, ready, resetReady, electron, session, services, openAppServices };
});

vi.mock('electron', () => fake.electron);
vi.mock('./services/app-services', () => ({ openAppServices: fake.openAppServices }));

async function boot(): Promise<void> {
  vi.resetModules();
  await import('./index');
}

async function bootAndReady(): Promise<void> {
  await boot();
  fake.ready.resolve();
  await new Promise((r) => setTimeout(r, 0));
}

beforeEach(() => {
  vi.clearAllMocks();
  fake.state.lock = true;
  fake.state.locale = 'pt-BR';
  fake.state.backend = 'gnome_libsecret';
  fake.state.appListeners.clear();
  fake.state.windows.length = 0;
  fake.resetReady();
  vi.spyOn(console, 'error').mockImplementation(() => {});
  // The packaged app unless a test says otherwise.
  vi.stubEnv('ELECTRON_RENDERER_URL', undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('single instance', () => {
  it('quits at once when another instance holds the lock, and sets nothing up', async () => {
    fake.state.lock = false;
    await boot();
    expect(fake.electron.app.quit).toHaveBeenCalledTimes(1);
    expect(fake.electron.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(fake.electron.app.whenReady).not.toHaveBeenCalled();
    expect(fake.state.appListeners.size).toBe(0);
  });

  it('focuses the existing window when a second instance starts', async () => {
    await bootAndReady();
    const [window] = fake.state.windows;
    fake.state.appListeners.get('second-instance')!({}, [], '/');
    expect(window!.restore).toHaveBeenCalled();
    expect(window!.focus).toHaveBeenCalled();
    expect(fake.electron.app.quit).not.toHaveBeenCalled();
  });
});

describe('startup', () => {
  it('registers the app scheme as privileged before ready, and sandboxes every renderer', async () => {
    await boot();
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
      }),
    ]);
    expect(fake.electron.app.enableSandbox).toHaveBeenCalled();
    expect(fake.electron.protocol.handle).not.toHaveBeenCalled(); // not ready yet
  });

  it('on ready installs protocol, CSP, permissions, menu, services, IPC and the window', async () => {
    await bootAndReady();
    expect(fake.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(fake.session.webRequest.onHeadersReceived).toHaveBeenCalled();
    expect(fake.session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(fake.session.setPermissionCheckHandler).toHaveBeenCalled();
    expect(fake.session.setDevicePermissionHandler).toHaveBeenCalled();
    const template = fake.electron.Menu.buildFromTemplate.mock.calls[0]![0] as Array<{ label: string }>;
    expect(template.map((m) => m.label)).toContain('Arquivo');

    expect(fake.openAppServices).toHaveBeenCalledWith(
      expect.objectContaining({ dataDir: '/home/agent/.config/Quita', host: 'electron', version: '0.1.0' }),
    );
    const registered = fake.electron.ipcMain.handle.mock.calls.map((c) => c[0]);
    expect(registered.sort()).toEqual([...channelNames].sort());

    expect(fake.state.windows).toHaveLength(1);
    const window = fake.state.windows[0]!;
    const options = window.options as { webPreferences: { preload: string; sandbox: boolean } };
    expect(options.webPreferences.preload).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(options.webPreferences.sandbox).toBe(true);
    expect(window.loadURL).toHaveBeenCalledWith('app://quita/index.html');
  });

  it('guards every web contents that is created', async () => {
    await boot();
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    fake.state.appListeners.get('web-contents-created')!({}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.on.mock.calls.map((c) => c[0])).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']),
    );
  });

  it('uses the dev server as the app in development', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    await bootAndReady();
    expect(fake.state.windows[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173');
  });

  it('closes the services on will-quit, and quits when the last window closes (not on macOS)', async () => {
    await bootAndReady();
    fake.state.appListeners.get('will-quit')!();
    expect(fake.services.close).toHaveBeenCalledTimes(1);
    fake.state.appListeners.get('window-all-closed')!();
    expect(fake.electron.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1);
  });
});

describe('a start that cannot open the data', () => {
  it('shows the reason in the agent language and quits, without a window or IPC', async () => {
    fake.openAppServices.mockImplementationOnce(() => {
      throw new Error('The database was written by a newer version of Quita (schema 9 > 3).');
    });
    await bootAndReady();
    expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledWith(
      'O Quita não pôde abrir seus dados',
      expect.stringContaining('schema 9 > 3'),
    );
    expect(fake.electron.app.quit).toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(0);
    expect(fake.electron.ipcMain.handle).not.toHaveBeenCalled();
  });

  it("refuses Linux's basic_text safeStorage before opening the store", async () => {
    if (process.platform !== 'linux') return;
    fake.state.backend = 'basic_text';
    fake.state.locale = 'en-US';
    await bootAndReady();
    expect(fake.openAppServices).not.toHaveBeenCalled();
    expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledWith(
      'Quita could not open your data',
      expect.stringContaining('keyring'),
    );
    expect(fake.electron.app.quit).toHaveBeenCalled();
  });
});
