// The prioritized worklist through the web host: reasons on every row, "not now" with the next allowed time,
// queue:next leases across two browser contexts, and the contact policy refusing a call log on screen.
// The host's clock is frozen (QUITA_FIXED_NOW, test only) so the calling windows are deterministic.
import { expect, test } from '@playwright/test';
import { agentScreen, bridge } from './support/agent-screen';
import { startHost, type RunningHost } from './support/web-host';

let hosts: RunningHost[] = [];
test.afterEach(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  hosts = [];
});

const NOON_IN_SAO_PAULO = '2026-11-23T15:00:00Z'; // Monday 12:00: every Brazilian calling window is open
const EVENING_IN_SAO_PAULO = '2026-11-23T23:30:00Z'; // Monday 20:30: São Paulo closed, Acre and Amazonas still open

type NotNow = { ok: true; value: { items: Array<{ accountId: string; policyReasons: Array<{ code: string }>; nextAllowedAt: number | null }> } };

test('the queue shows why each account is where it is', async ({ page }) => {
  const host = await startHost({ demo: true, fixedNow: NOON_IN_SAO_PAULO });
  hosts.push(host);
  await page.goto(host.url);
  const screen = agentScreen(page);
  await expect(screen.queueItems.first()).toBeVisible();
  const reasons = screen.queueItems.first().getByTestId('queue-reasons');
  await expect(reasons).toContainText('dias de atraso');
  await expect(reasons).toContainText('R$');
});

test('an account outside its calling window is in "not now" with its next time', async ({ page }) => {
  const host = await startHost({ demo: true, fixedNow: EVENING_IN_SAO_PAULO });
  hosts.push(host);
  await page.goto(host.url);
  const screen = agentScreen(page);
  await expect(screen.queueItems.first()).toBeVisible();
  const notNow = await bridge<NotNow>(page, 'queue:not-now', { limit: 200 });
  const outside = notNow.value.items.find((i) => i.policyReasons.some((r) => r.code === 'outside_calling_window'))!;
  expect(outside).toBeDefined();
  expect(outside.nextAllowedAt).toBeGreaterThan(Date.parse(EVENING_IN_SAO_PAULO));
  await screen.queueTabs.getByText('Agora não').click();
  await expect(screen.notNowList).toBeVisible();
  const reason = screen.notNowReason(outside.accountId);
  await expect(reason).toContainText('fora do horário de ligação');
  await expect(reason).toContainText('próximo horário');
  await expect(reason).toContainText('08:00');
});

test('queue:next from two browser contexts never hands out the same account', async ({ browser }) => {
  const host = await startHost({ demo: true, fixedNow: NOON_IN_SAO_PAULO });
  hosts.push(host);
  const names: string[] = [];
  const holders: string[] = [];
  const contexts = [await browser.newContext(), await browser.newContext()];
  for (const context of contexts) {
    const page = await context.newPage();
    await page.goto(host.url);
    const screen = agentScreen(page);
    await screen.queueNext.click();
    await expect(screen.accountHeader).toBeVisible();
    names.push((await screen.accountHeader.locator('[data-field="customer-name"]').textContent())!.trim());
    holders.push((await page.evaluate(() => sessionStorage.getItem('quita.leaseHolder')))!);
  }
  expect(holders[0]).not.toBe(holders[1]);
  expect(names[0]).not.toBe(names[1]);
  await Promise.all(contexts.map((c) => c.close()));
});

test('logging a call for a do-not-contact customer is refused with the reason, in both languages', async ({ page }) => {
  const host = await startHost({ demo: true, fixedNow: NOON_IN_SAO_PAULO });
  hosts.push(host);
  await page.goto(host.url);
  const screen = agentScreen(page);
  await expect(screen.queueItems.first()).toBeVisible();
  const notNow = await bridge<NotNow>(page, 'queue:not-now', { limit: 200 });
  const blocked = notNow.value.items.find((i) => i.policyReasons.length === 1 && i.policyReasons[0]!.code === 'do_not_contact')!;
  expect(blocked).toBeDefined();

  await screen.queueTabs.getByText('Agora não').click();
  await screen.notNowItem(blocked.accountId).click();
  await expect(screen.accountHeader).toBeVisible();
  await screen.disposition.selectOption('no_answer');
  await screen.save.click();
  await expect(screen.outcomeError).toContainText('não contatar');

  await screen.language.selectOption('en');
  await screen.save.click();
  await expect(screen.outcomeError).toContainText('do not contact');
  const status = await bridge<{ ok: true; value: { pendingEvents: number } }>(page, 'sync:status');
  expect(status.value.pendingEvents).toBe(0);
});
