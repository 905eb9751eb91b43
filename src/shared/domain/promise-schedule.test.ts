import { describe, expect, it } from 'vitest';
import { isPromiseOverdue, promiseLifecycle, promiseReminders, promiseStanding, remindersDue } from './promise-schedule';

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

describe('promiseLifecycle', () => {
  const promise = { ...plan, status: 'pending' as const, createdOn: '2026-11-01' };
  const pay = (paidOn: string, amountCents: number) => ({ paidOn, amountCents });

  it.each([
    // [payments, today, status, nextDueDate, outstanding, brokenOn, keptOn]
    [[], '2026-11-05', 'pending', '2026-11-10', 30_000, null, null],
    [[], '2026-11-10', 'pending', '2026-11-10', 30_000, null, null],
    [[], '2026-11-11', 'broken', '2026-11-10', 30_000, '2026-11-11', null],
    [[pay('2026-11-10', 10_000)], '2026-11-11', 'pending', '2026-12-10', 20_000, null, null],
    [[pay('2026-11-11', 10_000)], '2026-11-11', 'broken', '2026-12-10', 20_000, '2026-11-11', null],
    [[pay('2026-11-10', 9_999)], '2026-11-11', 'broken', '2026-11-10', 20_001, '2026-11-11', null],
    [[pay('2026-11-05', 30_000)], '2026-11-06', 'kept', null, 0, null, '2026-11-05'],
    [[pay('2026-11-10', 10_000), pay('2026-12-10', 10_000), pay('2027-01-10', 10_000)], '2027-01-10', 'kept', null, 0, null, '2027-01-10'],
    [[pay('2026-11-10', 10_000), pay('2026-12-09', 20_000)], '2026-12-20', 'kept', null, 0, null, '2026-12-09'],
    [[pay('2026-11-10', 10_000)], '2026-12-11', 'broken', '2026-12-10', 20_000, '2026-12-11', null],
    [[pay('2026-11-10', 10_000), pay('2026-12-10', 10_000)], '2027-01-11', 'broken', '2027-01-10', 10_000, '2027-01-11', null],
    // Paid before the promise was given: it does not count towards it.
    [[pay('2026-10-31', 30_000)], '2026-11-11', 'broken', '2026-11-10', 30_000, '2026-11-11', null],
    // A payment dated after today (a scheduled debit) does not count yet.
    [[pay('2026-11-20', 30_000)], '2026-11-11', 'broken', '2026-11-10', 30_000, '2026-11-11', null],
    // Refunds and zero lines are ignored.
    [[pay('2026-11-05', -5_000), pay('2026-11-05', 0), pay('2026-11-06', 10_000)], '2026-11-11', 'pending', '2026-12-10', 20_000, null, null],
  ] as Array<[Array<{ paidOn: string; amountCents: number }>, string, string, string | null, number, string | null, string | null]>)(
    'payments %j on %s → %s, next %s, %i outstanding, broken on %s, kept on %s',
    (payments, today, status, next, outstanding, brokenOn, keptOn) => {
      const result = promiseLifecycle(promise, payments, today);
      expect([result.status, result.nextDueDate, result.outstandingCents, result.brokenOn, result.keptOn]).toEqual([status, next, outstanding, brokenOn, keptOn]);
    },
  );

  it('reports each installment, filled in date order', () => {
    const result = promiseLifecycle(promise, [pay('2026-11-10', 15_000)], '2026-12-11');
    expect(result.installments).toEqual([
      { seq: 1, dueDate: '2026-11-10', amountCents: 10_000, paidCents: 10_000, state: 'paid' },
      { seq: 2, dueDate: '2026-12-10', amountCents: 10_000, paidCents: 5_000, state: 'missed' },
      { seq: 3, dueDate: '2027-01-10', amountCents: 10_000, paidCents: 0, state: 'upcoming' },
    ]);
  });

  it('derives the status from the payment dates, whatever was stored, except a cancellation', () => {
    // Stored broken by a job, then a payment made on the due date arrives in a late import: kept after all.
    expect(promiseLifecycle({ ...promise, status: 'broken' }, [pay('2026-11-10', 30_000)], '2026-11-14').status).toBe('kept');
    const cancelled = promiseLifecycle({ ...promise, status: 'cancelled' }, [], '2026-12-01');
    expect([cancelled.status, cancelled.nextDueDate, cancelled.outstandingCents]).toEqual(['cancelled', null, 0]);
    expect(promiseReminders(cancelled)).toEqual([]);
  });

  it('stays broken when paid late, and says so', () => {
    const late = promiseLifecycle(promise, [pay('2026-11-12', 30_000)], '2026-11-12');
    expect([late.status, late.paidAfterBreak, late.outstandingCents, late.nextDueDate]).toEqual(['broken', true, 0, null]);
  });

  it('treats a promise without installments as one on its date', () => {
    const single = { amountCents: 5_000, dueDate: '2026-11-25', installments: [], status: 'pending' as const, createdOn: '2026-11-20' };
    expect(promiseLifecycle(single, [], '2026-11-25').status).toBe('pending');
    expect(promiseLifecycle(single, [], '2026-11-26').brokenOn).toBe('2026-11-26');
    expect(promiseLifecycle(single, [pay('2026-11-25', 5_000)], '2026-11-26').status).toBe('kept');
  });
});

describe('promiseReminders', () => {
  const promise = { ...plan, status: 'pending' as const, createdOn: '2026-11-01' };

  it('sends a message the day before each open installment', () => {
    expect(promiseReminders(promiseLifecycle(promise, [], '2026-11-02'))).toEqual([
      { kind: 'message', template: 'promise_reminder', on: '2026-11-09', installmentSeq: 1, dueDate: '2026-11-10', amountCents: 10_000, key: 'reminder:1' },
      { kind: 'message', template: 'promise_reminder', on: '2026-12-09', installmentSeq: 2, dueDate: '2026-12-10', amountCents: 10_000, key: 'reminder:2' },
      { kind: 'message', template: 'promise_reminder', on: '2027-01-09', installmentSeq: 3, dueDate: '2027-01-10', amountCents: 10_000, key: 'reminder:3' },
    ]);
  });

  it('skips paid installments, asks only for what is left, and honours the days-before option', () => {
    const lifecycle = promiseLifecycle(promise, [{ paidOn: '2026-11-10', amountCents: 12_500 }], '2026-11-20');
    expect(promiseReminders(lifecycle, { messageDaysBefore: 3 }).map((r) => [r.key, r.on, 'amountCents' in r ? r.amountCents : null])).toEqual([
      ['reminder:2', '2026-12-07', 7_500],
      ['reminder:3', '2027-01-07', 10_000],
    ]);
    expect(promiseReminders(lifecycle, { messageDaysBefore: 0 })).toEqual([]);
  });

  it('calls back the day after a miss and stops the later reminders', () => {
    const broken = promiseLifecycle(promise, [], '2026-11-11');
    const reminders = promiseReminders(broken);
    expect(reminders.map((r) => [r.kind, r.key, r.on])).toEqual([
      ['message', 'reminder:1', '2026-11-09'],
      ['callback', 'broken:1', '2026-11-11'],
    ]);
    // The pre-due message is stale once the date has passed, sent or not.
    expect(remindersDue(reminders, '2026-11-11').map((r) => r.key)).toEqual(['broken:1']);
    expect(remindersDue(reminders, '2026-11-11', new Set(['broken:1']))).toEqual([]);
    expect(promiseReminders(broken, { callbackAfterMiss: false }).map((r) => r.key)).toEqual(['reminder:1']);
  });

  it('sends no reminder on or before the day the promise was given', () => {
    const tomorrow = { amountCents: 5_000, dueDate: '2026-11-10', installments: [], status: 'pending' as const, createdOn: '2026-11-09' };
    expect(promiseReminders(promiseLifecycle(tomorrow, [], '2026-11-09'))).toEqual([]);
  });

  it('thanks a good payer once the promise is kept, when asked to', () => {
    const kept = promiseLifecycle(promise, [{ paidOn: '2026-11-08', amountCents: 30_000 }], '2026-11-09');
    expect(promiseReminders(kept)).toEqual([]);
    expect(promiseReminders(kept, { thankYou: true })).toEqual([{ kind: 'message', template: 'thank_you', on: '2026-11-08', key: 'thank_you' }]);
  });

  it('lists what is due today, catching up on earlier days not yet done', () => {
    const reminders = promiseReminders(promiseLifecycle(promise, [], '2026-11-02'));
    expect(remindersDue(reminders, '2026-11-08')).toEqual([]);
    expect(remindersDue(reminders, '2026-11-09').map((r) => r.key)).toEqual(['reminder:1']);
    expect(remindersDue(reminders, '2026-11-10').map((r) => r.key)).toEqual(['reminder:1']);
    expect(remindersDue(reminders, '2026-11-10', new Set(['reminder:1']))).toEqual([]);
  });
});
