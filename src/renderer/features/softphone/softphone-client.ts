// The softphone's SIP core, in the renderer (WebRTC lives there): registration with a visible state, keep-alive
// and reconnect, outbound and inbound calls with hold, mute and DTMF, and one record per finished call that the
// app turns into a contact attempt. sip.js 0.21 does the SIP; this file adds what it leaves to the app
// (toolchain.md): re-register after the socket drops, half-open socket detection, no public STUN server.
// Transfers: blind (REFER to a number) and attended (REFER with Replaces to an established consult call), and,
// for a phone that lets the far end redirect it (the test pages), following a REFER and taking an INVITE with
// Replaces like a desk phone does.
import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SIPExtension,
  type Session,
  SessionState,
  UserAgent,
  type Referral,
  type URI,
  Web,
} from 'sip.js';
import { suggestedDisposition, type CallCancelledBy } from '../../../shared/domain/sip-outcome';
import type { Disposition } from '../../../shared/model';

export type RegistrationState = 'registered' | 'registering' | 'unregistered' | 'failed';
/** Why the softphone is not registered; the UI translates these codes. */
export type RegistrationFailure = 'authentication_failed' | 'server_unreachable' | 'rejected' | 'invalid_settings';

export interface RegistrationStatus {
  state: RegistrationState;
  reason: RegistrationFailure | null;
  /** The registrar's final status when it answered with an error (401/403 → authentication failed). */
  sipStatus: number | null;
  /** When the next automatic attempt is due (epoch ms), while the server is unreachable. */
  retryAt: number | null;
  /** How long the last successful REGISTER took, first request to 200 OK, challenge included. */
  lastRegisterMs: number | null;
}

export interface SoftphoneAccount {
  /** The PBX's SIP-over-WebSocket URL, "wss://pbx.example.com:8089/ws". */
  serverUrl: string;
  /** The agent's address of record, "sip:agent1@pbx.example.com". */
  sipUri: string;
  /** Digest user when it differs from the SIP URI's user. */
  authUser?: string;
  password: string;
  displayName?: string;
}

export type CallDirection = 'outbound' | 'inbound';
export type CallState = 'dialing' | 'ringing' | 'incoming' | 'established' | 'ended';
export type DtmfMode = 'auto' | 'rfc4733' | 'info';

/** One finished call, what the app needs to write the contact attempt. */
export interface CallRecord {
  callId: string;
  number: string;
  direction: CallDirection;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number;
  /** Final SIP status of the INVITE: 200 when answered, else the rejection (486, 480, 408, 404, 487, ...). */
  sipStatus: number | null;
  cancelledBy: CallCancelledBy | null;
  /** Who ended an answered call. */
  endedBy: 'local' | 'remote' | null;
  /** Pre-filled disposition (shared/domain/sip-outcome); the agent confirms. */
  suggestedDisposition: Disposition | null;
  /** Where the far end was transferred to (the dialled number, or the consulted party), when the transfer completed. */
  transferredTo: string | null;
}

/**
 * A transfer this call's far end was asked to make (we sent the REFER). `requested` until the far end accepts
 * (202), `accepted` while it calls the target, then `completed` (the target answered: our leg is hung up) or
 * `failed` (refused, the target did not answer, or no news in time: the far end stays with us).
 */
export interface TransferProgress {
  mode: 'blind' | 'attended';
  target: string;
  state: 'requested' | 'accepted' | 'completed' | 'failed';
  /** The REFER's rejection or the target's final status as the far end reported it (NOTIFY sipfrag). */
  sipStatus: number | null;
}

export interface CallMediaStats {
  packetsSent: number;
  packetsReceived: number;
  bytesSent: number;
  bytesReceived: number;
}

export interface SoftphoneCall {
  readonly id: string;
  readonly direction: CallDirection;
  readonly number: string;
  readonly displayName: string | null;
  readonly state: CallState;
  readonly held: boolean;
  /** The far end put us on hold (its offer was sendonly or inactive). */
  readonly heldByRemote: boolean;
  readonly muted: boolean;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly sipStatus: number | null;
  /** DTMF digits the far end sent us by SIP INFO (RFC 4733 tones are not visible to a browser). */
  readonly receivedDtmf: string;
  /** Digits our RTCDTMFSender actually played out, in order. */
  readonly sentDtmf: string;
  /** The transfer we asked the far end to make, if any. */
  readonly transfer: TransferProgress | null;
  /** An incoming call that replaced this phone's call with that id (INVITE with Replaces: an attended transfer). */
  readonly replacesCallId: string | null;
  /** A call this phone placed because the far end of that call referred it here (REFER). */
  readonly referredFromCallId: string | null;
  accept(): Promise<void>;
  reject(statusCode?: 486 | 603): Promise<void>;
  hangup(): Promise<void>;
  hold(): Promise<void>;
  unhold(): Promise<void>;
  setMuted(muted: boolean): void;
  sendDtmf(digits: string, mode?: DtmfMode): Promise<'rfc4733' | 'info'>;
  stats(): Promise<CallMediaStats>;
  peerConnection(): RTCPeerConnection | null;
  /** Our microphone's stream in this call (for a level meter), once media is set up. */
  localStream(): MediaStream | null;
  /** Switches the microphone during the call (MediaDeviceInfo.deviceId; null = the system default). */
  setMicrophone(deviceId: string | null): Promise<void>;
  /**
   * Transfers the far end: to a number (blind, REFER) or to another established call of ours (attended, REFER
   * with Replaces). Resolves once the far end reports the target answered, after our leg is hung up; rejects with
   * `transfer_failed` when it is refused or fails, and the call stays up.
   */
  transferTo(target: string | SoftphoneCall): Promise<void>;
}

export interface SoftphoneClientOptions {
  account: SoftphoneAccount;
  /** Interval of the OPTIONS probe that finds a half-open socket; 0 turns it off. */
  keepAliveIntervalMs?: number;
  /** A probe unanswered for this long means the socket is dead: drop it and reconnect. */
  keepAliveTimeoutMs?: number;
  reconnectInitialDelayMs?: number;
  reconnectMaxDelayMs?: number;
  registerExpiresSeconds?: number;
  iceGatheringTimeoutMs?: number;
  /** An outbound call still ringing after this long is cancelled (recorded as a ring timeout). */
  ringTimeoutMs?: number;
  /** A transfer with no final report from the far end after this long counts as failed; the call stays up. */
  transferTimeoutMs?: number;
  /**
   * Follow a REFER from the far end (call the target it names, with its Replaces) like a desk phone. Off for the
   * agent: a customer must not be able to make the agent's line call somewhere else.
   */
  followReferrals?: boolean;
  /** A call placed because the far end of `from` referred us (followReferrals). */
  onReferralCall?: (call: SoftphoneCall, from: SoftphoneCall) => void;
  dtmfToneMs?: number;
  dtmfGapMs?: number;
  /** Where the far end's audio plays; a detached audio element when omitted (the app picks its speaker with setSinkId). */
  remoteAudio?: HTMLAudioElement | null;
  /** The microphone (MediaDeviceInfo.deviceId) the next call captures, read per call; the system default when null. */
  microphoneDeviceId?: () => string | null;
  now?: () => number;
  log?: (level: 'error' | 'warn' | 'log' | 'debug', message: string) => void;
  onRegistration?: (status: RegistrationStatus) => void;
  onIncomingCall?: (call: SoftphoneCall) => void;
  onCallUpdate?: (call: SoftphoneCall) => void;
  onCallEnded?: (record: CallRecord) => void;
}

export interface SoftphoneClient {
  readonly registration: RegistrationStatus;
  readonly calls: readonly SoftphoneCall[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Try to connect and register now (after the agent fixed the password, or to skip the backoff). */
  retry(): void;
  /** `target`: an E.164 number, a user of the same domain ("customer1") or a full "sip:" URI. */
  call(target: string, options?: { ringTimeoutMs?: number }): SoftphoneCall;
}

export class SoftphoneError extends Error {
  constructor(
    readonly code: 'invalid_target' | 'not_registered' | 'no_call' | 'invalid_dtmf' | 'transfer_failed',
    message: string,
  ) {
    super(message);
  }
}

const e164Pattern = /^\+[1-9]\d{6,14}$/;
const userPattern = /^[A-Za-z0-9._~-]+$/;
const dtmfPattern = /^[0-9A-D#*]+$/;

/** The request URI for a dialled target, or null when it is not something we may dial. */
export function targetUri(target: string, domain: string): URI | null {
  const text = target.trim();
  if (text.startsWith('sip:')) return UserAgent.makeURI(text) ?? null;
  if (e164Pattern.test(text) || userPattern.test(text)) return UserAgent.makeURI(`sip:${text}@${domain}`) ?? null;
  return null;
}

function hasTelephoneEvent(sdp: string | undefined): boolean {
  return !!sdp && /a=rtpmap:\d+ telephone-event\//i.test(sdp);
}

/** sendonly or inactive in an offer means the sender holds the call. */
function offersHold(sdp: string): boolean {
  return /^a=(sendonly|inactive)\s*$/im.test(sdp);
}

export function createSoftphoneClient(options: SoftphoneClientOptions): SoftphoneClient {
  const now = options.now ?? (() => Date.now());
  const keepAliveIntervalMs = options.keepAliveIntervalMs ?? 15_000;
  const keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 5_000;
  const reconnectInitialDelayMs = options.reconnectInitialDelayMs ?? 500;
  const reconnectMaxDelayMs = options.reconnectMaxDelayMs ?? 30_000;
  const ringTimeoutMs = options.ringTimeoutMs ?? 45_000;
  const transferTimeoutMs = options.transferTimeoutMs ?? 30_000;
  const toneMs = Math.max(100, options.dtmfToneMs ?? 120);
  const gapMs = Math.max(70, options.dtmfGapMs ?? 80);
  const log = options.log ?? (() => {});
  const account = options.account;
  const microphoneConstraints = (microphone: string | null) => ({
    audio: microphone ? { deviceId: { exact: microphone } } : true,
    video: false,
  });
  const audioOnly = () => ({ constraints: microphoneConstraints(options.microphoneDeviceId?.() ?? null) });

  let status: RegistrationStatus = {
    state: 'unregistered',
    reason: null,
    sipStatus: null,
    retryAt: null,
    lastRegisterMs: null,
  };
  const calls: CallHandle[] = [];
  let stopped = true;
  let reconnectAttempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let keepAliveTimer: ReturnType<typeof setInterval> | null = null;
  let probeInFlight = false;
  // Wrong credentials are not retried automatically: repeated failures can lock the account on a real PBX.
  let authenticationFailed = false;

  function setStatus(next: Partial<RegistrationStatus>): void {
    const merged = { ...status, ...next };
    if (
      merged.state === status.state &&
      merged.reason === status.reason &&
      merged.sipStatus === status.sipStatus &&
      merged.retryAt === status.retryAt &&
      merged.lastRegisterMs === status.lastRegisterMs
    )
      return;
    status = merged;
    options.onRegistration?.({ ...status });
  }

  const aor = UserAgent.makeURI(account.sipUri.startsWith('sip:') ? account.sipUri : `sip:${account.sipUri}`);
  if (!aor) {
    setStatus({ state: 'failed', reason: 'invalid_settings' });
  }
  const domain = aor?.host ?? '';

  const userAgent = new UserAgent({
    ...(aor ? { uri: aor } : {}),
    authorizationUsername: account.authUser || aor?.user || '',
    authorizationPassword: account.password,
    ...(account.displayName ? { displayName: account.displayName } : {}),
    transportOptions: { server: account.serverUrl, connectionTimeout: 5, keepAliveInterval: 0 },
    // We reconnect ourselves, with backoff and a re-register.
    reconnectionAttempts: 0,
    noAnswerTimeout: 120,
    // An INVITE with Replaces (the far end of an attended transfer) takes over the call it names.
    sipExtensionReplaces: SIPExtension.Supported,
    logBuiltinEnabled: false,
    logLevel: 'warn',
    logConnector: (level, category, _label, content) => log(level, `${category}: ${content}`),
    sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(),
    sessionDescriptionHandlerFactoryOptions: {
      // Never a public STUN server (sip.js's default): the PBX's network decides, and loopback needs none.
      peerConnectionConfiguration: { iceServers: [] },
      iceGatheringTimeout: options.iceGatheringTimeoutMs ?? 500,
    },
    delegate: {
      onConnect: () => {
        reconnectAttempt = 0;
        void register();
        startKeepAlive();
      },
      onDisconnect: (error) => {
        stopKeepAlive();
        if (stopped) return;
        log('warn', `transport disconnected${error ? `: ${error.message}` : ''}`);
        scheduleReconnect();
      },
      onInvite: (invitation) => {
        const call = new CallHandle(invitation, 'inbound', invitation.remoteIdentity.uri.user ?? '', invitation.remoteIdentity.displayName || null);
        const replaced = invitation.replacee ? calls.find((c) => c.session === invitation.replacee) : undefined;
        if (replaced) call.replacesCallId = replaced.id;
        calls.push(call);
        options.onIncomingCall?.(call);
        // The party we were talking to hands its place over (attended transfer): no ringing, as a desk phone
        // does; sip.js hangs up the replaced call once this one is up.
        if (replaced) void call.accept().catch((error: Error) => log('warn', `replacing call not accepted: ${error.message}`));
      },
    },
  });

  const registerer = new Registerer(userAgent, { expires: options.registerExpiresSeconds ?? 300 });
  registerer.stateChange.addListener((state) => {
    // A refresh the registrar refused (sip.js refreshes on its own): register again from scratch.
    if (state === RegistererState.Unregistered && !stopped && status.state === 'registered') {
      setStatus({ state: 'unregistered', reason: null, sipStatus: null });
      scheduleReconnect(true);
    }
  });

  let registerStartedAt = 0;
  async function register(): Promise<void> {
    if (stopped || authenticationFailed) return;
    setStatus({ state: 'registering', retryAt: null });
    registerStartedAt = now();
    try {
      await registerer.register({
        requestDelegate: {
          // Here rather than on the Registerer's state: after a reconnect it never left "Registered".
          onAccept: () =>
            setStatus({ state: 'registered', reason: null, sipStatus: null, retryAt: null, lastRegisterMs: now() - registerStartedAt }),
          onReject: (response) => {
            const code = response.message.statusCode ?? 0;
            if (code === 401 || code === 403 || code === 407) {
              authenticationFailed = true;
              setStatus({ state: 'failed', reason: 'authentication_failed', sipStatus: code, retryAt: null });
            } else {
              setStatus({ state: 'failed', reason: 'rejected', sipStatus: code });
              scheduleReconnect(true);
            }
          },
        },
      });
    } catch (error) {
      // A REGISTER already in flight answers for this one.
      log('debug', `register: ${(error as Error).message}`);
    }
  }

  function scheduleReconnect(keepSocket = false): void {
    if (stopped || reconnectTimer) return;
    const base = Math.min(reconnectMaxDelayMs, reconnectInitialDelayMs * 2 ** reconnectAttempt);
    // Jitter, so a call center's agents do not all hit the PBX in the same millisecond after an outage.
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    reconnectAttempt += 1;
    if (!keepSocket) setStatus({ state: 'failed', reason: 'server_unreachable', sipStatus: null, retryAt: now() + delay });
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, delay);
  }

  async function connect(): Promise<void> {
    if (stopped) return;
    if (userAgent.isConnected()) {
      await register();
      return;
    }
    setStatus({ state: 'registering', retryAt: null });
    try {
      await userAgent.reconnect();
    } catch (error) {
      log('warn', `connect failed: ${(error as Error).message}`);
      scheduleReconnect();
    }
  }

  function startKeepAlive(): void {
    stopKeepAlive();
    if (keepAliveIntervalMs <= 0) return;
    keepAliveTimer = setInterval(() => void probe(), keepAliveIntervalMs);
  }

  function stopKeepAlive(): void {
    if (keepAliveTimer) clearInterval(keepAliveTimer);
    keepAliveTimer = null;
  }

  /** An OPTIONS to the registrar itself; no answer in time means a half-open socket, so drop it. */
  async function probe(): Promise<void> {
    const server = UserAgent.makeURI(`sip:${domain}`);
    if (probeInFlight || stopped || !aor || !server || !userAgent.isConnected()) return;
    probeInFlight = true;
    const answered = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), keepAliveTimeoutMs);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        resolve(ok);
      };
      try {
        const core = userAgent.userAgentCore;
        const message = core.makeOutgoingRequestMessage('OPTIONS', server, aor, server, {});
        core.request(message, { onAccept: () => done(true), onReject: () => done(true) });
      } catch {
        done(false);
      }
    });
    probeInFlight = false;
    if (!answered && !stopped && userAgent.isConnected()) {
      log('warn', 'keep-alive unanswered: dropping the socket');
      stopKeepAlive();
      // Our own disconnect carries no error, so sip.js does not report it: reconnect here.
      await userAgent.transport.disconnect().catch(() => {});
      scheduleReconnect();
    }
  }

  class CallHandle implements SoftphoneCall {
    readonly id: string;
    state: CallState;
    held = false;
    heldByRemote = false;
    muted = false;
    readonly startedAt = now();
    answeredAt: number | null = null;
    endedAt: number | null = null;
    sipStatus: number | null = null;
    receivedDtmf = '';
    sentDtmf = '';
    transfer: TransferProgress | null = null;
    replacesCallId: string | null = null;
    referredFromCallId: string | null = null;
    private transferredTo: string | null = null;
    /** Settles the pending transferTo() promise: true once the target answered. */
    private settleTransfer: ((completed: boolean, sipStatus: number | null) => void) | null = null;
    private cancelledBy: CallCancelledBy | null = null;
    private endedBy: 'local' | 'remote' | null = null;
    private ringTimer: ReturnType<typeof setTimeout> | null = null;

    constructor(
      readonly session: Session,
      readonly direction: CallDirection,
      readonly number: string,
      readonly displayName: string | null,
    ) {
      this.id = session.id;
      this.state = direction === 'inbound' ? 'incoming' : 'dialing';
      session.delegate = {
        onBye: (bye) => {
          this.endedBy = 'remote';
          bye.accept();
        },
        onRefer: (referral) => this.onRefer(referral),
        onInfo: (info) => {
          const body = info.request.body ?? '';
          const signal = /Signal\s*=\s*([0-9A-D#*])/i.exec(body);
          if (/application\/dtmf-relay/i.test(info.request.getHeader('content-type') ?? '') && signal?.[1]) {
            this.receivedDtmf += signal[1].toUpperCase();
            void info.accept();
            this.changed();
          } else {
            void info.reject({ statusCode: 415 });
          }
        },
        onInvite: (request) => {
          // A re-INVITE: the far end holds or resumes.
          const held = offersHold(request.body ?? '');
          if (held !== this.heldByRemote) {
            this.heldByRemote = held;
            this.changed();
          }
        },
      };
      session.stateChange.addListener((state) => this.onSessionState(state));
      if (session instanceof Invitation) {
        // The INVITE carried no response yet; a caller's CANCEL ends it with 487.
        session.delegate.onCancel = () => {
          this.sipStatus = 487;
        };
      }
    }

    private changed(): void {
      options.onCallUpdate?.(this);
    }

    private onSessionState(state: SessionState): void {
      if (state === SessionState.Established) {
        this.clearRingTimer();
        this.state = 'established';
        this.answeredAt = now();
        this.sipStatus = 200;
        this.playRemoteAudio();
        this.watchDtmfSender();
        this.changed();
      } else if (state === SessionState.Terminated) {
        // sip.js terminates the session before it hands the final response to our request delegate.
        queueMicrotask(() => this.finish());
      }
    }

    private finish(): void {
      // The far end hung up on us after taking the transfer (some phones do, rather than wait for our BYE).
      this.settleTransfer?.(this.transfer?.state === 'accepted', null);
      this.clearRingTimer();
      this.state = 'ended';
      this.endedAt = now();
      if (this.sipStatus === null && this.cancelledBy) this.sipStatus = 487;
      if (this.answeredAt !== null && this.endedBy === null) this.endedBy = 'local';
      const index = calls.indexOf(this);
      if (index >= 0) calls.splice(index, 1);
      this.changed();
      options.onCallEnded?.({
        callId: this.id,
        number: this.number,
        direction: this.direction,
        startedAt: this.startedAt,
        answeredAt: this.answeredAt,
        endedAt: this.endedAt,
        sipStatus: this.sipStatus,
        cancelledBy: this.cancelledBy,
        endedBy: this.answeredAt === null ? null : this.endedBy,
        suggestedDisposition: suggestedDisposition({
          sipStatus: this.sipStatus,
          ...(this.cancelledBy ? { cancelledBy: this.cancelledBy } : {}),
        }),
        transferredTo: this.transferredTo,
      });
    }

    /** The far end asks us to call someone else (it is transferring us). */
    private onRefer(referral: Referral): void {
      if (!options.followReferrals) {
        void referral.reject({ statusCode: 603 });
        return;
      }
      void referral.accept().then(() => {
        // sip.js reports the new call's progress to the referrer (NOTIFY with a sipfrag) from this Inviter.
        const inviter = referral.makeInviter({ sessionDescriptionHandlerOptions: audioOnly() });
        const target = referral.referTo.uri;
        const call = new CallHandle(inviter, 'outbound', target.user ?? target.host, referral.referTo.displayName || null);
        call.referredFromCallId = this.id;
        calls.push(call);
        options.onReferralCall?.(call, this);
        call.invite(ringTimeoutMs);
        inviter.stateChange.addListener((state) => {
          if (state !== SessionState.Established) return;
          // The referrer hangs up once it hears the target answered; if it does not, leave it ourselves.
          setTimeout(() => {
            if (this.session.state === SessionState.Established) void this.hangup().catch(() => {});
          }, 3_000);
        });
      });
    }

    async transferTo(target: string | SoftphoneCall): Promise<void> {
      if (this.session.state !== SessionState.Established) throw new SoftphoneError('no_call', 'the call is not established');
      if (this.settleTransfer) throw new SoftphoneError('transfer_failed', 'a transfer is already under way');
      let referTo: URI | Session;
      let label: string;
      if (typeof target === 'string') {
        const uri = targetUri(target, domain);
        if (!uri) throw new SoftphoneError('invalid_target', `cannot transfer to ${JSON.stringify(target)}`);
        referTo = uri;
        label = target.trim();
      } else {
        const other = calls.find((c) => c === target);
        // sip.js builds Replaces from the other call's dialog: it must be answered (no "semi-attended" transfer).
        if (!other || other === this || other.session.state !== SessionState.Established) {
          throw new SoftphoneError('no_call', 'the consulted call is not established');
        }
        referTo = other.session;
        label = other.number;
      }
      const mode = typeof target === 'string' ? 'blind' : 'attended';
      this.transfer = { mode, target: label, state: 'requested', sipStatus: null };
      this.changed();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => this.settleTransfer?.(false, null), transferTimeoutMs);
        this.settleTransfer = (completed, sipStatus) => {
          clearTimeout(timer);
          this.settleTransfer = null;
          this.transfer = { mode, target: label, state: completed ? 'completed' : 'failed', sipStatus };
          if (completed) {
            this.transferredTo = label;
            // Our part is done: the far end and the target talk without us.
            if (this.session.state === SessionState.Established) void this.hangup().catch(() => {});
            resolve();
          } else {
            reject(new SoftphoneError('transfer_failed', `transfer to ${label} failed${sipStatus ? ` (${sipStatus})` : ''}`));
          }
          this.changed();
        };
        this.session
          .refer(referTo, {
            requestDelegate: {
              onAccept: () => {
                if (this.transfer?.state !== 'requested') return;
                this.transfer = { ...this.transfer, state: 'accepted' };
                this.changed();
              },
              onReject: (response) => this.settleTransfer?.(false, response.message.statusCode ?? null),
            },
            // The far end reports the target's answers as sipfrag bodies: "SIP/2.0 180 Ringing", "SIP/2.0 200 OK".
            onNotify: (notification) => {
              void notification.accept();
              const code = Number(/^SIP\/2\.0\s+(\d{3})/.exec(notification.request.body ?? '')?.[1] ?? 0);
              if (code >= 200 && code < 300) this.settleTransfer?.(true, code);
              else if (code >= 300) this.settleTransfer?.(false, code);
            },
          })
          .catch((error: Error) => {
            log('warn', `refer failed: ${error.message}`);
            this.settleTransfer?.(false, null);
          });
      });
    }

    /** Sends the INVITE (outbound calls). */
    invite(ringTimeout: number): void {
      const inviter = this.session as Inviter;
      this.ringTimer = setTimeout(() => {
        this.cancelledBy = 'ring_timeout';
        void inviter.cancel().catch(() => {});
      }, ringTimeout);
      inviter
        .invite({
          requestDelegate: {
            onProgress: (response) => {
              if ((response.message.statusCode ?? 0) >= 180 && this.state === 'dialing') {
                this.state = 'ringing';
                this.changed();
              }
            },
            onReject: (response) => {
              this.sipStatus = response.message.statusCode ?? null;
            },
          },
        })
        .catch((error: Error) => {
          log('warn', `invite failed: ${error.message}`);
          this.clearRingTimer();
        });
    }

    private clearRingTimer(): void {
      if (this.ringTimer) clearTimeout(this.ringTimer);
      this.ringTimer = null;
    }

    localStream(): MediaStream | null {
      const handler = this.session.sessionDescriptionHandler;
      return handler instanceof Web.SessionDescriptionHandler ? (handler.localMediaStream ?? null) : null;
    }

    async setMicrophone(deviceId: string | null): Promise<void> {
      const handler = this.session.sessionDescriptionHandler;
      if (this.session.state !== SessionState.Established || !(handler instanceof Web.SessionDescriptionHandler)) {
        throw new SoftphoneError('no_call', 'the call is not established');
      }
      // sip.js captures the new device, replaces the sender's track (no renegotiation), stops the old one, and
      // keeps these constraints for later re-INVITEs (hold) so they do not fall back to the old device.
      const sdh = handler as unknown as { getLocalMediaStream(o: { constraints: object }): Promise<void> };
      await sdh.getLocalMediaStream({ constraints: microphoneConstraints(deviceId) });
      // A fresh track starts enabled: keep the call muted or held as it was.
      this.applyTrackState();
      this.changed();
    }

    peerConnection(): RTCPeerConnection | null {
      const handler = this.session.sessionDescriptionHandler;
      return handler instanceof Web.SessionDescriptionHandler ? (handler.peerConnection ?? null) : null;
    }

    private playRemoteAudio(): void {
      const handler = this.session.sessionDescriptionHandler;
      if (!(handler instanceof Web.SessionDescriptionHandler)) return;
      const element = options.remoteAudio ?? new Audio();
      element.autoplay = true;
      element.srcObject = handler.remoteMediaStream;
      element.play().catch((error: Error) => log('warn', `remote audio did not start: ${error.message}`));
    }

    private watchDtmfSender(): void {
      const dtmf = this.peerConnection()?.getSenders().find((s) => s.track?.kind === 'audio')?.dtmf;
      if (!dtmf) return;
      dtmf.addEventListener('tonechange', (event) => {
        const tone = (event as RTCDTMFToneChangeEvent).tone;
        if (tone) {
          this.sentDtmf += tone;
          this.changed();
        }
      });
    }

    async accept(): Promise<void> {
      if (!(this.session instanceof Invitation)) throw new SoftphoneError('no_call', 'only an incoming call can be accepted');
      await this.session.accept({ sessionDescriptionHandlerOptions: audioOnly() });
    }

    async reject(statusCode: 486 | 603 = 486): Promise<void> {
      if (!(this.session instanceof Invitation)) throw new SoftphoneError('no_call', 'only an incoming call can be rejected');
      this.sipStatus = statusCode;
      await this.session.reject({ statusCode });
    }

    async hangup(): Promise<void> {
      const session = this.session;
      if (session.state === SessionState.Established) {
        this.endedBy = 'local';
        await session.bye();
      } else if (session instanceof Inviter) {
        if (session.state === SessionState.Initial || session.state === SessionState.Establishing) {
          this.cancelledBy = 'agent';
          await session.cancel();
        }
      } else if (session instanceof Invitation && session.state === SessionState.Initial) {
        await this.reject(486);
      }
    }

    async hold(): Promise<void> {
      await this.setHold(true);
    }

    async unhold(): Promise<void> {
      await this.setHold(false);
    }

    private async setHold(hold: boolean): Promise<void> {
      if (this.session.state !== SessionState.Established) throw new SoftphoneError('no_call', 'the call is not established');
      if (this.held === hold) return;
      const session = this.session;
      session.sessionDescriptionHandlerOptionsReInvite = { ...session.sessionDescriptionHandlerOptionsReInvite, hold } as object;
      await new Promise<void>((resolve, reject) => {
        session
          .invite({
            requestDelegate: {
              onAccept: () => {
                this.held = hold;
                this.applyTrackState();
                this.changed();
                resolve();
              },
              onReject: (response) => reject(new Error(`hold refused: ${response.message.statusCode}`)),
            },
          })
          .catch(reject);
      });
    }

    setMuted(muted: boolean): void {
      this.muted = muted;
      this.applyTrackState();
      this.changed();
    }

    private applyTrackState(): void {
      const pc = this.peerConnection();
      if (!pc) return;
      for (const sender of pc.getSenders()) if (sender.track) sender.track.enabled = !this.muted && !this.held;
      for (const receiver of pc.getReceivers()) receiver.track.enabled = !this.held;
    }

    async sendDtmf(digits: string, mode: DtmfMode = 'auto'): Promise<'rfc4733' | 'info'> {
      const tones = digits.toUpperCase();
      if (!dtmfPattern.test(tones)) throw new SoftphoneError('invalid_dtmf', `not DTMF digits: ${digits}`);
      if (this.session.state !== SessionState.Established) throw new SoftphoneError('no_call', 'the call is not established');
      const pc = this.peerConnection();
      const dtmf = pc?.getSenders().find((s) => s.track?.kind === 'audio')?.dtmf;
      const negotiated = hasTelephoneEvent(pc?.remoteDescription?.sdp);
      if (mode !== 'info' && dtmf && dtmf.canInsertDTMF && negotiated) {
        // Chromium mis-sends very short RFC 4733 events: at least 100 ms per tone, with a gap.
        dtmf.insertDTMF(tones, toneMs, gapMs);
        return 'rfc4733';
      }
      if (mode === 'rfc4733') throw new SoftphoneError('invalid_dtmf', 'RFC 4733 DTMF was not negotiated');
      for (const tone of tones) {
        await this.session.info({
          requestOptions: {
            body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=${toneMs}` },
          },
        });
      }
      return 'info';
    }

    async stats(): Promise<CallMediaStats> {
      const result: CallMediaStats = { packetsSent: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0 };
      const pc = this.peerConnection();
      if (!pc) return result;
      const report = await pc.getStats();
      report.forEach((entry: { type: string; kind?: string; packetsSent?: number; packetsReceived?: number; bytesSent?: number; bytesReceived?: number }) => {
        if (entry.kind !== 'audio') return;
        if (entry.type === 'outbound-rtp') {
          result.packetsSent += entry.packetsSent ?? 0;
          result.bytesSent += entry.bytesSent ?? 0;
        } else if (entry.type === 'inbound-rtp') {
          result.packetsReceived += entry.packetsReceived ?? 0;
          result.bytesReceived += entry.bytesReceived ?? 0;
        }
      });
      return result;
    }
  }

  return {
    get registration() {
      return { ...status };
    },
    get calls() {
      return [...calls];
    },
    async start() {
      if (!aor) return;
      if (!stopped) return;
      stopped = false;
      authenticationFailed = false;
      setStatus({ state: 'registering', reason: null, sipStatus: null, retryAt: null });
      try {
        await userAgent.start();
      } catch (error) {
        log('warn', `connect failed: ${(error as Error).message}`);
        scheduleReconnect();
      }
    },
    async stop() {
      stopped = true;
      stopKeepAlive();
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      for (const call of [...calls]) await call.hangup().catch(() => {});
      if (userAgent.isConnected() && registerer.state === RegistererState.Registered) {
        await registerer.unregister().catch(() => {});
      }
      await userAgent.stop().catch(() => {});
      setStatus({ state: 'unregistered', reason: null, sipStatus: null, retryAt: null });
    },
    retry() {
      if (stopped) return;
      authenticationFailed = false;
      reconnectAttempt = 0;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      void connect();
    },
    call(target, callOptions) {
      const uri = targetUri(target, domain);
      if (!uri) throw new SoftphoneError('invalid_target', `cannot dial ${JSON.stringify(target)}`);
      if (status.state !== 'registered') throw new SoftphoneError('not_registered', 'the softphone is not registered');
      const inviter = new Inviter(userAgent, uri, { sessionDescriptionHandlerOptions: audioOnly() });
      const call = new CallHandle(inviter, 'outbound', target.trim(), null);
      calls.push(call);
      call.invite(callOptions?.ringTimeoutMs ?? ringTimeoutMs);
      return call;
    },
  };
}
