// What the store keeps as "the strategy": one or more strategies run side by side as A/B variants, assigned by
// account (assign-variant.ts). A single variant is the usual case. Validated by zod before it replaces the old one.
import { z } from 'zod';
import { defaultStrategy, Strategy } from './strategy';

export const StrategyConfig = z.object({
  /** Salts the A/B split; change it to reshuffle accounts between variants. */
  experimentId: z.string().min(1).max(64),
  variants: z
    .array(z.object({ id: z.string().min(1).max(32), weight: z.number().finite().min(0), strategy: Strategy }))
    .min(1)
    .max(8)
    .refine((variants) => variants.some((v) => v.weight > 0), 'at least one variant needs a positive weight')
    .refine((variants) => new Set(variants.map((v) => v.id)).size === variants.length, 'variant ids must be unique'),
});
export type StrategyConfig = z.infer<typeof StrategyConfig>;

export const defaultStrategyConfig: StrategyConfig = {
  experimentId: 'default',
  variants: [{ id: 'A', weight: 1, strategy: defaultStrategy }],
};
