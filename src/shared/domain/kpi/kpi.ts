// The supervisor's KPIs, computed from counts the server aggregates in SQL (never from rows). One definition for
// the console's cards, charts and variant comparisons:
//   contact rate   = contacts / attempts            (contacts: disposition category contact or right-party contact)
//   RPC rate       = right-party contacts / attempts
//   promise rate   = promises / right-party contacts (a promise can only come from the debtor)
//   kept rate      = kept / (kept + broken)         (promises whose outcome is known; pending ones wait)
//   average handle = (time on call + wrap-up) / calls, from the agents' state history
//   calls per hour = attempts / productive hours    (hours signed in and not paused, from the state history)
import type { DispositionConfig } from '../dispositions';
import { compareRates, wilsonInterval, type Interval, type RateComparison } from './statistics';

/** What SQL adds up for one group (a day, an agent, a variant, or everything). */
export interface KpiTotals {
  attempts: number;
  contacts: number;
  rightPartyContacts: number;
  promises: number;
  promisedCents: number;
  promisesKept: number;
  promisesBroken: number;
  /** Payments dated in the period; null where payments cannot be attributed (strategy and script variants). */
  collectedCents: number | null;
  /** Time in the on-call and wrap-up states. */
  handleMs: number;
  /** Calls taken (entries into the on-call state). */
  calls: number;
  /** Time signed in and not paused (available, on call, wrap-up). */
  productiveMs: number;
  pausedMs: number;
}

export const emptyTotals = (): KpiTotals => ({
  attempts: 0,
  contacts: 0,
  rightPartyContacts: 0,
  promises: 0,
  promisedCents: 0,
  promisesKept: 0,
  promisesBroken: 0,
  collectedCents: 0,
  handleMs: 0,
  calls: 0,
  productiveMs: 0,
  pausedMs: 0,
});

export interface Rate {
  successes: number;
  trials: number;
  /** null without trials. */
  value: number | null;
  /** Wilson 95% interval; null without trials. */
  interval: Interval | null;
}

export interface KpiValues {
  attempts: number;
  contacts: number;
  rightPartyContacts: number;
  contactRate: Rate;
  rpcRate: Rate;
  promises: number;
  promisedCents: number;
  promiseRate: Rate;
  keptRate: Rate;
  collectedCents: number | null;
  averageHandleMs: number | null;
  callsPerHour: number | null;
  /** Share of signed-in time spent paused. */
  pauseShare: Rate | null;
}

/** The KPI keys the console shows as cards (`data-kpi`). */
export const KPI_KEYS = [
  'attempts',
  'contacts',
  'rightPartyContacts',
  'contactRate',
  'rpcRate',
  'promises',
  'promisedCents',
  'promiseRate',
  'keptRate',
  'collectedCents',
  'averageHandleMs',
  'callsPerHour',
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

/** The rates a variant comparison can be made on. */
export const RATE_KEYS = ['contactRate', 'rpcRate', 'promiseRate', 'keptRate'] as const;
export type RateKey = (typeof RATE_KEYS)[number];

export function rate(successes: number, trials: number): Rate {
  return { successes, trials, value: trials > 0 ? successes / trials : null, interval: wilsonInterval(successes, trials) };
}

const HOUR_MS = 3_600_000;

export function computeKpis(t: KpiTotals): KpiValues {
  const signedIn = t.productiveMs + t.pausedMs;
  return {
    attempts: t.attempts,
    contacts: t.contacts,
    rightPartyContacts: t.rightPartyContacts,
    contactRate: rate(t.contacts, t.attempts),
    rpcRate: rate(t.rightPartyContacts, t.attempts),
    promises: t.promises,
    promisedCents: t.promisedCents,
    promiseRate: rate(t.promises, t.rightPartyContacts),
    keptRate: rate(t.promisesKept, t.promisesKept + t.promisesBroken),
    collectedCents: t.collectedCents,
    averageHandleMs: t.calls > 0 ? Math.round(t.handleMs / t.calls) : null,
    // Under a minute of productive time says nothing about an hour.
    callsPerHour: t.productiveMs >= 60_000 ? (t.attempts * HOUR_MS) / t.productiveMs : null,
    // Milliseconds as trials would make the interval meaningless: minutes are the unit counted.
    pauseShare: signedIn > 0 ? { ...rate(Math.round(t.pausedMs / 60_000), Math.round(signedIn / 60_000)), value: t.pausedMs / signedIn } : null,
  };
}

/** Adds groups up (e.g. days into a period); collected stays null if any part is null. */
export function addTotals(parts: readonly KpiTotals[]): KpiTotals {
  const sum = emptyTotals();
  for (const p of parts) {
    for (const key of Object.keys(sum) as (keyof KpiTotals)[]) {
      if (key === 'collectedCents') sum.collectedCents = sum.collectedCents === null || p.collectedCents === null ? null : sum.collectedCents + p.collectedCents;
      else sum[key] += p[key];
    }
  }
  return sum;
}

/** The disposition codes SQL counts as contacts and as right-party contacts, from the configuration. */
export function contactCodes(config: DispositionConfig): { contact: string[]; rightParty: string[] } {
  return {
    contact: config.dispositions.filter((d) => d.category === 'contact' || d.category === 'right_party_contact').map((d) => d.code),
    rightParty: config.dispositions.filter((d) => d.category === 'right_party_contact').map((d) => d.code),
  };
}

export interface VariantComparison {
  rate: RateKey;
  /** The baseline: the variant with the most trials for this rate. */
  baseline: string;
  against: { variant: string; comparison: RateComparison | null }[];
}

/**
 * A/B comparison of variants on each rate: every variant against the baseline (the one with the most trials,
 * ties by name), with the difference's 95% interval and the two-proportion z-test.
 */
export function compareVariants(groups: readonly { key: string; kpis: KpiValues }[]): VariantComparison[] {
  if (groups.length < 2) return [];
  return RATE_KEYS.map((rateKey) => {
    const ordered = [...groups].sort((a, b) => b.kpis[rateKey].trials - a.kpis[rateKey].trials || a.key.localeCompare(b.key));
    const base = ordered[0]!;
    return {
      rate: rateKey,
      baseline: base.key,
      against: ordered.slice(1).map((g) => ({ variant: g.key, comparison: compareRates(g.kpis[rateKey], base.kpis[rateKey]) })),
    };
  });
}
