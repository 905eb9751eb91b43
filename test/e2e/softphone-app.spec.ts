// The softphone inside the app, through the web host: SIP settings saved in the form (a malformed URI refused),
// registration shown, click-to-call from an account to real far ends (Kamailio + sipp) with the attempt logged
// with its SIP status and the outcome form pre-filled, an inbound call popping the caller's account, the
// microphone level meter, blind and attended transfers to a target phone page, and the re-register after
// Kamailio is killed. Needs test/sip/install-deps.sh (Kamailio, sipp) and Debian's Chromium.
import Database from 'better-sqlite3-multiple-ciphers';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { fileStandInCipher, loadOrCreateDatabaseKey } from '../../src/main/services/key-vault';
import { startTestPhoneNetwork, TEST_NUMBERS, TEST_USERS, type TestPhoneNetwork } from '../sip/pbx';
import { serveSoftphonePage, type SoftphonePageServer } from '../sip/page-server';
import { launchPhoneBrowser, openPhone, type PhonePage } from '../sip/phone-page';
import { startHost, type RunningHost } from './support/web-host';

test.describe.configure({ mode: 'serial' });

interface DemoAccount {
  accountId: string;
  accountNumber: string;
  customerName: string;
  phone: string;
}

let host: RunningHost;
let network: TestPhoneNetwork;
let pageServer: SoftphonePageServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let busyAccount: DemoAccount;
let unavailableAccount: DemoAccount;
let callerAccount: DemoAccount;
const callerPassword = 'caller-secret';
const agent = TEST_USERS[0]!;

async function bridge<T>(channel: string, input: unknown = {}): Promise<T> {
  const response = await fetch(`${host.url}/bridge/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** The demo's calling windows depend on the hour the suite runs: open them all day so the calls are allowed. */
async function allowCallsAllDay(): Promise<void> {
  const { policy } = await bridge<{ policy: Record<string, unknown> & { regions: Record<string, Record<string, unknown>> } }>('policy:get');
  const allDay = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'holiday'].map((d) => [d, ['00:00-24:00']]));
  const regions = Object.fromEntries(Object.entries(policy.regions).map(([k, r]) => [k, { ...r, callingWindows: allDay }]));
  await bridge('policy:set', { policy: { ...policy, callingWindows: allDay, regions, holidays: [] } });
}

/** Three accounts of different customers, each with a phone, that the policy lets the agent call now. */
async function pickAccounts(): Promise<DemoAccount[]> {
  const { items } = await bridge<{ items: Array<{ accountId: string; customerId: string }> }>('queue:list', { limit: 60 });
  const picked: DemoAccount[] = [];
  const customers = new Set<string>();
  for (const item of items) {
    if (customers.has(item.customerId)) continue;
    const check = await bridge<{ allowed: boolean }>('contact:check', { accountId: item.accountId, channel: 'phone' });
    if (!check.allowed) continue;
    const view = await bridge<{ customer: { name: string; phones: Array<{ e164: string }> }; account: { accountNumber: string } }>(
      'account:get',
      { accountId: item.accountId },
    );
    const phone = view.customer.phones[0]?.e164;
    if (!phone) continue;
    customers.add(item.customerId);
    picked.push({ accountId: item.accountId, accountNumber: view.account.accountNumber, customerName: view.customer.name, phone });
    if (picked.length === 3) return picked;
  }
  throw new Error(`only ${picked.length} callable demo accounts`);
}

/** The latest attempt of an account, read from the host's encrypted store (the UI does not show SIP codes). */
function latestAttempt(accountId: string) {
  const key = loadOrCreateDatabaseKey(host.dataDir, fileStandInCipher(host.dataDir), true);
  const db = new Database(join(host.dataDir, 'quita.db'), { readonly: true });
  try {
    db.pragma(`key="x'${key}'"`);
    return db
      .prepare(
        `SELECT id, number, direction, sip_status AS sipStatus, disposition, notes, answered_at AS answeredAt, ended_at AS endedAt, started_at AS startedAt
         FROM contact_attempts WHERE account_id = ? ORDER BY started_at DESC LIMIT 1`,
      )
      .get(accountId) as
      | { id: string; number: string; direction: string; sipStatus: number | null; disposition: string; notes: string; answeredAt: number | null; endedAt: number; startedAt: number }
      | undefined;
  } finally {
    db.close();
  }
}

const status = () => page.getByTestId('softphone-status');

async function openAccount(account: DemoAccount): Promise<void> {
  await page.getByTestId('queue-search').fill(account.accountNumber);
  // Wait for the search's own list: a click on a row of the previous list can land while it is re-rendered (the
  // press and the release on different nodes make no click).
  await expect(page.getByTestId('queue-item')).toHaveCount(1);
  const row = page.locator(`[data-testid="queue-item"][data-account-id="${account.accountId}"]`);
  await row.click();
  await expect(page.getByTestId('account-header')).toContainText(account.customerName);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  host = await startHost({ demo: true });
  await allowCallsAllDay();
  [busyAccount, unavailableAccount, callerAccount] = (await pickAccounts()) as [DemoAccount, DemoAccount, DemoAccount];
  [network, pageServer, browser] = await Promise.all([
    startTestPhoneNetwork({
      noAnswerAfterMs: 2_000,
      // The demo customers' own numbers reach the busy and the unavailable far ends.
      extraNumbers: { busy: [busyAccount.phone], unavailable: [unavailableAccount.phone] },
      // A customer phone registered under the third customer's number: its caller id is that number.
      extraUsers: [{ user: callerAccount.phone, password: callerPassword }],
    }),
    serveSoftphonePage(),
    launchPhoneBrowser(),
  ]);
  context = await browser.newContext();
  await context.grantPermissions(['microphone'], { origin: new URL(host.url).origin });
  page = await context.newPage();
  await page.goto(host.url);
});

test.afterAll(async () => {
  await browser?.close();
  await Promise.all([network?.stop(), pageServer?.stop(), host?.stop()]);
});

test.afterEach(async () => {
  const info = test.info();
  if (info.status !== info.expectedStatus) {
    if (network) await info.attach('kamailio', { body: network.pbx.output() || '(no output)' });
    if (host) await info.attach('web host', { body: host.output() || '(no output)' });
  }
});

test('SIP settings are saved through the form (a malformed URI is refused) and the phone registers', async () => {
  await expect(status()).toHaveAttribute('data-state', 'not_configured');
  await page.getByTestId('settings-sip-server').fill(network.pbx.wsUrl);
  await page.getByTestId('settings-sip-uri').fill(`${agent.user}-at-${network.pbx.domain}`);
  await page.getByTestId('settings-sip-password').fill(agent.password);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-sip-uri')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('A URI SIP precisa de um usuário antes do @')).toBeVisible();
  await expect(status()).toHaveAttribute('data-state', 'not_configured');

  await page.getByTestId('settings-sip-uri').fill(`sip:${agent.user}@${network.pbx.domain}`);
  await page.getByTestId('settings-save').click();
  await expect(status()).toHaveAttribute('data-state', 'registered');
  await expect(status()).toHaveText('registrado');
  await expect(page.getByTestId('settings-sip-uri')).toBeHidden();

  // The password is only on disk encrypted, and the settings channel never returns it.
  // Every file under the data folder, its folders (exports/, imports/...) included.
  for (const entry of readdirSync(host.dataDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    expect(readFileSync(path).includes(agent.password), path).toBe(false);
  }
  expect(await bridge('softphone:settings-get')).toMatchObject({ sipUri: `sip:${agent.user}@${network.pbx.domain}`, hasPassword: true });
});

for (const [name, expected] of [
  ['busy (486) pre-fills "busy"', { account: () => busyAccount, sipStatus: 486, disposition: 'busy' }],
  ['unavailable (480) pre-fills "no answer"', { account: () => unavailableAccount, sipStatus: 480, disposition: 'no_answer' }],
] as const) {
  test(`click-to-call from the account to a far end that is ${name}; saving logs the attempt with the SIP facts`, async () => {
    const account = expected.account();
    await openAccount(account);
    const dialledAt = Date.now();
    await page.locator(`[data-testid="call-customer-phone"][data-number="${account.phone}"]`).click();
    // The call ends by itself; the outcome form asks to confirm the SIP result.
    await expect(page.getByTestId('disposition-select')).toHaveValue(expected.disposition);
    await expect(page.getByTestId('softphone-call')).toHaveCount(0);
    await expect(page.getByTestId('agent-state-select')).toHaveAttribute('data-state', 'wrap_up');
    await page.getByTestId('outcome-save').click();
    await expect(page.getByTestId('disposition-select')).toHaveValue('');
    await expect.poll(() => latestAttempt(account.accountId)?.sipStatus).toBe(expected.sipStatus);
    const attempt = latestAttempt(account.accountId);
    expect(attempt).toMatchObject({
      number: account.phone,
      direction: 'outbound',
      sipStatus: expected.sipStatus,
      disposition: expected.disposition,
      answeredAt: null,
    });
    expect(attempt!.startedAt).toBeGreaterThanOrEqual(dialledAt - 1_000);
    expect(attempt!.endedAt).toBeGreaterThanOrEqual(attempt!.startedAt);
  });
}

test('a number that cannot be normalized is not dialled and the agent is told why', async () => {
  await page.getByTestId('dialpad-input').fill('12345');
  await page.getByTestId('dial-button').click();
  await expect(page.getByTestId('softphone-problem')).toHaveAttribute('data-problem', 'invalid_number');
  await expect(page.getByTestId('softphone-call')).toHaveCount(0);
});

test("an inbound call rings and pops the caller's account; answered, held, muted and hung up by the customer", async () => {
  let customer: PhonePage | null = null;
  try {
    customer = await openPhone(browser, pageServer.url, network.pbx, callerAccount.phone, { password: callerPassword });
    await expect(customer.page.getByTestId('softphone-status')).toHaveText('registered');
    await customer.page.evaluate((target) => window.softphoneTest.dial(target), agent.user);

    await expect(page.getByTestId('softphone-call')).toHaveAttribute('data-call-state', 'incoming');
    await expect(page.getByTestId('account-header')).toContainText(callerAccount.customerName);
    await expect(page.getByTestId('call-party')).toHaveText(callerAccount.customerName);
    await page.getByTestId('incoming-accept').click();
    await expect(page.getByTestId('softphone-call')).toHaveAttribute('data-call-state', 'established');
    await expect(page.getByTestId('agent-state-select')).toHaveAttribute('data-state', 'on_call');
    await expect(page.getByTestId('call-timer')).toHaveText(/^00:0\d$/);

    await page.getByTestId('call-hold').click();
    await expect.poll(() => customer!.page.evaluate(() => window.softphoneTest.call!.heldByRemote)).toBe(true);
    await page.getByTestId('call-hold').click();
    await expect.poll(() => customer!.page.evaluate(() => window.softphoneTest.call!.heldByRemote)).toBe(false);
    await page.getByTestId('call-mute').click();
    await expect(page.getByTestId('call-mute')).toHaveAttribute('data-active', 'true');

    await customer.page.evaluate(() => window.softphoneTest.call!.hangup());
    await expect(page.getByTestId('softphone-call')).toHaveCount(0);
    // Answered: only the agent can tell the disposition; the form waits for it, bound to this call.
    await expect(page.getByTestId('disposition-select')).toHaveValue('');
    await page.getByTestId('disposition-select').selectOption('refused');
    await page.getByTestId('outcome-save').click();
    // The form clears as the save starts; the attempt is in the store once the save's answer arrived.
    await expect.poll(() => latestAttempt(callerAccount.accountId)?.direction).toBe('inbound');
    const attempt = latestAttempt(callerAccount.accountId);
    expect(attempt).toMatchObject({ number: callerAccount.phone, direction: 'inbound', sipStatus: 200, disposition: 'refused' });
    expect(attempt!.answeredAt).not.toBeNull();
  } finally {
    await customer?.close();
  }
});

/** The caller's phone (it follows a transfer like a desk phone) and the transfer target's, both answering by themselves. */
async function openTransferPhones(): Promise<{ customer: PhonePage; target: PhonePage }> {
  const customer = await openPhone(browser, pageServer.url, network.pbx, callerAccount.phone, {
    password: callerPassword,
    settings: { followReferrals: true },
  });
  const target = await openPhone(browser, pageServer.url, network.pbx, 'target1');
  await target.page.evaluate(() => (window.softphoneTest.autoAnswer = true));
  await expect(customer.page.getByTestId('softphone-status')).toHaveText('registered');
  await expect(target.page.getByTestId('softphone-status')).toHaveText('registered');
  return { customer, target };
}

/** The caller rings the agent, who answers in the app. */
async function answeredInboundCall(customer: PhonePage): Promise<void> {
  await customer.page.evaluate((to) => window.softphoneTest.dial(to), agent.user);
  await expect(page.getByTestId('softphone-call')).toHaveAttribute('data-call-state', 'incoming');
  await page.getByTestId('incoming-accept').click();
  await expect(page.getByTestId('softphone-call')).toHaveAttribute('data-call-state', 'established');
  await expect.poll(() => customer.page.evaluate(() => window.softphoneTest.call?.state)).toBe('established');
}

async function expectAudioBothWays(phone: PhonePage): Promise<void> {
  await expect
    .poll(async () => {
      const s = await phone.page.evaluate(() => window.softphoneTest.call!.stats());
      return Math.min(s.packetsSent, s.packetsReceived);
    })
    .toBeGreaterThan(20);
}

// The target typed as the agent would, in national format: normalised to E.164 like click-to-call.
const transferTargetTyped = '(11) 99000-0300';

test('in a call the microphone level meter moves with the fake device and follows a microphone switch, the chosen speaker plays the call, muted is quiet', async () => {
  let phones: { customer: PhonePage; target: PhonePage } | null = null;
  try {
    phones = await openTransferPhones();
    await answeredInboundCall(phones.customer);
    const meter = page.getByTestId('mic-level');
    await expect(meter).toBeVisible();
    // Chromium's fake microphone beeps: sample the meter until one shows (it updates ten times a second).
    const levels = await page.evaluate(async () => {
      const seen: number[] = [];
      const element = document.querySelector('[data-testid="mic-level"]')!;
      for (let i = 0; i < 40; i += 1) {
        seen.push(Number(element.getAttribute('data-level')));
        await new Promise((r) => setTimeout(r, 50));
      }
      return seen;
    });
    test.info().annotations.push({ type: 'mic-level samples', description: levels.join(' ') });
    expect(levels.every((l) => l >= 0 && l <= 100)).toBe(true);
    expect(Math.max(...levels)).toBeGreaterThan(0);
    // Several distinct readings: the meter is live, not a constant.
    expect(new Set(levels).size).toBeGreaterThan(2);

    // Another microphone, chosen mid-call in the settings: the call switches to it and the meter follows.
    await page.getByTestId('softphone-settings-toggle').click();
    const microphones = page.getByTestId('settings-microphone').locator('option');
    await expect.poll(() => microphones.count()).toBeGreaterThan(2);
    const chosen = (await microphones.nth(2).getAttribute('value'))!;
    await page.getByTestId('settings-microphone').selectOption(chosen);
    // And another speaker: the customer's voice plays there (setSinkId on the call's audio element).
    const speakers = page.getByTestId('settings-speaker').locator('option');
    await expect.poll(() => speakers.count()).toBeGreaterThan(2);
    const speaker = (await speakers.nth(2).getAttribute('value'))!;
    const remoteAudio = page.getByTestId('softphone-remote-audio');
    expect(await remoteAudio.evaluate((a: HTMLAudioElement) => a.sinkId)).toBe('');
    await page.getByTestId('settings-speaker').selectOption(speaker);
    await expect.poll(() => remoteAudio.evaluate((a: HTMLAudioElement) => a.sinkId)).toBe(speaker);
    expect(await remoteAudio.evaluate((a: HTMLAudioElement) => !a.paused && a.srcObject instanceof MediaStream)).toBe(true);
    await page.getByTestId('softphone-settings-toggle').click();
    const heard = (await phones.customer.page.evaluate(() => window.softphoneTest.call!.stats())).packetsReceived;
    await page.waitForTimeout(300);
    await expect.poll(async () => Number(await meter.getAttribute('data-level')), { intervals: [50], timeout: 5_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => (await phones!.customer.page.evaluate(() => window.softphoneTest.call!.stats())).packetsReceived)
      .toBeGreaterThan(heard + 20);
    await expect(page.locator('[data-testid="softphone-problem"][data-problem="microphone_failed"]')).toHaveCount(0);

    // Muted, the track is off and the far end hears nothing: neither does the meter.
    await page.getByTestId('call-mute').click();
    await expect(meter).toHaveAttribute('data-level', '0');
    await page.waitForTimeout(1_200);
    await expect(meter).toHaveAttribute('data-level', '0');
    await page.getByTestId('call-mute').click();
    await expect.poll(async () => Number(await meter.getAttribute('data-level')), { intervals: [50], timeout: 5_000 }).toBeGreaterThan(0);

    await page.getByTestId('call-hangup').click();
    await expect(page.getByTestId('softphone-call')).toHaveCount(0);
    await expect(meter).toHaveCount(0);
    await page.getByTestId('disposition-select').selectOption('refused');
    await page.getByTestId('outcome-save').click();
    await expect(page.getByTestId('disposition-select')).toHaveValue('');
  } finally {
    await phones?.customer.close();
    await phones?.target.close();
  }
});

test('blind transfer from the app: the customer ends up talking to the target, the attempt notes say where to', async () => {
  let phones: { customer: PhonePage; target: PhonePage } | null = null;
  try {
    phones = await openTransferPhones();
    const { customer, target } = phones;
    await answeredInboundCall(customer);

    await page.getByTestId('call-transfer').click();
    await page.getByTestId('transfer-target').fill(transferTargetTyped);
    await page.getByTestId('transfer-blind').click();
    // The agent's leg ends once the target answered the customer's new call.
    await expect(page.getByTestId('softphone-call')).toHaveCount(0);
    await expect.poll(() => target.page.evaluate(() => window.softphoneTest.call?.state)).toBe('established');
    expect(await target.page.evaluate(() => window.softphoneTest.call!.number)).toBe(callerAccount.phone);
    await expect.poll(() => customer.page.evaluate(() => window.softphoneTest.referralCalls.at(-1)?.state)).toBe('established');
    expect(await customer.page.evaluate(() => window.softphoneTest.call!.number)).toBe(TEST_NUMBERS.transferTarget);
    await expectAudioBothWays(customer);
    await expectAudioBothWays(target);

    // The outcome form waits for the disposition, with the transfer in the notes (the app is in pt-BR).
    await expect(page.getByTestId('outcome-notes')).toHaveValue(`Transferido para ${TEST_NUMBERS.transferTarget}`);
    await page.getByTestId('disposition-select').selectOption('refused');
    await page.getByTestId('outcome-save').click();
    await expect(page.getByTestId('disposition-select')).toHaveValue('');
    expect(latestAttempt(callerAccount.accountId)).toMatchObject({
      direction: 'inbound',
      sipStatus: 200,
      notes: `Transferido para ${TEST_NUMBERS.transferTarget}`,
    });
    await customer.page.evaluate(() => window.softphoneTest.call!.hangup());
  } finally {
    await phones?.customer.close();
    await phones?.target.close();
  }
});

test('attended transfer from the app: consult (customer on hold), cancel and resume, consult again and complete', async () => {
  let phones: { customer: PhonePage; target: PhonePage } | null = null;
  try {
    phones = await openTransferPhones();
    const { customer, target } = phones;
    await answeredInboundCall(customer);

    // Consult, then change mind: the consult call ends and the customer is back.
    await page.getByTestId('call-transfer').click();
    await page.getByTestId('transfer-target').fill(transferTargetTyped);
    await page.getByTestId('transfer-consult').click();
    await expect(page.getByTestId('consult-call')).toHaveAttribute('data-call-state', 'established');
    await expect(page.getByTestId('call-hold')).toHaveAttribute('data-active', 'true');
    await expect.poll(() => customer.page.evaluate(() => window.softphoneTest.call!.heldByRemote)).toBe(true);
    await expect.poll(() => target.page.evaluate(() => window.softphoneTest.call?.state)).toBe('established');
    await page.getByTestId('transfer-cancel').click();
    await expect(page.getByTestId('consult-call')).toHaveCount(0);
    await expect.poll(() => target.page.evaluate(() => window.softphoneTest.call?.state)).toBe('ended');
    await expect.poll(() => customer.page.evaluate(() => window.softphoneTest.call!.heldByRemote)).toBe(false);
    await expect(page.getByTestId('call-hold')).toHaveAttribute('data-active', 'false');

    // Consult again and hand the customer over.
    await page.getByTestId('call-transfer').click();
    await page.getByTestId('transfer-target').fill(transferTargetTyped);
    await page.getByTestId('transfer-consult').click();
    await expect(page.getByTestId('consult-call')).toHaveAttribute('data-call-state', 'established');
    await expect.poll(() => target.page.evaluate(() => window.softphoneTest.call?.state)).toBe('established');
    const consultId = await target.page.evaluate(() => window.softphoneTest.call!.id);
    await page.getByTestId('transfer-complete').click();
    await expect(page.getByTestId('softphone-call')).toHaveCount(0);
    await expect(page.getByTestId('consult-call')).toHaveCount(0);
    await expect.poll(() => target.page.evaluate(() => window.softphoneTest.call!.replacesCallId)).toBe(consultId);
    await expect.poll(() => target.page.evaluate(() => window.softphoneTest.call!.state)).toBe('established');
    expect(await target.page.evaluate(() => window.softphoneTest.call!.number)).toBe(callerAccount.phone);
    await expect.poll(() => customer.page.evaluate(() => window.softphoneTest.referralCalls.at(-1)?.state)).toBe('established');
    await expectAudioBothWays(customer);
    await expectAudioBothWays(target);

    await expect(page.getByTestId('outcome-notes')).toHaveValue(`Transferido para ${TEST_NUMBERS.transferTarget}`);
    await page.getByTestId('disposition-select').selectOption('refused');
    await page.getByTestId('outcome-save').click();
    await expect(page.getByTestId('disposition-select')).toHaveValue('');
    await customer.page.evaluate(() => window.softphoneTest.call!.hangup());
  } finally {
    await phones?.customer.close();
    await phones?.target.close();
  }
});

test('the customer hangs up during a consult: the consult call stays under the agent control and is ended by cancel', async () => {
  let phones: { customer: PhonePage; target: PhonePage } | null = null;
  try {
    phones = await openTransferPhones();
    const { customer, target } = phones;
    await answeredInboundCall(customer);
    await page.getByTestId('call-transfer').click();
    await page.getByTestId('transfer-target').fill(transferTargetTyped);
    await page.getByTestId('transfer-consult').click();
    await expect(page.getByTestId('consult-call')).toHaveAttribute('data-call-state', 'established');

    await customer.page.evaluate(() => window.softphoneTest.call!.hangup());
    await expect(page.getByTestId('softphone-call')).toHaveCount(0);
    // Nobody to hand over; the consult call is still up and can be ended.
    await expect(page.getByTestId('consult-call')).toHaveAttribute('data-call-state', 'established');
    await expect(page.getByTestId('transfer-complete')).toBeDisabled();
    await page.getByTestId('transfer-cancel').click();
    await expect(page.getByTestId('consult-call')).toHaveCount(0);
    await expect.poll(() => target.page.evaluate(() => window.softphoneTest.call?.state)).toBe('ended');

    // The customer's call is logged as usual, without a transfer note.
    await expect(page.getByTestId('outcome-notes')).toHaveValue('');
    await page.getByTestId('disposition-select').selectOption('refused');
    await page.getByTestId('outcome-save').click();
    await expect(page.getByTestId('disposition-select')).toHaveValue('');
  } finally {
    await phones?.customer.close();
    await phones?.target.close();
  }
});

test('killing Kamailio (kill -9) and restarting it: the app is registered again within 10 s, no reload', async () => {
  await expect(status()).toHaveAttribute('data-state', 'registered');
  await network.pbx.kill9();
  await expect(status()).toHaveAttribute('data-state', 'failed');
  await expect(status()).toHaveAttribute('data-reason', 'server_unreachable');
  const restartedAt = Date.now();
  await network.pbx.restart();
  await expect(status()).toHaveAttribute('data-state', 'registered', { timeout: 10_000 });
  test.info().annotations.push({ type: 're-register', description: `${Date.now() - restartedAt} ms after restart` });
});
