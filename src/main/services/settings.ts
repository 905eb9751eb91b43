// The agent's local settings, kept in the store's meta table.
import { Settings } from '../../shared/contract';
import type { Store } from './store/repositories';

export const defaultSettings: Settings = {
  locale: 'pt-BR',
  defaultRegion: 'BR',
  officeTimeZone: 'America/Sao_Paulo',
  currency: 'BRL',
};

export function readSettings(store: Store): Settings {
  const raw = store.getMeta('settings');
  if (!raw) return defaultSettings;
  // A damaged or older settings value falls back field by field instead of blocking the app.
  const parsed = Settings.partial().safeParse(safeJson(raw));
  return { ...defaultSettings, ...(parsed.success ? parsed.data : {}) };
}

export function writeSettings(store: Store, patch: Partial<Settings>): Settings {
  const next = Settings.parse({ ...readSettings(store), ...patch });
  store.setMeta('settings', JSON.stringify(next));
  return next;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
