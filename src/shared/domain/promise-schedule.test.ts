import { describe, expect, it } from 'vitest';
import { isPromiseOverdue, promiseStanding } from './promise-schedule';

const plan = {
  amountCents: 30_000,
  dueDate: '2026-11-10',
  installments: [
    { dueDate: '2026-12-10', amountCents: 10_000 },
    { dueDate: '2026-11-10', amountCents: 10_000 },
    { dueDate: '2027-01-10', amountCents: 10_000 },
  ],
};

describe('promiseStanding', () => {
  it.each([
    [0, '2026-11-10', 30_000],
    [9_999, '2026-11-10', 20_001],
    [10_000, '2026-12-10', 20_000],
    [25_000, '2027-01-10', 5_000],
    [30_000, null, 0],
    [45_000, null, 0],
  ])('a plan with %i paid is next due %s with %i outstanding', (paid, next, outstanding) => {
    expect(promiseStanding(plan, paid)).toEqual({ nextDueDate: next, outstandingCents: outstanding });
  });

  it('treats a single promise as one installment on its date', () => {
    const single = { amountCents: 5_000, dueDate: '2026-11-25', installments: [] };
    expect(promiseStanding(single, 0)).toEqual({ nextDueDate: '2026-11-25', outstandingCents: 5_000 });
    expect(promiseStanding(single, 5_000).nextDueDate).toBeNull();
  });

  it('is overdue only after the next due date has passed', () => {
    expect(isPromiseOverdue(promiseStanding(plan, 10_000), '2026-11-23')).toBe(false);
    expect(isPromiseOverdue(promiseStanding(plan, 0), '2026-11-10')).toBe(false);
    expect(isPromiseOverdue(promiseStanding(plan, 0), '2026-11-11')).toBe(true);
    expect(isPromiseOverdue(promiseStanding(plan, 30_000), '2027-06-01')).toBe(false);
  });
});
