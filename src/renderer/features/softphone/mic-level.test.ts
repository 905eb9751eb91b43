import { describe, expect, it } from 'vitest';
import { levelFromSamples, meterLevel } from './mic-level';

describe('levelFromSamples', () => {
  it('is 0 for digital silence and 100 for a full-scale peak', () => {
    expect(levelFromSamples(new Float32Array(512))).toBe(0);
    const full = new Float32Array(512);
    full[100] = -1;
    expect(levelFromSamples(full)).toBe(100);
  });

  it('maps the peak in dBFS onto 0..100 between -60 dB and 0 dB', () => {
    const tone = Float32Array.from({ length: 480 }, (_, i) => 0.1 * Math.sin((2 * Math.PI * 1000 * i) / 48_000));
    // 0.1 is -20 dBFS: two thirds up the scale.
    expect(levelFromSamples(tone)).toBe(67);
    expect(levelFromSamples([0.001, -0.0005])).toBe(0);
    expect(levelFromSamples([0.002])).toBe(10);
  });
});

describe('meterLevel', () => {
  it('rises at once and falls back over a few updates', () => {
    expect(meterLevel(0, 80)).toBe(80);
    const falling = [80];
    for (let i = 0; i < 6; i += 1) falling.push(meterLevel(falling.at(-1)!, 0));
    expect(falling).toEqual([80, 48, 28, 16, 9, 5, 3]);
  });
});
