// Issue 6: the agent follows the suggested script. A promise cannot be logged before right-party verification
// (the save waits, and main refuses it too); past verification a 3-installment plan is saved with Enter, a
// disposition hotkey picks the outcome, and after a host restart the history shows the attempt's script path and
// variant and the plan.
import { expect, test, type Page } from '@playwright/test';
import { agentScreen, bridge, openFirstAccount } from './support/agent-screen';
import { startHost, type RunningHost } from './support/web-host';

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

const script = (page: Page) => ({
  panel: page.getByTestId('script-panel'),
  current: page.locator('[data-testid="script-step"][data-current="true"]'),
  answer: (id: string) => page.locator(`[data-testid="script-answer"][data-answer-id="${id}"]`),
  rpcConfirm: page.getByTestId('script-rpc-confirm'),
  objections: page.getByTestId('objection-item'),
  back: page.getByTestId('script-back'),
});

/** Hotkeys and Enter act when focus is not in a field: the agent has just clicked away from the form. */
async function focusNothing(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test('the script gates the promise; past verification a plan is saved with the keyboard and survives a restart', async ({ page }) => {
  test.setTimeout(150_000);
  await page.clock.setFixedTime(new Date(NOON_IN_SAO_PAULO));
  const host = await startHost({ demo: true, fixedNow: NOON_IN_SAO_PAULO });
  hosts.push(host);
  await page.goto(host.url);
  const screen = agentScreen(page);
  const s = script(page);

  const { accountId, name } = await openFirstAccount(page);
  await expect(s.panel).toHaveAttribute('data-state', 'ready');
  const scriptId = (await s.panel.getAttribute('data-script-id'))!;
  const variant = (await s.panel.getAttribute('data-variant'))!;
  await expect(s.current).toHaveAttribute('data-step-id', 'greeting');
  // The objection library talks about the debt: hidden before the right party is verified.
  await expect(s.objections).toHaveCount(0);
  const promisesBefore = await screen.history('promise').count();
  const contactsBefore = await screen.history('contact').count();

  // A disposition hotkey: "7" is promise to pay, "8" an installment plan (the default set).
  await focusNothing(page);
  await page.keyboard.press('7');
  await expect(screen.disposition).toHaveValue('promise_to_pay');
  await page.keyboard.press('8');
  await expect(screen.disposition).toHaveValue('installment_plan');

  // The customer accepts 3 installments (the offer panel hands the plan to the outcome form).
  const info = await bridge<{ ok: true; value: { today: string } }>(page, 'app:info');
  await page.getByTestId('offer-installments').fill('3');
  await page.getByTestId('offer-first-date').fill(addDays(info.value.today, 7));
  await expect(page.getByTestId('offer-summary')).toHaveAttribute('data-state', 'within');
  await page.getByTestId('offer-accept').click();
  await expect(screen.disposition).toHaveValue('installment_plan');
  await expect(page.getByTestId('outcome-installments').locator('li')).toHaveCount(3);

  // Not before verification: the save waits and says why; Enter does not save either; main refuses a bypass.
  await expect(screen.save).toBeDisabled();
  await expect(page.getByTestId('outcome-blockers')).toBeVisible();
  await focusNothing(page);
  await page.keyboard.press('Enter');
  await expect(screen.outcomeError).toBeVisible();
  const bypass = await bridge<{ ok: false; error: { code: string } }>(page, 'outcome:log', {
    accountId,
    disposition: 'promise_to_pay',
    promise: { dueDate: addDays(info.value.today, 7), amountCents: 100 },
  });
  expect(bypass.error.code).toBe('script_steps_required');
  expect((await bridge<{ ok: true; value: { pendingEvents: number } }>(page, 'sync:status')).value.pendingEvents).toBe(0);

  // Follow the script: the customer answers, is verified, hears the debt, chooses installments and accepts.
  await s.answer('speaking').click();
  await expect(s.current).toHaveAttribute('data-step-id', 'verify');
  await expect(s.objections).toHaveCount(0);
  await s.rpcConfirm.click();
  await expect(s.panel).toHaveAttribute('data-rpc', 'verified');
  await expect(s.objections.first()).toBeVisible();
  // Back undoes the verification; confirmed again it holds.
  await s.back.click();
  await expect(s.panel).toHaveAttribute('data-rpc', 'pending');
  await s.rpcConfirm.click();
  await expect(page.getByTestId('outcome-blockers')).toHaveCount(scriptId.startsWith('us.') ? 1 : 0);
  if (scriptId.startsWith('us.')) await s.answer('stated').click();
  await s.answer('acknowledges').click();
  await s.answer('installments').click();
  await s.answer('accepts-plan').click();
  await expect(page.getByTestId('outcome-blockers')).toHaveCount(0);
  await expect(screen.save).toBeEnabled();

  // Enter saves.
  await screen.notes.fill('Parcelou em 3x');
  await focusNothing(page);
  await page.keyboard.press('Enter');
  await expect(screen.history('promise')).toHaveCount(promisesBefore + 1);
  await expect(screen.history('contact')).toHaveCount(contactsBefore + 1);

  await host.stop();
  const again = await startHost({ dataDir: host.dataDir, fixedNow: NOON_IN_SAO_PAULO });
  hosts.push(again);
  await page.goto(again.url);
  await screen.search.fill(name);
  await screen.queueItem(accountId).first().click();
  await expect(screen.accountHeader).toContainText(name);
  const contact = page.locator(`[data-testid="history-entry"][data-kind="contact"][data-script-variant="${variant}"]`).first();
  await expect(contact).toContainText(scriptId);
  await expect(contact).toContainText('verify: confirmed');
  await expect(contact).toContainText('Parcelou em 3x');
  const promise = screen.history('promise').first();
  await expect(promise).toHaveAttribute('data-status', 'pending');
  await expect(promise).toContainText('3 parcelas');
});
