// The worklist's channels: the prioritized queue, "not now", queue:next with leases, the contact-policy check and
// the strategy/policy documents. Part of the one handler map (handlers.ts). Electron-free.
import { QuitaError, type HandlerMap } from './dispatch';
import type { EventSink } from './services/events';
import type { PriorityService } from './services/priority/priority-service';
import { searchPattern } from './services/store/search-text';

export function createQueueHandlers(deps: { priority: PriorityService; emit: EventSink }): Partial<HandlerMap> {
  const { priority, emit } = deps;
  return {
    'queue:list': ({ search, offset, limit, ...filters }) => {
      const { total, rows } = priority.page({ ...filters, search, offset, limit, searchPattern: searchPattern(search) });
      return { total, items: rows.map((row) => priority.toQueueItem(row)) };
    },
    'queue:not-now': ({ offset, limit, ...filters }) => priority.notNowPage({ ...filters, offset, limit }),
    'queue:next': ({ holder }) => {
      const taken = priority.next(holder);
      if (taken) emit('store:changed', { entities: ['queue'], accountId: taken.item.accountId });
      return taken ?? { item: null, leaseExpiresAt: null };
    },
    'contact:check': ({ accountId, channel }) => {
      const answer = priority.check(accountId, channel);
      if (!answer) throw new QuitaError('not_found', `Account ${accountId} not found`);
      return answer;
    },
    'strategy:get': () => priority.strategy(),
    'strategy:set': async ({ config }) => {
      const saved = await priority.setStrategy(config);
      emit('store:changed', { entities: ['queue'], accountId: null });
      return saved;
    },
    'policy:get': () => priority.policy(),
    'policy:set': async ({ policy }) => {
      const saved = await priority.setPolicy(policy);
      emit('store:changed', { entities: ['queue'], accountId: null });
      return saved;
    },
  };
}
