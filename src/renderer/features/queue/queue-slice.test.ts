import { describe, expect, it } from 'vitest';
import type { ChannelInput, QueueItem, QuitaApi, Result } from '../../../shared/contract';
import { createQuitaStore } from '../../store';
import { QUEUE_PAGE_SIZE, queueItemAt } from './queue-slice';

type ListInput = Required<ChannelInput<'queue:list'>>;

/** A queue of `total` accounts whose answers the test releases one by one. */
function fakeQueueApi(total: number) {
  const calls: { input: ListInput; release: () => void }[] = [];
  const item = (i: number, search: string): QueueItem => ({
    accountId: `${search || 'a'}-${i}`,
    customerId: `c-${i}`,
    customerName: `Cliente ${i}`,
    accountNumber: `N-${i}`,
    creditor: 'Banco',
    balanceCents: 1000 + i,
    currency: 'BRL',
    daysPastDue: 10,
    timeZone: 'America/Sao_Paulo',
    nextAction: { kind: 'call', at: null },
    reasons: [],
    score: 0,
  });
  const api: QuitaApi = {
    invoke: ((channel: string, input: ListInput) => {
      if (channel !== 'queue:list') return Promise.resolve({ ok: false, error: { code: 'internal', message: channel } });
      return new Promise<Result<unknown>>((resolve) => {
        const end = Math.min(total, input.offset + input.limit);
        const items = Array.from({ length: Math.max(0, end - input.offset) }, (_, k) => item(input.offset + k, input.search));
        calls.push({ input, release: () => resolve({ ok: true, value: { total, items } }) });
      });
    }) as QuitaApi['invoke'],
    on: () => () => {},
  };
  return { api, calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('queue paging', () => {
  it('loads only the pages under the visible rows, once each', async () => {
    const { api, calls } = fakeQueueApi(50_000);
    const store = createQuitaStore(api);
    void store.getState().loadFirstQueuePage();
    calls[0]!.release();
    await settle();
    expect(store.getState().queueTotal).toBe(50_000);

    // The agent scrolls to rows 12,340–12,371 (page 123), then a bit further (pages 123 and 124).
    store.getState().showQueueRange(12_340, 12_371);
    store.getState().showQueueRange(12_390, 12_420);
    store.getState().showQueueRange(12_390, 12_420);
    expect(calls.map((c) => c.input.offset)).toEqual([0, 12_300, 12_400]);
    expect(calls.every((c) => c.input.limit === QUEUE_PAGE_SIZE)).toBe(true);

    calls[1]!.release();
    calls[2]!.release();
    await settle();
    expect(queueItemAt(store.getState().queuePages, 12_345)?.accountId).toBe('a-12345');
    expect(queueItemAt(store.getState().queuePages, 5_000)).toBeUndefined();
  });

  it('drops a slow answer for an older search', async () => {
    const { api, calls } = fakeQueueApi(300);
    const store = createQuitaStore(api);
    void store.getState().setQueueSearch('ana');
    void store.getState().setQueueSearch('ana maria');
    expect(calls.map((c) => c.input.search)).toEqual(['ana', 'ana maria']);

    calls[1]!.release();
    await settle();
    calls[0]!.release();
    await settle();
    expect(queueItemAt(store.getState().queuePages, 0)?.accountId).toBe('ana maria-0');
  });

  it('moves the keyboard cursor within the list', async () => {
    const { api, calls } = fakeQueueApi(3);
    const store = createQuitaStore(api);
    void store.getState().loadFirstQueuePage();
    calls[0]!.release();
    await settle();
    store.getState().moveQueueCursor(1);
    store.getState().moveQueueCursor(5);
    expect(store.getState().queueCursor).toBe(2);
    store.getState().moveQueueCursor(-10);
    expect(store.getState().queueCursor).toBe(0);
  });
});
