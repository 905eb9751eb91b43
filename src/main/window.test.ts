import { describe, expect, it, vi } from 'vitest';
import { createMainWindow, mainWindowOptions } from './window';

vi.mock('electron', () => ({}));

describe('mainWindowOptions', () => {
  it('sets every renderer-hardening flag explicitly', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs');
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(options.webPreferences).not.toHaveProperty('experimentalFeatures');
    expect(options.show).toBe(false);
  });
});

describe('createMainWindow', () => {
  it('creates the window hidden, loads the start URL and shows it on ready-to-show', async () => {
    const once = new Map<string, () => void>();
    const instances: Array<{ options: unknown; show: ReturnType<typeof vi.fn>; loadURL: ReturnType<typeof vi.fn> }> = [];
    class FakeWindow {
      show = vi.fn();
      loadURL = vi.fn(() => Promise.resolve());
      once = vi.fn((name: string, listener: () => void) => once.set(name, listener));
      constructor(readonly options: unknown) {
        instances.push(this);
      }
    }
    createMainWindow(FakeWindow as never, '/p.cjs', 'app://quita/index.html');
    const [window] = instances;
    expect(window!.options).toEqual(mainWindowOptions('/p.cjs'));
    expect(window!.loadURL).toHaveBeenCalledWith('app://quita/index.html');
    expect(window!.show).not.toHaveBeenCalled();
    once.get('ready-to-show')!();
    expect(window!.show).toHaveBeenCalled();
  });

  it('logs a failed load instead of crashing main', async () => {
    class FakeWindow {
      show = vi.fn();
      loadURL = vi.fn(() => Promise.reject(new Error('ERR_FILE_NOT_FOUND')));
      once = vi.fn();
    }
    const log = { error: vi.fn() };
    createMainWindow(FakeWindow as never, '/p.cjs', 'app://quita/index.html', log);
    await new Promise((r) => setTimeout(r, 0));
    expect(log.error).toHaveBeenCalledWith('Could not load app://quita/index.html', expect.any(Error));
  });
});
