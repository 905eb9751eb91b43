import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../model';
import { addDays } from '../dates';
import { balanceValue, compareByPriority, score, type PriorityHistory, type PriorityInput } from './score';
import { defaultStrategy, Strategy } from './strategy';

const DAY = 86_400_000;
const TODAY: CalendarDate = '2026-03-10';
const NOW = Date.parse('2026-03-10T13:00:00Z'); // 10:00 in São Paulo
const ago = (days: number) => NOW - days * DAY;

const emptyHistory = (): PriorityHistory => ({ payments: [], attempts: [], promises: [], callbacks: [] });

function input(id: string, dueDaysAgo: number, balanceCents: number, history: Partial<PriorityHistory> = {}, over: Partial<PriorityInput> = {}): PriorityInput {
  return {
    account: { id, currentBalanceCents: balanceCents, currency: 'BRL', dueDate: addDays(TODAY, -dueDaysAgo) },
    customer: { timeZone: 'America/Sao_Paulo' },
    history: { ...emptyHistory(), ...history },
    now: NOW,
    today: TODAY,
    strategy: defaultStrategy,
    ...over,
  };
}

const outbound = (accountId: string, startedAt: number) => ({ accountId, startedAt, direction: 'outbound' as const });
const promise = (accountId: string, status: 'pending' | 'kept' | 'broken' | 'cancelled', dueDate: CalendarDate, createdAt: number, amountCents = 10_000) => ({
  accountId,
  amountCents,
  dueDate,
  installments: [],
  status,
  createdAt,
  resolvedAt: null,
});
const reason = (r: ReturnType<typeof score>, code: string) => r.reasons.find((x) => x.code === code);

/** Three months late, late most of the last year, 1 of 4 promises kept, pays weeks after being called. */
function chronicDefaulter(id: string) {
  const attempts = [10, 40, 70, 100, 130, 160, 190, 220, 250].flatMap((d) => [outbound(id, ago(d)), outbound(id, ago(d + 1))]);
  const promises = [
    promise(id, 'broken', addDays(TODAY, -80), ago(95)),
    promise(id, 'broken', addDays(TODAY, -150), ago(160)),
    promise(id, 'broken', addDays(TODAY, -210), ago(220)),
    promise(id, 'kept', addDays(TODAY, -240), ago(250)),
  ];
  const payments = [
    { accountId: id, amountCents: 10_000, receivedAt: ago(225) },
    { accountId: id, amountCents: 10_000, receivedAt: ago(160 - 24) },
  ];
  return input(id, 90, 432_000, { attempts, promises, payments });
}

/** Six years on time, one week late now. */
function goodPayerSlip(id: string) {
  return input(id, 7, 430_000, { record: { monthsObserved: 72, monthsLate: 1 } });
}

describe('score: ranking as a collection team expects', () => {
  it('a good payer one week late outranks a chronic three-month defaulter of similar balance, and the reasons say why', () => {
    const chronic = score(chronicDefaulter('chronic'));
    const good = score(goodPayerSlip('good'));
    expect(good.score).toBeGreaterThan(chronic.score);

    const chronicP = reason(chronic, 'propensity')!;
    const goodP = reason(good, 'propensity')!;
    expect(chronicP.params).toMatchObject({ chronic: true, firstTimeLate: false, promisesKept: 1, promisesBroken: 3 });
    expect(chronicP.params.monthsLate).toBeGreaterThanOrEqual(8);
    expect(goodP.params).toMatchObject({ chronic: false, firstTimeLate: true, monthsLate: 1, monthsObserved: 72 });
    // The chronic account's older delinquency adds more; propensity more than undoes it.
    const dpdGap = reason(chronic, 'days_past_due')!.contribution - reason(good, 'days_past_due')!.contribution;
    expect(dpdGap).toBeGreaterThan(0);
    expect(goodP.contribution - chronicP.contribution).toBeGreaterThan(dpdGap);
    expect(reason(chronic, 'days_past_due')!.params).toEqual({ daysPastDue: 90, bucket: '61-90' });
  });

  it('weights change the ranking as configured: a roll-rate strategy calls the chronic defaulter first', () => {
    const rollRate = Strategy.parse({
      ...defaultStrategy,
      id: 'roll-rate',
      factors: {
        ...defaultStrategy.factors,
        propensity: { ...defaultStrategy.factors.propensity, weight: 0 },
        daysPastDue: { ...defaultStrategy.factors.daysPastDue, weight: 60 },
      },
    });
    const chronic = score({ ...chronicDefaulter('chronic'), strategy: rollRate });
    const good = score({ ...goodPayerSlip('good'), strategy: rollRate });
    expect(chronic.score).toBeGreaterThan(good.score);
    expect(reason(chronic, 'propensity')!.contribution).toBe(0);
  });

  it('a promise broken yesterday outranks a plain account of similar balance', () => {
    const broken = score(input('b', 20, 300_000, { promises: [promise('b', 'broken', addDays(TODAY, -2), ago(6))] }));
    const plain = score(input('p', 20, 310_000));
    expect(broken.score).toBeGreaterThan(plain.score);
    expect(reason(broken, 'broken_promise')).toMatchObject({ weight: 30, params: { daysAgo: 1, brokenOn: '2026-03-09' } });
    expect(reason(plain, 'broken_promise')).toBeUndefined();
  });

  it('a pending promise past its date unpaid counts as broken from the day after; a plan paid so far does not', () => {
    const unpaid = score(input('u', 20, 300_000, { promises: [promise('u', 'pending', addDays(TODAY, -1), ago(5))] }));
    expect(reason(unpaid, 'broken_promise')?.params).toMatchObject({ daysAgo: 0, brokenOn: TODAY });
    const plan = {
      ...promise('q', 'pending', addDays(TODAY, -3), ago(10), 20_000),
      installments: [
        { dueDate: addDays(TODAY, -3), amountCents: 10_000 },
        { dueDate: addDays(TODAY, 27), amountCents: 10_000 },
      ],
    };
    const paid = score(input('q', 20, 300_000, { promises: [plan], payments: [{ accountId: 'q', amountCents: 10_000, receivedAt: ago(4) }] }));
    expect(reason(paid, 'broken_promise')).toBeUndefined();
  });

  it('a broken promise fades over the strategy’s fade days', () => {
    const at = (daysAgo: number) =>
      reason(score(input('b', 40, 100_000, { promises: [promise('b', 'broken', addDays(TODAY, -daysAgo - 1), ago(daysAgo + 5))] })), 'broken_promise');
    expect(at(0)?.contribution).toBe(30);
    expect(at(7)?.contribution).toBe(15);
    expect(at(14)).toBeUndefined();
  });

  it('a promise due today is a reason to call', () => {
    const due = score(input('d', 15, 200_000, { promises: [promise('d', 'pending', TODAY, ago(3), 5_000)] }));
    expect(reason(due, 'promise_due_today')).toMatchObject({ contribution: 20, params: { amountCents: 5_000, dueDate: TODAY } });
    expect(reason(due, 'broken_promise')).toBeUndefined();
  });

  it('a callback due now comes first, whatever else the queue holds', () => {
    const callback = score(input('cb', 0, 1_000, { callbacks: [{ accountId: 'cb', dueAt: NOW - 60_000, status: 'pending' }] }));
    expect(callback.reasons[0]).toMatchObject({ code: 'callback_due', params: { dueAt: NOW - 60_000, minutesLate: 1 } });
    let best = -Infinity;
    for (let i = 0; i < 300; i += 1) {
      const heavy = score(
        input(`h${i}`, 60 + (i % 30), 10_000_000 + i, {
          promises: [promise(`h${i}`, 'broken', addDays(TODAY, -1), ago(3)), promise(`h${i}`, 'pending', TODAY, ago(1))],
          record: { monthsObserved: 60, monthsLate: 0 },
        }, { policyResult: true }),
      );
      best = Math.max(best, heavy.score);
    }
    expect(callback.score).toBeGreaterThan(best);
  });

  it('a callback a few minutes ahead is due (lead time); a later one is only shown', () => {
    const soon = score(input('s', 5, 1_000, { callbacks: [{ accountId: 's', dueAt: NOW + 4 * 60_000, status: 'pending' }] }));
    expect(reason(soon, 'callback_due')?.params.minutesLate).toBe(0);
    const later = score(input('l', 5, 1_000, { callbacks: [{ accountId: 'l', dueAt: NOW + 90 * 60_000, status: 'pending' }] }));
    expect(reason(later, 'callback_due')).toBeUndefined();
    expect(reason(later, 'callback_scheduled')).toMatchObject({ contribution: 0, params: { dueAt: NOW + 90 * 60_000 } });
    const done = score(input('x', 5, 1_000, { callbacks: [{ accountId: 'x', dueAt: NOW - 60_000, status: 'done' }] }));
    expect(reason(done, 'callback_due')).toBeUndefined();
  });

  it.each([
    [0, 0],
    [1, -3],
    [2, -6],
    [5, -15],
    [9, -15],
  ])('%i outbound attempts on the account this week → penalty %d', (count, contribution) => {
    const attempts = [
      ...Array.from({ length: count }, (_, i) => outbound('a', ago(i * 0.5 + 0.1))),
      outbound('a', ago(8)), // last week
      outbound('other', ago(1)), // another account
      { accountId: 'a', startedAt: ago(1), direction: 'inbound' as const },
    ];
    const r = score(input('a', 20, 100_000, { attempts }));
    if (count === 0) expect(reason(r, 'attempts_this_week')).toBeUndefined();
    else expect(reason(r, 'attempts_this_week')).toMatchObject({ contribution, params: { count } });
  });

  it('the contact window: open adds its weight, closed carries the next allowed time', () => {
    const open = score(input('o', 20, 100_000, {}, { policyResult: { allowed: true, nextAllowedAt: NOW } }));
    const closed = score(input('o', 20, 100_000, {}, { policyResult: { allowed: false, nextAllowedAt: NOW + 3_600_000 } }));
    const unknown = score(input('o', 20, 100_000));
    expect(reason(open, 'contact_window_open')?.contribution).toBe(10);
    expect(reason(closed, 'contact_window_closed')).toMatchObject({ contribution: 0, params: { nextAllowedAt: NOW + 3_600_000 } });
    expect(open.score - unknown.score).toBeCloseTo(10, 6);
    expect(closed.score).toBe(unknown.score);
    expect(score(input('o', 20, 100_000, {}, { policyResult: false })).score).toBe(unknown.score);
  });

  it('reasons carry numbers for the UI, sorted by contribution, and sum to the score', () => {
    const r = score(input('r', 47, 432_000, { attempts: [outbound('r', ago(1)), outbound('r', ago(2))] }, { policyResult: true }));
    const contributions = r.reasons.map((x) => x.contribution);
    expect([...contributions].sort((a, b) => b - a)).toEqual(contributions);
    expect(r.score).toBeCloseTo(contributions.reduce((s, c) => s + c, 0), 6);
    expect(reason(r, 'balance')?.params).toEqual({ balanceCents: 432_000, currency: 'BRL' });
    expect(reason(r, 'days_past_due')?.params).toEqual({ daysPastDue: 47, bucket: '31-60' });
    expect(reason(r, 'attempts_this_week')?.params).toEqual({ count: 2 });
    expect(score(input('r', 47, 432_000, { attempts: [outbound('r', ago(1)), outbound('r', ago(2))] }, { policyResult: true }))).toEqual(r);
  });

  it('compareByPriority breaks ties by the older due date, then the account id', () => {
    const rows = [
      { score: 10, dueDate: '2026-01-05', accountId: 'b' },
      { score: 10, dueDate: '2026-01-05', accountId: 'a' },
      { score: 10, dueDate: '2026-01-01', accountId: 'z' },
      { score: 11, dueDate: '2026-02-01', accountId: 'y' },
    ];
    expect(rows.sort(compareByPriority).map((r) => r.accountId)).toEqual(['y', 'z', 'a', 'b']);
  });
});

describe('balanceValue', () => {
  it.each([
    [0, 0],
    [-500, 0],
    [1_000_000, 1],
    [50_000_000, 1],
  ])('%i cents → %d', (cents, value) => {
    expect(balanceValue(cents, 1_000_000)).toBe(value);
  });

  it('is logarithmic: ten times the debt adds a constant step, not ten times the score', () => {
    const a = balanceValue(1_000, 1_000_000);
    const b = balanceValue(10_000, 1_000_000);
    const c = balanceValue(100_000, 1_000_000);
    expect(b).toBeGreaterThan(a);
    expect(c).toBeGreaterThan(b);
    expect(c - b).toBeCloseTo(b - a, 1);
  });
});

describe('strategy schema', () => {
  it('refuses a bad strategy with the path of the bad field', () => {
    const bad = { ...defaultStrategy, factors: { ...defaultStrategy.factors, balance: { weight: -1, fullAtCents: 1_000_000 } } };
    const parsed = Strategy.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['factors', 'balance', 'weight']);
    expect(Strategy.parse(JSON.parse(JSON.stringify(defaultStrategy)))).toEqual(defaultStrategy);
  });
});

describe('scale', () => {
  it('scores 50,000 synthetic accounts quickly', () => {
    let seed = 42;
    const rand = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 0x1_0000_0000;
    };
    const inputs: PriorityInput[] = [];
    for (let i = 0; i < 50_000; i += 1) {
      const id = `acc${i}`;
      const attempts = Array.from({ length: Math.floor(rand() * 6) }, () => outbound(id, ago(rand() * 40)));
      const promises = rand() < 0.3 ? [promise(id, rand() < 0.5 ? 'broken' : 'pending', addDays(TODAY, -Math.floor(rand() * 20)), ago(25))] : [];
      const payments = rand() < 0.3 ? [{ accountId: id, amountCents: 5_000, receivedAt: ago(rand() * 30) }] : [];
      const callbacks = rand() < 0.05 ? [{ accountId: id, dueAt: NOW + (rand() - 0.5) * 7_200_000, status: 'pending' as const }] : [];
      inputs.push(input(id, Math.floor(rand() * 400), Math.floor(rand() * 5_000_000), { attempts, promises, payments, callbacks }, { policyResult: rand() < 0.8 }));
    }
    const started = performance.now();
    let checksum = 0;
    for (const item of inputs) checksum += score(item).score;
    const elapsed = performance.now() - started;
    console.log(`scored 50,000 accounts in ${elapsed.toFixed(0)} ms`);
    expect(checksum).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(2000);
  });
});
