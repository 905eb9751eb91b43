// The promise lifecycle through the handler map over a real SQLite file: the day after a missed date the promise
// is broken (outbox promise.broken) and the account is back in the worklist as "broken promise" until the customer
// is contacted again; a payment made in time keeps it.
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir';
import { verifiedTrace } from '../../test/support/script-walk';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../shared/contract';
import { dispatch } from './dispatch';
import { openAppServices } from './services/app-services';
import { EventHub } from './services/events';
import { fileStandInCipher } from './services/key-vault';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 23, 15, 0, 0); // Monday 2026-11-23, 12:00 in São Paulo
const DAY = 86_400_000;

function setup() {
  const dataDir = tempDir();
  let now = NOW;
  const services = openAppServices({
    dataDir,
    cipher: fileStandInCipher(dataDir),
    host: 'web',
    demo: { seed: 3, accounts: 80 },
    version: 'test',
    emit: new EventHub().emit,
    clock: () => now,
  });
  async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = (await dispatch(services.handlers, channel, input)) as Result<ChannelOutput<C>>;
    if (!result.ok) throw Object.assign(new Error(result.error.message), { result });
    return result.value;
  }
  const promiseOn = async (accountId: string, dueDate: string, amountCents: number) => {
    const script = verifiedTrace(await call('script:for-account', { accountId }), now - 60_000);
    return call('outcome:log', { accountId, disposition: 'promise_to_pay', promise: { dueDate, amountCents }, script });
  };
  return { services, call, promiseOn, tick: (ms: number) => (now += ms) };
}

describe('promise lifecycle', () => {
  it('breaks a promise the day after its date, puts the account back as "broken promise", and a contact clears that', async () => {
    const { services, call, promiseOn, tick } = setup();
    const accountId = (await call('queue:list', { limit: 50 })).items.find((i) => i.nextAction.kind === 'call')!.accountId;
    const saved = await promiseOn(accountId, '2026-11-25', 1_000);
    const ids = async () => (await call('queue:list', { limit: 500 })).items.map((i) => i.accountId);
    expect(await ids()).not.toContain(accountId);

    tick(2 * DAY); // Wednesday the 25th: due today, not broken yet
    expect((await call('account:get', { accountId })).history.find((h) => h.id === saved.promiseId)).toMatchObject({ status: 'pending' });
    const brokenEvents = () =>
      services.store.peekEvents(500).filter((e) => e.type === 'promise.broken' && (e.payload as { promiseId: string }).promiseId === saved.promiseId);
    expect(brokenEvents()).toHaveLength(0);

    tick(DAY); // Thursday the 26th
    const item = (await call('queue:list', { limit: 500 })).items.find((i) => i.accountId === accountId);
    expect(item?.nextAction.kind).toBe('promise_broken');
    expect(item?.reasons.map((r) => r.code)).toContain('broken_promise');
    expect((await call('account:get', { accountId })).history.find((h) => h.id === saved.promiseId)).toMatchObject({ status: 'broken' });
    expect(brokenEvents().map((e) => e.payload)).toEqual([expect.objectContaining({ accountId, promiseId: saved.promiseId, brokenOn: '2026-11-26' })]);

    // Opening the account again or a new day's pass does not break it twice.
    tick(DAY);
    await call('queue:list', { limit: 1 });
    expect(brokenEvents()).toHaveLength(1);

    await call('outcome:log', { accountId, disposition: 'no_answer' });
    const after = (await call('queue:list', { limit: 500 })).items.find((i) => i.accountId === accountId);
    expect(after?.nextAction.kind).not.toBe('promise_broken');
  });

  it('keeps a promise paid by its date, with no promise.broken event', async () => {
    const { services, call, promiseOn, tick } = setup();
    const accountId = (await call('queue:list', { limit: 50 })).items.find((i) => i.nextAction.kind === 'call')!.accountId;
    const saved = await promiseOn(accountId, '2026-11-27', 5_000);
    services.store.transaction(() =>
      services.store.insertPayments([{ id: 'pay-in-time', accountId, amountCents: 5_000, currency: 'BRL', paidOn: '2026-11-26', receivedAt: NOW + 3 * DAY, source: 'import' }]),
    );
    tick(4 * DAY);
    expect((await call('account:get', { accountId })).history.find((h) => h.id === saved.promiseId)).toMatchObject({ status: 'kept' });
    const events = services.store.peekEvents(500);
    expect(events.some((e) => e.type === 'promise.broken' && (e.payload as { promiseId: string }).promiseId === saved.promiseId)).toBe(false);
  });
});
