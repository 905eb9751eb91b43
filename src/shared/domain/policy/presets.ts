// The shipped contact policies. Each value cites its source; values that no law fixes are marked as editable
// defaults. Legal texts change and differ by state: verify against the official text before calling one final
// (compliance.md). Parsed through the schema at load, so a preset that breaks the schema fails every test.
import type { Disposition } from '../../model';
import { brazilNationalHolidays, englandAndWalesBankHolidays } from './holidays';
import { ContactPolicy, type ContactPolicyInput, type WeeklyWindows } from './schema';

type Day = keyof WeeklyWindows;

function week(ranges: Partial<Record<Day, string[]>>): WeeklyWindows {
  return {
    sun: ranges.sun ?? [],
    mon: ranges.mon ?? [],
    tue: ranges.tue ?? [],
    wed: ranges.wed ?? [],
    thu: ranges.thu ?? [],
    fri: ranges.fri ?? [],
    sat: ranges.sat ?? [],
    holiday: ranges.holiday ?? [],
  };
}

function weekdays(range: string, extra: Partial<Record<Day, string[]>> = {}): WeeklyWindows {
  return week({ mon: [range], tue: [range], wed: [range], thu: [range], fri: [range], ...extra });
}

/**
 * A right-party conversation about the debt: what starts Regulation F's 7-day quiet period. No answer, busy,
 * voicemail, wrong number, a third party or news of a death are not conversations with the consumer.
 */
export const CONVERSATION_DISPOSITIONS: readonly Disposition[] = [
  'promise_to_pay',
  'installment_plan',
  'refused',
  'paid_already',
  'dispute',
  'callback',
];

const allBlocked = {
  doNotContact: 'block',
  ceaseCommunication: 'block',
  dispute: 'block',
  deceased: 'block',
  bankruptcy: 'block',
} as const;

const YEARS = [2026, 2027];

// Brazil. CDC (Lei 8.078/1990) art. 42: no ridicule, embarrassment or threat when collecting; art. 42-A: every
// collection document identifies the supplier; art. 71: no coercion, false statements, or interference with the
// consumer's work, rest or leisure. The CDC sets no hours or counts: state laws set the hours (per the customer's
// state, in the customer's local time) and the counts below are editable proportionate defaults for art. 71.
const brInput: ContactPolicyInput = {
  schemaVersion: 1,
  id: 'br',
  version: 1,
  name: 'Brasil — CDC e leis estaduais de cobrança',
  country: 'BR',
  defaultTimeZone: 'America/Sao_Paulo',
  // States without their own law: a conservative default modelled on SP/AL (compliance.md).
  callingWindows: weekdays('08:00-20:00', { sat: ['08:00-14:00'] }),
  regions: {
    // SP Lei 15.426/2014: weekdays 08–20, Saturday 08–14, none on Sundays and holidays.
    // 9 July (Revolução Constitucionalista) is a state holiday, Lei estadual 9.497/1997.
    SP: {
      callingWindows: weekdays('08:00-20:00', { sat: ['08:00-14:00'] }),
      holidays: YEARS.map((y) => ({ date: `${y}-07-09`, name: 'br.sp.constitutionalist_revolution' })),
      source: 'SP Lei 15.426/2014',
    },
    // AL Lei 7.782/2016: weekdays 08–20, Saturday 08–14, none on Sundays and holidays.
    AL: { callingWindows: weekdays('08:00-20:00', { sat: ['08:00-14:00'] }), source: 'AL Lei 7.782/2016' },
    // RJ Lei 7.868/2018: business days 09–19 only. 23 April (São Jorge) is a state holiday, Lei estadual 5.198/2008.
    RJ: {
      callingWindows: weekdays('09:00-19:00'),
      holidays: YEARS.map((y) => ({ date: `${y}-04-23`, name: 'br.rj.saint_george' })),
      source: 'RJ Lei 7.868/2018',
    },
    // ES Lei 10.626/2017: weekdays 08–19, none on weekends and holidays.
    ES: { callingWindows: weekdays('08:00-19:00'), source: 'ES Lei 10.626/2017' },
    // AM Lei 306/2016 sets only the end (19:00) and no weekend calls; the 08:00 start is the national default.
    AM: { callingWindows: weekdays('08:00-19:00'), source: 'AM Lei 306/2016' },
  },
  // Messages are not "ligações" under the state laws; art. 71 (rest and leisure) still argues for the same hours.
  messageWindows: weekdays('08:00-20:00', { sat: ['08:00-14:00'] }),
  holidays: YEARS.flatMap(brazilNationalHolidays),
  conversationDispositions: [...CONVERSATION_DISPOSITIONS],
  channels: {
    // Calls rest on LGPD art. 7 IX/X (legitimate interest, credit protection): no opt-in, but an opt-out blocks.
    phone: {
      enabled: true,
      hours: 'calling',
      consentRequired: false,
      // No federal number: proportionate defaults for CDC art. 71 (no interference with work, rest or leisure).
      caps: [
        { maxAttempts: 3, windowHours: 24, scope: 'debt', countChannels: ['phone'], source: 'CDC art. 71 — editable default' },
        { maxAttempts: 10, windowHours: 168, scope: 'customer', countChannels: ['phone'], source: 'CDC art. 71 — editable default' },
      ],
      vulnerableCaps: [
        { maxAttempts: 1, windowHours: 24, scope: 'customer', countChannels: ['phone'], source: 'CDC art. 71 — editable default' },
        { maxAttempts: 4, windowHours: 168, scope: 'customer', countChannels: ['phone'], source: 'CDC art. 71 — editable default' },
      ],
      minGap: { minutes: 60, scope: 'customer' },
      quietAfterConversation: { hours: 48, scope: 'debt' },
      source: 'CDC art. 42 and 71; state laws for hours',
    },
    // WhatsApp and SMS: opt-in (LGPD art. 7 I consent, and WhatsApp Business policy requires opt-in).
    sms: {
      enabled: true,
      hours: 'messages',
      consentRequired: true,
      caps: [{ maxAttempts: 2, windowHours: 24, scope: 'customer', countChannels: ['sms'], source: 'editable default' }],
      vulnerableCaps: null,
      minGap: null,
      quietAfterConversation: null,
      source: 'LGPD art. 7 I',
    },
    whatsapp: {
      enabled: true,
      hours: 'messages',
      consentRequired: true,
      caps: [{ maxAttempts: 2, windowHours: 24, scope: 'customer', countChannels: ['whatsapp'], source: 'editable default' }],
      vulnerableCaps: null,
      minGap: null,
      quietAfterConversation: null,
      source: 'LGPD art. 7 I; WhatsApp Business opt-in policy',
    },
    email: {
      enabled: true,
      hours: 'messages',
      consentRequired: false,
      caps: [{ maxAttempts: 1, windowHours: 24, scope: 'customer', countChannels: ['email'], source: 'editable default' }],
      vulnerableCaps: null,
      minGap: null,
      quietAfterConversation: null,
      source: 'LGPD art. 7 X',
    },
  },
  // CDC art. 42: contacting a deceased, bankrupt or disputing consumer risks coercion and undue charges.
  flags: { ...allBlocked, vulnerable: 'review' },
  pendingPromise: 'info',
  // LGPD: telling a third party about the debt is a privacy incident and exposes the consumer (CDC art. 42).
  rightPartyVerificationRequired: true,
  requiredDisclosures: ['br.cdc42a.supplier_identity'],
  toneRules: [
    'br.cdc42.no_ridicule',
    'br.cdc42.no_embarrassment',
    'br.cdc42.no_threat',
    'br.cdc42.no_undue_amount',
    'br.cdc71.no_coercion',
    'br.cdc71.no_false_statement',
    'br.cdc71.respect_work_rest_leisure',
    'br.lgpd.no_third_party_disclosure',
  ],
  // Offer authority: no law sets these; every number is an editable default for the creditor's own policy.
  // CDC art. 42 only forbids charging more than is owed, which the calculator guarantees (discounts never touch
  // the principal; installments add up to the balance to the cent). Due dates avoid weekends and holidays so a
  // boleto is never due on a day banks are closed.
  offerAuthority: {
    dueDatesOnBusinessDaysOnly: true,
    roles: {
      agent: { maxInstallments: 6, minInstallmentCents: 5_000, maxDiscountPercent: 30, maxDaysToFirstPayment: 10, maxDaysToNewDueDate: 15 },
      supervisor: { maxInstallments: 12, minInstallmentCents: 3_000, maxDiscountPercent: 60, maxDaysToFirstPayment: 30, maxDaysToNewDueDate: 45 },
      admin: { maxInstallments: 24, minInstallmentCents: 2_000, maxDiscountPercent: 100, maxDaysToFirstPayment: 60, maxDaysToNewDueDate: 90 },
    },
    source: 'editable defaults (no legal source); CDC art. 42 for the exact amounts',
  },
};

// United States: FDCPA (15 USC 1692) and Regulation F (12 CFR 1006). States may be stricter; add them as regions.
const usInput: ContactPolicyInput = {
  schemaVersion: 1,
  id: 'us',
  version: 1,
  name: 'United States — FDCPA / Regulation F',
  country: 'US',
  defaultTimeZone: 'America/New_York',
  // FDCPA 1692c(a)(1): not before 08:00 nor after 21:00 at the consumer's location, any day.
  callingWindows: week({
    sun: ['08:00-21:00'], mon: ['08:00-21:00'], tue: ['08:00-21:00'], wed: ['08:00-21:00'],
    thu: ['08:00-21:00'], fri: ['08:00-21:00'], sat: ['08:00-21:00'], holiday: ['08:00-21:00'],
  }),
  regions: {},
  // 1692c(a)(1) covers every communication, texts and emails included (Regulation F 12 CFR 1006.6(b)(1)(i)).
  messageWindows: week({
    sun: ['08:00-21:00'], mon: ['08:00-21:00'], tue: ['08:00-21:00'], wed: ['08:00-21:00'],
    thu: ['08:00-21:00'], fri: ['08:00-21:00'], sat: ['08:00-21:00'], holiday: ['08:00-21:00'],
  }),
  // No federal no-call holidays; "times known to be inconvenient" are per consumer (use the customer's requests).
  holidays: [],
  conversationDispositions: [...CONVERSATION_DISPOSITIONS],
  channels: {
    phone: {
      enabled: true,
      hours: 'calling',
      consentRequired: false,
      // Regulation F 12 CFR 1006.14(b)(2)(i)(A): more than 7 calls in 7 consecutive days about one debt is presumed
      // harassment. A rolling 168 h window is at least as strict as 7 calendar days. Only calls count.
      caps: [
        {
          maxAttempts: 7,
          windowHours: 168,
          scope: 'debt',
          countChannels: ['phone'],
          source: '12 CFR 1006.14(b)(2)(i)(A)',
        },
      ],
      vulnerableCaps: null,
      minGap: null,
      // 12 CFR 1006.14(b)(2)(i)(B): no call within 7 days after a telephone conversation about the debt.
      quietAfterConversation: { hours: 168, scope: 'debt' },
      source: 'FDCPA 1692c(a)(1), 1692d(5); 12 CFR 1006.14(b)(2)',
    },
    // TCPA 47 USC 227(b)(1)(A)(iii): automated texts to a mobile need prior express consent.
    sms: { enabled: true, hours: 'messages', consentRequired: true, caps: [], vulnerableCaps: null, minGap: null, quietAfterConversation: null, source: 'TCPA 47 USC 227(b)' },
    // Not US law: WhatsApp's business policy requires opt-in.
    whatsapp: { enabled: true, hours: 'messages', consentRequired: true, caps: [], vulnerableCaps: null, minGap: null, quietAfterConversation: null, source: 'WhatsApp Business opt-in policy' },
    // Electronic messages do not count toward the call cap (1006.14(b)(2)); an opt-out must be honoured (1006.6(e)).
    email: { enabled: true, hours: 'messages', consentRequired: false, caps: [], vulnerableCaps: null, minGap: null, quietAfterConversation: null, source: '12 CFR 1006.6' },
  },
  // 1692c(c) cease communication; 1692g(b) no collection while a dispute awaits verification; 11 USC 362 stay.
  flags: { ...allBlocked, vulnerable: 'review' },
  pendingPromise: 'info',
  // 1692c(b): no disclosure of the debt to third parties, hence verify the right party first.
  rightPartyVerificationRequired: true,
  // 1692e(11): the "attempt to collect a debt" disclosure (mini-Miranda).
  requiredDisclosures: ['us.fdcpa1692e11.mini_miranda'],
  toneRules: [
    'us.fdcpa1692d.no_harassment',
    'us.fdcpa1692e.no_false_representation',
    'us.fdcpa1692f.no_unfair_practice',
    'us.fdcpa1692c_b.no_third_party_disclosure',
  ],
  // Offer authority: no federal rule sets these; every number is an editable default. 1692f(1) forbids collecting
  // any amount not owed, which the calculator guarantees (discounts only on interest and fees, exact sums).
  // Weekends only: the preset carries no bank-holiday calendar, add holidays to the policy to avoid them too.
  offerAuthority: {
    dueDatesOnBusinessDaysOnly: true,
    roles: {
      agent: { maxInstallments: 6, minInstallmentCents: 2_500, maxDiscountPercent: 25, maxDaysToFirstPayment: 14, maxDaysToNewDueDate: 30 },
      supervisor: { maxInstallments: 12, minInstallmentCents: 2_500, maxDiscountPercent: 50, maxDaysToFirstPayment: 30, maxDaysToNewDueDate: 60 },
      admin: { maxInstallments: 36, minInstallmentCents: 1_500, maxDiscountPercent: 100, maxDaysToFirstPayment: 60, maxDaysToNewDueDate: 90 },
    },
    source: 'editable defaults (no legal source); FDCPA 1692f(1) for the exact amounts',
  },
};

// United Kingdom: FCA CONC 7 and FG21/1. The rules set no hours and no counts: "unreasonable times" and
// "proportionate" frequency are judged case by case, so every number below is an editable default, not law.
const ukInput: ContactPolicyInput = {
  schemaVersion: 1,
  id: 'uk',
  version: 1,
  name: 'United Kingdom — FCA CONC 7',
  country: 'GB',
  defaultTimeZone: 'Europe/London',
  // CONC 7.9: no contact at unreasonable times. Editable default: Monday–Saturday 08–21, no Sundays or bank holidays.
  callingWindows: week({
    mon: ['08:00-21:00'], tue: ['08:00-21:00'], wed: ['08:00-21:00'], thu: ['08:00-21:00'],
    fri: ['08:00-21:00'], sat: ['08:00-21:00'],
  }),
  regions: {},
  messageWindows: week({
    mon: ['08:00-21:00'], tue: ['08:00-21:00'], wed: ['08:00-21:00'], thu: ['08:00-21:00'],
    fri: ['08:00-21:00'], sat: ['08:00-21:00'],
  }),
  // England and Wales; Scotland and Northern Ireland differ — add them as regions when the portfolio has them.
  holidays: YEARS.flatMap(englandAndWalesBankHolidays),
  conversationDispositions: [...CONVERSATION_DISPOSITIONS],
  channels: {
    phone: {
      enabled: true,
      hours: 'calling',
      consentRequired: false,
      // CONC 7.2.1R / 7.9: proportionate frequency. Editable default, not a number in the rules.
      caps: [
        { maxAttempts: 3, windowHours: 24, scope: 'customer', countChannels: ['phone'], source: 'CONC 7.9 — editable default' },
        { maxAttempts: 10, windowHours: 168, scope: 'customer', countChannels: ['phone'], source: 'CONC 7.9 — editable default' },
      ],
      // FG21/1: customers in vulnerable circumstances get fewer, gentler contacts. Editable default.
      vulnerableCaps: [
        { maxAttempts: 1, windowHours: 24, scope: 'customer', countChannels: ['phone'], source: 'FG21/1 — editable default' },
        { maxAttempts: 3, windowHours: 168, scope: 'customer', countChannels: ['phone'], source: 'FG21/1 — editable default' },
      ],
      minGap: { minutes: 120, scope: 'customer' },
      quietAfterConversation: { hours: 72, scope: 'customer' },
      source: 'FCA CONC 7.2.1R, 7.9; FG21/1',
    },
    // PECR: service messages about an existing debt need no marketing consent; an opt-out is honoured (CONC 7.9).
    sms: {
      enabled: true,
      hours: 'messages',
      consentRequired: false,
      caps: [{ maxAttempts: 1, windowHours: 24, scope: 'customer', countChannels: ['sms', 'whatsapp'], source: 'CONC 7.9 — editable default' }],
      vulnerableCaps: null,
      minGap: null,
      quietAfterConversation: null,
      source: 'CONC 7.9; PECR',
    },
    whatsapp: {
      enabled: true,
      hours: 'messages',
      consentRequired: true,
      caps: [{ maxAttempts: 1, windowHours: 24, scope: 'customer', countChannels: ['sms', 'whatsapp'], source: 'CONC 7.9 — editable default' }],
      vulnerableCaps: null,
      minGap: null,
      quietAfterConversation: null,
      source: 'WhatsApp Business opt-in policy',
    },
    email: {
      enabled: true,
      hours: 'messages',
      consentRequired: false,
      caps: [{ maxAttempts: 1, windowHours: 24, scope: 'customer', countChannels: ['email'], source: 'CONC 7.9 — editable default' }],
      vulnerableCaps: null,
      minGap: null,
      quietAfterConversation: null,
      source: 'CONC 7.9',
    },
  },
  // FG21/1: vulnerability calls for care and review, not for cutting the customer off.
  flags: { ...allBlocked, vulnerable: 'review' },
  // CONC 7.3: forbearance — do not chase a customer whose arrangement is not yet due.
  pendingPromise: 'block',
  // CONC 7.9: keep the debt from third parties.
  rightPartyVerificationRequired: true,
  requiredDisclosures: ['uk.identify_firm_and_purpose', 'uk.free_debt_advice_signpost'],
  toneRules: [
    'uk.conc7_2.fair_treatment',
    'uk.conc7_9.no_public_embarrassment',
    'uk.conc7_9.honour_contact_requests',
    'uk.conc7_9.no_third_party_disclosure',
    'uk.fg21_1.vulnerability_signals',
  ],
  // Offer authority: editable defaults, not numbers from the rules. CONC 7.3 asks for forbearance and affordable,
  // sustainable repayments (token payments included), hence longer plans and lower minimum installments.
  offerAuthority: {
    dueDatesOnBusinessDaysOnly: true,
    roles: {
      agent: { maxInstallments: 12, minInstallmentCents: 500, maxDiscountPercent: 25, maxDaysToFirstPayment: 30, maxDaysToNewDueDate: 30 },
      supervisor: { maxInstallments: 24, minInstallmentCents: 100, maxDiscountPercent: 50, maxDaysToFirstPayment: 60, maxDaysToNewDueDate: 60 },
      admin: { maxInstallments: 60, minInstallmentCents: 100, maxDiscountPercent: 100, maxDaysToFirstPayment: 90, maxDaysToNewDueDate: 90 },
    },
    source: 'editable defaults; FCA CONC 7.3 (forbearance, affordable repayments)',
  },
};

export const brPolicy: ContactPolicy = ContactPolicy.parse(brInput);
export const usPolicy: ContactPolicy = ContactPolicy.parse(usInput);
export const ukPolicy: ContactPolicy = ContactPolicy.parse(ukInput);

export const policyPresets = { br: brPolicy, us: usPolicy, uk: ukPolicy } as const;
export type PolicyPresetId = keyof typeof policyPresets;
