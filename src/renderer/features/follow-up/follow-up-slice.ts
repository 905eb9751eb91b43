// The follow-up panel's state and its records: every PIX copy, boleto copy and WhatsApp message is recorded in
// the account's history through followup:record (a requestId per action, so a retried record is written once).
// WhatsApp asks the contact policy first (contact:check) and opens the link only once the record is stored.
import type { MessageTemplateId } from '../../../shared/domain/messages/templates';
import type { QuitaSlice } from '../../store/types';

export type FollowUpProblem =
  /** The policy forbids a WhatsApp message now; `reasons` are reason codes (translated under `reason`). */
  | { key: 'whatsapp_blocked'; reasons: string[] }
  /** The policy (here or on the server) forbids an SMS or email now. */
  | { key: 'message_blocked'; channel: 'sms' | 'email'; reasons: string[] }
  | { key: 'not_recorded' }
  | { key: 'clipboard_denied' };

export interface FollowUpSlice {
  /** The chosen template; null = the first the account can fill (PIX, else boleto, else a reminder). */
  followUpTemplate: MessageTemplateId | null;
  /** The agent's edit of the message; null = the rendered template. */
  followUpText: string | null;
  /** The chosen number (as stored); null = the first mobile. */
  followUpPhone: string | null;
  followUpProblem: FollowUpProblem | null;
  followUpBusy: boolean;
  /** What was done last ('pix_copied'...), for the panel's "copied" confirmation. */
  followUpDone: string | null;
  setFollowUpTemplate(template: MessageTemplateId): void;
  setFollowUpText(text: string | null): void;
  setFollowUpPhone(phone: string): void;
  resetFollowUp(): void;
  /** Copies `value` to the clipboard and records `text` in the history. */
  copyFollowUp(action: 'pix_copied' | 'boleto_copied', value: string, text: string): Promise<boolean>;
  /** Checks the policy, records the message, then opens `url` (https://wa.me/...) with `open`. */
  sendWhatsApp(args: { to: string; text: string; url: string }, open: (url: string) => void): Promise<boolean>;
  /** Has the server send an SMS or email (message:send); recorded in the history once sent. */
  sendMessage(args: { channel: 'sms' | 'email'; to: string; subject: string | null; text: string }): Promise<boolean>;
}

export const createFollowUpSlice: QuitaSlice<FollowUpSlice> = (api) => (set, get) => {
  async function record(
    accountId: string,
    input: { action: 'pix_copied' | 'boleto_copied' | 'whatsapp_opened'; channel: 'phone' | 'whatsapp'; to: string | null; text: string },
  ): Promise<boolean> {
    const result = await api.invoke('followup:record', { requestId: crypto.randomUUID(), accountId, ...input });
    if (result.ok) {
      if (get().accountId === accountId) void get().refreshAccount();
      return true;
    }
    if (result.error.code === 'policy_blocked') {
      set({ followUpProblem: { key: 'whatsapp_blocked', reasons: (result.error.issues ?? []).map((i) => i.message) } });
    } else {
      set({ followUpProblem: { key: 'not_recorded' } });
      get().reportError(result.error);
    }
    return false;
  }

  return {
    followUpTemplate: null,
    followUpText: null,
    followUpPhone: null,
    followUpProblem: null,
    followUpBusy: false,
    followUpDone: null,

    setFollowUpTemplate(followUpTemplate) {
      // A new template is a new message: the edit of the previous one is dropped.
      set({ followUpTemplate, followUpText: null, followUpProblem: null });
    },
    setFollowUpText(followUpText) {
      set({ followUpText });
    },
    setFollowUpPhone(followUpPhone) {
      set({ followUpPhone, followUpProblem: null });
    },
    resetFollowUp() {
      set({ followUpTemplate: null, followUpText: null, followUpPhone: null, followUpProblem: null, followUpBusy: false, followUpDone: null });
    },

    async copyFollowUp(action, value, text) {
      const accountId = get().accountId;
      if (accountId === null || get().followUpBusy) return false;
      set({ followUpBusy: true, followUpProblem: null, followUpDone: null });
      try {
        try {
          await navigator.clipboard.writeText(value);
        } catch {
          set({ followUpProblem: { key: 'clipboard_denied' } });
          return false;
        }
        const stored = await record(accountId, { action, channel: 'phone', to: null, text });
        if (stored) set({ followUpDone: action });
        return stored;
      } finally {
        set({ followUpBusy: false });
      }
    },

    async sendMessage({ channel, to, subject, text }) {
      const accountId = get().accountId;
      if (accountId === null || get().followUpBusy) return false;
      set({ followUpBusy: true, followUpProblem: null, followUpDone: null });
      try {
        const result = await api.invoke('message:send', { requestId: crypto.randomUUID(), accountId, channel, to, subject, text });
        if (result.ok) {
          set({ followUpDone: channel === 'email' ? 'email_sent' : 'sms_sent' });
          if (get().accountId === accountId) void get().refreshAccount();
          return true;
        }
        if (result.error.code === 'policy_blocked') {
          set({ followUpProblem: { key: 'message_blocked', channel, reasons: (result.error.issues ?? []).map((i) => i.message) } });
        } else {
          get().reportError(result.error);
        }
        return false;
      } finally {
        set({ followUpBusy: false });
      }
    },

    async sendWhatsApp({ to, text, url }, open) {
      const accountId = get().accountId;
      if (accountId === null || get().followUpBusy) return false;
      set({ followUpBusy: true, followUpProblem: null, followUpDone: null });
      try {
        const check = await api.invoke('contact:check', { accountId, channel: 'whatsapp' });
        if (!check.ok) {
          get().reportError(check.error);
          return false;
        }
        if (!check.value.allowed) {
          const reasons = check.value.reasons.filter((r) => r.severity === 'block').map((r) => r.code);
          set({ followUpProblem: { key: 'whatsapp_blocked', reasons } });
          return false;
        }
        const stored = await record(accountId, { action: 'whatsapp_opened', channel: 'whatsapp', to, text });
        if (!stored) return false;
        open(url);
        set({ followUpDone: 'whatsapp_opened' });
        return true;
      } finally {
        set({ followUpBusy: false });
      }
    },
  };
};
