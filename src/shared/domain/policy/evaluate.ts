// The contact-policy engine: "may I contact this customer on this channel now?", with machine-readable reasons
// and the next instant every time-based rule allows. Pure and deterministic; the queue, the dial handler and the
// server all call this one function.
import type {
  Account,
  CalendarDate,
  Callback,
  ContactAttempt,
  Customer,
  Disposition,
  PaymentPromise,
} from '../../model';
import { BRAZIL_STATES } from '../brazil-regions';
import { addDays } from '../dates';
import { isValidTimeZone } from '../time-zone';
import type { AttemptCap, AttemptScope, ContactPolicy, FlagAction, PolicyChannel } from './schema';
import {
  compileWeek,
  formatClock,
  HOLIDAY_INDEX,
  localClock,
  nextOpening,
  wallToInstant,
  type CompiledWeek,
} from './windows';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

export type PolicyReasonCode =
  | 'account_not_open'
  | 'channel_disabled'
  | 'do_not_contact'
  | 'cease_communication'
  | 'dispute_pending'
  | 'deceased'
  | 'bankruptcy'
  | 'vulnerable_review_required'
  | 'no_consent'
  | 'outside_calling_window'
  | 'outside_message_hours'
  | 'holiday'
  | 'rest_day'
  | 'attempt_cap_reached'
  | 'min_gap'
  | 'quiet_after_conversation'
  | 'promise_pending'
  | 'requested_callback'
  | 'time_zone_fallback';

export type PolicyReasonParams = Record<string, string | number | boolean | null>;

/** `block` reasons make `allowed` false; `info` reasons accompany an allowed contact (or explain context). */
export interface PolicyReason {
  code: PolicyReasonCode;
  severity: 'block' | 'info';
  params: PolicyReasonParams;
}

export interface PolicyResult {
  allowed: boolean;
  reasons: PolicyReason[];
  /** `now` when allowed; the earliest instant every time-based rule allows; null when a flag or consent blocks. */
  nextAllowedAt: number | null;
}

/** The attempt fields the engine reads, so callers can pass lighter rows than the full entity. */
export type PolicyAttempt = Pick<
  ContactAttempt,
  'accountId' | 'customerId' | 'channel' | 'direction' | 'startedAt' | 'endedAt' | 'disposition'
>;
export type PolicyPromise = Pick<PaymentPromise, 'accountId' | 'status' | 'dueDate' | 'installments'>;
export type PolicyCallback = Pick<Callback, 'accountId' | 'status' | 'dueAt' | 'createdAt'>;

/** Opt-in (true) or opt-out (false) per channel; absent means never asked. */
export type ChannelConsent = Partial<Record<PolicyChannel, boolean>>;

export interface PolicyInput {
  customer: Pick<Customer, 'id' | 'timeZone' | 'flags' | 'address'>;
  account: Pick<Account, 'id' | 'status'>;
  channel: PolicyChannel;
  /** UTC epoch milliseconds. */
  now: number;
  /** This customer's past attempts (all debts: caps scoped to the customer need them) and promises. */
  history: {
    attempts: readonly PolicyAttempt[];
    promises?: readonly PolicyPromise[];
    /** Callbacks the customer asked for: one due now lifts the quiet period (their consent to be called). */
    callbacks?: readonly PolicyCallback[];
  };
  policy: ContactPolicy;
  consent?: ChannelConsent;
}

const FLAG_CODES = {
  doNotContact: 'do_not_contact',
  ceaseCommunication: 'cease_communication',
  dispute: 'dispute_pending',
  deceased: 'deceased',
  bankruptcy: 'bankruptcy',
  vulnerable: 'vulnerable_review_required',
} as const satisfies Record<keyof ContactPolicy['flags'], PolicyReasonCode>;
const FLAG_KEYS = Object.keys(FLAG_CODES) as Array<keyof typeof FLAG_CODES>;

interface CompiledRegion {
  calling: CompiledWeek;
  holidays: Map<CalendarDate, string>;
}

interface CompiledPolicy {
  calling: CompiledWeek;
  messages: CompiledWeek;
  holidays: Map<CalendarDate, string>;
  regions: Map<string, CompiledRegion>;
  conversation: ReadonlySet<Disposition>;
}

// Policies are immutable once parsed; compiling once per object keeps evaluation in the microseconds.
const compiledPolicies = new WeakMap<ContactPolicy, CompiledPolicy>();

function compile(policy: ContactPolicy): CompiledPolicy {
  const cached = compiledPolicies.get(policy);
  if (cached) return cached;
  const calling = compileWeek(policy.callingWindows);
  const holidays = new Map(policy.holidays.map((h) => [h.date, h.name] as const));
  const regions = new Map<string, CompiledRegion>();
  for (const [code, region] of Object.entries(policy.regions)) {
    const regionHolidays = new Map(holidays);
    for (const h of region.holidays) regionHolidays.set(h.date, h.name);
    regions.set(code, {
      calling: region.callingWindows ? compileWeek(region.callingWindows) : calling,
      holidays: regionHolidays,
    });
  }
  const compiled: CompiledPolicy = {
    calling,
    messages: compileWeek(policy.messageWindows),
    holidays,
    regions,
    conversation: new Set(policy.conversationDispositions),
  };
  compiledPolicies.set(policy, compiled);
  return compiled;
}

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toUpperCase();
}

const BRAZIL_UF_BY_NAME = new Map(BRAZIL_STATES.map((s) => [fold(s.name), s.uf]));

/** The region code of the customer's address when it is in the policy's country ("São Paulo" → "SP"). */
export function customerRegion(
  customer: Pick<Customer, 'address'>,
  policy: Pick<ContactPolicy, 'country'>,
): string | null {
  const address = customer.address;
  if (!address || address.country.toUpperCase() !== policy.country.toUpperCase()) return null;
  const state = fold(address.state);
  if (state === '') return null;
  if (policy.country.toUpperCase() === 'BR') return BRAZIL_UF_BY_NAME.get(state) ?? state;
  return state;
}

function inScope(attempt: PolicyAttempt, scope: AttemptScope, accountId: string, customerId: string): boolean {
  return scope === 'debt' ? attempt.accountId === accountId : attempt.customerId === customerId;
}

/** When a cap frees up again: the moment the oldest attempt that keeps the count at the cap rolls out. */
function capUntil(cap: AttemptCap, input: PolicyInput): { count: number; until: number } | null {
  const windowMs = cap.windowHours * MS_PER_HOUR;
  const since = input.now - windowMs;
  const times: number[] = [];
  for (const attempt of input.history.attempts) {
    if (
      attempt.direction === 'outbound' &&
      attempt.startedAt > since &&
      (cap.countChannels as readonly string[]).includes(attempt.channel) &&
      inScope(attempt, cap.scope, input.account.id, input.customer.id)
    ) {
      times.push(attempt.startedAt);
    }
  }
  if (times.length < cap.maxAttempts) return null;
  times.sort((a, b) => b - a);
  return { count: times.length, until: (times[cap.maxAttempts - 1] as number) + windowMs };
}

/** The next date a pending promise is due on or after `today` (a plan's next installment), or null. */
function nextPromiseDate(promise: PolicyPromise, today: CalendarDate): CalendarDate | null {
  const dates = promise.installments.length ? promise.installments.map((i) => i.dueDate) : [promise.dueDate];
  let next: CalendarDate | null = null;
  for (const date of dates) if (date >= today && (next === null || date < next)) next = date;
  return next;
}

function rangesText(ranges: ReadonlyArray<{ text: string }>): string {
  return ranges.map((r) => r.text).join(', ');
}

export function evaluate(input: PolicyInput): PolicyResult {
  const { customer, account, channel, now, policy } = input;
  const compiled = compile(policy);
  const rule = policy.channels[channel];
  const reasons: PolicyReason[] = [];
  let never = false;
  let notBefore = now;

  const block = (code: PolicyReasonCode, params: PolicyReasonParams, until?: number): void => {
    reasons.push({ code, severity: 'block', params });
    if (until === undefined) never = true;
    else if (until > notBefore) notBefore = until;
  };

  let timeZone = customer.timeZone;
  if (!isValidTimeZone(timeZone)) {
    reasons.push({
      code: 'time_zone_fallback',
      severity: 'info',
      params: { timeZone: policy.defaultTimeZone, given: customer.timeZone },
    });
    timeZone = policy.defaultTimeZone;
  }

  if (account.status !== 'open') block('account_not_open', { status: account.status });
  if (!rule.enabled) block('channel_disabled', { channel });

  let vulnerableReview = false;
  for (const key of FLAG_KEYS) {
    if (!customer.flags[key]) continue;
    const action: FlagAction = policy.flags[key];
    if (action === 'block') block(FLAG_CODES[key], { flag: key });
    else if (action === 'review') {
      reasons.push({ code: FLAG_CODES[key], severity: 'info', params: { flag: key } });
      if (key === 'vulnerable') vulnerableReview = true;
    }
  }

  const consent = input.consent?.[channel];
  if (consent === false || (rule.consentRequired && consent !== true)) {
    block('no_consent', { channel, required: rule.consentRequired, withdrawn: consent === false });
  }

  const caps = vulnerableReview && rule.vulnerableCaps ? rule.vulnerableCaps : rule.caps;
  for (const cap of caps) {
    const reached = capUntil(cap, input);
    if (reached) {
      block(
        'attempt_cap_reached',
        {
          max: cap.maxAttempts,
          windowHours: cap.windowHours,
          count: reached.count,
          scope: cap.scope,
          channels: cap.countChannels.join(','),
          vulnerable: caps === rule.vulnerableCaps,
          until: reached.until,
        },
        reached.until,
      );
    }
  }

  if (rule.minGap || rule.quietAfterConversation) {
    let lastAttempt: number | null = null;
    let lastConversation: { at: number; disposition: Disposition } | null = null;
    for (const attempt of input.history.attempts) {
      if (
        rule.minGap &&
        attempt.direction === 'outbound' &&
        attempt.channel === channel &&
        inScope(attempt, rule.minGap.scope, account.id, customer.id) &&
        (lastAttempt === null || attempt.startedAt > lastAttempt)
      ) {
        lastAttempt = attempt.startedAt;
      }
      // A telephone conversation either way counts (Regulation F includes calls the consumer made).
      if (
        rule.quietAfterConversation &&
        attempt.channel === 'phone' &&
        compiled.conversation.has(attempt.disposition) &&
        inScope(attempt, rule.quietAfterConversation.scope, account.id, customer.id)
      ) {
        const at = attempt.endedAt ?? attempt.startedAt;
        if (lastConversation === null || at > lastConversation.at) {
          lastConversation = { at, disposition: attempt.disposition };
        }
      }
    }
    if (rule.minGap && lastAttempt !== null) {
      const until = lastAttempt + rule.minGap.minutes * MS_PER_MINUTE;
      if (now < until) block('min_gap', { minutes: rule.minGap.minutes, lastAttemptAt: lastAttempt, until }, until);
    }
    if (rule.quietAfterConversation && lastConversation !== null) {
      let until = lastConversation.at + rule.quietAfterConversation.hours * MS_PER_HOUR;
      // A callback requested in (or after) that conversation is the consumer's consent to be called at that time
      // (Regulation F 12 CFR 1006.14(b)(3)(i) excludes such calls); it lifts only the quiet period.
      const conversationAt = lastConversation.at;
      const requested = (input.history.callbacks ?? [])
        .filter((c) => c.accountId === account.id && c.status === 'pending' && c.createdAt >= conversationAt - MS_PER_HOUR)
        .reduce<number | null>((earliest, c) => (earliest === null || c.dueAt < earliest ? c.dueAt : earliest), null);
      if (requested !== null && requested < until) {
        if (now >= requested) {
          reasons.push({ code: 'requested_callback', severity: 'info', params: { dueAt: requested } });
        }
        until = Math.max(requested, conversationAt);
      }
      if (now < until) {
        block(
          'quiet_after_conversation',
          {
            hours: rule.quietAfterConversation.hours,
            conversationAt: lastConversation.at,
            disposition: lastConversation.disposition,
            until,
          },
          until,
        );
      }
    }
  }

  const local = localClock(now, timeZone);
  for (const promise of input.history.promises ?? []) {
    if (promise.accountId !== account.id || promise.status !== 'pending') continue;
    const dueDate = nextPromiseDate(promise, local.date);
    if (dueDate === null) continue;
    if (policy.pendingPromise === 'block') {
      const until = wallToInstant(addDays(dueDate, 1), 0, timeZone);
      block('promise_pending', { dueDate, until }, until);
    } else {
      reasons.push({ code: 'promise_pending', severity: 'info', params: { dueDate } });
    }
  }

  const region = customerRegion(customer, policy);
  const regional = region === null ? undefined : compiled.regions.get(region);
  const holidays = regional?.holidays ?? compiled.holidays;
  const week = rule.hours === 'messages' ? compiled.messages : (regional?.calling ?? compiled.calling);
  const holidayName = holidays.get(local.date);
  const todays = week[holidayName !== undefined ? HOLIDAY_INDEX : local.weekday] ?? [];
  const inside = todays.some((r) => local.minutes >= r.from && local.minutes < r.to);
  let opensAt: number | null = null;
  if (!inside) {
    opensAt = nextOpening(now, timeZone, week, (date) => holidays.has(date));
    const where = { localTime: formatClock(local.minutes), timeZone, region, opensAt };
    if (holidayName !== undefined) {
      block('holiday', { date: local.date, name: holidayName, window: rangesText(todays), ...where }, opensAt ?? now);
    } else if (todays.length === 0) {
      block('rest_day', { date: local.date, weekday: local.weekday, ...where }, opensAt ?? now);
    } else {
      const code = rule.hours === 'messages' ? 'outside_message_hours' : 'outside_calling_window';
      block(code, { window: rangesText(todays), ...where }, opensAt ?? now);
    }
    if (opensAt === null) never = true;
  }

  const allowed = !reasons.some((r) => r.severity === 'block');
  if (allowed) return { allowed, reasons, nextAllowedAt: now };
  if (never) return { allowed, reasons, nextAllowedAt: null };
  // Every time-based rule only relaxes as time passes (attempts roll out, gaps elapse), so the answer is the first
  // window opening at or after the latest of their release instants.
  if (opensAt !== null && notBefore === opensAt) return { allowed, reasons, nextAllowedAt: opensAt };
  return { allowed, reasons, nextAllowedAt: nextOpening(notBefore, timeZone, week, (date) => holidays.has(date)) };
}
