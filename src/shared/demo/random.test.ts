import { describe, expect, it } from 'vitest';
import { createRandom, weightedPicker } from './random';

describe('createRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 50 }, () => a.uint32());
    const seqB = Array.from({ length: 50 }, () => b.uint32());
    const seqC = Array.from({ length: 50 }, () => c.uint32());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('is pinned: the same seed yields these numbers on every platform', () => {
    // If this changes, every saved demo portfolio and test fixture built from a seed changes too.
    const r = createRandom(1);
    const first = [r.uint32(), r.uint32(), r.uint32()];
    expect(first).toEqual(PINNED_SEED_1);
  });

  it('distinguishes large, negative and fractional seeds', () => {
    const firstOf = (seed: number) => createRandom(seed).uint32();
    expect(firstOf(2 ** 32)).not.toBe(firstOf(0));
    expect(firstOf(-5)).not.toBe(firstOf(5));
    expect(firstOf(7.9)).toBe(firstOf(7));
    expect(() => createRandom(Number.NaN)).toThrow(RangeError);
  });

  it('stays in range and is roughly uniform', () => {
    const r = createRandom(7);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) {
      const v = r.int(1, 6);
      if (v < 1 || v > 6) throw new Error(`out of range: ${v}`);
      counts[v - 1]!++;
    }
    for (const n of counts) expect(Math.abs(n - 10_000)).toBeLessThan(500);
    for (let i = 0; i < 1000; i++) {
      const f = r.next();
      if (!(f >= 0 && f < 1)) throw new Error(`out of range: ${f}`);
    }
  });

  it('weights picks and chances', () => {
    const r = createRandom(11);
    let a = 0;
    let yes = 0;
    const pickFast = weightedPicker([
      ['a', 3],
      ['b', 1],
      ['never', 0],
    ] as const);
    let fastA = 0;
    for (let i = 0; i < 40_000; i++) {
      if (r.weighted([['a', 3], ['b', 1]] as const) === 'a') a++;
      if (r.chance(0.1)) yes++;
      const f = pickFast(r);
      if (f === 'never') throw new Error('picked a zero weight');
      if (f === 'a') fastA++;
    }
    expect(a / 40_000).toBeCloseTo(0.75, 1);
    expect(fastA / 40_000).toBeCloseTo(0.75, 1);
    expect(yes / 40_000).toBeCloseTo(0.1, 1);
  });

  it('shuffles without losing or duplicating items, and picks from the list', () => {
    const r = createRandom(3);
    const items = Array.from({ length: 100 }, (_, i) => i);
    const shuffled = r.shuffle(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(items[0]).toBe(0);
    expect(items).toContain(r.pick(items));
    expect(() => r.pick([])).toThrow(RangeError);
    expect(() => r.int(5, 1)).toThrow(RangeError);
  });

  it('forks an independent, reproducible stream', () => {
    const a = createRandom(9).fork();
    const b = createRandom(9).fork();
    expect(a.uint32()).toBe(b.uint32());
  });
});

const PINNED_SEED_1 = [1828152527, 3394835397, 2967886022];
