// The softphone core against a real PBX: Kamailio on loopback, sipp far ends that are busy, absent or never
// answer, a second Chromium page running the same client as the customer, and a third page, the party calls are
// transferred to (blind and attended). Needs test/sip/install-deps.sh.
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
let target: PhonePage;

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
  // The customer's phone follows a transfer (REFER) like a desk phone; the agent's never does.
  customer = await openPhone(browser, pageServer.url, network.pbx, 'customer1', { settings: { ...agentSettings, followReferrals: true } });
  target = await openPhone(browser, pageServer.url, network.pbx, 'target1', { settings: agentSettings });
  await customer.page.evaluate(() => (window.softphoneTest.autoAnswer = true));
  await target.page.evaluate(() => (window.softphoneTest.autoAnswer = true));
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

test('switching the microphone mid-call replaces the sent track (no renegotiation), keeps mute, survives hold', async () => {
  await agent.page.evaluate((n) => window.softphoneTest.dial(n), TEST_NUMBERS.customer);
  await expect.poll(() => callState(customer.page)).toBe('established');
  await expect.poll(() => callState(agent.page)).toBe('established');
  const before = await agent.page.evaluate(async () => {
    const track = window.softphoneTest.call!.localStream()!.getAudioTracks()[0]!;
    const inputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput' && d.deviceId !== 'default');
    (window as unknown as { oldTrack: MediaStreamTrack }).oldTrack = track;
    return { label: track.label, inputs: inputs.map((d) => ({ id: d.deviceId, label: d.label })) };
  });
  const other = before.inputs.find((d) => d.label !== before.label);
  expect(other, JSON.stringify(before)).toBeDefined();

  await agent.page.evaluate(() => window.softphoneTest.call!.setMuted(true));
  const received = (await customer.page.evaluate(() => window.softphoneTest.call!.stats())).packetsReceived;
  const remoteSdp = () => customer.page.evaluate(() => window.softphoneTest.call!.peerConnection()!.remoteDescription!.sdp);
  const sdpBefore = await remoteSdp();
  await agent.page.evaluate((id) => window.softphoneTest.call!.setMicrophone(id), other!.id);
  const after = await agent.page.evaluate(() => {
    const call = window.softphoneTest.call!;
    const track = call.localStream()!.getAudioTracks()[0]!;
    const sender = call.peerConnection()!.getSenders().find((s) => s.track?.kind === 'audio')!;
    const old = (window as unknown as { oldTrack: MediaStreamTrack }).oldTrack;
    return { label: track.label, sent: sender.track === track, enabled: track.enabled, oldState: old.readyState };
  });
  expect(after).toEqual({ label: other!.label, sent: true, enabled: false, oldState: 'ended' });
  expect(await remoteSdp()).toBe(sdpBefore);
  await agent.page.evaluate(() => window.softphoneTest.call!.setMuted(false));
  // Still the same call, and the customer keeps hearing it.
  await expect.poll(async () => (await customer.page.evaluate(() => window.softphoneTest.call!.stats())).packetsReceived).toBeGreaterThan(received + 20);
  // A hold re-INVITE keeps the chosen device rather than capturing the first one again.
  await agent.page.evaluate(() => window.softphoneTest.call!.hold());
  await agent.page.evaluate(() => window.softphoneTest.call!.unhold());
  expect(await agent.page.evaluate(() => window.softphoneTest.call!.localStream()!.getAudioTracks()[0]!.label)).toBe(other!.label);
  await agent.page.evaluate(() => window.softphoneTest.call!.hangup());
  await expect.poll(() => callState(customer.page)).toBe('ended');
});

/** Packets sent and received by the page's current call, both above `min` (audio both ways). */
async function expectAudioBothWays(page: Page, min = 20) {
  await expect
    .poll(async () => {
      const s = await page.evaluate(() => window.softphoneTest.call!.stats());
      return Math.min(s.packetsSent, s.packetsReceived);
    })
    .toBeGreaterThan(min);
  return page.evaluate(() => window.softphoneTest.call!.stats());
}

const ended = (page: Page) => page.evaluate(() => window.softphoneTest.ended.length);

test('blind transfer: the customer follows the REFER to the target; the agent leg ends, customer and target talk', async () => {
  const [agentBefore, customerBefore, targetIncomingBefore] = [
    await ended(agent.page),
    await ended(customer.page),
    await target.page.evaluate(() => window.softphoneTest.incoming.length),
  ];
  await agent.page.evaluate((n) => window.softphoneTest.dial(n), TEST_NUMBERS.customer);
  await expect.poll(() => callState(customer.page)).toBe('established');
  await expect.poll(() => callState(agent.page)).toBe('established');

  const startedAt = Date.now();
  // Resolves when the customer's phone reports the target answered (NOTIFY "SIP/2.0 200 OK"); then we hang up.
  await agent.page.evaluate((n) => window.softphoneTest.call!.transferTo(n), TEST_NUMBERS.transferTarget);
  const [agentRecord] = (await endedCalls(agent.page, agentBefore + 1)).slice(-1);
  test.info().annotations.push({ type: 'blind-transfer', description: `REFER to agent leg ended: ${Date.now() - startedAt} ms` });
  expect(agentRecord).toMatchObject({
    number: TEST_NUMBERS.customer,
    sipStatus: 200,
    endedBy: 'local',
    transferredTo: TEST_NUMBERS.transferTarget,
  });
  expect(await agent.page.evaluate(() => window.softphoneTest.call!.transfer)).toMatchObject({
    mode: 'blind',
    state: 'completed',
    sipStatus: 200,
  });

  // The customer's phone placed a new call to the target (the number the agent typed), and its leg with the
  // agent is gone.
  await expect.poll(() => customer.page.evaluate(() => window.softphoneTest.referralCalls.at(-1)?.state ?? null)).toBe('established');
  expect(await customer.page.evaluate(() => window.softphoneTest.call!.number)).toBe(TEST_NUMBERS.transferTarget);
  const [customerOldLeg] = (await endedCalls(customer.page, customerBefore + 1)).slice(-1);
  expect(customerOldLeg).toMatchObject({ number: 'agent1', direction: 'inbound', sipStatus: 200 });
  await expect.poll(() => target.page.evaluate(() => window.softphoneTest.incoming.length)).toBe(targetIncomingBefore + 1);
  await expect.poll(() => callState(target.page)).toBe('established');
  expect(await target.page.evaluate(() => window.softphoneTest.call!.number)).toBe('customer1');

  // Audio flows between the customer and the target, from each side's own statistics.
  const customerStats = await expectAudioBothWays(customer.page);
  const targetStats = await expectAudioBothWays(target.page);
  test.info().annotations.push({ type: 'customer-target audio', description: JSON.stringify({ customerStats, targetStats }) });

  const targetBefore = await ended(target.page);
  await customer.page.evaluate(() => window.softphoneTest.call!.hangup());
  await endedCalls(target.page, targetBefore + 1);
});

test('attended transfer: the agent holds the customer, consults the target, completes; customer and target talk', async () => {
  const [agentBefore, targetBefore] = [await ended(agent.page), await ended(target.page)];
  await agent.page.evaluate((n) => window.softphoneTest.dial(n), TEST_NUMBERS.customer);
  await expect.poll(() => callState(customer.page)).toBe('established');
  await expect.poll(() => callState(agent.page)).toBe('established');
  // The customer's leg waits on hold while the agent consults.
  await agent.page.evaluate(async () => {
    (window as unknown as { customerLeg: unknown }).customerLeg = window.softphoneTest.call;
    await window.softphoneTest.call!.hold();
  });
  await expect.poll(() => customer.page.evaluate(() => window.softphoneTest.call!.heldByRemote)).toBe(true);

  await agent.page.evaluate((n) => window.softphoneTest.dial(n), TEST_NUMBERS.transferTarget);
  await expect.poll(() => callState(agent.page)).toBe('established');
  await expect.poll(() => callState(target.page)).toBe('established');
  const consultId = await target.page.evaluate(() => window.softphoneTest.call!.id);
  expect(await target.page.evaluate(() => window.softphoneTest.call!.number)).toBe('agent1');

  const startedAt = Date.now();
  await agent.page.evaluate(async () => {
    const leg = (window as unknown as { customerLeg: NonNullable<typeof window.softphoneTest.call> }).customerLeg;
    await leg.transferTo(window.softphoneTest.call!);
  });
  // Both of the agent's legs end: the customer's (we hang up after the NOTIFY 200) and the consult call (the
  // target hangs it up when the customer's INVITE with Replaces takes its place).
  const agentRecords = (await endedCalls(agent.page, agentBefore + 2)).slice(-2);
  test.info().annotations.push({ type: 'attended-transfer', description: `REFER to both agent legs ended: ${Date.now() - startedAt} ms` });
  const customerLeg = agentRecords.find((r) => r.number === TEST_NUMBERS.customer);
  const consultLeg = agentRecords.find((r) => r.number === TEST_NUMBERS.transferTarget);
  expect(customerLeg).toMatchObject({ sipStatus: 200, endedBy: 'local', transferredTo: TEST_NUMBERS.transferTarget });
  expect(consultLeg).toMatchObject({ sipStatus: 200, endedBy: 'remote', transferredTo: null });

  // On the target, the customer's call replaced the consult call, answered without ringing.
  await expect.poll(() => target.page.evaluate(() => window.softphoneTest.call!.replacesCallId)).toBe(consultId);
  await expect.poll(() => callState(target.page)).toBe('established');
  expect(await target.page.evaluate(() => window.softphoneTest.call!.number)).toBe('customer1');
  const [targetConsult] = (await endedCalls(target.page, targetBefore + 1)).slice(-1);
  expect(targetConsult).toMatchObject({ callId: consultId, number: 'agent1' });
  await expect.poll(() => callState(customer.page)).toBe('established');
  expect(await customer.page.evaluate(() => window.softphoneTest.referralCalls.at(-1) === window.softphoneTest.call)).toBe(true);

  const customerStats = await expectAudioBothWays(customer.page);
  const targetStats = await expectAudioBothWays(target.page);
  test.info().annotations.push({ type: 'customer-target audio', description: JSON.stringify({ customerStats, targetStats }) });
  await target.page.evaluate(() => window.softphoneTest.call!.hangup());
  await expect.poll(() => callState(customer.page)).toBe('ended');
});

test('a blind transfer to a busy number fails (486 reported back): the customer stays with the agent', async () => {
  const agentBefore = await ended(agent.page);
  await agent.page.evaluate((n) => window.softphoneTest.dial(n), TEST_NUMBERS.customer);
  await expect.poll(() => callState(customer.page)).toBe('established');
  await expect.poll(() => callState(agent.page)).toBe('established');
  const error = await agent.page.evaluate(
    (n) => window.softphoneTest.call!.transferTo(n).then(() => null, (e: Error) => e.message),
    TEST_NUMBERS.busy,
  );
  expect(error).toMatch(/failed \(486\)/);
  expect(await agent.page.evaluate(() => window.softphoneTest.call!.transfer)).toMatchObject({ mode: 'blind', state: 'failed', sipStatus: 486 });
  // The customer's phone did try the target (and got busy), and is still talking to the agent.
  expect(await customer.page.evaluate(() => window.softphoneTest.lastEnded())).toMatchObject({ number: TEST_NUMBERS.busy, sipStatus: 486 });
  expect(await callState(agent.page)).toBe('established');
  expect(await customer.page.evaluate(() => window.softphoneTest.client!.calls.map((c) => c.state))).toEqual(['established']);
  await agent.page.evaluate(() => window.softphoneTest.call!.hangup());
  const [record] = (await endedCalls(agent.page, agentBefore + 1)).slice(-1);
  expect(record).toMatchObject({ endedBy: 'local', transferredTo: null });
});

test("the agent's phone refuses a REFER from the far end (603): a customer cannot redirect the agent's line", async () => {
  await customer.page.evaluate(() => window.softphoneTest.dial('agent1'));
  await expect.poll(() => agent.page.evaluate(() => window.softphoneTest.call?.state)).toBe('incoming');
  await agent.page.evaluate(() => window.softphoneTest.call!.accept());
  await expect.poll(() => callState(customer.page)).toBe('established');
  const error = await customer.page.evaluate(
    (n) => window.softphoneTest.call!.transferTo(n).then(() => null, (e: Error) => e.message),
    TEST_NUMBERS.transferTarget,
  );
  expect(error).toMatch(/failed \(603\)/);
  expect(await customer.page.evaluate(() => window.softphoneTest.call!.transfer)).toMatchObject({ state: 'failed', sipStatus: 603 });
  // Nothing was dialled and the call goes on.
  expect(await callState(agent.page)).toBe('established');
  await customer.page.evaluate(() => window.softphoneTest.call!.hangup());
  await expect.poll(() => callState(agent.page)).toBe('ended');
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
