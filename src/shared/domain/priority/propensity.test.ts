import { describe, expect, it } from 'vitest';
import { propensity, type PropensityHistory } from './propensity';

const DAY = 86_400_000;
const TODAY = '2026-03-10';
const NOW = Date.parse('2026-03-10T12:00:00Z');
const ago = (days: number) => NOW - days * DAY;
const base: PropensityHistory = { payments: [], attempts: [], promises: [], today: TODAY };
const promises = (kept: number, broken: number) => [
  ...Array.from({ length: kept }, () => ({ status: 'kept' as const, createdAt: ago(400) })),
  ...Array.from({ length: broken }, () => ({ status: 'broken' as const, createdAt: ago(400) })),
];

describe('propensity', () => {
  it('with no history every part is neutral-to-good and nothing is chronic', () => {
    const p = propensity(base);
    expect(p.parts).toEqual({ onTimeRecord: 1, promisesKept: 0.5, paysAfterContact: 0.5 });
    expect(p.evidence).toMatchObject({ monthsLate: 0, chronic: false, firstTimeLate: true, medianDaysToPay: null });
  });

  it.each([
    [0, 0, 0.5],
    [1, 0, 2 / 3],
    [2, 2, 0.5],
    [4, 0, 5 / 6],
    [0, 4, 1 / 6],
  ])('%i kept and %i broken promises → share %d (Laplace)', (kept, broken, share) => {
    // Promises made long ago do not mark recent months late.
    expect(propensity({ ...base, promises: promises(kept, broken) }).parts.promisesKept).toBeCloseTo(share, 10);
  });

  it.each([
    [{ monthsObserved: 72, monthsLate: 1 }, 71 / 72, false, true],
    [{ monthsObserved: 12, monthsLate: 5 }, 7 / 12, true, false],
    [{ monthsObserved: 12, monthsLate: 20 }, 0, true, false],
    [{ monthsObserved: 0, monthsLate: 0 }, 0.5, false, true],
  ])('a supplied record %j → on-time %d', (record, onTime, chronic, firstTime) => {
    const p = propensity({ ...base, record });
    expect(p.parts.onTimeRecord).toBeCloseTo(onTime, 10);
    expect(p.evidence.chronic).toBe(chronic);
    expect(p.evidence.firstTimeLate).toBe(firstTime);
  });

  it('without a record, months with collection activity and the current delinquency count as late', () => {
    const attempts = [5, 35, 36, 95, 400].map((d) => ({ startedAt: ago(d), direction: 'outbound' as const }));
    const inbound = [{ startedAt: ago(200), direction: 'inbound' as const }];
    // Slots (30 days back from today): current delinquency of 65 days = slots 0,1,2; activity at 95 days = slot 3.
    const p = propensity({ ...base, attempts: [...attempts, ...inbound], dueDate: '2026-01-04' });
    expect(p.evidence.monthsLate).toBe(4);
    expect(p.evidence.monthsObserved).toBe(12);
    expect(p.parts.onTimeRecord).toBeCloseTo(8 / 12, 10);
    expect(p.evidence.chronic).toBe(true);
  });

  it.each([
    [[1], 1],
    [[1, 3, 30], 1 - 2 / 29],
    [[30], 0],
    [[45], 0],
  ])('median days from a contact to payment %j → %d', (delays, value) => {
    const attempts = delays.map((_, i) => ({ startedAt: ago(100 + i * 61), direction: 'outbound' as const }));
    const payments = delays.map((d, i) => ({ receivedAt: ago(100 + i * 61) + d * DAY }));
    expect(propensity({ ...base, attempts, payments }).parts.paysAfterContact).toBeCloseTo(value, 10);
  });

  it('payments with no contact before them, or long after it, say nothing about response', () => {
    const p = propensity({
      ...base,
      attempts: [{ startedAt: ago(200), direction: 'outbound' }],
      payments: [{ receivedAt: ago(300) }, { receivedAt: ago(100) }],
    });
    expect(p.evidence.medianDaysToPay).toBeNull();
    expect(p.parts.paysAfterContact).toBe(0.5);
  });

  it('blends the parts with the configured part weights', () => {
    const history = { ...base, promises: promises(0, 4), record: { monthsObserved: 12, monthsLate: 0 } };
    const onlyRecord = propensity(history, { weight: 1, lookbackMonths: 12, parts: { onTimeRecord: 1, promisesKept: 0, paysAfterContact: 0 } });
    const onlyPromises = propensity(history, { weight: 1, lookbackMonths: 12, parts: { onTimeRecord: 0, promisesKept: 1, paysAfterContact: 0 } });
    expect(onlyRecord.value).toBe(1);
    expect(onlyPromises.value).toBeCloseTo(1 / 6, 10);
  });
});
