// The follow-up slice with a fake API and a real clipboard stand-in: a copy is recorded in the history, a
// WhatsApp message is recorded before the link opens and never opens when the policy says no.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountView, ChannelName, PolicyCheck, QuitaApi, Result } from '../../../shared/contract';
import { createQuitaStore } from '../../store';

const view = { customer: { id: 'c-1' }, account: { id: 'a-1' }, history: [] } as unknown as AccountView;

function apiWith(check: PolicyCheck, record: Result<unknown> = { ok: true, value: { id: 'x', duplicate: false } }) {
  const calls: Array<{ channel: ChannelName; input: Record<string, unknown> }> = [];
  const api: QuitaApi = {
    invoke: ((channel: ChannelName, input: Record<string, unknown>) => {
      // Other slices may load their own data when the account is set; only these channels are the follow-up's.
      if (channel === 'contact:check' || channel === 'followup:record') calls.push({ channel, input });
      if (channel === 'contact:check') return Promise.resolve({ ok: true, value: check });
      if (channel === 'followup:record') return Promise.resolve(record);
      if (channel === 'account:get') return Promise.resolve({ ok: true, value: view });
      return Promise.resolve({ ok: true, value: { total: 0, items: [] } });
    }) as QuitaApi['invoke'],
    on: () => () => {},
  };
  const store = createQuitaStore(api);
  store.setState({ accountId: 'a-1', accountView: view });
  return { store, calls };
}

const allowed: PolicyCheck = { allowed: true, reasons: [], nextAllowedAt: null };
const noConsent: PolicyCheck = {
  allowed: false,
  reasons: [{ code: 'no_consent', params: { channel: 'whatsapp' }, severity: 'block' }],
  nextAllowedAt: null,
};

let clipboard: string | null;
beforeEach(() => {
  clipboard = null;
  vi.stubGlobal('navigator', { clipboard: { writeText: (text: string) => ((clipboard = text), Promise.resolve()) } });
});
afterEach(() => vi.unstubAllGlobals());

describe('follow-ups', () => {
  it('copies the PIX code and records it as a message with a fresh requestId each time', async () => {
    const { store, calls } = apiWith(allowed);
    expect(await store.getState().copyFollowUp('pix_copied', '000201...', 'PIX copiado')).toBe(true);
    expect(clipboard).toBe('000201...');
    const records = calls.filter((c) => c.channel === 'followup:record').map((c) => c.input);
    expect(records).toEqual([expect.objectContaining({ accountId: 'a-1', action: 'pix_copied', channel: 'phone', to: null, text: 'PIX copiado' })]);
    expect(store.getState().followUpDone).toBe('pix_copied');
    await store.getState().copyFollowUp('pix_copied', '000201...', 'PIX copiado');
    const ids = calls.filter((c) => c.channel === 'followup:record').map((c) => c.input.requestId);
    expect(new Set(ids).size).toBe(2);
  });

  it('opens WhatsApp only after the policy allows it and the message is recorded', async () => {
    const opened: string[] = [];
    const { store, calls } = apiWith(allowed);
    const sent = await store.getState().sendWhatsApp({ to: '+5511987654321', text: 'Olá', url: 'https://wa.me/5511987654321?text=Ol%C3%A1' }, (u) => opened.push(u));
    expect(sent).toBe(true);
    expect(calls.map((c) => c.channel)).toEqual(['contact:check', 'followup:record']);
    expect(calls[1]!.input).toMatchObject({ action: 'whatsapp_opened', channel: 'whatsapp', to: '+5511987654321', text: 'Olá' });
    expect(opened).toEqual(['https://wa.me/5511987654321?text=Ol%C3%A1']);
  });

  it('neither records nor opens when the policy forbids the message, and says why', async () => {
    const opened: string[] = [];
    const { store, calls } = apiWith(noConsent);
    expect(await store.getState().sendWhatsApp({ to: '+5511987654321', text: 'Olá', url: 'https://wa.me/x' }, (u) => opened.push(u))).toBe(false);
    expect(calls.map((c) => c.channel)).toEqual(['contact:check']);
    expect(opened).toEqual([]);
    expect(store.getState().followUpProblem).toEqual({ key: 'whatsapp_blocked', reasons: ['no_consent'] });
  });

  it('does not open the link when main refuses the record', async () => {
    const opened: string[] = [];
    const refused: Result<unknown> = { ok: false, error: { code: 'policy_blocked', message: 'no', issues: [{ path: 'channel', message: 'outside_message_hours' }] } };
    const { store } = apiWith(allowed, refused);
    expect(await store.getState().sendWhatsApp({ to: '+5511987654321', text: 'Olá', url: 'https://wa.me/x' }, (u) => opened.push(u))).toBe(false);
    expect(opened).toEqual([]);
    expect(store.getState().followUpProblem).toEqual({ key: 'whatsapp_blocked', reasons: ['outside_message_hours'] });
  });
});
