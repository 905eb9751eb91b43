// App-wide state: what app:info said, the agent's settings and language, the sync status, the error banner and
// the passing notice ("Resultado salvo").
import type { AppError, ChannelOutput, Settings, SyncStatus } from '../../../shared/contract';
import type { Locale } from '../../../shared/model';
import type { QuitaSlice } from '../../store/types';

export type AppInfo = ChannelOutput<'app:info'>;

export interface Notice {
  /** An i18n key and its values. */
  key: string;
  detailKey?: string;
  params?: Record<string, string>;
  /** Bumped per notice so showing the same text twice restarts its timer. */
  id: number;
}

export interface AppSlice {
  appInfo: AppInfo | null;
  /** True once app:info answered or failed: the shell can render. */
  appStarted: boolean;
  settings: Settings | null;
  locale: Locale;
  syncStatus: SyncStatus | null;
  error: AppError | null;
  notice: Notice | null;
  start(): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
  applySettings(settings: Settings): void;
  setSyncStatus(status: SyncStatus): void;
  reportError(error: AppError): void;
  dismissError(): void;
  showNotice(notice: Omit<Notice, 'id'>): void;
  dismissNotice(): void;
  /** Signs in to a sync server; resolves to the error to show, or null on success. */
  login(serverUrl: string, username: string, password: string): Promise<AppError | null>;
  logout(): Promise<void>;
  syncNow(): Promise<void>;
}

export const createAppSlice: QuitaSlice<AppSlice> = (api) => (set, get) => {
  let started = false;
  let noticeId = 0;

  return {
    appInfo: null,
    appStarted: false,
    settings: null,
    // Brazil first: what the screen speaks until app:info tells the agent's choice.
    locale: 'pt-BR',
    syncStatus: null,
    error: null,
    notice: null,

    async start() {
      if (started) return;
      started = true;
      // In parallel: the first queue page must not wait for app:info, nor the screen for the queue.
      const firstPage = get().loadFirstQueuePage();
      const status = api.invoke('sync:status', {}).then((result) => {
        if (result.ok) get().setSyncStatus(result.value);
        else get().reportError(result.error);
      });
      const info = await api.invoke('app:info', {});
      if (info.ok) {
        set({ appInfo: info.value, settings: info.value.settings, locale: info.value.settings.locale, appStarted: true });
      } else {
        set({ appStarted: true });
        get().reportError(info.error);
      }
      await Promise.all([firstPage, status]);
    },

    async setLocale(locale) {
      const previous = get().locale;
      if (locale === previous) return;
      // The screen switches at once; the choice is stored for the next start.
      set({ locale });
      const result = await api.invoke('settings:update', { locale });
      if (result.ok) get().applySettings(result.value);
      else {
        set({ locale: previous });
        get().reportError(result.error);
      }
    },

    applySettings(settings) {
      set((state) => ({
        settings,
        locale: settings.locale,
        appInfo: state.appInfo && { ...state.appInfo, settings },
      }));
    },

    setSyncStatus(syncStatus) {
      set({ syncStatus });
    },

    reportError(error) {
      set({ error });
    },

    dismissError() {
      set({ error: null });
    },

    showNotice(notice) {
      noticeId += 1;
      set({ notice: { ...notice, id: noticeId } });
    },

    dismissNotice() {
      set({ notice: null });
    },

    async login(serverUrl, username, password) {
      const result = await api.invoke('sync:login', { serverUrl, username, password });
      if (!result.ok) return result.error;
      get().showNotice({ key: 'login.signedIn', params: { name: result.value.displayName } });
      const status = await api.invoke('sync:status', {});
      if (status.ok) get().setSyncStatus(status.value);
      return null;
    },

    async logout() {
      const result = await api.invoke('sync:logout', {});
      if (result.ok) get().setSyncStatus(result.value);
      else get().reportError(result.error);
    },

    async syncNow() {
      const result = await api.invoke('sync:now', {});
      if (result.ok) get().setSyncStatus(result.value);
      else get().reportError(result.error);
    },
  };
};
