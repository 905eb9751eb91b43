import { describe, expect, it } from 'vitest';
import { defaultDispositionConfig } from '../dispositions';
import { addTotals, compareVariants, computeKpis, contactCodes, emptyTotals, type KpiTotals } from './kpi';

// A day of one agent, counted by hand: 40 attempts, of which 22 contacts (15 right-party); 6 promises worth
// R$ 1.234,50 in all; of earlier promises 3 kept and 1 broken; 4 hours signed in, 30 minutes of it paused;
// 12 calls taking 36 minutes on call and 12 minutes of wrap-up.
const day: KpiTotals = {
  attempts: 40,
  contacts: 22,
  rightPartyContacts: 15,
  promises: 6,
  promisedCents: 123_450,
  promisesKept: 3,
  promisesBroken: 1,
  collectedCents: 50_000,
  handleMs: (36 + 12) * 60_000,
  calls: 12,
  productiveMs: 3.5 * 3_600_000,
  pausedMs: 30 * 60_000,
};

describe('computeKpis', () => {
  it('derives the rates and averages of a hand-counted day', () => {
    const k = computeKpis(day);
    expect(k.contactRate.value).toBe(22 / 40);
    expect(k.rpcRate.value).toBe(15 / 40);
    expect(k.promiseRate.value).toBe(6 / 15);
    expect(k.keptRate.value).toBe(3 / 4);
    expect(k.promisedCents).toBe(123_450);
    expect(k.collectedCents).toBe(50_000);
    expect(k.averageHandleMs).toBe(4 * 60_000); // 48 minutes over 12 calls
    expect(k.callsPerHour).toBeCloseTo(40 / 3.5, 10);
    expect(k.pauseShare!.value).toBe(0.125);
    // Wilson 95% of 22/40: centre (0.55 + 1.9208/40)/(1 + 3.8415/40) = 0.5456, half-width 0.1473.
    expect(k.contactRate.interval!.low).toBeCloseTo(0.3983, 4);
    expect(k.contactRate.interval!.high).toBeCloseTo(0.6929, 4);
  });

  it('leaves rates and averages empty, never zero or NaN, when nothing was counted', () => {
    const k = computeKpis(emptyTotals());
    expect(k.contactRate).toEqual({ successes: 0, trials: 0, value: null, interval: null });
    expect(k.promiseRate.value).toBeNull();
    expect(k.keptRate.value).toBeNull();
    expect(k.averageHandleMs).toBeNull();
    expect(k.callsPerHour).toBeNull();
    expect(k.pauseShare).toBeNull();
  });
});

describe('addTotals', () => {
  it('adds days up, and keeps collected unknown when one part cannot say', () => {
    const sum = addTotals([day, { ...day, attempts: 10, contacts: 3 }]);
    expect(sum.attempts).toBe(50);
    expect(sum.contacts).toBe(25);
    expect(sum.collectedCents).toBe(100_000);
    expect(addTotals([day, { ...day, collectedCents: null }]).collectedCents).toBeNull();
  });
});

describe('contactCodes', () => {
  it('reads the categories of the default dispositions', () => {
    const codes = contactCodes(defaultDispositionConfig);
    expect(codes.contact).not.toContain('no_answer');
    expect(codes.contact).toContain('wrong_number');
    expect(codes.contact).toContain('promise_to_pay');
    expect(codes.rightParty).toContain('promise_to_pay');
    expect(codes.rightParty).not.toContain('third_party');
    expect(codes.rightParty.every((c) => codes.contact.includes(c))).toBe(true);
  });
});

describe('compareVariants', () => {
  it('compares each variant to the one with the most trials', () => {
    const a = computeKpis({ ...emptyTotals(), attempts: 80, contacts: 48 });
    const b = computeKpis({ ...emptyTotals(), attempts: 70, contacts: 56 });
    const [contact] = compareVariants([
      { key: 'B', kpis: b },
      { key: 'A', kpis: a },
    ]);
    expect(contact!.rate).toBe('contactRate');
    expect(contact!.baseline).toBe('A');
    // 56/70 − 48/80 (Newcombe's example): 0.2, interval 0.0524 to 0.3339.
    const vsB = contact!.against[0]!;
    expect(vsB.variant).toBe('B');
    expect(vsB.comparison!.difference).toBeCloseTo(0.2, 10);
    expect(vsB.comparison!.differenceInterval.low).toBeCloseTo(0.0524, 4);
    expect(compareVariants([{ key: 'A', kpis: a }])).toEqual([]);
  });
});
