// The microphone level meter's arithmetic: a block of samples (Web Audio time-domain data, -1..1) to a 0–100
// level on a decibel scale, and the meter's fall-back so a short syllable stays visible for a moment.

/** The quietest level the meter shows above zero; a normal voice on a headset sits around -30..-10 dBFS. */
const FLOOR_DB = -60;

/** Peak of the block in dBFS mapped linearly from FLOOR_DB..0 dB to 0..100; digital silence is 0. */
export function levelFromSamples(samples: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const value = Math.abs(samples[i] ?? 0);
    if (value > peak) peak = value;
  }
  if (peak <= 0) return 0;
  const db = 20 * Math.log10(Math.min(1, peak));
  return Math.max(0, Math.min(100, Math.round(((db - FLOOR_DB) / -FLOOR_DB) * 100)));
}

/** Rises at once, falls by `fall` per update (0.6 at 10 updates a second: about half a second to fade). */
export function meterLevel(previous: number, current: number, fall = 0.6): number {
  return Math.max(current, Math.floor(previous * fall));
}
