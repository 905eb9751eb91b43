// The one store: every feature's slice combined once. Components read it with `useQuita(s => s.oneField)`.
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { QuitaApi } from '../../shared/contract';
import { createAccountSlice } from '../features/account/account-slice';
import { createFollowUpSlice } from '../features/follow-up/follow-up-slice';
import { createImportSlice } from '../features/import/import-slice';
import { createOfferSlice } from '../features/offer/offer-slice';
import { createOutcomeSlice } from '../features/outcome/outcome-slice';
import { createQueueSlice } from '../features/queue/queue-slice';
import { createReportsSlice } from '../features/reports/reports-slice';
import { createScriptSlice } from '../features/script/script-slice';
import { createAppSlice } from '../features/shell/app-slice';
import { createSoftphoneSlice } from '../features/softphone/softphone-slice';
import { reportAgentState } from '../features/supervisor/agent-state-reporter';
import { createSupervisorSlice } from '../features/supervisor/supervisor-slice';
import type { QuitaState } from './types';

export type { QuitaState } from './types';
export type QuitaStore = StoreApi<QuitaState>;

export function createQuitaStore(api: QuitaApi): QuitaStore {
  const store = createStore<QuitaState>()((...args) => ({
    ...createAppSlice(api)(...args),
    ...createQueueSlice(api)(...args),
    ...createAccountSlice(api)(...args),
    ...createOutcomeSlice(api)(...args),
    ...createSoftphoneSlice(api)(...args),
    ...createOfferSlice(api)(...args),
    ...createFollowUpSlice(api)(...args),
    ...createSupervisorSlice(api)(...args),
    ...createReportsSlice(api)(...args),
    ...createImportSlice(api)(...args),
    ...createScriptSlice(api)(...args),
  }));
  // The script is asked for as soon as an account is picked, alongside account:get, not after it; the session
  // starts as the account view arrives, so the first render of the account already shows the step.
  store.subscribe((state, previous) => {
    if (state.accountId !== previous.accountId && state.accountId !== null) void state.loadScript(state.accountId);
    if (state.accountView !== previous.accountView && state.accountView !== null) state.startScriptIfReady();
  });
  return store;
}

/** Keeps the lists and the status current with what main reports. Returns the unsubscribe function. */
export function connectEvents(api: QuitaApi, store: QuitaStore): () => void {
  const offs = [
    api.on('sync:status', (status) => store.getState().setSyncStatus(status)),
    api.on('settings:changed', (settings) => store.getState().applySettings(settings)),
    api.on('team:changed', () => store.getState().teamChanged()),
    reportAgentState(api, store),
    api.on('report:export-progress', (progress) => store.getState().applyExportProgress(progress)),
    api.on('store:changed', ({ entities, accountId }) => {
      const state = store.getState();
      if (entities.includes('queue')) void state.refreshQueue();
      const touchesAccount = entities.includes('account') || entities.includes('history');
      if (touchesAccount && state.accountId !== null && (accountId === null || accountId === state.accountId)) {
        void state.refreshAccount();
      }
    }),
  ];
  return () => offs.forEach((off) => off());
}

const StoreContext = createContext<QuitaStore | null>(null);

export function QuitaStoreProvider({ store, children }: { store: QuitaStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

export function useQuitaStore(): QuitaStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useQuita outside QuitaStoreProvider');
  return store;
}

export function useQuita<T>(selector: (state: QuitaState) => T): T {
  return useStore(useQuitaStore(), selector);
}
