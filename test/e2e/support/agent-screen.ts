// Locators and steps for the agent screen, by the stable test ids of ../shared/test-ids.md.
import { expect, type Page } from '@playwright/test';

export const agentScreen = (page: Page) => ({
  queueItems: page.getByTestId('queue-item'),
  queueItem: (accountId: string) => page.locator(`[data-testid="queue-item"][data-account-id="${accountId}"]`),
  search: page.getByTestId('queue-search'),
  queueReasons: page.getByTestId('queue-reasons'),
  queueNext: page.getByTestId('queue-next'),
  queueTabs: page.getByTestId('queue-tabs'),
  notNowList: page.getByTestId('not-now-list'),
  notNowItem: (accountId: string) => page.locator(`[data-testid="not-now-item"][data-account-id="${accountId}"]`),
  notNowReason: (accountId: string) =>
    page.locator(`[data-testid="not-now-item"][data-account-id="${accountId}"] [data-testid="not-now-reason"]`),
  historySummary: page.getByTestId('history-summary'),
  accountHeader: page.getByTestId('account-header'),
  balance: page.getByTestId('account-balance'),
  history: (kind?: string) =>
    page.locator(kind ? `[data-testid="history-entry"][data-kind="${kind}"]` : '[data-testid="history-entry"]'),
  outcomeForm: page.getByTestId('outcome-form'),
  disposition: page.getByTestId('disposition-select'),
  notes: page.getByTestId('outcome-notes'),
  promiseDate: page.getByTestId('promise-date'),
  promiseAmount: page.getByTestId('promise-amount'),
  save: page.getByTestId('outcome-save'),
  outcomeError: page.getByTestId('outcome-error'),
  language: page.getByTestId('language-select'),
  syncStatus: page.getByTestId('sync-status'),
  errorBanner: page.getByTestId('error-banner'),
});

/** Calls the bridge like the renderer does (same JSON as IPC). */
export async function bridge<T = unknown>(page: Page, channel: string, input: unknown = {}): Promise<T> {
  return page.evaluate(
    async ([c, i]) => {
      const response = await fetch(`/bridge/${c}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(i),
      });
      return response.json();
    },
    [channel, input] as const,
  ) as Promise<T>;
}

export async function openFirstAccount(page: Page): Promise<{ accountId: string; name: string }> {
  const screen = agentScreen(page);
  const first = screen.queueItems.first();
  await expect(first).toBeVisible();
  const accountId = (await first.getAttribute('data-account-id'))!;
  await first.click();
  await expect(screen.accountHeader).toBeVisible();
  const name = (await page.getByTestId('account-header').locator('[data-field="customer-name"]').textContent())?.trim() ?? '';
  return { accountId, name };
}
