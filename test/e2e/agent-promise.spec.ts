import { expect, test } from '@playwright/test';
import { agentScreen, bridge, openFirstAccount } from './support/agent-screen';
import { startHost, type RunningHost } from './support/web-host';

// The worklist depends on the hour (calling windows): a weekday noon in São Paulo, frozen (test only).
const NOON_IN_SAO_PAULO = '2026-11-24T15:00:00Z';

let hosts: RunningHost[] = [];
test.afterEach(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  hosts = [];
});

function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

test('an agent logs a promise and finds it in the history after the host restarts', async ({ page }) => {
  const host = await startHost({ demo: true, fixedNow: NOON_IN_SAO_PAULO });
  hosts.push(host);
  await page.goto(host.url);
  const screen = agentScreen(page);

  const { accountId, name } = await openFirstAccount(page);
  expect(name.length).toBeGreaterThan(3);
  const promisesBefore = await screen.history('promise').count();
  const pendingPromisesBefore = await page.locator('[data-testid="history-entry"][data-kind="promise"][data-status="pending"]').count();
  const info = await bridge<{ ok: true; value: { today: string } }>(page, 'app:info');
  const dueDate = addDays(info.value.today, 5);

  // A promise needs the customer verified in the script first (issue 6).
  await page.locator('[data-testid="script-answer"][data-answer-id="speaking"]').click();
  await page.getByTestId('script-rpc-confirm').click();
  await expect(page.getByTestId('script-panel')).toHaveAttribute('data-rpc', 'verified');
  await screen.disposition.selectOption('promise_to_pay');
  await screen.promiseDate.fill(dueDate);
  await screen.promiseAmount.fill('150,00');
  await screen.notes.fill('Cliente promete pagar via PIX');
  await screen.save.click();
  await expect(screen.history('promise')).toHaveCount(promisesBefore + 1);

  // The promise is in the store, with its outbox events, before the host stops: at least contact.logged and
  // promise.made (plus promise.cancelled / callback.completed when the top account had one pending).
  const status = await bridge<{ ok: true; value: { pendingEvents: number } }>(page, 'sync:status');
  expect(status.value.pendingEvents).toBeGreaterThanOrEqual(2 + (pendingPromisesBefore > 0 ? 1 : 0));

  await host.stop();
  const again = await startHost({ dataDir: host.dataDir, fixedNow: NOON_IN_SAO_PAULO });
  hosts.push(again);
  await page.goto(again.url);
  // The account left the worklist (its promise is not due yet); the agent finds it by name.
  await screen.search.fill(name);
  await screen.queueItem(accountId).first().click();
  await expect(screen.accountHeader).toContainText(name);
  const promise = screen.history('promise').first();
  await expect(promise).toContainText('150,00');
  await expect(screen.history('promise')).toHaveCount(promisesBefore + 1);
  const after = await bridge<{ ok: true; value: { pendingEvents: number } }>(page, 'sync:status');
  expect(after.value.pendingEvents).toBe(status.value.pendingEvents);
});

test('the outcome form refuses a promise without a date and sends nothing', async ({ page }) => {
  const host = await startHost({ demo: true, fixedNow: NOON_IN_SAO_PAULO });
  hosts.push(host);
  await page.goto(host.url);
  const screen = agentScreen(page);
  await openFirstAccount(page);
  const contactsBefore = await screen.history('contact').count();
  await page.locator('[data-testid="script-answer"][data-answer-id="speaking"]').click();
  await page.getByTestId('script-rpc-confirm').click();
  await screen.disposition.selectOption('promise_to_pay');
  await screen.promiseAmount.fill('12,3,4');
  await screen.save.click();
  await expect(screen.outcomeError).toBeVisible();
  const status = await bridge<{ ok: true; value: { pendingEvents: number } }>(page, 'sync:status');
  expect(status.value.pendingEvents).toBe(0);
  await expect(screen.history('contact')).toHaveCount(contactsBefore);
});
