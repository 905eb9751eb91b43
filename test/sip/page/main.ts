// Test page: runs the renderer's softphone core (no app around it) and exposes a small driver on `window`
// for Playwright. Each page is one phone: the agent, the customer who answers the agent's calls (and, with
// followReferrals, follows a transfer like a desk phone: REFER → a new call to the target, with its Replaces), or
// the third party a call is transferred to.
import {
  createSoftphoneClient,
  type CallRecord,
  type RegistrationStatus,
  type SoftphoneAccount,
  type SoftphoneCall,
  type SoftphoneClient,
  type SoftphoneClientOptions,
} from '../../../src/renderer/features/softphone/softphone-client';

type PhoneSettings = Pick<
  SoftphoneClientOptions,
  | 'keepAliveIntervalMs'
  | 'keepAliveTimeoutMs'
  | 'reconnectInitialDelayMs'
  | 'reconnectMaxDelayMs'
  | 'ringTimeoutMs'
  | 'transferTimeoutMs'
  | 'followReferrals'
>;

export interface SoftphoneTestDriver {
  client: SoftphoneClient | null;
  statuses: RegistrationStatus[];
  ended: CallRecord[];
  incoming: SoftphoneCall[];
  /** Calls placed because the far end transferred us (REFER), in order. */
  referralCalls: SoftphoneCall[];
  /** The call being driven: the last one dialled, received, or placed for a transfer. */
  call: SoftphoneCall | null;
  /** Answer incoming calls by themselves (the customer page). */
  autoAnswer: boolean;
  /** Log sip.js's debug lines to the console too. */
  verbose: boolean;
  /** Milliseconds from start() to "registered", for the last start(). */
  registeredAfterMs: number | null;
  start(account: SoftphoneAccount, settings?: PhoneSettings): Promise<void>;
  dial(target: string, options?: { ringTimeoutMs?: number }): void;
  lastEnded(): CallRecord | null;
}

declare global {
  interface Window {
    softphoneTest: SoftphoneTestDriver;
  }
}

const statusText = document.querySelector<HTMLElement>('[data-testid="softphone-status"]')!;
const remoteAudio = document.querySelector<HTMLAudioElement>('#remote-audio');

const driver: SoftphoneTestDriver = {
  client: null,
  statuses: [],
  ended: [],
  incoming: [],
  referralCalls: [],
  call: null,
  autoAnswer: false,
  registeredAfterMs: null,
  verbose: false,
  async start(account, settings = {}) {
    const startedAt = performance.now();
    driver.registeredAfterMs = null;
    driver.client = createSoftphoneClient({
      account,
      ...settings,
      remoteAudio,
      log: (level, message) => {
        if (level === 'error' || level === 'warn' || driver.verbose) console.log(`[softphone ${level}] ${message}`);
      },
      onRegistration: (status) => {
        driver.statuses.push(status);
        statusText.textContent = status.reason ? `${status.state}: ${status.reason.replaceAll('_', ' ')}` : status.state;
        if (status.state === 'registered' && driver.registeredAfterMs === null) {
          driver.registeredAfterMs = performance.now() - startedAt;
        }
      },
      onIncomingCall: (call) => {
        driver.incoming.push(call);
        driver.call = call;
        // An INVITE with Replaces is answered by the client itself, like a desk phone.
        if (driver.autoAnswer && call.replacesCallId === null) void call.accept();
      },
      onReferralCall: (call) => {
        driver.referralCalls.push(call);
        driver.call = call;
      },
      onCallEnded: (record) => driver.ended.push(record),
    });
    await driver.client.start();
  },
  dial(target, options) {
    if (!driver.client) throw new Error('start() first');
    driver.call = driver.client.call(target, options);
  },
  lastEnded() {
    return driver.ended.at(-1) ?? null;
  },
};

window.softphoneTest = driver;
