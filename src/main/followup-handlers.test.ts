// offer:request-approval and followup:record over a real encrypted SQLite file with the demo portfolio: what they
// write, that each write and its outbox event commit together, that a retry is recorded once, that an approval
// request is never an agreement, and that the history shows both after the store is reopened.
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../shared/contract';
import { brPolicy } from '../shared/domain/policy/presets';
import { dispatch } from './dispatch';
import { openAppServices, type AppServices } from './services/app-services';
import { EventHub } from './services/events';
import { fileStandInCipher } from './services/key-vault';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 23, 15, 0, 0); // Monday 23 Nov 2026, 12:00 in São Paulo
const TODAY = '2026-11-23';

function open(dataDir: string) {
  const hub = new EventHub();
  const emitted: string[] = [];
  hub.subscribe((event) => emitted.push(event));
  const services = openAppServices({
    dataDir,
    cipher: fileStandInCipher(dataDir),
    host: 'web',
    demo: { seed: 11, accounts: 200 },
    version: 'test',
    emit: hub.emit,
    clock: () => NOW,
    startSync: false,
  });
  return { services, emitted };
}

async function invoke<C extends ChannelName>(services: AppServices, channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
  return (await dispatch(services.handlers, channel, input)) as Result<ChannelOutput<C>>;
}

async function call<C extends ChannelName>(services: AppServices, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await invoke(services, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value;
}

const count = (services: AppServices, table: string) => Number(services.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());

/** An open account with interest in its balance and enough owed for several installments of the agent minimum. */
function pickAccount(services: AppServices): string {
  const row = services.store.db
    .prepare(
      `SELECT a.id FROM accounts a JOIN customers c ON c.id = a.customer_id
       WHERE a.status = 'open' AND a.current_balance_cents > a.original_balance_cents AND a.current_balance_cents > 100000
         AND c.flags_json NOT LIKE '%true%' ORDER BY a.id LIMIT 1`,
    )
    .pluck()
    .get() as string;
  expect(row).toBeTruthy();
  return row;
}

describe('offer:request-approval', () => {
  it('stores a request outside authority with its outbox event, never a promise, once per requestId', async () => {
    const dataDir = tempDir();
    const { services, emitted } = open(dataDir);
    const accountId = pickAccount(services);
    const promisesBefore = count(services, 'promises');
    const requestId = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    // Eight installments: beyond the BR agent's maximum of six, within a supervisor's.
    const input = {
      requestId,
      accountId,
      offer: { kind: 'installments' as const, count: 8, firstDate: '2026-11-30' },
      summary: 'Pedido de aprovação: 8 parcelas a partir de 30/11/2026',
    };
    const first = await call(services, 'offer:request-approval', input);
    expect(first).toEqual({ id: requestId, approvableBy: 'supervisor', duplicate: false });
    expect(count(services, 'offer_approval_requests')).toBe(1);
    expect(count(services, 'promises')).toBe(promisesBefore);

    const events = services.store.peekEvents(10);
    expect(events.map((e) => e.type)).toEqual(['offer.approval_requested']);
    expect(events[0]!.payload).toMatchObject({
      id: requestId,
      accountId,
      role: 'agent',
      approvableBy: 'supervisor',
      violations: [{ code: 'installments_over_max', params: { count: 8, max: brPolicy.offerAuthority.roles.agent.maxInstallments } }],
    });
    const payload = events[0]!.payload as { schedule: Array<{ amountCents: number }>; totalCents: number };
    expect(payload.schedule).toHaveLength(8);
    expect(payload.schedule.reduce((s, p) => s + p.amountCents, 0)).toBe(payload.totalCents);
    expect(emitted).toContain('store:changed');

    expect(await call(services, 'offer:request-approval', input)).toEqual({ ...first, duplicate: true });
    expect(services.store.pendingEventCount()).toBe(1);

    // The history shows it as the agent's note, also after the store is reopened.
    services.close();
    const again = open(dataDir).services;
    const view = await call(again, 'account:get', { accountId });
    expect(view.history).toContainEqual({ kind: 'note', id: requestId, at: NOW, text: input.summary });
    again.close();
  });

  it('refuses an offer that cannot be made at all, writing nothing', async () => {
    const { services } = open(tempDir());
    const accountId = pickAccount(services);
    const result = await invoke(services, 'offer:request-approval', {
      requestId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a60',
      accountId,
      offer: { kind: 'new_due_date', date: '2026-11-20' },
      summary: 'x',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'invalid_input', issues: [{ path: 'offer', message: 'date_in_past' }] });
    expect(count(services, 'offer_approval_requests')).toBe(0);
    expect(services.store.pendingEventCount()).toBe(0);
    expect((await invoke(services, 'offer:request-approval', { requestId: 'not-a-uuid', accountId, offer: { kind: 'new_due_date', date: TODAY }, summary: 'x' } as never)).ok).toBe(false);
    services.close();
  });
});

describe('followup:record', () => {
  it('records a copied PIX code as a message with its outbox event, once per requestId, kept after a restart', async () => {
    const dataDir = tempDir();
    const { services } = open(dataDir);
    const accountId = pickAccount(services);
    const input = {
      requestId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a61',
      accountId,
      action: 'pix_copied' as const,
      channel: 'phone' as const,
      text: 'PIX copiado: 00020126...6304ABCD',
    };
    expect(await call(services, 'followup:record', input)).toEqual({ id: input.requestId, duplicate: false });
    expect(await call(services, 'followup:record', input)).toEqual({ id: input.requestId, duplicate: true });
    const events = services.store.peekEvents(10);
    expect(events.map((e) => e.type)).toEqual(['message.recorded']);
    expect(events[0]!.payload).toMatchObject({ id: input.requestId, accountId, action: 'pix_copied', channel: 'phone', to: null, text: input.text, at: NOW });
    services.close();

    const again = open(dataDir).services;
    const view = await call(again, 'account:get', { accountId });
    expect(view.history.filter((h) => h.kind === 'message')).toEqual([{ kind: 'message', id: input.requestId, at: NOW, channel: 'phone', text: input.text }]);
    again.close();
  });

  it('refuses a WhatsApp message the policy forbids (no consent under the BR preset) and allows it once consent is not required', async () => {
    const { services } = open(tempDir());
    const accountId = pickAccount(services);
    const input = {
      requestId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a62',
      accountId,
      action: 'whatsapp_opened' as const,
      channel: 'whatsapp' as const,
      to: '+5511987654321',
      text: 'Olá! Segue o código PIX.',
    };
    const refused = await invoke(services, 'followup:record', input);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('policy_blocked');
      expect(refused.error.issues).toContainEqual({ path: 'channel', message: 'no_consent' });
    }
    expect(count(services, 'follow_up_messages')).toBe(0);
    expect(services.store.pendingEventCount()).toBe(0);

    const { policy } = await call(services, 'policy:get', {});
    await call(services, 'policy:set', { policy: { ...policy, channels: { ...policy.channels, whatsapp: { ...policy.channels.whatsapp, consentRequired: false } } } });
    expect((await call(services, 'contact:check', { accountId, channel: 'whatsapp' })).allowed).toBe(true);
    expect(await call(services, 'followup:record', input)).toEqual({ id: input.requestId, duplicate: false });
    expect(services.store.peekEvents(10).map((e) => e.payload)).toEqual([
      expect.objectContaining({ action: 'whatsapp_opened', channel: 'whatsapp', to: '+5511987654321', text: input.text }),
    ]);
    services.close();
  });
});
