import { describe, expect, it } from 'vitest';
import { compareRates, normalCdf, wilsonInterval } from './statistics';

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3 (score, no CC).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → %f–%f as published', (x, n, low, high) => {
    const ci = wilsonInterval(x, n)!;
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });

  it('is exact at the ends and absent without trials', () => {
    expect(wilsonInterval(0, 5)!.low).toBe(0);
    expect(wilsonInterval(5, 5)!.high).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(6, 5)).toThrow(RangeError);
  });
});

describe('normalCdf', () => {
  it('matches the table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalCdf(2.575829)).toBeCloseTo(0.995, 6);
  });
});

describe('compareRates', () => {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions", method 10.
  it('gives the hybrid score interval Newcombe publishes for 56/70 − 48/80', () => {
    const c = compareRates({ successes: 56, trials: 70 }, { successes: 48, trials: 80 })!;
    expect(c.difference).toBeCloseTo(0.2, 10);
    expect(c.differenceInterval.low).toBeCloseTo(0.0524, 4);
    expect(c.differenceInterval.high).toBeCloseTo(0.3339, 4);
    // Pooled p = 104/150; se = √(p(1−p)(1/70 + 1/80)) = 0.075466; z = 0.2 / se.
    expect(c.z).toBeCloseTo(2.6502, 3);
    expect(c.pValue).toBeCloseTo(0.00804, 4);
    expect(c.significant).toBe(true);
  });

  it('and for 9/10 − 3/10', () => {
    const c = compareRates({ successes: 9, trials: 10 }, { successes: 3, trials: 10 })!;
    expect(c.differenceInterval.low).toBeCloseTo(0.1705, 4);
    expect(c.differenceInterval.high).toBeCloseTo(0.809, 3);
  });

  it('calls equal rates not significant and has no test without variance', () => {
    const same = compareRates({ successes: 20, trials: 100 }, { successes: 10, trials: 50 })!;
    expect(same.difference).toBe(0);
    expect(same.z).toBe(0);
    expect(same.pValue).toBeCloseTo(1, 6);
    expect(same.significant).toBe(false);
    const none = compareRates({ successes: 0, trials: 10 }, { successes: 0, trials: 12 })!;
    expect(none.z).toBeNull();
    expect(none.pValue).toBeNull();
    expect(compareRates({ successes: 0, trials: 0 }, { successes: 1, trials: 2 })).toBeNull();
  });
});
