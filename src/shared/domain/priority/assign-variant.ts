// Stable A/B assignment by account: the same account lands in the same variant on every device and server, with
// no stored table, so two strategies can run side by side and each attempt records its variant.
import { z } from 'zod';

export const AbExperiment = z.object({
  id: z.string().min(1).max(64),
  variants: z
    .array(z.object({ id: z.string().min(1).max(32), weight: z.number().finite().min(0) }))
    .min(1)
    .refine((variants) => variants.some((v) => v.weight > 0), 'at least one variant needs a positive weight'),
});
export type AbExperiment = z.infer<typeof AbExperiment>;

/** FNV-1a (32-bit) over UTF-16 code units, then Murmur3's finalizer so similar ids spread over the whole range. */
export function stableHash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The variant id for `accountId`; the experiment id salts the hash so experiments split independently. */
export function assignVariant(
  accountId: string,
  experiment: { id: string; variants: ReadonlyArray<{ id: string; weight: number }> },
): string {
  let total = 0;
  for (const v of experiment.variants) {
    if (!Number.isFinite(v.weight) || v.weight < 0) throw new RangeError(`bad weight for variant ${v.id}`);
    total += v.weight;
  }
  if (total <= 0) throw new RangeError(`experiment ${experiment.id} has no variant with a positive weight`);
  const point = (stableHash32(`${experiment.id}\u0000${accountId}`) / 0x1_0000_0000) * total;
  let cumulative = 0;
  let last = '';
  for (const v of experiment.variants) {
    if (v.weight <= 0) continue;
    cumulative += v.weight;
    last = v.id;
    if (point < cumulative) return v.id;
  }
  return last;
}
