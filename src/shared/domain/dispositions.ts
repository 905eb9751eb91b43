// The outcomes an agent can log, as configuration: labels, a hotkey each, the KPI category, what each requires
// (a promise, a plan, a callback time), what it does to the customer and the number, and whether the script's
// mandatory steps must have been passed. The codes are model.ts's `Disposition` (attempts store them); a
// configuration changes everything else. `validateOutcome` checks a draft against it before anything is saved.
import { z } from 'zod';
import { type CalendarDate, Disposition, type Locale } from '../model';
import { isCalendarDate } from './dates';
import { LocalizedText } from './script/schema';
import { promiseBlockers, type ScriptSession } from './script/session';
import { formatJsonPath } from './script/validate';

/** For KPIs: contact rate counts `contact` and `right_party_contact`; RPC rate counts only the latter. */
export const DispositionCategory = z.enum(['no_contact', 'contact', 'right_party_contact']);
export type DispositionCategory = z.infer<typeof DispositionCategory>;

export const FieldRule = z.enum(['none', 'optional', 'required']);
export type FieldRule = z.infer<typeof FieldRule>;

/** One key: a digit, a letter, or F1–F12; stored lower-case so "D" and "d" are the same key. */
export const Hotkey = z
  .string()
  .regex(/^(?:[0-9a-z]|f(?:[1-9]|1[0-2]))$/i, 'expected one digit, one letter or F1-F12')
  .transform((key) => key.toLowerCase());

export const FlagEffect = z.enum(['dispute', 'deceased', 'doNotContact', 'ceaseCommunication']);
export type FlagEffect = z.infer<typeof FlagEffect>;

export const DispositionDefinition = z.strictObject({
  code: Disposition,
  label: LocalizedText,
  hotkey: Hotkey,
  category: DispositionCategory,
  enabled: z.boolean().default(true),
  requires: z
    .strictObject({
      /** A single promise: date and amount. */
      promise: FieldRule.default('none'),
      /** An installment plan: two or more dated installments. */
      plan: FieldRule.default('none'),
      /** When to call back. */
      callbackAt: FieldRule.default('none'),
      /** When the customer says they paid. */
      paidOn: FieldRule.default('none'),
    })
    .default({ promise: 'none', plan: 'none', callbackAt: 'none', paidOn: 'none' }),
  /** The script's mandatory steps (right-party verification, the mini-Miranda) must have been passed. */
  needsScriptMandatorySteps: z.boolean().default(false),
  effects: z
    .strictObject({
      /** Customer flags this outcome sets (a dispute, news of a death). */
      setFlags: z.array(FlagEffect).max(4).default([]),
      /** No further outbound contact on this account until someone clears it. */
      stopContact: z.boolean().default(false),
      /** The dialled number is not the customer's: mark it bad so it is not dialled again. */
      markNumberBad: z.boolean().default(false),
      /** The earliest next attempt, in hours after this one; null leaves it to the contact policy. */
      retryAfterHours: z.number().int().min(1).max(24 * 90).nullable().default(null),
    })
    .default({ setFlags: [], stopContact: false, markNumberBad: false, retryAfterHours: null }),
});
export type DispositionDefinition = z.infer<typeof DispositionDefinition>;
export type DispositionDefinitionInput = z.input<typeof DispositionDefinition>;

export const DispositionConfig = z
  .strictObject({
    version: z.number().int().min(1),
    dispositions: z.array(DispositionDefinition).min(1).max(40),
  })
  .superRefine((config, ctx) => {
    const codes = new Map<string, number>();
    const hotkeys = new Map<string, string>();
    config.dispositions.forEach((d, i) => {
      if (codes.has(d.code)) ctx.addIssue({ code: 'custom', path: ['dispositions', i, 'code'], message: 'duplicate_code', params: { code: d.code } });
      codes.set(d.code, i);
      const other = hotkeys.get(d.hotkey);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['dispositions', i, 'hotkey'],
          message: 'duplicate_hotkey',
          params: { hotkey: d.hotkey, code: d.code, other },
        });
      } else hotkeys.set(d.hotkey, d.code);
      // A promise made by anyone but the debtor is no promise, and KPIs would count it as a contact only.
      const takesPromise = d.requires.promise !== 'none' || d.requires.plan !== 'none' || d.needsScriptMandatorySteps;
      if (takesPromise && d.category !== 'right_party_contact') {
        ctx.addIssue({ code: 'custom', path: ['dispositions', i, 'category'], message: 'promise_needs_right_party', params: { code: d.code } });
      }
      if ((d.requires.promise !== 'none' || d.requires.plan !== 'none') && !d.needsScriptMandatorySteps) {
        ctx.addIssue({ code: 'custom', path: ['dispositions', i, 'needsScriptMandatorySteps'], message: 'promise_needs_script_steps', params: { code: d.code } });
      }
    });
    if (!config.dispositions.some((d) => d.enabled)) ctx.addIssue({ code: 'custom', path: ['dispositions'], message: 'no_enabled_disposition' });
  });
export type DispositionConfig = z.infer<typeof DispositionConfig>;
export type DispositionConfigInput = z.input<typeof DispositionConfig>;

export interface ConfigIssue {
  /** `duplicate_hotkey`, `duplicate_code`, `promise_needs_right_party`, ... or `schema_<zod code>`. */
  code: string;
  /** e.g. `dispositions[3].hotkey`. */
  path: string;
  params: Record<string, string | number>;
}

/** Parses a disposition configuration, e.g. from a supervisor's settings screen or an imported file. */
export function validateDispositionConfig(json: unknown): { ok: true; config: DispositionConfig } | { ok: false; issues: ConfigIssue[] } {
  const parsed = DispositionConfig.safeParse(json);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => {
      const path = formatJsonPath(issue.path);
      if (issue.code === 'custom') {
        const params = Object.fromEntries(
          Object.entries(issue.params ?? {}).filter((entry): entry is [string, string | number] => ['string', 'number'].includes(typeof entry[1])),
        );
        return { code: issue.message, path, params };
      }
      return { code: `schema_${issue.code}`, path, params: { message: issue.message } };
    }),
  };
}

const none = { promise: 'none', plan: 'none', callbackAt: 'none', paidOn: 'none' } as const;
const noEffects = { setFlags: [], stopContact: false, markNumberBad: false, retryAfterHours: null };

/** The default set of issue 6. Hotkeys: digits for the ten most used, C for callback, X for deceased. */
export const defaultDispositionConfig: DispositionConfig = DispositionConfig.parse({
  version: 1,
  dispositions: [
    { code: 'no_answer', label: { 'pt-BR': 'Não atendeu', en: 'No answer' }, hotkey: '1', category: 'no_contact', requires: none, effects: noEffects },
    { code: 'busy', label: { 'pt-BR': 'Ocupado', en: 'Busy' }, hotkey: '2', category: 'no_contact', requires: none, effects: noEffects },
    { code: 'voicemail', label: { 'pt-BR': 'Caixa postal', en: 'Voicemail' }, hotkey: '3', category: 'no_contact', requires: none, effects: noEffects },
    {
      code: 'wrong_number',
      label: { 'pt-BR': 'Número errado', en: 'Wrong number' },
      hotkey: '4',
      // Someone answered: a contact for the contact rate, but not the customer.
      category: 'contact',
      requires: none,
      effects: { ...noEffects, markNumberBad: true },
    },
    { code: 'third_party', label: { 'pt-BR': 'Terceiro', en: 'Third party' }, hotkey: '5', category: 'contact', requires: none, effects: noEffects },
    {
      code: 'refused',
      label: { 'pt-BR': 'Recusou', en: 'Refused' },
      hotkey: '6',
      category: 'right_party_contact',
      requires: none,
      // An editable default: room before the next call after a refusal (CDC art. 71: no harassment).
      effects: { ...noEffects, retryAfterHours: 72 },
    },
    {
      code: 'promise_to_pay',
      label: { 'pt-BR': 'Promessa de pagamento', en: 'Promise to pay' },
      hotkey: '7',
      category: 'right_party_contact',
      requires: { ...none, promise: 'required' },
      needsScriptMandatorySteps: true,
      effects: noEffects,
    },
    {
      code: 'installment_plan',
      label: { 'pt-BR': 'Parcelamento', en: 'Installment plan' },
      hotkey: '8',
      category: 'right_party_contact',
      requires: { ...none, plan: 'required' },
      needsScriptMandatorySteps: true,
      effects: noEffects,
    },
    {
      code: 'paid_already',
      label: { 'pt-BR': 'Já pagou', en: 'Already paid' },
      hotkey: '9',
      category: 'right_party_contact',
      requires: { ...none, paidOn: 'optional' },
      effects: noEffects,
    },
    {
      code: 'dispute',
      label: { 'pt-BR': 'Contestação', en: 'Dispute' },
      hotkey: '0',
      category: 'right_party_contact',
      requires: none,
      effects: { ...noEffects, setFlags: ['dispute'], stopContact: true },
    },
    {
      code: 'callback',
      label: { 'pt-BR': 'Retornar ligação', en: 'Call back' },
      hotkey: 'c',
      category: 'right_party_contact',
      requires: { ...none, callbackAt: 'required' },
      effects: noEffects,
    },
    {
      code: 'deceased',
      label: { 'pt-BR': 'Falecido', en: 'Deceased' },
      hotkey: 'x',
      // Usually told by a relative: a contact, not the right party.
      category: 'contact',
      requires: none,
      effects: { ...noEffects, setFlags: ['deceased'], stopContact: true },
    },
  ],
});

export function findDisposition(config: DispositionConfig, code: string): DispositionDefinition | undefined {
  return config.dispositions.find((d) => d.code === code);
}

/** The enabled disposition a key press selects (case-insensitive), or undefined. */
export function dispositionForHotkey(config: DispositionConfig, key: string): DispositionDefinition | undefined {
  const normalised = key.toLowerCase();
  return config.dispositions.find((d) => d.enabled && d.hotkey === normalised);
}

export function dispositionLabel(config: DispositionConfig, code: string, locale: Locale): string {
  return findDisposition(config, code)?.label[locale] ?? code;
}

/** A promise or plan can be logged with this disposition only after the script's mandatory steps. */
export function dispositionNeedsScript(config: DispositionConfig, code: string): boolean {
  return findDisposition(config, code)?.needsScriptMandatorySteps ?? false;
}

export interface OutcomeValues {
  disposition: string | null;
  promise?: { dueDate: string; amountCents: number } | null;
  plan?: { installments: ReadonlyArray<{ dueDate: string; amountCents: number }> } | null;
  /** Epoch ms. */
  callbackAt?: number | null;
  paidOn?: string | null;
}

export interface OutcomeCheckContext {
  /** Today in the office time zone: promise and plan dates may not be before it; paidOn may not be after it. */
  today?: CalendarDate;
  /** Now (epoch ms): a callback must be after it. */
  now?: number;
  /** The account balance: a promise or plan may not exceed it. */
  balanceCents?: number;
}

export type OutcomeErrorCode =
  | 'disposition_required'
  | 'disposition_unknown'
  | 'disposition_disabled'
  | 'promise_required'
  | 'promise_not_allowed'
  | 'promise_date_invalid'
  | 'promise_date_past'
  | 'promise_amount_not_positive'
  | 'promise_above_balance'
  | 'plan_required'
  | 'plan_not_allowed'
  | 'plan_too_few_installments'
  | 'plan_date_invalid'
  | 'plan_date_past'
  | 'plan_dates_not_increasing'
  | 'plan_amount_not_positive'
  | 'plan_above_balance'
  | 'callback_time_required'
  | 'callback_time_not_allowed'
  | 'callback_time_past'
  | 'paid_on_required'
  | 'paid_on_not_allowed'
  | 'paid_on_invalid'
  | 'paid_on_future'
  | 'script_required'
  | 'script_third_party'
  | 'script_rpc_not_verified'
  | 'script_mandatory_step_pending'
  | 'script_disclosure_not_given';

export interface OutcomeError {
  /** The draft field: `disposition`, `promise.dueDate`, `plan.installments[2].amountCents`, `callbackAt`, `script`... */
  field: string;
  code: OutcomeErrorCode;
  params?: Record<string, string | number>;
}

function isAmount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

/**
 * What stops this outcome from being saved: the disposition's requirements (a promise needs a date and amount, a
 * callback a future time...) and, for a promise or plan, the script's mandatory steps. Empty when it can be saved.
 * Without a script session a disposition that needs one is refused (`script_required`).
 */
export function validateOutcome(
  config: DispositionConfig,
  draft: OutcomeValues,
  scriptSession?: ScriptSession | null,
  context: OutcomeCheckContext = {},
): OutcomeError[] {
  const errors: OutcomeError[] = [];
  if (draft.disposition === null || draft.disposition === '') return [{ field: 'disposition', code: 'disposition_required' }];
  const definition = findDisposition(config, draft.disposition);
  if (!definition) return [{ field: 'disposition', code: 'disposition_unknown', params: { code: draft.disposition } }];
  if (!definition.enabled) errors.push({ field: 'disposition', code: 'disposition_disabled', params: { code: definition.code } });
  const { requires } = definition;

  const promise = draft.promise ?? null;
  if (promise === null) {
    if (requires.promise === 'required') errors.push({ field: 'promise', code: 'promise_required' });
  } else if (requires.promise === 'none') {
    errors.push({ field: 'promise', code: 'promise_not_allowed' });
  } else {
    if (!isCalendarDate(promise.dueDate)) errors.push({ field: 'promise.dueDate', code: 'promise_date_invalid' });
    else if (context.today !== undefined && promise.dueDate < context.today) errors.push({ field: 'promise.dueDate', code: 'promise_date_past' });
    if (!isAmount(promise.amountCents) || promise.amountCents <= 0) {
      errors.push({ field: 'promise.amountCents', code: 'promise_amount_not_positive' });
    } else if (context.balanceCents !== undefined && promise.amountCents > context.balanceCents) {
      errors.push({ field: 'promise.amountCents', code: 'promise_above_balance', params: { balanceCents: context.balanceCents } });
    }
  }

  const plan = draft.plan ?? null;
  if (plan === null) {
    if (requires.plan === 'required') errors.push({ field: 'plan', code: 'plan_required' });
  } else if (requires.plan === 'none') {
    errors.push({ field: 'plan', code: 'plan_not_allowed' });
  } else {
    const installments = plan.installments;
    if (installments.length < 2) errors.push({ field: 'plan.installments', code: 'plan_too_few_installments', params: { count: installments.length } });
    let total = 0;
    let previous: string | null = null;
    installments.forEach((installment, i) => {
      const at = `plan.installments[${i}]`;
      if (!isCalendarDate(installment.dueDate)) errors.push({ field: `${at}.dueDate`, code: 'plan_date_invalid' });
      else {
        if (context.today !== undefined && installment.dueDate < context.today) errors.push({ field: `${at}.dueDate`, code: 'plan_date_past' });
        if (previous !== null && installment.dueDate <= previous) errors.push({ field: `${at}.dueDate`, code: 'plan_dates_not_increasing' });
        previous = installment.dueDate;
      }
      if (!isAmount(installment.amountCents) || installment.amountCents <= 0) {
        errors.push({ field: `${at}.amountCents`, code: 'plan_amount_not_positive' });
      } else total += installment.amountCents;
    });
    if (context.balanceCents !== undefined && total > context.balanceCents) {
      errors.push({ field: 'plan.installments', code: 'plan_above_balance', params: { totalCents: total, balanceCents: context.balanceCents } });
    }
  }

  const callbackAt = draft.callbackAt ?? null;
  if (callbackAt === null) {
    if (requires.callbackAt === 'required') errors.push({ field: 'callbackAt', code: 'callback_time_required' });
  } else if (requires.callbackAt === 'none') {
    errors.push({ field: 'callbackAt', code: 'callback_time_not_allowed' });
  } else if (context.now !== undefined && !(callbackAt > context.now)) {
    errors.push({ field: 'callbackAt', code: 'callback_time_past' });
  }

  const paidOn = draft.paidOn ?? null;
  if (paidOn === null || paidOn === '') {
    if (requires.paidOn === 'required') errors.push({ field: 'paidOn', code: 'paid_on_required' });
  } else if (requires.paidOn === 'none') {
    errors.push({ field: 'paidOn', code: 'paid_on_not_allowed' });
  } else if (!isCalendarDate(paidOn)) {
    errors.push({ field: 'paidOn', code: 'paid_on_invalid' });
  } else if (context.today !== undefined && paidOn > context.today) {
    errors.push({ field: 'paidOn', code: 'paid_on_future' });
  }

  if (definition.needsScriptMandatorySteps) {
    if (!scriptSession) errors.push({ field: 'script', code: 'script_required' });
    else {
      for (const blocker of promiseBlockers(scriptSession)) {
        if (blocker.code === 'third_party') errors.push({ field: 'script', code: 'script_third_party' });
        else if (blocker.code === 'rpc_not_verified') errors.push({ field: 'script', code: 'script_rpc_not_verified' });
        else if (blocker.code === 'mandatory_step_pending') {
          errors.push({ field: 'script', code: 'script_mandatory_step_pending', params: { step: blocker.stepId } });
        } else errors.push({ field: 'script', code: 'script_disclosure_not_given', params: { disclosure: blocker.disclosure } });
      }
    }
  }
  return errors;
}
