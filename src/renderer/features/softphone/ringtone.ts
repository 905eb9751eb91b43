// A short ringtone generated with WebAudio (no audio file to ship): two tones, repeated until stopped.
export interface Ringtone {
  stop(): void;
}

export function startRingtone(): Ringtone {
  const AudioContextClass = globalThis.AudioContext as typeof AudioContext | undefined;
  if (!AudioContextClass) return { stop: () => {} };
  let context: AudioContext;
  try {
    context = new AudioContextClass();
  } catch {
    return { stop: () => {} };
  }
  const ring = () => {
    const start = context.currentTime;
    for (const [offset, frequency] of [
      [0, 440],
      [0.4, 480],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.15, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.38);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.4);
    }
  };
  ring();
  const timer = setInterval(ring, 2_500);
  return {
    stop() {
      clearInterval(timer);
      void context.close().catch(() => {});
    },
  };
}
