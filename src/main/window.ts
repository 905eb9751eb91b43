// The main window: every renderer-hardening flag set explicitly (not left to defaults that changed across
// Electron versions), shown only when its first paint is ready.
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Quita',
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    backgroundColor: '#ffffff',
    // Avoids a blank white frame; createMainWindow shows it on ready-to-show.
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Customer names and notes must not go to a cloud spell-check service.
      spellcheck: false,
      // A file dropped on the window must not replace the app.
      navigateOnDragDrop: false,
      safeDialogs: true,
      preload: preloadPath,
    },
  };
}

type BrowserWindowClass = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/** Creates the window, shows it when ready and loads the app. Load failures are logged, not thrown. */
export function createMainWindow(
  BrowserWindowCtor: BrowserWindowClass,
  preloadPath: string,
  startUrl: string,
  log: Pick<Console, 'error'> = console,
): BrowserWindow {
  const window = new BrowserWindowCtor(mainWindowOptions(preloadPath));
  window.once('ready-to-show', () => window.show());
  window.loadURL(startUrl).catch((error: unknown) => log.error(`Could not load ${startUrl}`, error));
  return window;
}
