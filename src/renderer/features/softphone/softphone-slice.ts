// The softphone in the app: the SIP account (softphone:settings-*), the sip.js client (softphone-client.ts, loaded
// on first use so the first frame does not wait for it), the call in progress, the agent's state, click-to-call
// from the open account (E.164 + the contact policy first) and, after every call, call:record and the outcome
// form pre-filled from the SIP result. Inbound calls ring and pop the caller's account (customer:find-by-phone).
// Transfers: blind (the typed number gets the customer) or attended (the customer waits on hold while the agent
// consults the third party, then is handed over or resumed); a transferred call's outcome notes say where to.
import type { AppError, SipSettings, SipSettingsInput } from '../../../shared/contract';
import type { Locale } from '../../../shared/model';
import { toE164 } from '../../../shared/domain/phone';
import { translations, type Translations } from '../../i18n/i18n';
import type { QuitaSlice } from '../../store/types';
import { startRingtone, type Ringtone } from './ringtone';
import type {
  CallRecord,
  CallState,
  RegistrationStatus,
  SoftphoneCall,
  SoftphoneClient,
  TransferProgress,
} from './softphone-client';

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
  /** The transfer asked of the far end, if any (state as the far end reports it). */
  transfer: TransferProgress | null;
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
  /** The third party the agent is consulting before an attended transfer (the customer is on hold). */
  consultCall: SoftphoneCallView | null;
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
  /** Blind transfer of the call to a typed number (E.164 in the default region); the agent's leg ends. */
  blindTransfer(raw: string): Promise<boolean>;
  /** Puts the customer on hold and calls the third party (attended transfer, first step). */
  startConsult(raw: string): Promise<boolean>;
  /** Hands the customer over to the consulted party (REFER with Replaces). */
  completeTransfer(): Promise<boolean>;
  /** Ends the consult call and resumes the customer. */
  cancelConsult(): Promise<void>;
  /** The microphone stream of the call the agent is talking on (for the level meter). */
  micStream(): MediaStream | null;
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

/** A softphone string in the app's language, outside React (the outcome notes a transfer pre-fills). */
function softphoneText(locale: Locale, key: string, params: Record<string, string>): string {
  const section = (translations[locale] ?? translations['pt-BR']).softphone as Translations | undefined;
  const template = typeof section?.[key] === 'string' ? section[key] : key;
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => params[name] ?? '');
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
  let consultCall: SoftphoneCall | null = null;
  let callAccount: { accountId: string | null; customerName: string | null } = { accountId: null, customerName: null };
  let ringtone: Ringtone | null = null;
  let wrapUpTimer: ReturnType<typeof setTimeout> | null = null;
  let loaded = false;
  let remoteAudio: HTMLAudioElement | null = null;

  function stopRinging(): void {
    ringtone?.stop();
    ringtone = null;
  }

  const noAccount = { accountId: null, customerName: null };

  function view(call: SoftphoneCall, account: typeof callAccount = callAccount): SoftphoneCallView {
    return {
      id: call.id,
      direction: call.direction,
      number: call.number,
      state: call.state,
      held: call.held,
      muted: call.muted,
      startedAt: call.startedAt,
      answeredAt: call.answeredAt,
      accountId: account.accountId,
      customerName: account.customerName,
      transfer: call.transfer,
    };
  }

  /** The typed number in E.164, or a problem shown to the agent. */
  function normalized(raw: string): string | null {
    const region = get().settings?.defaultRegion ?? 'BR';
    const e164 = toE164(raw, region);
    if (!e164) set({ softphoneProblem: { key: 'invalid_number', params: { number: raw.trim(), region } } });
    return e164;
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
    if (consultCall?.id === record.callId) {
      // A call to a colleague or another desk, not a contact with the customer: no attempt is written.
      consultCall = null;
      set({ consultCall: null });
      if (record.answeredAt === null && activeCall) set({ softphoneProblem: { key: 'consult_failed', params: { number: record.number } } });
      return;
    }
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
      if (record.transferredTo) {
        get().setOutcomeField('notes', softphoneText(get().locale, 'transferNote', { number: record.transferredTo }));
      }
      set({ outcomeCallId: result.value.attemptId });
    }
  }

  async function onIncomingCall(call: SoftphoneCall): Promise<void> {
    if (call.replacesCallId !== null && call.replacesCallId === activeCall?.id) {
      // Someone took over the other end of our call (an attended transfer to us): the same conversation goes on.
      activeCall = call;
      set({ call: view(call) });
      return;
    }
    if (activeCall || consultCall || get().agentState === 'paused') {
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
      // In the document (hidden) rather than detached, so the speaker it plays on can be inspected; owned here,
      // not by the panel, so a call keeps its audio whatever the screen shows.
      remoteAudio.hidden = true;
      remoteAudio.setAttribute('data-testid', 'softphone-remote-audio');
      globalThis.document?.body?.append(remoteAudio);
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
        if (call === consultCall) {
          set({ consultCall: view(call, noAccount) });
          return;
        }
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
    consultCall: null,
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
        const microphoneId = devices.microphoneId;
        keep(MICROPHONE_KEY, microphoneId);
        set({ microphoneId });
        // Calls in progress switch too (the next call reads the choice when it starts).
        for (const call of [activeCall, consultCall]) {
          if (call?.state === 'established') {
            void call.setMicrophone(microphoneId).catch(() => set({ softphoneProblem: { key: 'microphone_failed' } }));
          }
        }
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
      if (activeCall || consultCall) {
        set({ softphoneProblem: { key: 'busy_line' } });
        return false;
      }
      const e164 = normalized(raw);
      if (!e164) return false;
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

    async blindTransfer(raw) {
      set({ softphoneProblem: null });
      const call = activeCall;
      if (!call || call.state !== 'established' || consultCall) return false;
      const e164 = normalized(raw);
      if (!e164) return false;
      try {
        await call.transferTo(e164);
        return true;
      } catch {
        set({ softphoneProblem: { key: 'transfer_failed', params: { number: e164 } } });
        return false;
      }
    },

    async startConsult(raw) {
      set({ softphoneProblem: null });
      const call = activeCall;
      if (!client || !call || call.state !== 'established' || consultCall) return false;
      const e164 = normalized(raw);
      if (!e164) return false;
      try {
        // The customer waits on hold (and hears nothing of the consultation).
        if (!call.held) await call.hold();
        consultCall = client.call(e164);
      } catch {
        set({ softphoneProblem: { key: 'hold_failed' } });
        return false;
      }
      set({ consultCall: view(consultCall, noAccount) });
      return true;
    },

    async completeTransfer() {
      set({ softphoneProblem: null });
      const call = activeCall;
      const consult = consultCall;
      if (!call || !consult || consult.state !== 'established') return false;
      try {
        await call.transferTo(consult);
      } catch {
        set({ softphoneProblem: { key: 'transfer_failed', params: { number: consult.number } } });
        return false;
      }
      // The target hangs up our consult call when the customer replaces it; if it has not, do it ourselves.
      setTimeout(() => {
        if (consultCall === consult) void consult.hangup().catch(() => {});
      }, 3_000);
      return true;
    },

    async cancelConsult() {
      const consult = consultCall;
      await consult?.hangup().catch(() => {});
      if (activeCall?.held) await activeCall.unhold().catch(() => set({ softphoneProblem: { key: 'hold_failed' } }));
    },

    micStream() {
      // While consulting, the agent talks on the consult call (the customer's leg is on hold, its track off).
      const talking = consultCall?.state === 'established' ? consultCall : activeCall;
      return talking?.localStream() ?? null;
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
