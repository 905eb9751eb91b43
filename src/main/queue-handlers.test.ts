// The prioritized worklist over a real encrypted SQLite file with the demo portfolio: score order and reasons,
// "not now" with the next allowed time, leases from queue:next, the contact-policy guard on outcome:log, and the
// strategy/policy documents that refuse a bad field and keep the old one.
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../shared/contract';
import { brPolicy } from '../shared/domain/policy';
import { defaultStrategy } from '../shared/domain/priority';
import { dispatch } from './dispatch';
import { openAppServices } from './services/app-services';
import { LEASE_MS } from './services/priority/priority-service';
import { fileStandInCipher } from './services/key-vault';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 23, 15, 0, 0); // Monday 12:00 in São Paulo: every Brazilian window is open

function setup(accounts = 300) {
  const dataDir = tempDir();
  let now = NOW;
  const services = openAppServices({
    dataDir,
    cipher: fileStandInCipher(dataDir),
    host: 'web',
    demo: { seed: 11, accounts },
    version: 'test',
    emit: () => {},
    clock: () => now,
    startSync: false,
  });
  async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = (await dispatch(services.handlers, channel, input)) as Result<ChannelOutput<C>>;
    if (!result.ok) throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), { result });
    return result.value;
  }
  const raw = (channel: ChannelName, input: unknown) => dispatch(services.handlers, channel, input);
  const tick = (ms: number) => (now += ms);
  /** Changes a customer the way a sync would, then rescores their accounts. */
  const editCustomer = (accountId: string, edit: (c: NonNullable<ReturnType<typeof services.store.getCustomer>>) => void) => {
    const account = services.store.getAccount(accountId)!;
    const customer = services.store.getCustomer(account.customerId)!;
    edit(customer);
    services.store.upsertCustomers([customer]);
    services.priority.refreshAccount(accountId);
    return customer;
  };
  return { services, call, raw, tick, editCustomer };
}

describe('queue:list', () => {
  it('lists callable accounts by score with the reasons behind it', async () => {
    const { call } = setup();
    const { items, total } = await call('queue:list', { limit: 500 });
    expect(total).toBeGreaterThan(50);
    const plain = items.filter((i) => i.nextAction.kind !== 'callback_due');
    for (let i = 1; i < plain.length; i++) expect(plain[i - 1]!.score).toBeGreaterThanOrEqual(plain[i]!.score);
    const top = items[0]!;
    const codes = top.reasons.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['days_past_due', 'balance', 'propensity']));
    expect(top.reasons.find((r) => r.code === 'days_past_due')!.params).toMatchObject({ daysPastDue: top.daysPastDue });
    expect(top.reasons.find((r) => r.code === 'balance')!.params).toMatchObject({ balanceCents: top.balanceCents, currency: top.currency });
  });

  it('filters by DPD bucket, balance range and next action', async () => {
    const { call } = setup();
    const bucket = await call('queue:list', { limit: 500, dpdBucket: '31-60' });
    expect(bucket.items.length).toBeGreaterThan(0);
    expect(bucket.items.every((i) => i.daysPastDue >= 31 && i.daysPastDue <= 60)).toBe(true);
    const range = await call('queue:list', { limit: 500, minBalanceCents: 100_000, maxBalanceCents: 500_000 });
    expect(range.items.every((i) => i.balanceCents >= 100_000 && i.balanceCents <= 500_000)).toBe(true);
    const all = await call('queue:list', { limit: 500 });
    expect(range.total).toBeLessThan(all.total);
    const broken = await call('queue:list', { limit: 500, status: 'promise_broken' });
    expect(broken.items.every((i) => i.nextAction.kind === 'promise_broken')).toBe(true);
  });

  it('a logged attempt rescores the account in the same write: it leaves for "not now" until the gap passes', async () => {
    const { call, tick, services } = setup();
    const target = (await call('queue:list', { limit: 5 })).items[0]!;
    await call('outcome:log', { accountId: target.accountId, disposition: 'no_answer' });
    const ids = async () => (await call('queue:list', { limit: 500 })).items.map((i) => i.accountId);
    expect(await ids()).not.toContain(target.accountId);
    const notNow = (await call('queue:not-now', { limit: 500 })).items.find((i) => i.accountId === target.accountId)!;
    expect(notNow.policyReasons.map((r) => r.code)).toContain('min_gap');
    expect(notNow.nextAllowedAt).toBe(NOW + 60 * 60_000); // brPolicy: 60 minutes between calls to a customer
    tick(61 * 60_000);
    const back = (await call('queue:list', { limit: 500 })).items.find((i) => i.accountId === target.accountId)!;
    expect(back.reasons.find((r) => r.code === 'attempts_this_week')?.params).toMatchObject({ count: expect.any(Number) });
    // The attempt carries the account's strategy variant.
    const attempt = services.store.db.prepare('SELECT strategy_variant FROM contact_attempts WHERE account_id = ? ORDER BY started_at DESC').pluck().get(target.accountId);
    expect(attempt).toBe('A');
  });

  it('an account outside its calling window is "not now" with the local opening time', async () => {
    const { call, editCustomer } = setup();
    const target = (await call('queue:list', { limit: 5 })).items[2]!;
    editCustomer(target.accountId, (c) => (c.timeZone = 'Asia/Tokyo')); // 00:00 in Tokyo
    expect((await call('queue:list', { limit: 500 })).items.map((i) => i.accountId)).not.toContain(target.accountId);
    const item = (await call('queue:not-now', { limit: 500 })).items.find((i) => i.accountId === target.accountId)!;
    expect(item.policyReasons.map((r) => r.code)).toContain('outside_calling_window');
    expect(item.nextAllowedAt).toBe(Date.UTC(2026, 10, 23, 23, 0)); // 08:00 Tuesday in Tokyo
  });

  it('an unknown time zone falls back to the policy default and is flagged, never UTC', async () => {
    const { call, editCustomer } = setup();
    const target = (await call('queue:list', { limit: 5 })).items[1]!;
    editCustomer(target.accountId, (c) => (c.timeZone = 'Mars/Olympus_Mons'));
    const item = (await call('queue:list', { limit: 500 })).items.find((i) => i.accountId === target.accountId)!;
    expect(item.reasons.find((r) => r.code === 'time_zone_fallback')?.params).toMatchObject({ timeZone: 'America/Sao_Paulo', given: 'Mars/Olympus_Mons' });
    const view = await call('account:get', { accountId: target.accountId });
    expect(view).toMatchObject({ timeZoneFallback: true, effectiveTimeZone: 'America/Sao_Paulo' });
    const check = await call('contact:check', { accountId: target.accountId, channel: 'phone' });
    expect(check.reasons.map((r) => r.code)).toContain('time_zone_fallback');
  });

  it('account:get summarises how the customer pays', async () => {
    const { call } = setup();
    const target = (await call('queue:list', { limit: 5 })).items[0]!;
    const view = await call('account:get', { accountId: target.accountId });
    expect(['chronic', 'occasional', 'first_time']).toContain(view.paymentBehaviour.profile);
    expect(view.paymentBehaviour.monthsObserved).toBeGreaterThan(0);
    expect(view.timeZoneFallback).toBe(false);
  });
});

describe('queue:next', () => {
  it('never hands the same account to two holders; the lease expires; an outcome releases it', async () => {
    const { call, tick } = setup();
    const a = await call('queue:next', { holder: 'holder-aaaa' });
    const b = await call('queue:next', { holder: 'holder-bbbb' });
    expect(a.item).not.toBeNull();
    expect(b.item!.accountId).not.toBe(a.item!.accountId);
    expect(a.leaseExpiresAt).toBe(NOW + LEASE_MS);
    // The best callable account is the one the list shows first.
    const top = (await call('queue:list', { limit: 1 })).items[0]!;
    expect(a.item!.accountId).toBe(top.accountId);
    // Asking again gives the same holder its account back (not a second one); the other holder still skips it.
    expect((await call('queue:next', { holder: 'holder-aaaa' })).item!.accountId).toBe(a.item!.accountId);
    expect((await call('queue:next', { holder: 'holder-cccc' })).item!.accountId).not.toBe(a.item!.accountId);

    tick(LEASE_MS + 1);
    const afterExpiry = await call('queue:next', { holder: 'holder-dddd' });
    expect(afterExpiry.item!.accountId).toBe(a.item!.accountId);

    await call('outcome:log', { accountId: a.item!.accountId, disposition: 'no_answer' });
    const lease = await call('queue:next', { holder: 'holder-dddd' });
    expect(lease.item!.accountId).not.toBe(a.item!.accountId); // released, and the 60-minute gap keeps it aside
  });

  it('a callback due now jumps the queue', async () => {
    const { call, tick } = setup();
    const items = (await call('queue:list', { limit: 100 })).items;
    const low = items[items.length - 1]!;
    await call('outcome:log', { accountId: low.accountId, disposition: 'callback', callbackAt: NOW + 2 * 3_600_000 });
    tick(2 * 3_600_000);
    const next = await call('queue:next', { holder: 'holder-aaaa' });
    expect(next.item).toMatchObject({ accountId: low.accountId, nextAction: { kind: 'callback_due' } });
    expect(next.item!.reasons[0]!.code).toBe('callback_due');
  });
});

describe('contact policy guard', () => {
  it('refuses an outbound attempt for a do-not-contact customer, but records what an agent must', async () => {
    const { call, raw, services, editCustomer } = setup();
    const target = (await call('queue:list', { limit: 5 })).items[0]!;
    editCustomer(target.accountId, (c) => (c.flags.doNotContact = true));
    const check = await call('contact:check', { accountId: target.accountId, channel: 'phone' });
    expect(check).toMatchObject({ allowed: false, nextAllowedAt: null });
    expect((await call('queue:list', { limit: 500 })).items.map((i) => i.accountId)).not.toContain(target.accountId);
    const notNow = (await call('queue:not-now', { limit: 500 })).items.find((i) => i.accountId === target.accountId)!;
    expect(notNow).toMatchObject({ nextAllowedAt: null, policyReasons: [{ code: 'do_not_contact' }] });

    const events = services.store.pendingEventCount();
    const refused = await raw('outcome:log', { accountId: target.accountId, disposition: 'no_answer' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'policy_blocked', issues: [{ path: 'accountId', message: 'do_not_contact' }] } });
    expect(await raw('outcome:log', { accountId: target.accountId, disposition: 'refused', channel: 'whatsapp' })).toMatchObject({ ok: false, error: { code: 'policy_blocked' } });
    expect(services.store.pendingEventCount()).toBe(events);

    // The customer called in; a third party reports a dispute: both are recorded.
    await call('outcome:log', { accountId: target.accountId, disposition: 'refused', direction: 'inbound' });
    await call('outcome:log', { accountId: target.accountId, disposition: 'dispute' });
    expect(services.store.pendingEventCount()).toBe(events + 2);
  });
});

describe('strategy and policy documents', () => {
  it('refuses a bad strategy with the path of the bad field and keeps the old one; a good one rescores', async () => {
    const { call, raw } = setup(100);
    const before = await call('strategy:get', {});
    expect(before.version).toBe(0);
    const bad = structuredClone(before.config) as unknown as { variants: Array<{ strategy: { factors: { balance: { weight: unknown } } } }> };
    bad.variants[0]!.strategy.factors.balance.weight = 'heavy';
    const refused = await raw('strategy:set', { config: bad });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'config.variants.0.strategy.factors.balance.weight' }] } });
    expect(await call('strategy:get', {})).toEqual(before);

    const topBefore = (await call('queue:list', { limit: 1 })).items[0]!;
    const balanceOnly = {
      ...defaultStrategy,
      id: 'balance-only',
      version: 2,
      factors: {
        daysPastDue: { ...defaultStrategy.factors.daysPastDue, weight: 0 },
        balance: { weight: 100, fullAtCents: 100_000_000 },
        brokenPromise: { weight: 0, fadeDays: 14 },
        promiseDueToday: { weight: 0 },
        callbackDue: { weight: 0, leadMinutes: 5 },
        attemptsThisWeek: { weight: 0, fullAt: 5 },
        contactWindowOpen: { weight: 0 },
        propensity: { ...defaultStrategy.factors.propensity, weight: 0 },
      },
    };
    const saved = await call('strategy:set', { config: { experimentId: 'exp-1', variants: [{ id: 'B', weight: 1, strategy: balanceOnly }] } });
    expect(saved.version).toBe(1);
    const items = (await call('queue:list', { limit: 50 })).items.filter((i) => i.nextAction.kind === 'call');
    for (let i = 1; i < items.length; i++) expect(items[i - 1]!.balanceCents).toBeGreaterThanOrEqual(items[i]!.balanceCents);
    expect(items[0]!.score).not.toBe(topBefore.score);
  });

  it('refuses a bad policy with the path of the bad field and keeps the old one', async () => {
    const { call, raw } = setup(50);
    const before = await call('policy:get', {});
    expect(before.policy.id).toBe('br');
    const bad = structuredClone(brPolicy) as unknown as { callingWindows: { mon: string[] } };
    bad.callingWindows.mon = ['25:00-26:00'];
    const refused = await raw('policy:set', { policy: bad });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'policy.callingWindows.mon.0' }] } });
    expect((await call('policy:get', {})).version).toBe(0);

    // A policy with no calling hours on Mondays empties the callable list into "not now".
    const closed = { ...brPolicy, version: 2, callingWindows: { ...brPolicy.callingWindows, mon: [] }, regions: {} };
    expect((await call('policy:set', { policy: closed })).version).toBe(1);
    expect((await call('queue:list', {})).total).toBe(0);
    expect((await call('queue:not-now', {})).items[0]!.policyReasons.map((r) => r.code)).toContain('rest_day');
  });
});
