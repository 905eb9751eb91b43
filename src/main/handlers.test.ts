// The handler map over a real encrypted SQLite file with the demo portfolio: what an outcome writes, that it
// writes it atomically with its outbox events, and how the worklist reacts.
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../shared/contract';
import { dispatch } from './dispatch';
import { openAppServices } from './services/app-services';
import { EventHub } from './services/events';
import { fileStandInCipher } from './services/key-vault';
import { verifiedTrace } from '../../test/support/script-walk';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 23, 15, 0, 0); // 12:00 in São Paulo

function setup(accounts = 400) {
  const dataDir = tempDir();
  let now = NOW;
  const hub = new EventHub();
  const emitted: string[] = [];
  hub.subscribe((event) => emitted.push(event));
  const services = openAppServices({
    dataDir,
    cipher: fileStandInCipher(dataDir),
    host: 'web',
    demo: { seed: 11, accounts },
    version: 'test',
    emit: hub.emit,
    clock: () => now,
  });
  async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = (await dispatch(services.handlers, channel, input)) as Result<ChannelOutput<C>>;
    if (!result.ok) throw Object.assign(new Error(result.error.message), { result });
    return result.value;
  }
  const tick = (ms: number) => (now += ms);
  const count = (table: string) => Number(services.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
  /** The script path of a call that passed right-party verification and the mandatory steps. */
  const verified = async (accountId: string) => verifiedTrace(await call('script:for-account', { accountId }), now - 60_000);
  return { services, call, tick, count, emitted, dataDir, verified };
}

describe('outcome:log', () => {
  it('writes the attempt, the promise and their outbox events in one go', async () => {
    const { services, call, count, emitted, verified } = setup();
    const { items } = await call('queue:list', { limit: 100 });
    // An account with nothing pending, so no earlier promise or callback is closed by this outcome.
    const accountId = items.find((i) => i.nextAction.kind === 'call')!.accountId;
    const before = { attempts: count('contact_attempts'), promises: count('promises') };

    const saved = await call('outcome:log', {
      accountId,
      disposition: 'promise_to_pay',
      notes: 'Vai pagar na sexta',
      promise: { dueDate: '2026-11-27', amountCents: 15_000 },
      script: await verified(accountId),
    });
    expect(saved.duplicate).toBe(false);
    expect(count('contact_attempts')).toBe(before.attempts + 1);
    expect(count('promises')).toBe(before.promises + 1);

    const events = services.store.peekEvents(10);
    expect(events.map((e) => e.type)).toEqual(['contact.logged', 'promise.made']);
    expect(events.every((e) => e.deviceId === services.store.deviceId)).toBe(true);
    expect(events[1]!.seq).toBeGreaterThan(events[0]!.seq);
    expect(events[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/); // UUIDv7
    expect(events[1]!.payload).toMatchObject({ id: saved.promiseId, amountCents: 15_000, dueDate: '2026-11-27', status: 'pending' });
    expect(emitted).toContain('store:changed');

    const view = await call('account:get', { accountId });
    expect(view.history[0]).toMatchObject({ kind: 'promise', amountCents: 15_000, status: 'pending' });
    expect(view.history.some((h) => h.kind === 'contact' && h.notes === 'Vai pagar na sexta')).toBe(true);
  });

  it('logs a retried save with the same requestId once', async () => {
    const { services, call, count } = setup();
    const accountId = (await call('queue:list', { limit: 1 })).items[0]!.accountId;
    const input = { accountId, disposition: 'no_answer' as const, requestId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' };
    const first = await call('outcome:log', input);
    const attempts = count('contact_attempts');
    const second = await call('outcome:log', input);
    expect(second).toEqual({ ...first, duplicate: true });
    expect(count('contact_attempts')).toBe(attempts);
    expect(services.store.pendingEventCount()).toBe(1);
  });

  it('leaves nothing behind when the write fails halfway', async () => {
    const { services, call, count, verified } = setup();
    const accountId = (await call('queue:list', { limit: 1 })).items[0]!.accountId;
    const attempts = count('contact_attempts');
    const script = await verified(accountId);
    services.store.insertPromise = () => {
      throw new Error('disk full');
    };
    const result = await dispatch(services.handlers, 'outcome:log', {
      accountId,
      disposition: 'promise_to_pay',
      promise: { dueDate: '2026-11-30', amountCents: 100 },
      script,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(count('contact_attempts')).toBe(attempts);
    expect(services.store.pendingEventCount()).toBe(0);
  });

  it.each([
    [{ dueDate: '2026-11-22', amountCents: 100 }, 'promise_date_past'],
    [{ dueDate: '2026-11-30', amountCents: 10_000_000_00 }, 'promise_above_balance'],
  ])('refuses a promise %j (%s) and writes nothing', async (promise, reason) => {
    const { services, call, verified } = setup();
    const accountId = (await call('queue:list', { limit: 1 })).items[0]!.accountId;
    const script = await verified(accountId);
    const result = await dispatch(services.handlers, 'outcome:log', { accountId, disposition: 'promise_to_pay', promise, script });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ message: reason }] } });
    expect(services.store.pendingEventCount()).toBe(0);
  });

  it('a new promise cancels the one still pending', async () => {
    const { services, call, verified } = setup();
    const accountId = (await call('queue:list', { limit: 1 })).items[0]!.accountId;
    const script = await verified(accountId);
    const a = await call('outcome:log', { accountId, disposition: 'promise_to_pay', promise: { dueDate: '2026-11-25', amountCents: 500 }, script });
    await call('outcome:log', { accountId, disposition: 'promise_to_pay', promise: { dueDate: '2026-11-28', amountCents: 700 }, script });
    const promises = (await call('account:get', { accountId })).history.filter((h) => h.kind === 'promise');
    expect(promises.find((p) => p.id === a.promiseId)).toMatchObject({ status: 'cancelled' });
    expect(promises.filter((p) => p.kind === 'promise' && p.status === 'pending')).toHaveLength(1);
    expect(services.store.peekEvents(10).map((e) => e.type)).toContain('promise.cancelled');
  });
});

describe('queue:list', () => {
  it('orders callbacks due now first and hides accounts promised for later until the date', async () => {
    const { call, tick, verified } = setup();
    const [a, b] = (await call('queue:list', { limit: 2 })).items;
    await call('outcome:log', { accountId: a!.accountId, disposition: 'callback', callbackAt: NOW + 3_600_000 });
    const script = await verified(b!.accountId);
    await call('outcome:log', { accountId: b!.accountId, disposition: 'promise_to_pay', promise: { dueDate: '2026-11-25', amountCents: 100 }, script });
    const ids = async () => (await call('queue:list', { limit: 500 })).items.map((i) => i.accountId);
    expect(await ids()).not.toContain(a!.accountId);
    expect(await ids()).not.toContain(b!.accountId);

    tick(3_600_000);
    const first = (await call('queue:list', { limit: 1 })).items[0]!;
    expect(first).toMatchObject({ accountId: a!.accountId, nextAction: { kind: 'callback_due', at: NOW + 3_600_000 } });

    tick(3 * 86_400_000); // 2026-11-26: the promise for the 25th was not kept
    const broken = (await call('queue:list', { limit: 500 })).items.find((i) => i.accountId === b!.accountId);
    expect(broken?.nextAction.kind).toBe('promise_broken');
  });

  it('a plan whose first installment was paid is next due on the second, not broken; an unpaid one is broken', async () => {
    const { services, call, tick } = setup(50);
    const [a, b] = (await call('queue:list', { limit: 500 })).items.filter((i) => i.nextAction.kind === 'call');
    // Given three weeks ago: a payment on the first due date counts toward it. Amounts far above what the demo's own
    // payments since then could cover.
    const created = Date.UTC(2026, 10, 1, 15);
    const plan = (id: string, accountId: string) => ({
      id, accountId, attemptId: null, amountCents: 30_000_000, currency: 'BRL' as const, dueDate: '2026-11-20',
      installments: [{ dueDate: '2026-11-20', amountCents: 10_000_000 }, { dueDate: '2026-12-20', amountCents: 20_000_000 }],
      status: 'pending' as const, createdAt: created, resolvedAt: null,
    });
    services.store.transaction(() => {
      services.store.insertPromise(plan('plan-paid', a!.accountId));
      services.store.insertPromise(plan('plan-unpaid', b!.accountId));
      services.store.insertPayments([{ id: 'pay-1', accountId: a!.accountId, amountCents: 10_000_000, currency: 'BRL', paidOn: '2026-11-20', receivedAt: created + 10, source: 'manual' }]);
      services.store.refreshDerived(a!.accountId);
      services.store.refreshDerived(b!.accountId);
    });
    tick(0);
    const items = (await call('queue:list', { limit: 500 })).items;
    expect(items.find((i) => i.accountId === a!.accountId)).toBeUndefined(); // next installment 2026-12-20: leave alone
    expect(items.find((i) => i.accountId === b!.accountId)?.nextAction.kind).toBe('promise_broken');
    const paid = (await call('account:get', { accountId: a!.accountId })).history.find((h) => h.id === 'plan-paid');
    expect(paid).toMatchObject({ nextDueDate: '2026-12-20', overdue: false });
    const unpaid = (await call('account:get', { accountId: b!.accountId })).history.find((h) => h.id === 'plan-unpaid');
    // Its first installment was missed: broken the day after (promise lifecycle), back in the worklist as such.
    expect(unpaid).toMatchObject({ status: 'broken' });
  });

  it('finds customers by accent-free name, formatted CPF and local phone, and pages consistently', async () => {
    const { services, call } = setup();
    const all = await call('queue:list', { limit: 500 });
    const target = all.items[7]!;
    const customer = services.store.getCustomer(target.customerId)!;
    const plainName = customer.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    expect((await call('queue:list', { search: plainName })).items.map((i) => i.customerId)).toContain(customer.id);
    if (customer.documentKind === 'cpf') {
      const d = customer.document.replace(/\D/g, '');
      const formatted = `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
      expect((await call('queue:list', { search: formatted })).items.map((i) => i.customerId)).toContain(customer.id);
    }
    const local = customer.phones[0]!.e164.replace('+55', '');
    const formattedPhone = `(${local.slice(0, 2)}) ${local.slice(2, -4)}-${local.slice(-4)}`;
    expect((await call('queue:list', { search: formattedPhone })).items.map((i) => i.customerId)).toContain(customer.id);
    expect((await call('queue:list', { search: '%' })).total).toBe(0);

    const page1 = await call('queue:list', { offset: 0, limit: 50 });
    const page2 = await call('queue:list', { offset: 50, limit: 50 });
    expect(page1.items.concat(page2.items).map((i) => i.accountId)).toEqual(all.items.slice(0, 100).map((i) => i.accountId));
    expect(all.items.every((i) => i.daysPastDue >= 1)).toBe(true);
  });
});

describe('store lifecycle', () => {
  it('keeps the per-device sequence increasing after every event was acknowledged', async () => {
    const { services, call } = setup(50);
    const accountId = (await call('queue:list', { limit: 1 })).items[0]!.accountId;
    await call('outcome:log', { accountId, disposition: 'busy' });
    const [first] = services.store.peekEvents(1);
    services.store.acknowledgeEvents([first!.id]);
    expect(services.store.pendingEventCount()).toBe(0);
    await call('outcome:log', { accountId, disposition: 'busy' });
    expect(services.store.peekEvents(1)[0]!.seq).toBeGreaterThan(first!.seq);
  });

  it('reopens the same folder with the same device id and data, and does not reseed', async () => {
    const { services, call, dataDir } = setup(50);
    const accountId = (await call('queue:list', { limit: 1 })).items[0]!.accountId;
    await call('outcome:log', { accountId, disposition: 'refused', notes: 'persist me' });
    const deviceId = services.store.deviceId;
    const accounts = services.store.countAccounts();
    services.close();
    const again = openAppServices({ dataDir, cipher: fileStandInCipher(dataDir), host: 'web', demo: { seed: 99, accounts: 10 }, version: 't', emit: () => {} });
    expect(again.store.deviceId).toBe(deviceId);
    expect(again.store.countAccounts()).toBe(accounts);
    expect(again.store.history(accountId).some((h) => h.kind === 'contact' && h.notes === 'persist me')).toBe(true);
    again.close();
  });
});
