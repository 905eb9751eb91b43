// Opens everything the handlers need from a data folder: the key, the encrypted store, demo data, the
// handler map. Used by Electron's main (with safeStorage) and by the web host (with the file stand-in).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HandlerMap } from '../dispatch';
import { createHandlers } from '../handlers';
import { defaultDemo, seedDemoPortfolio, type DemoOptions } from './demo-seed';
import type { EventSink } from './events';
import { loadOrCreateDatabaseKey, type SecretCipher } from './key-vault';
import { PriorityService } from './priority/priority-service';
import { readSettings } from './settings';
import { openDatabase } from './store/database';
import { Store } from './store/repositories';
import { SipAccountStore } from './softphone/sip-account-store';
import { SyncSessionStore } from './sync/session-store';
import { SyncClient, type SyncClientOptions } from './sync/sync-client';
import { DownloadRegistry } from './exports/download-registry';
import { dataFolderTarget, type ExportTarget } from './exports/export-target';

export const DATABASE_FILE = 'quita.db';

export interface AppServicesOptions {
  dataDir: string;
  cipher: SecretCipher;
  host: 'electron' | 'web';
  /** `true` for the default demo portfolio; an object to choose seed and size. Only seeds an empty store. */
  demo: boolean | DemoOptions;
  version: string;
  emit: EventSink;
  clock?: () => number;
  /** Sync tuning (tests use short intervals); the client starts unless `startSync` is false. */
  sync?: Partial<Pick<SyncClientOptions, 'intervalMs' | 'maxBackoffMs' | 'batchSize' | 'requestTimeoutMs' | 'fetch'>>;
  startSync?: boolean;
  /** Where report exports go: the desktop app's save dialog; by default the data folder's exports/ (web host). */
  exportTarget?: ExportTarget;
}

export interface AppServices {
  handlers: HandlerMap;
  store: Store;
  sync: SyncClient;
  priority: PriorityService;
  /** Export files main wrote that the web host may hand to the browser. */
  downloads: DownloadRegistry;
  close(): void;
}

export function openAppServices(options: AppServicesOptions): AppServices {
  const clock = options.clock ?? Date.now;
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const dbPath = join(options.dataDir, DATABASE_FILE);
  const key = loadOrCreateDatabaseKey(options.dataDir, options.cipher, existsSync(dbPath));
  const store = new Store(openDatabase({ path: dbPath, key }), clock);
  const demo = options.demo === true ? defaultDemo : options.demo || null;
  const priority = new PriorityService(store, clock, () => readSettings(store).officeTimeZone, () => readSettings(store).defaultRegion);
  if (demo && store.countAccounts() === 0) {
    seedDemoPortfolio(store, demo, clock(), readSettings(store).officeTimeZone);
    // A freshly seeded demo is scored before it is served, so even its first page is in priority order.
    priority.rescoreAllNow();
  }
  // Scores for today under the strategy in force: a small store (or a few stale rows) at once; a large store
  // serves its stored order and rescores the stale rows in the background after the first page.
  priority.ensureFresh();
  const sessions = new SyncSessionStore(options.dataDir, options.cipher);
  const downloads = new DownloadRegistry();
  const sync = new SyncClient({
    store,
    sessions,
    emit: options.emit,
    clock,
    ...options.sync,
  });
  const handlers = noteActivity(priority, createHandlers({
    store,
    clock,
    host: options.host,
    demo: !!demo,
    version: options.version,
    agentId: null,
    emit: options.emit,
    sync,
    priority,
    sipAccounts: new SipAccountStore(options.dataDir, options.cipher),
    reports: {
      dataDir: options.dataDir,
      sessions,
      target: options.exportTarget ?? dataFolderTarget(options.dataDir, downloads),
    },
  }));
  if (options.startSync !== false) sync.start();
  return {
    handlers,
    store,
    sync,
    priority,
    downloads,
    close: () => {
      sync.stop();
      store.close();
    },
  };
}

/** Every request tells the priority service: its background rescore waits while the agent's screen is loading. */
function noteActivity(priority: PriorityService, handlers: HandlerMap): HandlerMap {
  const wrapped: Record<string, (input: never) => unknown> = {};
  for (const [channel, handler] of Object.entries(handlers) as Array<[string, (input: never) => unknown]>) {
    wrapped[channel] = (input) => {
      priority.noteActivity();
      return handler(input);
    };
  }
  return wrapped as unknown as HandlerMap;
}
