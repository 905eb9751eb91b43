// The entities Quita stores and moves between processes, as zod schemas (runtime checks) and their types.
// Pure: imported by main, preload, renderer, web host and (later) the server.
import { z } from 'zod';

/** A calendar date such as a due date or a promise date: `YYYY-MM-DD`, no time, no zone. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  }, 'not a real calendar date');
export type CalendarDate = z.infer<typeof CalendarDate>;

/** An instant: UTC epoch milliseconds. */
export const Instant = z.number().int().min(0).max(8.64e15);
export type Instant = z.infer<typeof Instant>;

export const Currency = z.enum(['BRL', 'USD', 'EUR', 'GBP']);
export type Currency = z.infer<typeof Currency>;

export const Locale = z.enum(['pt-BR', 'en']);
export type Locale = z.infer<typeof Locale>;

/** Money is integer minor units (cents) with an ISO currency; never a float. */
export const Money = z.object({
  amountCents: z.number().int().min(-1e15).max(1e15),
  currency: Currency,
});
export type Money = z.infer<typeof Money>;

export const Id = z.string().min(1).max(64);

export const DocumentKind = z.enum(['cpf', 'cnpj', 'other']);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const PhoneKind = z.enum(['mobile', 'home', 'work', 'other']);
export const Phone = z.object({
  e164: z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected E.164'),
  kind: PhoneKind,
});
export type Phone = z.infer<typeof Phone>;

export const CustomerFlags = z.object({
  doNotContact: z.boolean(),
  ceaseCommunication: z.boolean(),
  dispute: z.boolean(),
  deceased: z.boolean(),
  bankruptcy: z.boolean(),
  vulnerable: z.boolean(),
});
export type CustomerFlags = z.infer<typeof CustomerFlags>;

export const Address = z.object({
  street: z.string().max(200),
  city: z.string().max(100),
  state: z.string().max(40),
  postalCode: z.string().max(20),
  country: z.string().length(2),
});
export type Address = z.infer<typeof Address>;

export const Customer = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  documentKind: DocumentKind,
  document: z.string().max(32),
  phones: z.array(Phone).max(20),
  emails: z.array(z.string().max(254)).max(20),
  address: Address.nullable(),
  /** IANA zone; derived from state/area code when the portfolio does not say. */
  timeZone: z.string().min(1).max(64),
  language: Locale,
  flags: CustomerFlags,
  version: z.number().int().min(1),
});
export type Customer = z.infer<typeof Customer>;

export const AccountStatus = z.enum(['open', 'paid', 'closed']);
export type AccountStatus = z.infer<typeof AccountStatus>;

export const Account = z.object({
  id: Id,
  customerId: Id,
  creditor: z.string().max(120),
  product: z.string().max(120),
  accountNumber: z.string().max(64),
  currency: Currency,
  originalBalanceCents: z.number().int(),
  currentBalanceCents: z.number().int(),
  dueDate: CalendarDate,
  status: AccountStatus,
  boletoLine: z.string().max(60).nullable(),
  pixKey: z.string().max(77).nullable(),
  version: z.number().int().min(1),
});
export type Account = z.infer<typeof Account>;

export const Payment = z.object({
  id: Id,
  accountId: Id,
  amountCents: z.number().int(),
  currency: Currency,
  paidOn: CalendarDate,
  receivedAt: Instant,
  source: z.enum(['import', 'sync', 'demo', 'manual']),
});
export type Payment = z.infer<typeof Payment>;

export const Channel = z.enum(['phone', 'sms', 'whatsapp', 'email', 'letter']);
export type Channel = z.infer<typeof Channel>;

/** Default dispositions (issue 6 makes them configurable). */
export const Disposition = z.enum([
  'no_answer',
  'busy',
  'voicemail',
  'wrong_number',
  'third_party',
  'refused',
  'promise_to_pay',
  'installment_plan',
  'paid_already',
  'dispute',
  'callback',
  'deceased',
]);
export type Disposition = z.infer<typeof Disposition>;

/** The way through the call script on an attempt: steps answered in order, objections raised (script/session.ts). */
export const ScriptPath = z.object({
  startedAt: Instant,
  path: z
    .array(z.object({ stepId: z.string().max(64), answerId: z.string().max(64), at: Instant, edited: z.boolean() }))
    .max(200),
  objections: z.array(z.object({ objectionId: z.string().max(64), stepId: z.string().max(64).nullable(), at: Instant })).max(100),
  /** Right-party verification as main's replay of the path found it. */
  rpcVerified: z.boolean(),
});
export type ScriptPath = z.infer<typeof ScriptPath>;

export const ContactAttempt = z.object({
  id: Id,
  accountId: Id,
  customerId: Id,
  channel: Channel,
  direction: z.enum(['outbound', 'inbound']),
  number: z.string().max(32).nullable(),
  startedAt: Instant,
  answeredAt: Instant.nullable(),
  endedAt: Instant.nullable(),
  sipStatus: z.number().int().min(100).max(699).nullable(),
  disposition: Disposition,
  agentId: Id.nullable(),
  scriptId: z.string().max(64).nullable(),
  scriptVersion: z.number().int().nullable(),
  scriptVariant: z.string().max(32).nullable(),
  strategyVariant: z.string().max(32).nullable(),
  notes: z.string().max(4000),
  /** Absent or null when no script was followed (attempts from before scripts, messages). */
  scriptPath: ScriptPath.nullable().optional(),
});
export type ContactAttempt = z.infer<typeof ContactAttempt>;

export const PromiseStatus = z.enum(['pending', 'kept', 'broken', 'cancelled']);
export type PromiseStatus = z.infer<typeof PromiseStatus>;

export const Installment = z.object({ dueDate: CalendarDate, amountCents: z.number().int().positive() });

export const PaymentPromise = z.object({
  id: Id,
  accountId: Id,
  attemptId: Id.nullable(),
  amountCents: z.number().int().positive(),
  currency: Currency,
  dueDate: CalendarDate,
  installments: z.array(Installment).max(120),
  status: PromiseStatus,
  createdAt: Instant,
  resolvedAt: Instant.nullable(),
});
export type PaymentPromise = z.infer<typeof PaymentPromise>;

export const Callback = z.object({
  id: Id,
  accountId: Id,
  attemptId: Id.nullable(),
  dueAt: Instant,
  status: z.enum(['pending', 'done', 'cancelled']),
  createdAt: Instant,
});
export type Callback = z.infer<typeof Callback>;

/** One line of the account's timeline. `kind` values are also the `data-kind` of `history-entry`. */
export const HistoryEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('payment'), id: Id, at: Instant, date: CalendarDate, amountCents: z.number().int(), currency: Currency }),
  z.object({
    kind: z.literal('contact'),
    id: Id,
    at: Instant,
    channel: Channel,
    direction: z.enum(['outbound', 'inbound']),
    disposition: Disposition,
    agentId: Id.nullable(),
    notes: z.string(),
    /** The script followed, with its A/B variant and the steps answered. */
    script: z
      .object({ scriptId: z.string(), version: z.number().int(), variant: z.string(), steps: z.array(z.object({ stepId: z.string(), answerId: z.string() })) })
      .nullable()
      .optional(),
  }),
  z.object({
    kind: z.literal('promise'),
    id: Id,
    at: Instant,
    dueDate: CalendarDate,
    amountCents: z.number().int(),
    currency: Currency,
    status: PromiseStatus,
    /** For a pending promise: the first installment payments have not covered yet (null when covered). */
    nextDueDate: CalendarDate.nullable(),
    /** Pending and its next due date has passed unpaid. */
    overdue: z.boolean(),
    /** An installment plan's schedule; absent or empty for a single payment. */
    installments: z.array(Installment).optional(),
  }),
  z.object({ kind: z.literal('callback'), id: Id, at: Instant, dueAt: Instant, status: z.enum(['pending', 'done', 'cancelled']) }),
  z.object({ kind: z.literal('message'), id: Id, at: Instant, channel: Channel, text: z.string() }),
  z.object({ kind: z.literal('note'), id: Id, at: Instant, text: z.string() }),
]);
export type HistoryEntry = z.infer<typeof HistoryEntry>;
