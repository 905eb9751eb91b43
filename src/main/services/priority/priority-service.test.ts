// Persisted scores across restarts and office days, on a real encrypted SQLite file with the demo portfolio:
// a same-day restart serves the stored order and rescores nothing; rows that went stale (an interrupted rescore,
// a new account) are the only ones rescored; a new day is served from the stored order at once and rescored in
// the background after the first page.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { seedDemoPortfolio } from '../demo-seed';
import { openDatabase } from '../store/database';
import { Store } from '../store/repositories';
import { PriorityService, type RescoreTuning } from './priority-service';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 23, 15, 0, 0); // Monday 12:00 in São Paulo
const DAY = 86_400_000;
const ZONE = 'America/Sao_Paulo';
const ACCOUNTS = 300;
const FIRST_PAGE = { search: '', dpdBucket: null, minBalanceCents: null, maxBalanceCents: null, status: null, offset: 0, limit: 100, searchPattern: null } as const;

const open: Store[] = [];
afterEach(() => {
  for (const store of open.splice(0)) if (store.db.open) store.close();
});

function storeAt(path: string, key: string, clock: () => number): Store {
  const store = new Store(openDatabase({ path, key }), clock);
  open.push(store);
  return store;
}

/** A seeded, fully scored store; `reopen` opens the same file again as a restarted app would. */
function scoredStore() {
  const path = join(tempDir(), 'quita.db');
  const key = randomBytes(32).toString('hex');
  let now = NOW;
  const clock = () => now;
  const first = storeAt(path, key, clock);
  seedDemoPortfolio(first, { seed: 17, accounts: ACCOUNTS }, NOW, ZONE);
  const priority = new PriorityService(first, clock, () => ZONE);
  priority.ensureFresh();
  expect(priority.rescored.accounts).toBe(ACCOUNTS);
  const order = priority.page(FIRST_PAGE).rows.map((r) => r.accountId);
  const scores = new Map(first.db.prepare('SELECT account_id, score FROM account_priority').raw().all() as Array<[string, number]>);
  first.close();
  return {
    order,
    scores,
    key,
    path,
    setNow: (at: number) => (now = at),
    reopen: (tuning: Partial<RescoreTuning> = {}) => {
      const store = storeAt(path, key, clock);
      return { store, priority: new PriorityService(store, clock, () => ZONE, () => 'BR', tuning) };
    },
  };
}

describe('persisted priority scores', () => {
  it('a same-day restart serves the stored order and rescores nothing', () => {
    const { order, reopen } = scoredStore();
    const { priority } = reopen();
    priority.ensureFresh();
    expect(priority.staleCount()).toBe(0);
    expect(priority.page(FIRST_PAGE).rows.map((r) => r.accountId)).toEqual(order);
    expect(priority.rescored).toEqual({ accounts: 0, backgroundBatches: 0 });
  });

  it('a restart rescores only the rows that went stale (an interrupted rescore, accounts never scored)', () => {
    const { reopen } = scoredStore();
    const { store, priority } = reopen({ syncRescoreLimit: 100, syncStaleLimit: 10 });
    const ids = store.db.prepare('SELECT account_id FROM account_priority ORDER BY account_id LIMIT 7').pluck().all() as string[];
    const before = store.db.prepare('SELECT account_id, score, reasons_json FROM account_priority WHERE account_id IN (?, ?, ?, ?, ?)').all(...ids.slice(0, 5));
    store.db.prepare(`UPDATE account_priority SET scored_with = '', score = -1 WHERE account_id IN (?, ?, ?, ?, ?)`).run(...ids.slice(0, 5));
    store.db.prepare('DELETE FROM account_priority WHERE account_id IN (?, ?)').run(...ids.slice(5));
    expect(priority.staleCount()).toBe(7);
    priority.ensureFresh();
    // Few stale rows in a large store: at once, in the foreground, and only those.
    expect(priority.rescored).toEqual({ accounts: 7, backgroundBatches: 0 });
    expect(priority.staleCount()).toBe(0);
    const after = store.db.prepare('SELECT account_id, score, reasons_json FROM account_priority WHERE account_id IN (?, ?, ?, ?, ?)').all(...ids.slice(0, 5));
    expect(after).toEqual(before);
  });

  it('a changed strategy or policy makes every row stale', async () => {
    const { reopen } = scoredStore();
    const { priority } = reopen();
    const { config } = priority.strategy();
    await priority.setStrategy(config);
    expect(priority.rescored.accounts).toBe(ACCOUNTS);
    expect(priority.staleCount()).toBe(0);
    await priority.setPolicy(priority.policy().policy);
    expect(priority.rescored.accounts).toBe(2 * ACCOUNTS);
  });

  it('a new office day is served from the stored order at once and rescored in the background after the first page', async () => {
    const { scores, reopen, setNow } = scoredStore();
    setNow(NOW + DAY);
    const { store, priority } = reopen({ syncRescoreLimit: 100, syncStaleLimit: 10, backgroundBatch: 50, quietMs: 20 });
    expect(priority.staleCount()).toBe(ACCOUNTS);
    const served = priority.page(FIRST_PAGE).rows;
    // Yesterday's scores, at once: nothing was rescored before the page was served.
    expect(priority.rescored.accounts).toBe(0);
    expect(served.length).toBeGreaterThan(20);
    for (const row of served) expect(row.score).toBe(scores.get(row.accountId));
    await priority.settled();
    expect(priority.rescored).toEqual({ accounts: ACCOUNTS, backgroundBatches: ACCOUNTS / 50 + 1 });
    expect(priority.staleCount()).toBe(0);
    const days = store.db.prepare('SELECT DISTINCT scored_for_day FROM account_priority').pluck().all();
    expect(days).toEqual(['2026-11-24']);
    // The reasons moved with the day: a day more past due.
    const top = priority.page(FIRST_PAGE).rows.find((r) => r.accountId === served[0]!.accountId)!;
    const dpd = (json: string | null) => (JSON.parse(json!) as Array<{ code: string; params: { daysPastDue?: number } }>).find((r) => r.code === 'days_past_due')!.params.daysPastDue!;
    expect(dpd(top.reasonsJson)).toBe(dpd(served[0]!.reasonsJson) + 1);
  });

  it('the background rescore waits for the first page (or gives up waiting after its limit)', async () => {
    const { reopen, setNow } = scoredStore();
    setNow(NOW + DAY);
    const { priority } = reopen({ syncRescoreLimit: 100, syncStaleLimit: 10, backgroundBatch: 100, quietMs: 20, backgroundStartMaxMs: 150 });
    priority.ensureFresh();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(priority.rescored.accounts).toBe(0);
    await priority.settled();
    expect(priority.rescored.accounts).toBe(ACCOUNTS);
  });
});
