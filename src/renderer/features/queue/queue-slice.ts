// The agent's worklist, paged: the list may hold 50,000 accounts, so only the pages the virtualized list shows
// (plus what the agent scrolled through) are in memory, each fetched once via queue:list {offset, limit}.
import type { ChannelInput, NotNowItem, QueueItem } from '../../../shared/contract';
import type { QuitaSlice } from '../../store/types';

export const QUEUE_PAGE_SIZE = 100;

export type QueueFilters = Required<Pick<ChannelInput<'queue:list'>, 'dpdBucket' | 'minBalanceCents' | 'maxBalanceCents' | 'status'>>;
export const noQueueFilters: QueueFilters = { dpdBucket: null, minBalanceCents: null, maxBalanceCents: null, status: null };

let fallbackHolder: string | null = null;
/** One lease holder per window/tab, kept for the tab's life so a reload keeps the account it was handed. */
export function leaseHolderId(): string {
  const key = 'quita.leaseHolder';
  try {
    const stored = globalThis.sessionStorage?.getItem(key);
    if (stored) return stored;
    const id = crypto.randomUUID();
    globalThis.sessionStorage?.setItem(key, id);
    if (globalThis.sessionStorage) return id;
  } catch {
    // Storage refused (privacy mode): one id for this page's life.
  }
  fallbackHolder ??= crypto.randomUUID();
  return fallbackHolder;
}

export interface QueueSlice {
  queueSearch: string;
  /** Rows matching the search: the list's scroll height. */
  queueTotal: number;
  /** The first page for the current search has answered (so "empty" means empty). */
  queueReady: boolean;
  /** Loaded pages by page number; rows of pages not loaded yet render as placeholders. */
  queuePages: Readonly<Record<number, readonly QueueItem[]>>;
  /** The row the keyboard is on. */
  queueCursor: number;
  queueFilters: QueueFilters;
  /** The callable worklist, or the accounts the contact policy says not now. */
  queueTab: 'callable' | 'notNow';
  notNowItems: readonly NotNowItem[];
  notNowTotal: number;
  /** queue:next found nothing callable. */
  queueNextEmpty: boolean;
  setQueueFilters(patch: Partial<QueueFilters>): Promise<void>;
  setQueueTab(tab: 'callable' | 'notNow'): Promise<void>;
  loadNotNow(): Promise<void>;
  /** Asks main for the best callable account, leased to this tab, and opens it. */
  openNextAccount(): Promise<void>;
  loadFirstQueuePage(): Promise<void>;
  setQueueSearch(search: string): Promise<void>;
  /** Called by the list with the rows on screen: loads the pages they fall in. */
  showQueueRange(firstIndex: number, lastIndex: number): void;
  /** Reloads what is on screen after a change (an outcome saved, a sync). */
  refreshQueue(): Promise<void>;
  moveQueueCursor(delta: number): void;
  setQueueCursor(index: number): void;
}

export function queueItemAt(pages: QueueSlice['queuePages'], index: number): QueueItem | undefined {
  return pages[Math.floor(index / QUEUE_PAGE_SIZE)]?.[index % QUEUE_PAGE_SIZE];
}

export const createQueueSlice: QuitaSlice<QueueSlice> = (api) => (set, get) => {
  // A new search or a refresh starts a new generation; answers from an older one are dropped, so a slow
  // response for "ana" never lands in the list for "ana maria".
  let generation = 0;
  let inFlight = new Set<number>();
  let visiblePages: number[] = [0];

  async function loadPage(page: number): Promise<void> {
    if (inFlight.has(page)) return;
    inFlight.add(page);
    const mine = generation;
    const pending = inFlight;
    const result = await api.invoke('queue:list', {
      search: get().queueSearch,
      ...get().queueFilters,
      offset: page * QUEUE_PAGE_SIZE,
      limit: QUEUE_PAGE_SIZE,
    });
    pending.delete(page);
    if (mine !== generation) return;
    if (!result.ok) {
      get().reportError(result.error);
      return;
    }
    const { total, items } = result.value;
    set((state) => ({
      queueTotal: total,
      queueReady: true,
      queuePages: { ...state.queuePages, [page]: items },
      queueCursor: Math.max(0, Math.min(state.queueCursor, total - 1)),
    }));
  }

  function newGeneration(): void {
    generation += 1;
    inFlight = new Set();
  }

  return {
    queueSearch: '',
    queueTotal: 0,
    queueReady: false,
    queuePages: {},
    queueCursor: 0,
    queueFilters: noQueueFilters,
    queueTab: 'callable',
    notNowItems: [],
    notNowTotal: 0,
    queueNextEmpty: false,

    async setQueueFilters(patch) {
      newGeneration();
      visiblePages = [0];
      set((state) => ({ queueFilters: { ...state.queueFilters, ...patch }, queuePages: {}, queueReady: false, queueCursor: 0 }));
      await Promise.all([loadPage(0), get().queueTab === 'notNow' ? get().loadNotNow() : undefined]);
    },

    async setQueueTab(tab) {
      set({ queueTab: tab });
      if (tab === 'notNow') await get().loadNotNow();
    },

    async loadNotNow() {
      const result = await api.invoke('queue:not-now', { ...get().queueFilters, offset: 0, limit: 200 });
      if (!result.ok) {
        get().reportError(result.error);
        return;
      }
      set({ notNowItems: result.value.items, notNowTotal: result.value.total });
    },

    async openNextAccount() {
      const result = await api.invoke('queue:next', { holder: leaseHolderId() });
      if (!result.ok) {
        get().reportError(result.error);
        return;
      }
      const { item } = result.value;
      set({ queueNextEmpty: item === null });
      if (item) await get().openAccount(item.accountId);
    },

    loadFirstQueuePage() {
      return loadPage(0);
    },

    async setQueueSearch(search) {
      if (search === get().queueSearch) return;
      newGeneration();
      visiblePages = [0];
      set({ queueSearch: search, queuePages: {}, queueReady: false, queueCursor: 0 });
      await loadPage(0);
    },

    showQueueRange(firstIndex, lastIndex) {
      const first = Math.floor(Math.max(0, firstIndex) / QUEUE_PAGE_SIZE);
      const last = Math.floor(Math.max(firstIndex, lastIndex) / QUEUE_PAGE_SIZE);
      visiblePages = [];
      for (let page = first; page <= last; page++) visiblePages.push(page);
      const loaded = get().queuePages;
      for (const page of visiblePages) if (!loaded[page]) void loadPage(page);
    },

    async refreshQueue() {
      newGeneration();
      const reload = visiblePages.length ? visiblePages : [0];
      // Rows on screen keep their old content until the new page arrives; pages off screen are dropped and
      // fetched again when scrolled to, so a refresh costs a page or two, not everything the agent scrolled by.
      set((state) => ({
        queuePages: Object.fromEntries(reload.flatMap((p) => (state.queuePages[p] ? [[p, state.queuePages[p]]] : []))),
      }));
      await Promise.all([...reload.map(loadPage), get().queueTab === 'notNow' ? get().loadNotNow() : undefined]);
    },

    moveQueueCursor(delta) {
      set((state) => ({ queueCursor: Math.max(0, Math.min(state.queueTotal - 1, state.queueCursor + delta)) }));
    },

    setQueueCursor(index) {
      set({ queueCursor: index });
    },
  };
};
