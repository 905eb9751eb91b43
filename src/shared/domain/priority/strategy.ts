// The prioritization strategy as data: named factors with weights and buckets, versioned so a supervisor can edit
// it and two strategies can run side by side (A/B by account). Validated by zod before use.
import { z } from 'zod';

const Weight = z.number().min(0).max(100_000);
const Share = z.number().min(0).max(1);

export const Strategy = z.object({
  schemaVersion: z.literal(1),
  id: z.string().min(1).max(64),
  version: z.number().int().min(1),
  name: z.string().min(1).max(120),
  factors: z.object({
    /** Value per delinquency bucket (dates.ts `dpdBucket`), 0..1. */
    daysPastDue: z.object({
      weight: Weight,
      buckets: z.object({
        current: Share,
        '1-30': Share,
        '31-60': Share,
        '61-90': Share,
        '91-180': Share,
        '181-360': Share,
        '360+': Share,
      }),
    }),
    /** Log-scaled balance: 1 at `fullAtCents` and above, so a few huge debts do not drown everything else. */
    balance: z.object({ weight: Weight, fullAtCents: z.number().int().min(100) }),
    /** A broken promise counts fully the day it breaks and fades to nothing over `fadeDays`. */
    brokenPromise: z.object({ weight: Weight, fadeDays: z.number().int().min(1).max(365) }),
    promiseDueToday: z.object({ weight: Weight }),
    /** A callback due (or due within `leadMinutes`) jumps the queue: give it a weight above all others combined. */
    callbackDue: z.object({ weight: Weight, leadMinutes: z.number().int().min(0).max(240) }),
    /** A penalty: outbound attempts on the account in the last 7 days; full at `fullAt` attempts. */
    attemptsThisWeek: z.object({ weight: Weight, fullAt: z.number().int().min(1).max(100) }),
    /** The policy allows contact now in the customer's own time zone. */
    contactWindowOpen: z.object({ weight: Weight }),
    propensity: z.object({
      weight: Weight,
      lookbackMonths: z.number().int().min(1).max(60),
      parts: z.object({ onTimeRecord: Weight, promisesKept: Weight, paysAfterContact: Weight }),
    }),
  }),
});
export type Strategy = z.infer<typeof Strategy>;
export type PropensityConfig = Strategy['factors']['propensity'];

/**
 * The default: recover the most money per call. Recovery odds fall with delinquency and with a poor payment
 * record, so a good payer's one-week slip outranks a chronic defaulter of similar balance; the 61–90 bucket weighs
 * most because it is the last stage before charge-off where a call still changes the outcome.
 */
export const defaultStrategy: Strategy = Strategy.parse({
  schemaVersion: 1,
  id: 'default',
  version: 1,
  name: 'Default',
  factors: {
    daysPastDue: {
      weight: 25,
      buckets: { current: 0, '1-30': 0.5, '31-60': 0.8, '61-90': 1, '91-180': 0.8, '181-360': 0.5, '360+': 0.3 },
    },
    balance: { weight: 20, fullAtCents: 1_000_000 },
    brokenPromise: { weight: 30, fadeDays: 14 },
    promiseDueToday: { weight: 20 },
    callbackDue: { weight: 1000, leadMinutes: 5 },
    attemptsThisWeek: { weight: 15, fullAt: 5 },
    contactWindowOpen: { weight: 10 },
    propensity: { weight: 40, lookbackMonths: 12, parts: { onTimeRecord: 0.4, promisesKept: 0.35, paysAfterContact: 0.25 } },
  },
});
