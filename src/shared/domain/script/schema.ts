// A call script as versioned data: steps read to the customer, the customer's possible answers and where each
// leads, an objection library, and which steps are compliance steps. Supervisors edit the JSON; it is parsed
// here and then checked by validate.ts for what a schema cannot see (placeholders, branches, disclosure order).
import { z } from 'zod';
import { Disposition } from '../../model';

const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected lower-case letters, digits, ".", "_" or "-"');

export const ScriptId = Slug;
export const StepId = Slug;
export const AnswerId = Slug;
export const ObjectionId = Slug;

/** Text in every language Quita speaks; a script missing one cannot be shown to that customer. */
export const LocalizedText = z.strictObject({
  'pt-BR': z.string().trim().min(1).max(2000),
  en: z.string().trim().min(1).max(2000),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

export const STEP_KINDS = [
  'greeting',
  'rpc-verification',
  'disclosure',
  'mini-miranda',
  'negotiation',
  'offer',
  'closing',
  'info',
] as const;
export const StepKind = z.enum(STEP_KINDS);
export type StepKind = z.infer<typeof StepKind>;

/** Kinds that tell the listener there is a debt: never before right-party verification (CDC art. 42, FDCPA 805(b)). */
export const DEBT_REVEALING_KINDS: ReadonlySet<StepKind> = new Set(['disclosure', 'mini-miranda', 'negotiation', 'offer']);
/** Kinds that are legal steps by nature: they must be mandatory compliance steps. */
export const COMPLIANCE_KINDS: ReadonlySet<StepKind> = new Set(['rpc-verification', 'mini-miranda']);
/** Kinds that put an offer to the customer: every mandatory step must be passed before them. */
export const OFFER_KINDS: ReadonlySet<StepKind> = new Set(['negotiation', 'offer']);

/**
 * What choosing an answer means beyond moving on. `rpcConfirmed`: the person is the debtor (identity checked);
 * `rpcFailed`: someone else (a third party), so the script must end without disclosing the debt; `refused`: the
 * customer will not pay or talk.
 */
export const AnswerEffect = z.enum(['rpcConfirmed', 'rpcFailed', 'refused']);
export type AnswerEffect = z.infer<typeof AnswerEffect>;

export const ScriptAnswer = z.strictObject({
  id: AnswerId,
  label: LocalizedText,
  /** The next step; null ends the script. */
  next: StepId.nullable(),
  effects: z.array(AnswerEffect).max(3).default([]),
  /** The customer raised this objection: the renderer shows its suggested answer. */
  objection: ObjectionId.optional(),
  /** The disposition the outcome form pre-selects when the call ends after this answer. */
  disposition: Disposition.optional(),
});
export type ScriptAnswer = z.infer<typeof ScriptAnswer>;

export const ScriptStep = z.strictObject({
  id: StepId,
  kind: StepKind,
  /** What the agent reads; may hold placeholders such as {{customer.firstName}} (placeholders.ts). */
  text: LocalizedText,
  /** A note for the agent, not read aloud. */
  hint: LocalizedText.optional(),
  /** Must be passed (answered) before a promise or plan can be logged. */
  mandatory: z.boolean().default(false),
  /** A legal step: shown as such, and its wording is read as written (the agent cannot personalise it). */
  compliance: z.boolean().default(false),
  /** Keys of the policy's `requiredDisclosures` this step delivers, e.g. `us.fdcpa1692e11.mini_miranda`. */
  satisfies: z.array(z.string().min(1).max(80)).max(10).default([]),
  /** No answers: the script ends on this step. */
  answers: z.array(ScriptAnswer).max(12),
});
export type ScriptStep = z.infer<typeof ScriptStep>;

export const Objection = z.strictObject({
  id: ObjectionId,
  /** What the customer says, e.g. "não tenho dinheiro agora". */
  phrase: LocalizedText,
  /** What the agent can answer. */
  answer: LocalizedText,
});
export type Objection = z.infer<typeof Objection>;

export const Script = z.strictObject({
  schemaVersion: z.literal(1),
  id: ScriptId,
  version: z.number().int().min(1).max(1_000_000),
  /** The A/B variant this document is; each attempt records id, version and variant. */
  variant: z.string().min(1).max(32),
  name: LocalizedText,
  description: LocalizedText.optional(),
  start: StepId,
  steps: z.array(ScriptStep).min(1).max(200),
  objections: z.array(Objection).max(100).default([]),
});
export type Script = z.infer<typeof Script>;
/** What an author writes: defaulted fields may be omitted. */
export type ScriptInput = z.input<typeof Script>;
