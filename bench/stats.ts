// Small statistics helpers for benchmarks: figures are medians and percentiles over repeated samples.
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (samples: readonly number[]) => quantile(samples, 0.5);

export function summary(samples: readonly number[]) {
  return {
    n: samples.length,
    median: round(median(samples)),
    p10: round(quantile(samples, 0.1)),
    p90: round(quantile(samples, 0.9)),
    min: round(Math.min(...samples)),
    max: round(Math.max(...samples)),
  };
}

export const round = (x: number, digits = 4) => Number(x.toFixed(digits));

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
