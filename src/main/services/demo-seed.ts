// Fills an empty store with the deterministic demo portfolio (used by --demo, tests and benchmarks).
import { generatePortfolio } from '../../shared/demo/portfolio';
import { todayIn } from '../../shared/domain/dates';
import type { Store } from './store/repositories';

export interface DemoOptions {
  seed: number;
  accounts: number;
}

export const defaultDemo: DemoOptions = { seed: 20261123, accounts: 2_000 };

export function seedDemoPortfolio(store: Store, options: DemoOptions, now: number, timeZone: string): void {
  const portfolio = generatePortfolio({ seed: options.seed, accounts: options.accounts, today: todayIn(timeZone, now), now });
  // One transaction: a 50,000-account portfolio commits in one fsync instead of thousands.
  store.transaction(() => {
    store.upsertCustomers(portfolio.customers);
    store.upsertAccounts(portfolio.accounts);
    store.insertPayments(portfolio.payments);
    for (const attempt of portfolio.attempts) store.insertAttempt(attempt);
    for (const promise of portfolio.promises) store.insertPromise(promise);
    for (const callback of portfolio.callbacks) store.insertCallback(callback);
    store.refreshDerived();
    store.setMeta('demo', JSON.stringify(options));
  });
}
