// The contact policy as data: a versioned JSON document a supervisor edits, validated by zod before it is used.
// Every number that is law somewhere lives here, never in the engine (design.md, "compliance as configuration").
import { z } from 'zod';
import { CalendarDate, Disposition } from '../../model';
import { isValidTimeZone } from '../time-zone';

/** The channels the policy rules over. `letter` (model.ts) is mail and is outside the contact-hours rules. */
export const PolicyChannel = z.enum(['phone', 'sms', 'whatsapp', 'email']);
export type PolicyChannel = z.infer<typeof PolicyChannel>;
export const POLICY_CHANNELS: readonly PolicyChannel[] = PolicyChannel.options;

const HHMM = String.raw`(?:[01]\d|2[0-3]):[0-5]\d`;
const RANGE_PATTERN = new RegExp(`^(${HHMM})-(${HHMM}|24:00)$`);

/** Minutes since local midnight of `HH:MM` (24:00 = 1440). */
export function parseClock(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** A local-time range `HH:MM-HH:MM`, start included, end excluded ("08:00-20:00" allows 19:59, not 20:00). */
export const TimeRange = z
  .string()
  .regex(RANGE_PATTERN, 'expected HH:MM-HH:MM')
  .refine((s) => {
    const [from, to] = s.split('-') as [string, string];
    return parseClock(from) < parseClock(to);
  }, 'the range must end after it starts');
export type TimeRange = z.infer<typeof TimeRange>;

const Ranges = z.array(TimeRange).max(8);

/** Allowed local-time ranges per weekday, and on holidays. An empty list means no contact that day. */
export const WeeklyWindows = z.object({
  sun: Ranges,
  mon: Ranges,
  tue: Ranges,
  wed: Ranges,
  thu: Ranges,
  fri: Ranges,
  sat: Ranges,
  holiday: Ranges,
});
export type WeeklyWindows = z.infer<typeof WeeklyWindows>;
export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** A no-contact (or holiday-hours) date; `name` is an i18n key such as `br.tiradentes`. */
export const Holiday = z.object({ date: CalendarDate, name: z.string().min(1).max(80) });
export type Holiday = z.infer<typeof Holiday>;

/** A region (Brazilian state, US state...) whose law sets its own calling hours or holidays. */
export const RegionRule = z.object({
  callingWindows: WeeklyWindows.optional(),
  holidays: z.array(Holiday).max(200).default([]),
  /** Where the rule comes from, shown to the supervisor editing it. */
  source: z.string().max(300).default(''),
});
export type RegionRule = z.infer<typeof RegionRule>;

/** Whose attempts count: this debt's only (Regulation F is per debt) or every debt of the customer. */
export const AttemptScope = z.enum(['debt', 'customer']);
export type AttemptScope = z.infer<typeof AttemptScope>;

/** At most `maxAttempts` outbound attempts on `countChannels` in any rolling `windowHours`. */
export const AttemptCap = z.object({
  maxAttempts: z.number().int().min(1).max(1000),
  windowHours: z.number().positive().max(24 * 366),
  scope: AttemptScope,
  countChannels: z.array(PolicyChannel).min(1),
  source: z.string().max(300).default(''),
});
export type AttemptCap = z.infer<typeof AttemptCap>;

export const ChannelRule = z.object({
  enabled: z.boolean(),
  /** Which weekly table applies: the calling windows (per region) or the message hours. */
  hours: z.enum(['calling', 'messages']),
  /** True when the customer must have opted in to this channel; an explicit opt-out always blocks. */
  consentRequired: z.boolean(),
  caps: z.array(AttemptCap).max(10),
  /** Replaces `caps` for a customer flagged vulnerable when the vulnerable flag is `review`; null keeps `caps`. */
  vulnerableCaps: z.array(AttemptCap).max(10).nullable(),
  /** Minimum time between two outbound attempts on this channel. */
  minGap: z.object({ minutes: z.number().int().min(1).max(60 * 24 * 31), scope: AttemptScope }).nullable(),
  /** No attempt on this channel for a while after a telephone conversation (right-party outcome). */
  quietAfterConversation: z.object({ hours: z.number().positive().max(24 * 366), scope: AttemptScope }).nullable(),
  source: z.string().max(300).default(''),
});
export type ChannelRule = z.infer<typeof ChannelRule>;

/** What a customer flag does: `block` stops contact; `review` allows it with a review reason (and vulnerable caps). */
export const FlagAction = z.enum(['block', 'review', 'allow']);
export type FlagAction = z.infer<typeof FlagAction>;

/** Who makes an offer; authority grows from agent to admin. Same roles as the login (contract `auth`). */
export const OfferRole = z.enum(['agent', 'supervisor', 'admin']);
export type OfferRole = z.infer<typeof OfferRole>;
export const OFFER_ROLES: readonly OfferRole[] = OfferRole.options;

/** What one role may agree to on its own; anything beyond is an approval request, never an agreement. */
export const RoleOfferAuthority = z.object({
  maxInstallments: z.number().int().min(1).max(120),
  /** Smallest regular installment (down payments excluded). */
  minInstallmentCents: z.number().int().min(0),
  /** Of the interest and fees (current balance above the original balance), never of the principal. */
  maxDiscountPercent: z.number().min(0).max(100),
  /** From today to the first payment of any offer (the payoff date, the down payment or the first installment). */
  maxDaysToFirstPayment: z.number().int().min(0).max(3660),
  /** From today to a new due date for the whole balance. */
  maxDaysToNewDueDate: z.number().int().min(0).max(3660),
});
export type RoleOfferAuthority = z.infer<typeof RoleOfferAuthority>;

export const OfferAuthority = z.object({
  /** Move a due date that falls on a weekend or holiday to the next business day. */
  dueDatesOnBusinessDaysOnly: z.boolean(),
  roles: z.object({ agent: RoleOfferAuthority, supervisor: RoleOfferAuthority, admin: RoleOfferAuthority }),
  source: z.string().max(300).default(''),
});
export type OfferAuthority = z.infer<typeof OfferAuthority>;

/**
 * What a policy stored before offers existed gets: agents may offer little on their own (no discount, three
 * installments), so anything larger reaches a supervisor rather than being agreed by default.
 */
export const DEFAULT_OFFER_AUTHORITY: OfferAuthority = {
  dueDatesOnBusinessDaysOnly: true,
  roles: {
    agent: { maxInstallments: 3, minInstallmentCents: 5_000, maxDiscountPercent: 0, maxDaysToFirstPayment: 7, maxDaysToNewDueDate: 15 },
    supervisor: { maxInstallments: 12, minInstallmentCents: 2_000, maxDiscountPercent: 50, maxDaysToFirstPayment: 30, maxDaysToNewDueDate: 30 },
    admin: { maxInstallments: 24, minInstallmentCents: 1_000, maxDiscountPercent: 100, maxDaysToFirstPayment: 60, maxDaysToNewDueDate: 90 },
  },
  source: 'default for policies stored before offer authority existed',
};

export const ContactPolicy = z.object({
  schemaVersion: z.literal(1),
  id: z.string().min(1).max(64),
  version: z.number().int().min(1),
  name: z.string().min(1).max(120),
  /** ISO country whose customers' `address.state` selects a region rule. */
  country: z.string().length(2),
  /** Used, and reported, when a customer's zone is unknown: never silently UTC. */
  defaultTimeZone: z.string().refine(isValidTimeZone, 'unknown IANA time zone'),
  callingWindows: WeeklyWindows,
  /** Keyed by upper-case region code (Brazilian UF, US state...). */
  regions: z.record(z.string().regex(/^[A-Z0-9-]{1,8}$/), RegionRule).default({}),
  messageWindows: WeeklyWindows,
  holidays: z.array(Holiday).max(500),
  /** Dispositions that mean a telephone conversation took place with the right party. */
  conversationDispositions: z.array(Disposition).min(1),
  channels: z.object({ phone: ChannelRule, sms: ChannelRule, whatsapp: ChannelRule, email: ChannelRule }),
  flags: z.object({
    doNotContact: FlagAction,
    ceaseCommunication: FlagAction,
    dispute: FlagAction,
    deceased: FlagAction,
    bankruptcy: FlagAction,
    vulnerable: FlagAction,
  }),
  /** `block` holds contact while a pending promise is not yet due; `info` only reports it. */
  pendingPromise: z.enum(['info', 'block']),
  /** The debt is not disclosed before the right party is verified; the script enforces it. */
  rightPartyVerificationRequired: z.boolean(),
  /** i18n keys of disclosures the script must make (e.g. the FDCPA mini-Miranda). */
  requiredDisclosures: z.array(z.string().max(80)).max(20),
  /** i18n keys of tone rules the script shows the agent (e.g. CDC art. 42: no embarrassment). */
  toneRules: z.array(z.string().max(80)).max(40),
  /** Offers each role may agree to during a call (issue 6); older stored policies get the conservative default. */
  offerAuthority: OfferAuthority.default(DEFAULT_OFFER_AUTHORITY),
});
export type ContactPolicy = z.infer<typeof ContactPolicy>;
/** What a supervisor writes: defaults may be omitted. */
export type ContactPolicyInput = z.input<typeof ContactPolicy>;
