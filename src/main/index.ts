// The Electron entry. One instance per user; the renderer is served from the privileged `app://quita` scheme
// (or the Vite dev server in development) with a strict CSP, locked navigation, microphone-only permissions,
// and IPC that only the app's own top frame may call. The services (store, sync, handlers) are Electron-free.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { broadcast, registerIpc } from './ipc';
import { installMenu, menuLocale, type MenuLocale } from './menu';
import { electronSafeStorageCipher } from './secret-cipher';
import {
  APP_ORIGIN,
  APP_SCHEME,
  appSchemePrivileges,
  contentSecurityPolicy,
  createAppProtocolHandler,
  installContentSecurityPolicy,
  installNavigationGuards,
  installPermissionHandlers,
  originOf,
} from './security';
import { openAppServices, type AppServices } from './services/app-services';
import { saveDialogTarget } from './services/exports/export-target';
import { startupErrorText } from './startup-error';
import { createMainWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const isDev = Boolean(devServerUrl);
// In development the Vite dev server is the app; its origin replaces app://quita in every check.
const appOrigin = (devServerUrl && originOf(devServerUrl)) || APP_ORIGIN;
const startUrl = devServerUrl ?? `${APP_ORIGIN}/index.html`;
const log = console;

let mainWindow: BrowserWindow | null = null;
let services: AppServices | null = null;

function openWindow(): void {
  mainWindow = createMainWindow(BrowserWindow, join(here, '../preload/index.cjs'), startUrl, log);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

function fail(locale: MenuLocale, error: unknown): void {
  log.error('Startup failed', error);
  const { title, content } = startupErrorText(locale, error);
  dialog.showErrorBox(title, content);
  app.quit();
}

async function start(): Promise<void> {
  const locale = menuLocale(app.getLocale());
  const csp = contentSecurityPolicy({ dev: isDev });
  const ses = session.defaultSession;
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(here, '../renderer'), csp));
  installContentSecurityPolicy(ses, csp);
  installPermissionHandlers(ses, appOrigin);
  installMenu(Menu, locale, { dev: isDev });

  try {
    const cipher = electronSafeStorageCipher(safeStorage);
    services = openAppServices({
      dataDir: app.getPath('userData'),
      cipher,
      host: 'electron',
      demo: process.argv.includes('--demo'),
      // Report exports are saved where the supervisor chooses, streamed straight into that file.
      exportTarget: saveDialogTarget(
        (dialogOptions) => (mainWindow ? dialog.showSaveDialog(mainWindow, dialogOptions) : dialog.showSaveDialog(dialogOptions)),
        app.getPath('downloads'),
      ),
      version: app.getVersion(),
      emit: (event, payload) => {
        broadcast(BrowserWindow.getAllWindows(), event, payload, { appOrigin, log });
      },
    });
  } catch (error) {
    // Never repair by deleting: a newer database or an undecryptable key stays exactly as it is.
    fail(locale, error);
    return;
  }

  registerIpc(ipcMain, services.handlers, appOrigin, log);
  openWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Two instances would write the same store and outbox; the first one gets focused instead.
  app.quit();
} else {
  // Privileged schemes must be registered before `ready`.
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
  // Sandbox every renderer, including any created without our window options.
  app.enableSandbox();

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Covers the main window and any other contents (popups are denied anyway, devtools, future views).
  app.on('web-contents-created', (_event, contents) => installNavigationGuards(contents, appOrigin, shell));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (services && BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  app.on('will-quit', () => {
    services?.close();
    services = null;
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail(menuLocale(app.getLocale()), error));
}
