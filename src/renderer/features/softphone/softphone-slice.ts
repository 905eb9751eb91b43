// The softphone in the app: the SIP account (softphone:settings-*), the sip.js client (softphone-client.ts, loaded
// on first use so the first frame does not wait for it), the call in progress, the agent's state, click-to-call
// from the open account (E.164 + the contact policy first) and, after every call, call:record and the outcome
// form pre-filled from the SIP result. Inbound calls ring and pop the caller's account (customer:find-by-phone).
import type { AppError, SipSettings, SipSettingsInput } from '../../../shared/contract';
import { toE164 } from '../../../shared/domain/phone';
import type { QuitaSlice } from '../../store/types';
import { startRingtone, type Ringtone } from './ringtone';
import type { CallRecord, CallState, RegistrationStatus, SoftphoneCall, SoftphoneClient } from './softphone-client';

export type AgentState = 'available' | 'on_call' | 'wrap_up' | 'paused';
export const PAUSE_REASONS = ['break', 'lunch', 'training', 'meeting', 'technical'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export interface SoftphoneCallView {
  id: string;
  direction: 'outbound' | 'inbound';
  number: string;
  state: CallState;
  held: boolean;
  muted: boolean;
  startedAt: number;
  answeredAt: number | null;
  /** The account the call belongs to: the one dialled from, or the caller's account found by caller id. */
  accountId: string | null;
  customerName: string | null;
}

/** `key` is under `softphone.problems` in the translations. */
export interface SoftphoneProblem {
  key: string;
  params?: Record<string, string>;
  /** Policy reason codes, shown translated under the problem. */
  reasons?: string[];
}

export interface SipSettingsProblem {
  field: 'serverUrl' | 'sipUri' | 'authUser' | 'password' | 'displayName' | null;
  /** A settings check code (sip-outcome.ts) or `not_saved`. */
  code: string;
}

export interface SoftphoneSlice {
  sipSettings: SipSettings | null;
  sipSettingsProblems: readonly SipSettingsProblem[];
  sipSettingsSaving: boolean;
  /** null until a SIP account is configured. */
  registration: RegistrationStatus | null;
  call: SoftphoneCallView | null;
  softphoneProblem: SoftphoneProblem | null;
  agentState: AgentState;
  pauseReason: PauseReason | null;
  wrapUpSeconds: number;
  wrapUpEndsAt: number | null;
  /** The call whose disposition the outcome form is asking for (call:record's attempt id). */
  outcomeCallId: string | null;
  /** Chosen audio devices (MediaDeviceInfo.deviceId); null = the system default. Kept on this computer. */
  microphoneId: string | null;
  speakerId: string | null;
  setAudioDevices(devices: { microphoneId?: string | null; speakerId?: string | null }): void;
  loadSoftphone(): Promise<void>;
  saveSipSettings(input: SipSettingsInput): Promise<boolean>;
  /** Dials a typed or stored number for the open account (or none). */
  dial(raw: string): Promise<boolean>;
  hangup(): Promise<void>;
  toggleHold(): Promise<void>;
  toggleMute(): void;
  sendDtmf(digits: string): Promise<void>;
  acceptCall(): Promise<void>;
  rejectCall(): Promise<void>;
  setAgentState(state: 'available' | 'paused', reason?: PauseReason): void;
  setWrapUpSeconds(seconds: number): void;
  dismissSoftphoneProblem(): void;
}

const WRAP_UP_KEY = 'quita.softphone.wrapUpSeconds';
const MICROPHONE_KEY = 'quita.softphone.microphoneId';
const SPEAKER_KEY = 'quita.softphone.speakerId';

function stored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) || null;
  } catch {
    return null;
  }
}

function keep(key: string, value: string | null): void {
  try {
    if (value) globalThis.localStorage?.setItem(key, value);
    else globalThis.localStorage?.removeItem(key);
  } catch {
    // Not kept across restarts; the choice still applies now.
  }
}

/** Plays the far end on the chosen speaker; setSinkId is Chromium's (and Electron's) output-device choice. */
function applySpeaker(element: HTMLAudioElement | null, speakerId: string | null): void {
  const sink = element as (HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> }) | null;
  void sink?.setSinkId?.(speakerId ?? '').catch(() => {});
}

function storedWrapUpSeconds(): number {
  try {
    const stored = globalThis.localStorage?.getItem(WRAP_UP_KEY);
    const value = stored ? Number(stored) : NaN;
    return Number.isInteger(value) && value >= 0 && value <= 600 ? value : 30;
  } catch {
    return 30;
  }
}

export const createSoftphoneSlice: QuitaSlice<SoftphoneSlice> = (api) => (set, get) => {
  let client: SoftphoneClient | null = null;
  let activeCall: SoftphoneCall | null = null;
  let callAccount: { accountId: string | null; customerName: string | null } = { accountId: null, customerName: null };
  let ringtone: Ringtone | null = null;
  let wrapUpTimer: ReturnType<typeof setTimeout> | null = null;
  let loaded = false;
  let remoteAudio: HTMLAudioElement | null = null;

  function stopRinging(): void {
    ringtone?.stop();
    ringtone = null;
  }

  function view(call: SoftphoneCall): SoftphoneCallView {
    return {
      id: call.id,
      direction: call.direction,
      number: call.number,
      state: call.state,
      held: call.held,
      muted: call.muted,
      startedAt: call.startedAt,
      answeredAt: call.answeredAt,
      accountId: callAccount.accountId,
      customerName: callAccount.customerName,
    };
  }

  function enterWrapUp(): void {
    if (wrapUpTimer) clearTimeout(wrapUpTimer);
    const seconds = get().wrapUpSeconds;
    set({ agentState: 'wrap_up', wrapUpEndsAt: Date.now() + seconds * 1000 });
    wrapUpTimer = setTimeout(() => {
      wrapUpTimer = null;
      if (get().agentState === 'wrap_up') set({ agentState: 'available', wrapUpEndsAt: null });
    }, seconds * 1000);
  }

  async function onCallEnded(record: CallRecord): Promise<void> {
    stopRinging();
    const account = callAccount;
    if (activeCall?.id === record.callId) {
      activeCall = null;
      set({ call: null });
    }
    if (get().agentState === 'on_call') enterWrapUp();
    const result = await api.invoke('call:record', {
      callId: record.callId,
      number: record.number,
      direction: record.direction,
      startedAt: record.startedAt,
      answeredAt: record.answeredAt,
      endedAt: record.endedAt,
      sipStatus: record.sipStatus,
      accountId: account.accountId,
    });
    if (!result.ok) {
      get().reportError(result.error);
      return;
    }
    // The outcome form asks the agent to confirm, pre-filled from the SIP result (486 → busy, 480/408 → no answer).
    if (account.accountId !== null && get().accountId === account.accountId) {
      get().resetOutcome();
      if (record.suggestedDisposition) get().setOutcomeField('disposition', record.suggestedDisposition);
      set({ outcomeCallId: result.value.attemptId });
    }
  }

  async function onIncomingCall(call: SoftphoneCall): Promise<void> {
    if (activeCall || get().agentState === 'paused') {
      // One call at a time; a paused agent takes none.
      await call.reject(486).catch(() => {});
      return;
    }
    activeCall = call;
    callAccount = { accountId: null, customerName: null };
    set({ call: view(call) });
    ringtone = startRingtone();
    // Screen-pop: the caller id's customer, their account opened while the phone rings.
    const found = await api.invoke('customer:find-by-phone', { number: call.number });
    if (found.ok && found.value.matches[0] && activeCall === call) {
      const match = found.value.matches[0];
      callAccount = { accountId: match.accountId, customerName: match.customerName };
      set({ call: view(call) });
      await get().openAccount(match.accountId);
    }
  }

  async function startClient(): Promise<void> {
    if (client) {
      const old = client;
      client = null;
      await old.stop().catch(() => {});
    }
    const settings = get().sipSettings;
    if (!settings || !settings.serverUrl || !settings.sipUri) {
      set({ registration: null });
      return;
    }
    const credentials = await api.invoke('softphone:credentials', {});
    if (!credentials.ok) {
      get().reportError(credentials.error);
      return;
    }
    const { createSoftphoneClient } = await import('./softphone-client');
    if (!remoteAudio && typeof Audio !== 'undefined') {
      remoteAudio = new Audio();
      applySpeaker(remoteAudio, get().speakerId);
    }
    const created = createSoftphoneClient({
      account: {
        serverUrl: settings.serverUrl,
        sipUri: settings.sipUri,
        ...(settings.authUser ? { authUser: settings.authUser } : {}),
        ...(settings.displayName ? { displayName: settings.displayName } : {}),
        password: credentials.value.password ?? '',
      },
      remoteAudio,
      microphoneDeviceId: () => get().microphoneId,
      // A dead PBX is noticed within seconds and the re-register lands well inside 10 s of its return.
      keepAliveIntervalMs: 3_000,
      keepAliveTimeoutMs: 2_000,
      reconnectInitialDelayMs: 300,
      reconnectMaxDelayMs: 3_000,
      onRegistration: (status) => {
        if (client === created) set({ registration: status });
      },
      onIncomingCall: (call) => void onIncomingCall(call),
      onCallUpdate: (call) => {
        if (call !== activeCall) return;
        if (call.state === 'established') {
          stopRinging();
          if (get().agentState !== 'on_call') set({ agentState: 'on_call', wrapUpEndsAt: null });
        }
        set({ call: view(call) });
      },
      onCallEnded: (record) => void onCallEnded(record),
    });
    client = created;
    set({ registration: created.registration });
    await created.start();
  }

  return {
    sipSettings: null,
    sipSettingsProblems: [],
    sipSettingsSaving: false,
    registration: null,
    call: null,
    softphoneProblem: null,
    agentState: 'available',
    pauseReason: null,
    wrapUpSeconds: storedWrapUpSeconds(),
    wrapUpEndsAt: null,
    outcomeCallId: null,
    microphoneId: stored(MICROPHONE_KEY),
    speakerId: stored(SPEAKER_KEY),

    setAudioDevices(devices) {
      if (devices.microphoneId !== undefined) {
        keep(MICROPHONE_KEY, devices.microphoneId);
        set({ microphoneId: devices.microphoneId });
      }
      if (devices.speakerId !== undefined) {
        keep(SPEAKER_KEY, devices.speakerId);
        set({ speakerId: devices.speakerId });
        applySpeaker(remoteAudio, devices.speakerId);
      }
    },

    async loadSoftphone() {
      if (loaded) return;
      loaded = true;
      const result = await api.invoke('softphone:settings-get', {});
      if (!result.ok) {
        get().reportError(result.error);
        return;
      }
      set({ sipSettings: result.value });
      await startClient();
    },

    async saveSipSettings(input) {
      set({ sipSettingsSaving: true, sipSettingsProblems: [] });
      const result = await api.invoke('softphone:settings-set', input);
      set({ sipSettingsSaving: false });
      if (!result.ok) {
        set({ sipSettingsProblems: settingsProblems(result.error) });
        return false;
      }
      set({ sipSettings: result.value });
      await startClient();
      return true;
    },

    async dial(raw) {
      set({ softphoneProblem: null });
      if (!client || get().registration?.state !== 'registered') {
        set({ softphoneProblem: { key: 'not_registered' } });
        return false;
      }
      if (activeCall) {
        set({ softphoneProblem: { key: 'busy_line' } });
        return false;
      }
      const region = get().settings?.defaultRegion ?? 'BR';
      const e164 = toE164(raw, region);
      if (!e164) {
        set({ softphoneProblem: { key: 'invalid_number', params: { number: raw.trim(), region } } });
        return false;
      }
      const view_ = get().accountView;
      const accountId = view_ && view_.account.id === get().accountId ? view_.account.id : null;
      if (accountId !== null) {
        const check = await api.invoke('contact:check', { accountId, channel: 'phone' });
        if (!check.ok) {
          get().reportError(check.error);
          return false;
        }
        if (!check.value.allowed) {
          const reasons = check.value.reasons.filter((r) => r.severity === 'block').map((r) => r.code);
          set({ softphoneProblem: { key: 'policy_blocked', reasons } });
          return false;
        }
      }
      callAccount = { accountId, customerName: view_?.customer.name ?? null };
      try {
        activeCall = client.call(e164);
      } catch {
        set({ softphoneProblem: { key: 'not_registered' } });
        return false;
      }
      set({ call: view(activeCall), agentState: 'on_call', wrapUpEndsAt: null, pauseReason: null });
      return true;
    },

    async hangup() {
      await activeCall?.hangup().catch(() => {});
    },

    async toggleHold() {
      if (!activeCall) return;
      await (activeCall.held ? activeCall.unhold() : activeCall.hold()).catch(() => set({ softphoneProblem: { key: 'hold_failed' } }));
    },

    toggleMute() {
      activeCall?.setMuted(!activeCall.muted);
    },

    async sendDtmf(digits) {
      if (!activeCall || digits === '') return;
      await activeCall.sendDtmf(digits).catch(() => set({ softphoneProblem: { key: 'dtmf_failed' } }));
    },

    async acceptCall() {
      stopRinging();
      if (activeCall?.state === 'incoming') {
        set({ agentState: 'on_call', wrapUpEndsAt: null, pauseReason: null });
        await activeCall.accept().catch(() => set({ softphoneProblem: { key: 'accept_failed' } }));
      }
    },

    async rejectCall() {
      stopRinging();
      if (activeCall?.state === 'incoming') await activeCall.reject(486).catch(() => {});
    },

    setAgentState(state, reason) {
      if (get().agentState === 'on_call') return;
      if (wrapUpTimer) clearTimeout(wrapUpTimer);
      wrapUpTimer = null;
      set({ agentState: state, pauseReason: state === 'paused' ? (reason ?? 'break') : null, wrapUpEndsAt: null });
    },

    setWrapUpSeconds(seconds) {
      const value = Math.max(0, Math.min(600, Math.round(seconds)));
      set({ wrapUpSeconds: value });
      try {
        globalThis.localStorage?.setItem(WRAP_UP_KEY, String(value));
      } catch {
        // Not kept across restarts; the value still applies now.
      }
    },

    dismissSoftphoneProblem() {
      set({ softphoneProblem: null });
    },
  };
};

/** main's refusal of the settings → one problem per field, with the settings check code (sip-outcome.ts). */
export function settingsProblems(error: AppError): SipSettingsProblem[] {
  if (error.code !== 'invalid_input' || !error.issues?.length) return [{ field: null, code: 'not_saved' }];
  const fields = ['serverUrl', 'sipUri', 'authUser', 'password', 'displayName'] as const;
  return error.issues.map((issue) => {
    const field = fields.find((f) => f === issue.path) ?? null;
    return { field, code: /^[a-z_]+$/.test(issue.message) ? issue.message : 'invalid' };
  });
}
