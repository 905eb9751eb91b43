// A small seedable PRNG for the demo portfolio. sfc32 uses only 32-bit integer operations (Math.imul, shifts),
// which every JavaScript engine computes identically, so a seed gives the same portfolio everywhere.
// Helpers stay in integer/basic-arithmetic land for the same reason (no Math.log/exp, whose last bit may vary).

export type Random = {
  /** A float in [0, 1). */
  next(): number;
  /** A 32-bit unsigned integer. */
  uint32(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight, e.g. [['a', 3], ['b', 1]] gives 'a' 75% of the time. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent generator derived from this one, for a sub-task whose draw count may change. */
  fork(): Random;
};

/** splitmix32: spreads a small or sequential seed over the whole state space. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

/** A generator for `seed` (any finite number; the integer part's low 53 bits are used). */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite: ${seed}`);
  const whole = Math.trunc(Math.abs(seed));
  const mix = splitmix32((whole % 0x1_0000_0000) ^ Math.imul(Math.floor(whole / 0x1_0000_0000), 0x27d4eb2d) ^ (seed < 0 ? 0x5bd1e995 : 0));
  const raw = sfc32(mix(), mix(), mix(), mix());
  // Discard the first outputs: sfc32 needs a few rounds to mix a fresh state.
  for (let i = 0; i < 12; i++) raw();
  return fromRaw(raw);
}

function fromRaw(raw: () => number): Random {
  const next = () => raw() / 0x1_0000_0000;
  const int = (min: number, max: number) => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`bad integer range [${min}, ${max}]`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };
  return {
    next,
    uint32: raw,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(entries: readonly (readonly [T, number])[]): T {
      let total = 0;
      for (const [, w] of entries) total += w;
      if (!(total > 0)) throw new RangeError('weights must add up to more than 0');
      let r = next() * total;
      for (const [value, w] of entries) {
        if (r < w) return value;
        r -= w;
      }
      // Float rounding can leave r a hair above the last weight.
      return (entries[entries.length - 1] as readonly [T, number])[0];
    },
    shuffle<T>(items: readonly T[]): T[] {
      const copy = items.slice();
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = copy[i] as T;
        copy[i] = copy[j] as T;
        copy[j] = tmp;
      }
      return copy;
    },
    fork(): Random {
      const forked = sfc32(raw(), raw(), raw(), raw());
      for (let i = 0; i < 12; i++) forked();
      return fromRaw(forked);
    },
  };
}

/**
 * A weighted picker prepared once: O(log n) per draw instead of a linear scan, for hot loops.
 */
export function weightedPicker<T>(entries: readonly (readonly [T, number])[]): (random: Random) => T {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [value, weight] of entries) {
    if (!(weight >= 0)) throw new RangeError('weights must not be negative');
    if (weight === 0) continue;
    total += weight;
    values.push(value);
    cumulative.push(total);
  }
  if (values.length === 0) throw new RangeError('weights must add up to more than 0');
  return (random) => {
    const r = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (r < (cumulative[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return values[lo] as T;
  };
}
