// The softphone core against a real PBX: Kamailio on loopback, sipp far ends that are busy, absent or never
// answer, and a second Chromium page running the same client as the customer. Needs test/sip/install-deps.sh.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startTestPhoneNetwork, TEST_NUMBERS, type TestPhoneNetwork } from '../sip/pbx';
import { serveSoftphonePage, type SoftphonePageServer } from '../sip/page-server';
import { launchPhoneBrowser, openPhone, type PhonePage } from '../sip/phone-page';

test.describe.configure({ mode: 'serial' });

let network: TestPhoneNetwork;
let pageServer: SoftphonePageServer;
let browser: Browser;
let agent: PhonePage;
let customer: PhonePage;

// Short keep-alive and backoff so a dead PBX is noticed and the re-register lands well inside 10 s.
const agentSettings = { keepAliveIntervalMs: 2_000, keepAliveTimeoutMs: 2_000, reconnectInitialDelayMs: 300, reconnectMaxDelayMs: 2_000 };

test.beforeAll(async () => {
  test.setTimeout(60_000);
  [network, pageServer, browser] = await Promise.all([
    startTestPhoneNetwork({ noAnswerAfterMs: 2_000 }),
    serveSoftphonePage(),
    launchPhoneBrowser(),
  ]);
  agent = await openPhone(browser, pageServer.url, network.pbx, 'agent1', { settings: agentSettings });
  customer = await openPhone(browser, pageServer.url, network.pbx, 'customer1', { settings: agentSettings });
  await customer.page.evaluate(() => (window.softphoneTest.autoAnswer = true));
});

test.afterAll(async () => {
  await browser?.close();
  await Promise.all([network?.stop(), pageServer?.stop()]);
});

test.afterEach(async () => {
  const testInfo = test.info();
  if (testInfo.status !== testInfo.expectedStatus && network) {
    await testInfo.attach('kamailio', { body: network.pbx.output() || '(no output)' });
  }
});

const status = (page: Page) => page.getByTestId('softphone-status');

async function endedCalls(page: Page, count: number) {
  await expect.poll(() => page.evaluate(() => window.softphoneTest.ended.length), { timeout: 10_000 }).toBe(count);
  return page.evaluate(() => window.softphoneTest.ended);
}

async function callState(page: Page) {
  return page.evaluate(() => window.softphoneTest.call?.state ?? null);
}

test('the agent registers with the PBX and the state is shown', async () => {
  await expect(status(agent.page)).toHaveText('registered');
  const timing = await agent.page.evaluate(() => ({
    registeredAfterMs: window.softphoneTest.registeredAfterMs,
    lastRegisterMs: window.softphoneTest.client?.registration.lastRegisterMs ?? null,
  }));
  test.info().annotations.push({ type: 'registration', description: JSON.stringify(timing) });
  expect(timing.registeredAfterMs).toBeLessThan(2_000);
  expect(timing.lastRegisterMs).toBeGreaterThanOrEqual(0);
  await expect(status(customer.page)).toHaveText('registered');
});

test('a wrong password shows "authentication failed" within seconds, not a spinner', async () => {
  const startedAt = Date.now();
  const wrong = await openPhone(browser, pageServer.url, network.pbx, 'agent2', { password: 'not-the-password' });
  try {
    await expect(status(wrong.page)).toHaveText('failed: authentication failed', { timeout: 5_000 });
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    const last = await wrong.page.evaluate(() => window.softphoneTest.client!.registration);
    expect(last).toMatchObject({ state: 'failed', reason: 'authentication_failed', sipStatus: 403 });
    // It stays failed: no automatic retry hammering the PBX with a bad password.
    await wrong.page.waitForTimeout(1_500);
    await expect(status(wrong.page)).toHaveText('failed: authentication failed');
  } finally {
    await wrong.close();
  }
});

test('an unreachable server is reported as such, not as a bad password', async () => {
  const wrong = await openPhone(browser, pageServer.url, { ...network.pbx, wsUrl: 'ws://127.0.0.1:9' }, 'agent1', {
    settings: { reconnectInitialDelayMs: 5_000 },
  });
  try {
    await expect(status(wrong.page)).toHaveText('failed: server unreachable', { timeout: 8_000 });
  } finally {
    await wrong.close();
  }
});

test('calls to far ends that are busy, unavailable, never answer or do not exist end with their SIP status', async () => {
  const cases = [
    { number: TEST_NUMBERS.busy, sipStatus: 486, disposition: 'busy' },
    { number: TEST_NUMBERS.unavailable, sipStatus: 480, disposition: 'no_answer' },
    { number: TEST_NUMBERS.neverAnswers, sipStatus: 408, disposition: 'no_answer' },
    { number: TEST_NUMBERS.unknown, sipStatus: 404, disposition: 'wrong_number' },
  ] as const;
  const before = await agent.page.evaluate(() => window.softphoneTest.ended.length);
  for (const [index, expected] of cases.entries()) {
    const dialledAt = Date.now();
    await agent.page.evaluate((n) => window.softphoneTest.dial(n), expected.number);
    const [record] = (await endedCalls(agent.page, before + index + 1)).slice(-1);
    expect(record).toMatchObject({
      number: expected.number,
      direction: 'outbound',
      sipStatus: expected.sipStatus,
      suggestedDisposition: expected.disposition,
      answeredAt: null,
      cancelledBy: null,
    });
    expect(record!.startedAt).toBeGreaterThanOrEqual(dialledAt - 1_000);
    expect(record!.endedAt).toBeGreaterThanOrEqual(record!.startedAt);
  }
});

test('the agent cancelling a ringing call after the ring timeout records no answer (487)', async () => {
  const before = await agent.page.evaluate(() => window.softphoneTest.ended.length);
  // The PBX would give up after 2 s; our own ring timeout is shorter.
  await agent.page.evaluate((n) => window.softphoneTest.dial(n, { ringTimeoutMs: 800 }), TEST_NUMBERS.neverAnswers);
  const [record] = (await endedCalls(agent.page, before + 1)).slice(-1);
  expect(record).toMatchObject({ sipStatus: 487, cancelledBy: 'ring_timeout', suggestedDisposition: 'no_answer' });
});

test('a far end that answers and hangs up ends an answered call, ended by the remote side', async () => {
  const before = await agent.page.evaluate(() => window.softphoneTest.ended.length);
  await agent.page.evaluate((n) => window.softphoneTest.dial(n), TEST_NUMBERS.answersThenHangsUp);
  const [record] = (await endedCalls(agent.page, before + 1)).slice(-1);
  expect(record).toMatchObject({ sipStatus: 200, endedBy: 'remote', suggestedDisposition: null });
  expect(record!.answeredAt).not.toBeNull();
  expect(record!.endedAt - record!.answeredAt!).toBeGreaterThanOrEqual(1_500);
});

test('the agent calls the customer page: audio both ways, hold, mute and DTMF are seen on the far end', async () => {
  const agentEndedBefore = await agent.page.evaluate(() => window.softphoneTest.ended.length);
  const customerEndedBefore = await customer.page.evaluate(() => window.softphoneTest.ended.length);
  const dialledAt = Date.now();
  await agent.page.evaluate((n) => window.softphoneTest.dial(n), TEST_NUMBERS.customer);
  await expect.poll(() => callState(agent.page)).toBe('established');
  const answerMs = await agent.page.evaluate(() => window.softphoneTest.call!.answeredAt! - window.softphoneTest.call!.startedAt);
  test.info().annotations.push({ type: 'invite-to-200', description: `${answerMs} ms (dial to established: ${Date.now() - dialledAt} ms)` });
  await expect.poll(() => callState(customer.page)).toBe('established');

  // Audio both ways, from each side's own WebRTC statistics.
  for (const phone of [agent.page, customer.page]) {
    await expect
      .poll(async () => {
        const s = await phone.evaluate(() => window.softphoneTest.call!.stats());
        return Math.min(s.packetsSent, s.packetsReceived);
      })
      .toBeGreaterThan(20);
  }

  // Hold: the customer's side sees the agent's sendonly re-INVITE and its transceiver stops sending to us.
  await agent.page.evaluate(() => window.softphoneTest.call!.hold());
  await expect.poll(() => customer.page.evaluate(() => window.softphoneTest.call!.heldByRemote)).toBe(true);
  expect(
    await customer.page.evaluate(() => window.softphoneTest.call!.peerConnection()!.getTransceivers()[0]!.currentDirection),
  ).toBe('recvonly');
  await agent.page.evaluate(() => window.softphoneTest.call!.unhold());
  await expect.poll(() => customer.page.evaluate(() => window.softphoneTest.call!.heldByRemote)).toBe(false);
  expect(
    await customer.page.evaluate(() => window.softphoneTest.call!.peerConnection()!.getTransceivers()[0]!.currentDirection),
  ).toBe('sendrecv');

  // Mute: the agent's microphone track is off.
  await agent.page.evaluate(() => window.softphoneTest.call!.setMuted(true));
  expect(
    await agent.page.evaluate(() =>
      window.softphoneTest.call!.peerConnection()!.getSenders().every((s) => !s.track || s.track.enabled === false),
    ),
  ).toBe(true);
  await agent.page.evaluate(() => window.softphoneTest.call!.setMuted(false));

  // DTMF: RFC 4733 tones leave through the agent's RTCDTMFSender (a browser cannot observe received
  // telephone-events); SIP INFO digits arrive at the customer's page.
  expect(await agent.page.evaluate(() => window.softphoneTest.call!.sendDtmf('12#'))).toBe('rfc4733');
  await expect.poll(() => agent.page.evaluate(() => window.softphoneTest.call!.sentDtmf)).toBe('12#');
  expect(await agent.page.evaluate(() => window.softphoneTest.call!.sendDtmf('47*', 'info'))).toBe('info');
  await expect.poll(() => customer.page.evaluate(() => window.softphoneTest.call!.receivedDtmf)).toBe('47*');

  await agent.page.evaluate(() => window.softphoneTest.call!.hangup());
  const [agentRecord] = (await endedCalls(agent.page, agentEndedBefore + 1)).slice(-1);
  expect(agentRecord).toMatchObject({
    number: TEST_NUMBERS.customer,
    direction: 'outbound',
    sipStatus: 200,
    endedBy: 'local',
    suggestedDisposition: null,
  });
  const [customerRecord] = (await endedCalls(customer.page, customerEndedBefore + 1)).slice(-1);
  expect(customerRecord).toMatchObject({ number: 'agent1', direction: 'inbound', sipStatus: 200, endedBy: 'remote' });
});

test('an inbound call from the customer rings the agent with the caller id; a call the agent misses is 487', async () => {
  const before = await agent.page.evaluate(() => window.softphoneTest.ended.length);
  await customer.page.evaluate(() => window.softphoneTest.dial('agent1'));
  await expect.poll(() => agent.page.evaluate(() => window.softphoneTest.call?.state)).toBe('incoming');
  expect(await agent.page.evaluate(() => window.softphoneTest.call!.number)).toBe('customer1');
  await customer.page.evaluate(() => window.softphoneTest.call!.hangup());
  const [missed] = (await endedCalls(agent.page, before + 1)).slice(-1);
  expect(missed).toMatchObject({ direction: 'inbound', number: 'customer1', sipStatus: 487, answeredAt: null });

  await customer.page.evaluate(() => window.softphoneTest.dial('agent1'));
  await expect.poll(() => agent.page.evaluate(() => window.softphoneTest.call?.state)).toBe('incoming');
  await agent.page.evaluate(() => window.softphoneTest.call!.accept());
  await expect.poll(() => customer.page.evaluate(() => window.softphoneTest.call?.state)).toBe('established');
  await customer.page.evaluate(() => window.softphoneTest.call!.hangup());
  const [answered] = (await endedCalls(agent.page, before + 2)).slice(-1);
  expect(answered).toMatchObject({ direction: 'inbound', sipStatus: 200, endedBy: 'remote' });
});

test('killing Kamailio (kill -9) and restarting it on the same ports re-registers within 10 s, no reload', async () => {
  await expect(status(agent.page)).toHaveText('registered');
  await network.pbx.kill9();
  await expect(status(agent.page)).toHaveText('failed: server unreachable');
  const restartedAt = Date.now();
  await network.pbx.restart();
  await expect(status(agent.page)).toHaveText('registered', { timeout: 10_000 });
  await expect(status(customer.page)).toHaveText('registered', { timeout: 10_000 });
  test.info().annotations.push({ type: 're-register', description: `${Date.now() - restartedAt} ms after restart` });

  // The registrar lost everything with the crash; the new registrations carry calls again.
  await agent.page.evaluate((n) => window.softphoneTest.dial(n), TEST_NUMBERS.customer);
  await expect.poll(() => callState(agent.page)).toBe('established');
  await agent.page.evaluate(() => window.softphoneTest.call!.hangup());
});
