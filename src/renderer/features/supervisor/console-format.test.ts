import { describe, expect, it } from 'vitest';
import { formatDuration, formatPercent } from './console-format';

describe('console formats', () => {
  it('writes durations as a clock', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75_000)).toBe('1:15');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(-5)).toBe('0:00');
    expect(formatDuration(null)).toBe('—');
  });

  it('writes rates as percentages in the locale', () => {
    expect(formatPercent(0.4567, 'en')).toBe('45.7%');
    expect(formatPercent(0.4567, 'pt-BR')).toMatch(/^45,7\s?%$/);
    expect(formatPercent(null, 'en')).toBe('—');
  });
});
