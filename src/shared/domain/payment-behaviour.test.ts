import { describe, expect, it } from 'vitest';
import { paymentBehaviour } from './payment-behaviour';
import { propensity, type PropensityHistory } from './priority/propensity';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-10T12:00:00Z');
const base: PropensityHistory = { payments: [], attempts: [], promises: [], today: '2026-03-10' };

describe('paymentBehaviour', () => {
  it('a chronic payer: late months, promises kept of those resolved, usual delay', () => {
    const attempts = [10, 40, 100].map((d) => ({ startedAt: NOW - d * DAY, direction: 'outbound' as const }));
    const payments = attempts.map((a) => ({ receivedAt: a.startedAt + 9 * DAY }));
    const promises = [
      ...[1, 2].map(() => ({ status: 'kept' as const, createdAt: NOW - 400 * DAY })),
      ...[1, 2].map(() => ({ status: 'broken' as const, createdAt: NOW - 400 * DAY })),
      { status: 'pending' as const, createdAt: NOW - 400 * DAY },
    ];
    const p = propensity({ ...base, attempts, payments, promises, record: { monthsObserved: 12, monthsLate: 5 } });
    expect(paymentBehaviour(p.evidence)).toEqual({
      profile: 'chronic',
      monthsLate: 5,
      monthsObserved: 12,
      promisesKept: 2,
      promisesTotal: 4,
      usualDelayDays: 9,
    });
  });

  it('a first-time late payer with six years on record', () => {
    const p = propensity({ ...base, record: { monthsObserved: 73, monthsLate: 1 } });
    expect(paymentBehaviour(p.evidence)).toMatchObject({ profile: 'first_time', yearsOnTime: 6, usualDelayDays: null, promisesTotal: 0 });
  });

  it('an occasional payer: two late months, or one broken promise, is neither chronic nor first time', () => {
    const twoLate = propensity({ ...base, record: { monthsObserved: 12, monthsLate: 2 } });
    expect(paymentBehaviour(twoLate.evidence).profile).toBe('occasional');
    const broken = propensity({ ...base, promises: [{ status: 'broken', createdAt: NOW - 400 * DAY }], record: { monthsObserved: 12, monthsLate: 1 } });
    expect(paymentBehaviour(broken.evidence)).toMatchObject({ profile: 'occasional', promisesKept: 0, promisesTotal: 1 });
    expect(paymentBehaviour(broken.evidence).yearsOnTime).toBeUndefined();
  });
});
