import { describe, expect, it } from 'vitest';
import { AbExperiment, assignVariant, stableHash32 } from './assign-variant';

const ids = Array.from({ length: 10_000 }, (_, i) => `acc-${i}`);
const ab = { id: 'strategy-2026-03', variants: [{ id: 'A', weight: 1 }, { id: 'B', weight: 1 }] };

describe('assignVariant', () => {
  it('splits about 50/50 over 10,000 sequential account ids', () => {
    const a = ids.filter((id) => assignVariant(id, ab) === 'A').length;
    expect(a).toBeGreaterThan(4_800);
    expect(a).toBeLessThan(5_200);
  });

  it('is stable: the same account always gets the same variant, with fixed known values', () => {
    const first = ids.map((id) => assignVariant(id, ab));
    expect(ids.map((id) => assignVariant(id, ab))).toEqual(first);
    // Pinned so a change of hash (which would reshuffle running experiments) fails here.
    expect(stableHash32('strategy-2026-03\u0000acc-0')).toBe(4060224747);
    expect(stableHash32('strategy-2026-03\u0000acc-1')).toBe(949171992);
    expect(['acc-0', 'acc-1', 'acc-2', 'acc-3', 'acc-4', 'acc-5'].map((id) => assignVariant(id, ab)).join('')).toBe('BAABAB');
  });

  it('honours weights and never picks a zero-weight variant', () => {
    const skewed = { id: 'x', variants: [{ id: 'big', weight: 9 }, { id: 'off', weight: 0 }, { id: 'small', weight: 1 }] };
    const counts = { big: 0, off: 0, small: 0 } as Record<string, number>;
    for (const id of ids) counts[assignVariant(id, skewed)]! += 1;
    expect(counts.off).toBe(0);
    expect(counts.small).toBeGreaterThan(850);
    expect(counts.small).toBeLessThan(1_150);
  });

  it('splits independently per experiment', () => {
    const other = { ...ab, id: 'script-2026-03' };
    const same = ids.filter((id) => assignVariant(id, ab) === assignVariant(id, other)).length;
    expect(same).toBeGreaterThan(4_700);
    expect(same).toBeLessThan(5_300);
  });

  it('refuses an experiment with no positive weight', () => {
    expect(() => assignVariant('a', { id: 'e', variants: [{ id: 'A', weight: 0 }] })).toThrow(RangeError);
    expect(() => assignVariant('a', { id: 'e', variants: [] })).toThrow(RangeError);
    expect(AbExperiment.safeParse({ id: 'e', variants: [{ id: 'A', weight: 0 }] }).success).toBe(false);
    expect(AbExperiment.safeParse(ab).success).toBe(true);
  });
});
