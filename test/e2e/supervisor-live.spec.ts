// Issue 9, the console's live half: a supervisor signs in on one desk (a web host of their own) and watches the
// team board while an agent on another desk (the web host whose embedded demo server both use) pauses for lunch
// and logs an outcome; the board follows without a reload, and the KPI filters change the cards.
import { expect, test, type Page } from '@playwright/test';
import { agentScreen, openFirstAccount } from './support/agent-screen';
import { startHost, type RunningHost } from './support/web-host';

// Calling windows depend on the hour: a weekday noon in São Paulo, frozen on both desks and the server (test only).
const NOON_IN_SAO_PAULO = '2026-11-24T15:00:00Z';

let hosts: RunningHost[] = [];
test.afterEach(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  hosts = [];
});

async function signIn(page: Page, serverUrl: string, username: string): Promise<void> {
  await page.getByTestId('user-menu').click();
  const form = page.getByTestId('login-form');
  await expect(form).toBeVisible();
  await form.getByTestId('settings-server-url').fill(serverUrl);
  await form.getByTestId('login-user').fill(username);
  await form.getByTestId('login-password').fill('quita-demo');
  await form.getByTestId('login-submit').click();
  await expect(form).toBeHidden();
}

const kpi = (page: Page, key: string) => page.locator(`[data-testid="kpi-card"][data-kpi="${key}"]`);

test('a supervisor sees an agent pause and log an outcome live, and filters the KPIs', async ({ browser }) => {
  // Two web hosts and a sync server on a machine shared with other work: one after the other, with time to spare.
  test.setTimeout(300_000);
  const agentHost = await startHost({ demo: true, demoServer: true, fixedNow: NOON_IN_SAO_PAULO });
  hosts.push(agentHost);
  const supervisorHost = await startHost({ demo: true, fixedNow: NOON_IN_SAO_PAULO });
  hosts.push(supervisorHost);
  const serverUrl = /Demo sync server on (http:\/\/\S+)/.exec(agentHost.output())![1]!;

  const agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const supervisorContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const agent = await agentContext.newPage();
    const supervisor = await supervisorContext.newPage();
    await agent.goto(agentHost.url);
    // The agent's desk signed in as ana at start (the demo); the supervisor signs in through the user menu.
    await expect(agent.getByTestId('user-menu')).toHaveText('ana');
    await expect(agent.getByTestId('console-switch')).toHaveCount(0);
    await supervisor.goto(supervisorHost.url);
    await expect(supervisor.getByTestId('team-board')).toHaveCount(0);
    await signIn(supervisor, serverUrl, 'sup');

    // The console replaces the agent screen for a supervisor.
    const board = supervisor.getByTestId('team-board');
    await expect(board).toBeVisible();
    await expect(supervisor.getByTestId('queue-list')).toHaveCount(0);
    const cards = board.getByTestId('agent-card');
    await expect(cards).toHaveCount(2);
    const ana = cards.filter({ hasText: 'Ana Souza' });
    const bruno = cards.filter({ hasText: 'Bruno Lima' });
    await expect(ana).toHaveAttribute('data-state', 'available');
    await expect(bruno).toHaveAttribute('data-state', 'offline');
    const anaId = (await ana.getAttribute('data-agent-id'))!;
    await expect(ana.getByTestId('agent-attempts')).toHaveText('0');

    // The agent pauses for lunch: the board follows without a reload.
    const reloads: string[] = [];
    supervisor.on('framenavigated', (frame) => frame === supervisor.mainFrame() && reloads.push(frame.url()));
    await agent.getByTestId('agent-state-select').selectOption('paused');
    await agent.getByTestId('pause-reason').selectOption('lunch');
    const anaCard = supervisor.locator(`[data-testid="agent-card"][data-agent-id="${anaId}"]`);
    await expect(anaCard).toHaveAttribute('data-state', 'paused');
    await expect(anaCard.getByTestId('agent-pause-reason')).toContainText(/almoço/i);

    // Back to work: an outcome logged on the agent's desk reaches the server and the board's numbers.
    await agent.getByTestId('agent-state-select').selectOption('available');
    await expect(anaCard).toHaveAttribute('data-state', 'available');
    const screen = agentScreen(agent);
    await openFirstAccount(agent);
    await screen.disposition.selectOption('no_answer');
    await screen.notes.fill('Chamou até cair');
    await screen.save.click();
    await expect(anaCard.getByTestId('agent-attempts')).toHaveText('1', { timeout: 20_000 });
    await expect(anaCard.getByTestId('agent-contacts')).toHaveText('0');
    expect(reloads).toEqual([]);

    // KPIs: the period's cards count the attempt; filtering by the other agent empties them, back again restores.
    await supervisor.getByTestId('console-tab-kpis').click();
    await expect(supervisor.getByTestId('report-filters')).toBeVisible();
    await expect(kpi(supervisor, 'attempts')).toHaveAttribute('data-value', '1');
    await expect(kpi(supervisor, 'contactRate')).toHaveAttribute('data-value', '0');
    await expect(supervisor.getByTestId('kpi-chart')).toHaveCount(3);
    await expect(supervisor.locator('[data-testid="kpi-chart"][data-chart="daily"]')).toHaveAttribute('data-points', '7');
    const agentFilter = supervisor.getByTestId('report-filter-agent');
    await agentFilter.selectOption({ label: 'Bruno Lima' });
    await expect(kpi(supervisor, 'attempts')).toHaveAttribute('data-value', '0');
    await expect(kpi(supervisor, 'contactRate')).toHaveAttribute('data-value', '');
    await agentFilter.selectOption({ label: 'Ana Souza' });
    await expect(kpi(supervisor, 'attempts')).toHaveAttribute('data-value', '1');
    // A period before the outcome: nothing in it.
    await supervisor.getByTestId('report-filter-from').fill('2026-10-01');
    await supervisor.getByTestId('report-filter-to').fill('2026-10-31');
    await expect(kpi(supervisor, 'attempts')).toHaveAttribute('data-value', '0');
    await expect(kpi(supervisor, 'attempts').getByTestId('kpi-value')).toHaveText('0');
    expect(reloads).toEqual([]);

    // The supervisor can switch to the agent screen and back.
    await supervisor.getByTestId('console-switch').getByText('Tela do operador').click();
    await expect(supervisor.getByTestId('queue-list')).toBeVisible();
    await supervisor.getByTestId('console-switch').getByText('Console').click();
    await expect(supervisor.getByTestId('report-filters')).toBeVisible();
  } finally {
    await agentContext.close();
    await supervisorContext.close();
  }
});
