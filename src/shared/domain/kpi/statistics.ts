// Confidence intervals and tests for rates (contact rate, RPC rate, promise rate, kept rate), used to compare
// strategy and script variants. Rates of call-center work are often near 0 or 1 and counts small, where the
// textbook Wald interval (p ± z·√(p(1−p)/n)) leaves [0, 1] or collapses to a point: hence Wilson's score
// interval for one rate and Newcombe's hybrid score interval (built from two Wilson intervals) for a difference.

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval of `successes / trials`; null without trials. */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | null {
  if (!(trials > 0)) return null;
  if (successes < 0 || successes > trials) throw new RangeError(`successes ${successes} outside 0..${trials}`);
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Exact bounds at 0 and n (the formula gives them up to rounding).
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}

/** Standard normal cumulative distribution (Φ), |error| < 1.5e-7 (Abramowitz & Stegun 7.1.26 on erf). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface RateComparison {
  /** rateA − rateB. */
  difference: number;
  /** Newcombe's hybrid score interval (his method 10) for the difference, 95%. */
  differenceInterval: Interval;
  /** Pooled two-proportion z statistic; null when both rates are 0 or both 1 (no variance to test). */
  z: number | null;
  /** Two-sided p-value of the z-test (H0: equal rates). */
  pValue: number | null;
  /** Whether the difference interval excludes 0 (same verdict as p < 0.05 in all but borderline cases). */
  significant: boolean;
}

/**
 * Compares two rates (variant A against variant B). Null when either side has no trials.
 * The interval of the difference is Newcombe's (1998) hybrid score interval; the test is the pooled
 * two-proportion z-test.
 */
export function compareRates(a: { successes: number; trials: number }, b: { successes: number; trials: number }, z = Z_95): RateComparison | null {
  const wa = wilsonInterval(a.successes, a.trials, z);
  const wb = wilsonInterval(b.successes, b.trials, z);
  if (!wa || !wb) return null;
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const difference = pa - pb;
  const differenceInterval = {
    low: difference - Math.sqrt((pa - wa.low) ** 2 + (wb.high - pb) ** 2),
    high: difference + Math.sqrt((wa.high - pa) ** 2 + (pb - wb.low) ** 2),
  };
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  const zStat = se > 0 ? difference / se : null;
  return {
    difference,
    differenceInterval,
    z: zStat,
    pValue: zStat === null ? null : 2 * (1 - normalCdf(Math.abs(zStat))),
    significant: differenceInterval.low > 0 || differenceInterval.high < 0,
  };
}
