// Softphone figures on loopback against the real test PBX (Kamailio + the softphone test page in Chromium):
// registration time, INVITE→200 OK between two sip.js pages, and audio packets during a 5-second call.
// Needs test/sip/install-deps.sh (Kamailio, sipp) and Debian's Chromium.
import { startTestPhoneNetwork, TEST_NUMBERS } from '../test/sip/pbx';
import { serveSoftphonePage } from '../test/sip/page-server';
import { launchPhoneBrowser, openPhone } from '../test/sip/phone-page';

export interface SoftphoneBenchOptions {
  samples?: number;
  callSeconds?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export async function softphoneBench(options: SoftphoneBenchOptions = {}) {
  const samples = options.samples ?? 10;
  const callSeconds = options.callSeconds ?? 5;
  const [network, pageServer, browser] = await Promise.all([startTestPhoneNetwork(), serveSoftphonePage(), launchPhoneBrowser()]);
  try {
    // Registration: a fresh page each time (WebSocket connect, REGISTER, 401 challenge, REGISTER, 200).
    const registerMs: number[] = [];
    const registerRequestMs: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const phone = await openPhone(browser, pageServer.url, network.pbx, 'agent2');
      await phone.page.waitForFunction(() => window.softphoneTest.registeredAfterMs !== null, undefined, { timeout: 10_000 });
      const timing = await phone.page.evaluate(() => ({
        total: window.softphoneTest.registeredAfterMs!,
        request: window.softphoneTest.client!.registration.lastRegisterMs!,
      }));
      registerMs.push(timing.total);
      registerRequestMs.push(timing.request);
      await phone.page.evaluate(() => window.softphoneTest.client!.stop());
      await phone.close();
    }

    const agent = await openPhone(browser, pageServer.url, network.pbx, 'agent1');
    const customer = await openPhone(browser, pageServer.url, network.pbx, 'customer1');
    for (const phone of [agent, customer]) {
      await phone.page.waitForFunction(() => window.softphoneTest.client?.registration.state === 'registered', undefined, {
        timeout: 10_000,
      });
    }
    await customer.page.evaluate(() => (window.softphoneTest.autoAnswer = true));

    // INVITE→200 OK: the Inviter sends the INVITE (after the 407 challenge) until the 200 OK establishes it;
    // the callee page answers at once, so this is signalling, media setup and ICE gathering on both ends.
    const inviteMs: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const ended = await agent.page.evaluate(() => window.softphoneTest.ended.length);
      await agent.page.evaluate((n) => window.softphoneTest.dial(n), TEST_NUMBERS.customer);
      await agent.page.waitForFunction(() => window.softphoneTest.call?.state === 'established', undefined, { timeout: 10_000 });
      inviteMs.push(await agent.page.evaluate(() => window.softphoneTest.call!.answeredAt! - window.softphoneTest.call!.startedAt));
      await agent.page.evaluate(() => window.softphoneTest.call!.hangup());
      await agent.page.waitForFunction((n) => window.softphoneTest.ended.length > n, ended, { timeout: 10_000 });
    }

    // A call of `callSeconds`: packets counted by each side's own WebRTC statistics.
    await agent.page.evaluate((n) => window.softphoneTest.dial(n), TEST_NUMBERS.customer);
    await agent.page.waitForFunction(() => window.softphoneTest.call?.state === 'established', undefined, { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, callSeconds * 1_000));
    const agentStats = await agent.page.evaluate(() => window.softphoneTest.call!.stats());
    const customerStats = await customer.page.evaluate(() => window.softphoneTest.call!.stats());
    await agent.page.evaluate(() => window.softphoneTest.call!.hangup());
    await agent.close();
    await customer.close();

    return {
      samples,
      registrationMs: { median: round(median(registerMs)), min: round(Math.min(...registerMs)), max: round(Math.max(...registerMs)) },
      registerRequestMs: { median: round(median(registerRequestMs)) },
      inviteTo200Ms: { median: round(median(inviteMs)), min: round(Math.min(...inviteMs)), max: round(Math.max(...inviteMs)) },
      call: {
        seconds: callSeconds,
        agent: { packetsSent: agentStats.packetsSent, packetsReceived: agentStats.packetsReceived },
        customer: { packetsSent: customerStats.packetsSent, packetsReceived: customerStats.packetsReceived },
      },
    };
  } finally {
    await browser.close();
    await Promise.all([network.stop(), pageServer.stop()]);
  }
}
