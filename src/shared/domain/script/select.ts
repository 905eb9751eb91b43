// Which script to suggest for an account: rules as data, first match wins, and the answer says which rule matched
// and why (explainable like the worklist's reasons). A rule may split accounts between A/B variants of a script;
// the split is by account (assign-variant.ts), so an account always hears the same variant.
import { z } from 'zod';
import { Locale } from '../../model';
import type { DpdBucket } from '../dates';
import { addDays, diffDays, dpdBucket, DPD_BUCKETS } from '../dates';
import type { PaymentBehaviour } from '../payment-behaviour';
import { assignVariant } from '../priority/assign-variant';
import { ScriptId } from './schema';

const PayerProfile = z.enum(['chronic', 'occasional', 'first_time']);

export const ScriptRuleConditions = z.strictObject({
  dpdBuckets: z.array(z.enum(DPD_BUCKETS as [DpdBucket, ...DpdBucket[]])).min(1).optional(),
  minDaysPastDue: z.number().int().min(0).optional(),
  maxDaysPastDue: z.number().int().min(0).optional(),
  payerProfiles: z.array(PayerProfile).min(1).optional(),
  /** Matches when a promise broke at most this many days ago. */
  brokenPromiseWithinDays: z.number().int().min(0).max(3650).optional(),
  languages: z.array(Locale).min(1).optional(),
  /** Contact policy ids (presets `br`, `us`, `uk`, or a custom policy's id). */
  policies: z.array(z.string().min(1).max(64)).min(1).optional(),
  /** Worklist strategy variants (the strategy's own A/B split). */
  strategyVariants: z.array(z.string().min(1).max(32)).min(1).optional(),
});
export type ScriptRuleConditions = z.infer<typeof ScriptRuleConditions>;

export const ScriptRule = z.strictObject({
  id: z.string().min(1).max(64),
  when: ScriptRuleConditions.default({}),
  scriptId: ScriptId,
  /** Pinned version; absent means the newest version available. */
  version: z.number().int().min(1).optional(),
  /** The script variants to split accounts between, by weight; one entry means no experiment. */
  variants: z
    .array(z.strictObject({ id: z.string().min(1).max(32), weight: z.number().finite().min(0) }))
    .min(1)
    .max(8)
    .refine((variants) => variants.some((v) => v.weight > 0), 'at least one variant needs a positive weight')
    .refine((variants) => new Set(variants.map((v) => v.id)).size === variants.length, 'variant ids must be unique'),
});
export type ScriptRule = z.infer<typeof ScriptRule>;

export const ScriptRules = z
  .strictObject({
    /** Salts the A/B split; change it to reshuffle accounts between script variants. */
    experimentId: z.string().min(1).max(64),
    rules: z.array(ScriptRule).min(1).max(200),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: 'duplicate_rule_id' });
      seen.add(rule.id);
    });
  });
export type ScriptRules = z.infer<typeof ScriptRules>;

export interface ScriptSelectionContext {
  accountId: string;
  daysPastDue: number;
  payerProfile: PaymentBehaviour['profile'];
  /** Days since the most recent broken promise; null when none ever broke. */
  daysSinceBrokenPromise: number | null;
  language: Locale;
  /** The contact policy's id. */
  policyId: string;
  strategyVariant: string | null;
}

/** A script document that can be chosen. */
export interface ScriptRef {
  id: string;
  version: number;
  variant: string;
}

export type ScriptCondition = keyof ScriptRuleConditions;

export type ScriptSelection =
  | {
      ok: true;
      scriptId: string;
      version: number;
      variant: string;
      ruleId: string;
      /** The conditions of the rule the account met (empty for a catch-all rule). */
      matched: ScriptCondition[];
      /** Set when the rule splits accounts between variants. */
      experiment: { id: string; variants: string[] } | null;
    }
  | { ok: false; code: 'no_rule_matched' }
  | { ok: false; code: 'script_not_available'; ruleId: string; scriptId: string; variant: string; version: number | null };

const MS_PER_DAY = 86_400_000;

/** Days since the last broken promise, from promises' status and resolution instants. */
export function daysSinceBrokenPromise(
  promises: ReadonlyArray<{ status: string; resolvedAt: number | null }>,
  now: number,
): number | null {
  let latest: number | null = null;
  for (const p of promises) {
    if (p.status === 'broken' && p.resolvedAt !== null && (latest === null || p.resolvedAt > latest)) latest = p.resolvedAt;
  }
  return latest === null ? null : Math.max(0, Math.floor((now - latest) / MS_PER_DAY));
}

/**
 * The same from the account's history lines (HistoryEntry `promise`), which carry the promise date but not when
 * it broke: a promise breaks the day after its date (the promise schedule's rule).
 */
export function daysSinceBrokenPromiseInHistory(
  entries: ReadonlyArray<{ kind: string; status?: string; dueDate?: string }>,
  today: string,
): number | null {
  let latest: string | null = null;
  for (const entry of entries) {
    if (entry.kind !== 'promise' || entry.status !== 'broken' || entry.dueDate === undefined) continue;
    const brokeOn = addDays(entry.dueDate, 1);
    if (latest === null || brokeOn > latest) latest = brokeOn;
  }
  return latest === null ? null : Math.max(0, diffDays(today, latest));
}

/** The conditions `rule` checks and whether the account meets all of them. */
export function matchRule(conditions: ScriptRuleConditions, context: ScriptSelectionContext): { matches: boolean; matched: ScriptCondition[] } {
  const matched: ScriptCondition[] = [];
  const check = (name: ScriptCondition, ok: boolean): boolean => {
    if (ok) matched.push(name);
    return ok;
  };
  const c = conditions;
  const ok =
    (c.dpdBuckets === undefined || check('dpdBuckets', c.dpdBuckets.includes(dpdBucket(context.daysPastDue)))) &&
    (c.minDaysPastDue === undefined || check('minDaysPastDue', context.daysPastDue >= c.minDaysPastDue)) &&
    (c.maxDaysPastDue === undefined || check('maxDaysPastDue', context.daysPastDue <= c.maxDaysPastDue)) &&
    (c.payerProfiles === undefined || check('payerProfiles', c.payerProfiles.includes(context.payerProfile))) &&
    (c.brokenPromiseWithinDays === undefined ||
      check(
        'brokenPromiseWithinDays',
        context.daysSinceBrokenPromise !== null && context.daysSinceBrokenPromise <= c.brokenPromiseWithinDays,
      )) &&
    (c.languages === undefined || check('languages', c.languages.includes(context.language))) &&
    (c.policies === undefined || check('policies', c.policies.includes(context.policyId))) &&
    (c.strategyVariants === undefined ||
      check('strategyVariants', context.strategyVariant !== null && c.strategyVariants.includes(context.strategyVariant)));
  return { matches: ok, matched };
}

/**
 * The script to suggest: the first rule the account meets, the variant its A/B split gives this account, and the
 * newest available version (or the pinned one). `available` is the scripts the desk holds.
 */
export function selectScript(
  rules: ScriptRules,
  context: ScriptSelectionContext,
  available: ReadonlyArray<ScriptRef>,
): ScriptSelection {
  for (const rule of rules.rules) {
    const { matches, matched } = matchRule(rule.when, context);
    if (!matches) continue;
    const experimentId = `${rules.experimentId}:${rule.id}`;
    const variant = rule.variants.length === 1 ? rule.variants[0]!.id : assignVariant(context.accountId, { id: experimentId, variants: rule.variants });
    let version: number | null = null;
    for (const ref of available) {
      if (ref.id !== rule.scriptId || ref.variant !== variant) continue;
      if (rule.version !== undefined ? ref.version === rule.version : version === null || ref.version > version) version = ref.version;
    }
    if (version === null) {
      return { ok: false, code: 'script_not_available', ruleId: rule.id, scriptId: rule.scriptId, variant, version: rule.version ?? null };
    }
    return {
      ok: true,
      scriptId: rule.scriptId,
      version,
      variant,
      ruleId: rule.id,
      matched,
      experiment: rule.variants.length > 1 ? { id: experimentId, variants: rule.variants.map((v) => v.id) } : null,
    };
  }
  return { ok: false, code: 'no_rule_matched' };
}
