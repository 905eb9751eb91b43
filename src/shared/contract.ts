// THE IPC contract. Every channel the renderer may call (`domain:verb`) with its input and output schema, and
// every event main may send to the renderer. The preload, the Electron IPC registration and the web host's
// bridge all derive their allow-lists and checks from this one file.
import { z } from 'zod';
import {
  Account,
  CalendarDate,
  Currency,
  Customer,
  Disposition,
  HistoryEntry,
  Id,
  Instant,
  Locale,
} from './model';
import { checkSipServerUrl, checkSipUri } from './domain/sip-outcome';
import { Offer } from './domain/offer/offer';
import { ContactPolicy, OfferRole } from './domain/policy/schema';
import { StrategyConfig } from './domain/priority/strategy-config';
import { DispositionConfig } from './domain/dispositions';
import { Script } from './domain/script/schema';
import { ConsoleOptions, KpiGroupBy, KpiReport, ReportedAgentState, TeamBoard } from './domain/kpi/console-schema';

export const ErrorCode = z.enum([
  'invalid_input', // the payload failed the channel's schema
  'unknown_channel', // not a channel of this contract
  'forbidden_sender', // the call came from a frame/origin that is not the app's own
  'not_found',
  'conflict',
  'invalid_credentials', // the sync server refused the username/password
  'rate_limited', // too many failed logins; try again later
  'server_unreachable', // the sync server did not answer
  'store_unavailable',
  'policy_blocked', // the contact policy forbids this contact (do-not-contact, dispute...); `issues` carry the reasons
  'script_steps_required', // a promise or plan before the script's right-party verification / mandatory steps; `issues` say which
  'not_signed_in', // the feature needs a Quita server session (sign in through the user menu), or it expired
  'forbidden', // the signed-in role may not do this (e.g. an agent asking for a supervisor's report)
  'recipient_not_on_file', // a message to an address or number that is not the customer's own
  'message_not_sent', // no SMS/email provider on the server, or the provider refused; the message says which
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppError = z.object({
  code: ErrorCode,
  /** English developer-facing text; the UI shows the translation of `code` (plus `issues` when present). */
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type AppError = z.infer<typeof AppError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

// ---- shared pieces ----------------------------------------------------------------------------------------

export const Settings = z.object({
  locale: Locale,
  /** ISO 3166-1 alpha-2 region used to read phone numbers typed without a country code. */
  defaultRegion: z.string().regex(/^[A-Z]{2}$/),
  /** IANA zone of the office: reports and "today" for the agent. */
  officeTimeZone: z.string().min(1).max(64),
  currency: Currency,
});
export type Settings = z.infer<typeof Settings>;

export const NextAction = z.object({
  // promise_pending / callback_scheduled only appear in search results: the worklist leaves those accounts
  // alone until the promise date or the callback time.
  kind: z.enum(['call', 'callback_due', 'promise_due', 'promise_broken', 'promise_pending', 'callback_scheduled']),
  /** When the action is due (callback time, promise date at the start of the office day); null = now. */
  at: Instant.nullable(),
});
export type NextAction = z.infer<typeof NextAction>;

/** A machine-readable reason (priority factor or policy rule) with its numbers; the renderer words it. */
export const ReasonItem = z.object({
  code: z.string().max(64),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type ReasonItem = z.infer<typeof ReasonItem>;

export const PolicyCheck = z.object({
  allowed: z.boolean(),
  reasons: z.array(ReasonItem.extend({ severity: z.enum(['block', 'info']) })),
  /** `now` when allowed; null when only a change of flags or consent would allow contact. */
  nextAllowedAt: Instant.nullable(),
});
export type PolicyCheck = z.infer<typeof PolicyCheck>;

export const DpdBucketFilter = z.enum(['1-30', '31-60', '61-90', '91-180', '181-360', '360+']);

export const QueueItem = z.object({
  accountId: Id,
  customerId: Id,
  customerName: z.string(),
  accountNumber: z.string(),
  creditor: z.string(),
  balanceCents: z.number().int(),
  currency: Currency,
  daysPastDue: z.number().int(),
  timeZone: z.string(),
  nextAction: NextAction,
  /** Why it is where it is, highest contribution first (priority codes, plus time_zone_fallback). */
  reasons: z.array(ReasonItem),
  score: z.number(),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const NotNowItem = QueueItem.extend({
  /** The policy's blocking reasons now. */
  policyReasons: z.array(ReasonItem),
  /** When a call is next allowed; null = not until a flag or consent changes. */
  nextAllowedAt: Instant.nullable(),
});
export type NotNowItem = z.infer<typeof NotNowItem>;

const QueueFilters = {
  dpdBucket: DpdBucketFilter.nullable().default(null),
  minBalanceCents: z.number().int().min(0).nullable().default(null),
  maxBalanceCents: z.number().int().min(0).nullable().default(null),
  /** The next action's kind (broken promises only, callbacks due...). */
  status: z.enum(['call', 'callback_due', 'promise_due', 'promise_broken']).nullable().default(null),
};

export const SyncProblem = z.enum([
  'network_unreachable', // the server did not answer: work continues locally and is pushed later
  'session_expired', // the server refused the token: log in again
  'server_error', // the server answered with an error; retried with backoff
  'events_rejected', // the server stored some events as rejected (see rejectedEvents)
  'protocol_unsupported', // the server is older than this app and refuses its sync protocol: update the server
]);
export type SyncProblem = z.infer<typeof SyncProblem>;

export const SyncStatus = z.object({
  state: z.enum(['local_only', 'online', 'offline', 'error']),
  pendingEvents: z.number().int().min(0),
  lastSyncAt: Instant.nullable(),
  /** Why the state is not plain "online"; the UI translates it. */
  problem: SyncProblem.nullable(),
  /** Events the server acknowledged but stored as rejected (kept locally for the agent to see). */
  rejectedEvents: z.number().int().min(0),
  serverUrl: z.string().nullable(),
  /** The signed-in user's name, when logged in. */
  username: z.string().nullable(),
  /** The signed-in user's role (what offers they may agree to); absent or null when not logged in. */
  role: OfferRole.nullable().optional(),
  /** Developer detail for logs and tooltips (English); never shown instead of the translated problem. */
  message: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** The path the agent took through a script (script/session.ts PathEntry), as the attempt records it. */
export const ScriptTrace = z
  .object({
    scriptId: z.string().min(1).max(64),
    version: z.number().int().min(1),
    variant: z.string().min(1).max(32),
    startedAt: Instant,
    path: z
      .array(z.object({ stepId: z.string().min(1).max(64), answerId: z.string().min(1).max(64), at: Instant, edited: z.boolean().default(false) }).strict())
      .max(200),
    objections: z
      .array(z.object({ objectionId: z.string().min(1).max(64), stepId: z.string().max(64).nullable(), at: Instant }).strict())
      .max(100)
      .default([]),
  })
  .strict();
export type ScriptTrace = z.infer<typeof ScriptTrace>;

export const OutcomeInput = z
  .object({
    accountId: Id,
    disposition: Disposition,
    notes: z.string().max(4000).default(''),
    channel: z.enum(['phone', 'sms', 'whatsapp', 'email']).default('phone'),
    number: z.string().max(32).nullable().default(null),
    promise: z
      .object({
        dueDate: CalendarDate,
        amountCents: z.number().int().positive().max(1e13),
        /** An installment plan's schedule (two or more, dates increasing, summing to amountCents; dueDate = the first). */
        installments: z
          .array(z.object({ dueDate: CalendarDate, amountCents: z.number().int().positive().max(1e13) }).strict())
          .max(120)
          .optional(),
      })
      .nullable()
      .default(null),
    callbackAt: Instant.nullable().default(null),
    /** Set by the client so a retried save is not logged twice. */
    requestId: z.uuid().optional(),
    /** An inbound contact (the customer called) is always recorded, whatever the policy says of calling them. */
    direction: z.enum(['outbound', 'inbound']).default('outbound'),
    /** The softphone call (call:record's id) this outcome confirms: its SIP facts go into the attempt. */
    callId: Id.optional(),
    /** The script followed on the call; main replays its path to check a promise's mandatory steps. */
    script: ScriptTrace.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const needsPromise = v.disposition === 'promise_to_pay' || v.disposition === 'installment_plan';
    if (needsPromise && !v.promise) ctx.addIssue({ code: 'custom', path: ['promise'], message: 'promise_required' });
    if (!needsPromise && v.promise) ctx.addIssue({ code: 'custom', path: ['promise'], message: 'promise_not_allowed' });
    if (v.disposition === 'callback' && v.callbackAt === null)
      ctx.addIssue({ code: 'custom', path: ['callbackAt'], message: 'callback_time_required' });
  });
export type OutcomeInput = z.input<typeof OutcomeInput>;

export const ScriptForAccount = z.object({
  /** The rule that matched and what it chose; null when no script could be chosen (`problem` says why). */
  selection: z
    .object({
      scriptId: z.string(),
      version: z.number().int(),
      variant: z.string(),
      ruleId: z.string(),
      /** The conditions of that rule the account met. */
      matched: z.array(z.string()),
      experiment: z.object({ id: z.string(), variants: z.array(z.string()) }).nullable(),
    })
    .nullable(),
  problem: z.enum(['no_rule_matched', 'script_not_available']).nullable(),
  script: Script.nullable(),
  /** From the contact policy: right-party verification and the disclosures a promise needs first. */
  requirements: z.object({ rightPartyVerification: z.boolean(), disclosures: z.array(z.string()) }),
  /** Names the script reads: the agent's, and the company called on behalf of (the creditor). */
  people: z.object({ agentName: z.string(), companyName: z.string() }),
});
export type ScriptForAccount = z.infer<typeof ScriptForAccount>;

export const AccountView = z.object({
  customer: Customer,
  account: Account.extend({ daysPastDue: z.number().int() }),
  otherAccounts: z.array(Account.extend({ daysPastDue: z.number().int() })),
  history: z.array(HistoryEntry),
  /** The customer's zone is not a valid IANA name: times are the policy's default zone, `effectiveTimeZone`. */
  timeZoneFallback: z.boolean(),
  effectiveTimeZone: z.string(),
  /** The three-second digest of how the customer pays (payment-behaviour.ts). */
  paymentBehaviour: z.object({
    profile: z.enum(['chronic', 'occasional', 'first_time']),
    monthsLate: z.number().int(),
    monthsObserved: z.number().int(),
    promisesKept: z.number().int(),
    promisesTotal: z.number().int(),
    usualDelayDays: z.number().int().nullable(),
    yearsOnTime: z.number().int().optional(),
  }),
});
export type AccountView = z.infer<typeof AccountView>;

const Empty = z.object({}).strict();

// ---- softphone --------------------------------------------------------------------------------------------

/** The softphone's SIP account as the settings form shows it: never the password, only whether one is kept. */
export const SipSettings = z.object({
  serverUrl: z.string(),
  sipUri: z.string(),
  authUser: z.string(),
  displayName: z.string(),
  hasPassword: z.boolean(),
});
export type SipSettings = z.infer<typeof SipSettings>;

/** The issue's message is the settings check's stable code (sip-outcome.ts), which the form translates. */
export const SipSettingsInput = z
  .object({
    serverUrl: z.string().max(300).superRefine((v, ctx) => {
      const check = checkSipServerUrl(v);
      if (!check.ok) ctx.addIssue({ code: 'custom', message: check.code });
    }),
    sipUri: z.string().max(300).superRefine((v, ctx) => {
      const check = checkSipUri(v);
      if (!check.ok) ctx.addIssue({ code: 'custom', message: check.code });
    }),
    authUser: z.string().trim().max(128).default(''),
    /** Absent: keep the stored password. */
    password: z.string().min(1).max(1024).optional(),
    displayName: z.string().trim().max(100).default(''),
  })
  .strict();
export type SipSettingsInput = z.input<typeof SipSettingsInput>;

/** One finished softphone call as the renderer reports it (softphone-client's CallRecord). */
export const CallRecordInput = z
  .object({
    /** The SIP session's id: recording the same call twice finds the first record. */
    callId: z.string().min(1).max(128),
    number: z.string().min(1).max(64),
    direction: z.enum(['outbound', 'inbound']),
    startedAt: Instant,
    answeredAt: Instant.nullable(),
    endedAt: Instant,
    sipStatus: z.number().int().min(100).max(699).nullable(),
    accountId: Id.nullable(),
  })
  .strict();
export type CallRecordInput = z.input<typeof CallRecordInput>;

// ---- offers and follow-ups --------------------------------------------------------------------------------

/** An offer outside the agent's authority, sent to a supervisor: never an agreement (followup-handlers.ts). */
export const OfferApprovalRequestInput = z
  .object({
    /** Set by the client: a retried request is recorded once. */
    requestId: z.uuid(),
    accountId: Id,
    offer: Offer,
    /** The agent's summary in their language (shown in the history). */
    summary: z.string().min(1).max(2000),
    note: z.string().max(2000).default(''),
  })
  .strict();
export type OfferApprovalRequestInput = z.input<typeof OfferApprovalRequestInput>;

export const FollowUpAction = z.enum(['pix_copied', 'boleto_copied', 'whatsapp_opened']);
export type FollowUpAction = z.infer<typeof FollowUpAction>;

/** A follow-up the agent did during the call: recorded as a message in the account's history. */
export const FollowUpRecordInput = z
  .object({
    requestId: z.uuid(),
    accountId: Id,
    action: FollowUpAction,
    channel: z.enum(['phone', 'whatsapp', 'sms', 'email']),
    /** The WhatsApp number (E.164) the message was opened for; null for a copy. */
    to: z.string().regex(/^\+[1-9]\d{6,14}$/).nullable().default(null),
    /** What the customer got: the PIX code, the boleto line or the message text. */
    text: z.string().min(1).max(4000),
  })
  .strict();
export type FollowUpRecordInput = z.input<typeof FollowUpRecordInput>;

/** An SMS or email the server sends on the agent's behalf (POST /v1/messages); recorded in the history once sent. */
export const MessageSendInput = z
  .object({
    requestId: z.uuid(),
    accountId: Id,
    channel: z.enum(['sms', 'email']),
    /** E.164 for SMS, an address for email: one the customer has on file. */
    to: z.string().trim().min(3).max(254),
    /** Email only. */
    subject: z.string().trim().max(200).nullable().default(null),
    text: z.string().trim().min(1).max(1530),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.channel === 'email' && !v.subject) ctx.addIssue({ code: 'custom', path: ['subject'], message: 'subject_required' });
  });
export type MessageSendInput = z.input<typeof MessageSendInput>;

// ---- supervisor: call-outcome report exports and portfolio import -------------------------------------------

/** What the supervisor filters the report by (the server's report filters; office-local dates, both inclusive). */
export const ReportFilterInput = z
  .object({
    from: CalendarDate.optional(),
    to: CalendarDate.optional(),
    team: Id.optional(),
    agent: Id.optional(),
    dispositions: z.array(Disposition).max(20).default([]),
    /** Creditor names. */
    portfolios: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  })
  .strict();
export type ReportFilterInput = z.input<typeof ReportFilterInput>;

export const ReportFormat = z.enum(['csv', 'xlsx', 'pdf']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** How far an export got: rows are counted for CSV; XLSX and PDF report bytes only (their rows are inside a zip). */
export const ReportExportProgress = z.object({
  exportId: z.uuid(),
  phase: z.enum(['counting', 'writing', 'done', 'cancelled', 'failed']),
  rows: z.number().int().min(0).nullable(),
  totalRows: z.number().int().min(0).nullable(),
  bytes: z.number().int().min(0),
});
export type ReportExportProgress = z.infer<typeof ReportExportProgress>;

const ImportIssueParams = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]));
const ImportCounts = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

/** The server's portfolio import report (server/import/report.ts); codes are kept as strings so a newer server's code is shown, not refused. */
export const PortfolioImportReport = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  committed: z.boolean(),
  creditor: z.string().nullable(),
  teamId: z.string().nullable(),
  format: z.enum(['csv', 'xlsx']).nullable(),
  encoding: z.enum(['utf-8', 'windows-1252']).nullable(),
  delimiter: z.enum([';', ',']).nullable(),
  numberFormat: z.enum(['pt-BR', 'en']).nullable(),
  header: z.array(z.string()),
  mapping: z.record(z.string(), z.object({ header: z.string(), source: z.enum(['given', 'saved', 'default']) })),
  rows: z.number().int(),
  fileIssues: z.array(z.object({ code: z.string(), params: ImportIssueParams })),
  rowIssues: z.array(z.object({ line: z.number().int(), code: z.string(), params: ImportIssueParams })),
  rowIssueCount: z.number().int(),
  badRows: z.number().int(),
  accounts: ImportCounts,
  customers: ImportCounts,
  pooled: z.number().int(),
  mappingSaved: z.boolean(),
  elapsedMs: z.number(),
});
export type PortfolioImportReport = z.infer<typeof PortfolioImportReport>;

/** A column mapping: Quita field → the file's header. */
const ImportMapping = z.record(z.string().min(1).max(40), z.string().trim().min(1).max(200));

// ---- channels ---------------------------------------------------------------------------------------------

export const channels = {
  'app:info': {
    input: Empty,
    output: z.object({
      name: z.literal('Quita'),
      version: z.string(),
      deviceId: z.string(),
      host: z.enum(['electron', 'web']),
      demo: z.boolean(),
      settings: Settings,
      /** "Today" in the office time zone. */
      today: CalendarDate,
    }),
  },
  'settings:update': {
    input: Settings.partial().strict(),
    output: Settings,
  },
  'queue:list': {
    input: z
      .object({
        search: z.string().trim().max(100).default(''),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
        ...QueueFilters,
      })
      .strict(),
    output: z.object({ total: z.number().int().min(0), items: z.array(QueueItem) }),
  },
  // Accounts the worklist would offer but the contact policy says not now, with why and when.
  'queue:not-now': {
    input: z
      .object({
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
        ...QueueFilters,
      })
      .strict(),
    output: z.object({ total: z.number().int().min(0), items: z.array(NotNowItem) }),
  },
  // The best account the policy allows now, leased to `holder` (one per window/tab) so no other caller gets it.
  'queue:next': {
    input: z.object({ holder: z.string().min(8).max(64) }).strict(),
    output: z.object({ item: QueueItem.nullable(), leaseExpiresAt: Instant.nullable() }),
  },
  'contact:check': {
    input: z.object({ accountId: Id, channel: z.enum(['phone', 'sms', 'whatsapp', 'email']) }).strict(),
    output: PolicyCheck,
  },
  // The strategy and the contact policy: versioned JSON documents; a document that fails its schema is refused
  // with the bad field's path (invalid_input issues) and the one in force stays.
  'strategy:get': {
    input: Empty,
    output: z.object({ version: z.number().int(), config: StrategyConfig }),
  },
  'strategy:set': {
    input: z.object({ config: StrategyConfig }).strict(),
    output: z.object({ version: z.number().int(), config: StrategyConfig }),
  },
  'policy:get': {
    input: Empty,
    output: z.object({ version: z.number().int(), policy: ContactPolicy }),
  },
  'policy:set': {
    input: z.object({ policy: ContactPolicy }).strict(),
    output: z.object({ version: z.number().int(), policy: ContactPolicy }),
  },
  'account:get': {
    input: z.object({ accountId: Id }).strict(),
    output: AccountView,
  },
  'outcome:log': {
    input: OutcomeInput,
    output: z.object({
      attemptId: Id,
      promiseId: Id.nullable(),
      callbackId: Id.nullable(),
      /** True when this requestId had already been saved: nothing new was written. */
      duplicate: z.boolean(),
    }),
  },
  'sync:status': {
    input: Empty,
    output: SyncStatus,
  },
  // The script to suggest for the account (rules as data), the document itself, and what the policy requires of it.
  'script:for-account': {
    input: z.object({ accountId: Id }).strict(),
    output: ScriptForAccount,
  },
  // A script JSON document: validated (script/validate.ts) and refused with each issue's path as invalid_input.
  'script:import': {
    input: z.object({ document: z.unknown() }).strict(),
    output: z.object({ id: z.string(), variant: z.string(), version: z.number().int(), duplicate: z.boolean() }),
  },
  // The dispositions (labels, hotkeys, requirements) the outcome form works with.
  'outcome:config': {
    input: Empty,
    output: z.object({ dispositions: DispositionConfig }),
  },
  // Writes the request and its outbox event (offer.approval_requested); never a promise or an agreement.
  'offer:request-approval': {
    input: OfferApprovalRequestInput,
    output: z.object({
      id: Id,
      /** Re-evaluated in main: the violations that made it need approval, and who may approve. */
      approvableBy: OfferRole.nullable(),
      duplicate: z.boolean(),
    }),
  },
  'followup:record': {
    input: FollowUpRecordInput,
    output: z.object({ id: Id, duplicate: z.boolean() }),
  },
  'message:send': {
    input: MessageSendInput,
    output: z.object({ id: Id, duplicate: z.boolean() }),
  },
  'softphone:settings-get': {
    input: Empty,
    output: SipSettings,
  },
  'softphone:settings-set': {
    input: SipSettingsInput,
    output: SipSettings,
  },
  // Hands the SIP password to the renderer, the one exception to "secrets stay in main": sip.js must run in the
  // renderer because WebRTC (getUserMedia, RTCPeerConnection) only exists there, and it answers the registrar's
  // digest challenge itself. The renderer keeps it in memory for the user agent only, never in its store.
  'softphone:credentials': {
    input: Empty,
    output: z.object({ password: z.string().nullable() }),
  },
  'call:record': {
    input: CallRecordInput,
    output: z.object({
      /** The id the contact attempt will carry once the agent confirms the disposition (outcome:log callId). */
      attemptId: Id,
      duplicate: z.boolean(),
    }),
  },
  'customer:find-by-phone': {
    input: z.object({ number: z.string().trim().min(1).max(64) }).strict(),
    output: z.object({
      matches: z.array(z.object({ customerId: Id, customerName: z.string(), accountId: Id })).max(20),
    }),
  },
  'sync:login': {
    input: z
      .object({
        serverUrl: z.url({ protocol: /^https?$/ }).max(300),
        username: z.string().trim().min(2).max(64),
        password: z.string().min(1).max(1024),
      })
      .strict(),
    output: z.object({ username: z.string(), displayName: z.string(), role: z.enum(['agent', 'supervisor', 'admin']) }),
  },
  'sync:logout': {
    input: Empty,
    output: SyncStatus,
  },
  'sync:now': {
    input: Empty,
    output: SyncStatus,
  },
  // Supervisor console. The agent's own state, sent by main to the server (and re-sent every minute, and when the
  // connection returns); `sent` is false while it waits for the connection or a sign-in.
  'agent:state': {
    input: z
      .object({
        state: ReportedAgentState,
        reason: z.string().regex(/^[a-z_]{1,32}$/).nullable().default(null),
        callStartedAt: Instant.nullable().default(null),
      })
      .strict(),
    output: z.object({ sent: z.boolean() }),
  },
  // The team board (a supervisor's own team; an admin's chosen team or all), fetched by main with the token.
  'team:board': {
    input: z.object({ team: Id.optional() }).strict(),
    output: TeamBoard,
  },
  'team:options': {
    input: Empty,
    output: ConsoleOptions,
  },
  // KPIs for a period (office-local dates, both inclusive), optionally grouped; the server adds them up.
  'team:kpis': {
    input: z
      .object({
        from: CalendarDate,
        to: CalendarDate,
        team: Id.optional(),
        agent: Id.optional(),
        portfolios: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
        groupBy: KpiGroupBy.nullable().default(null),
      })
      .strict(),
    output: KpiReport,
  },
  // Supervisor reports: main asks the server with the session's token (the renderer never holds it).
  'report:count': {
    input: z.object({ filters: ReportFilterInput }).strict(),
    output: z.object({ rows: z.number().int().min(0), asOf: Instant, timeZone: z.string() }),
  },
  // Streams the file to disk (a save dialog in the desktop app; the data folder's exports/ in the web host, then
  // offered at downloadUrl) with report:export-progress events; cancelled by report:export-cancel.
  'report:export': {
    input: z
      .object({
        exportId: z.uuid(),
        format: ReportFormat,
        filters: ReportFilterInput,
        locale: Locale,
        separator: z.enum([',', ';']).optional(),
      })
      .strict(),
    output: z.object({
      exportId: z.uuid(),
      status: z.enum(['done', 'cancelled']),
      fileName: z.string(),
      rows: z.number().int().min(0).nullable(),
      totalRows: z.number().int().min(0),
      bytes: z.number().int().min(0),
      /** Where the desktop app saved it; null in the web host. */
      savedTo: z.string().nullable(),
      /** Same-origin address the web host serves the file at; null in the desktop app. */
      downloadUrl: z.string().nullable(),
    }),
  },
  'report:export-cancel': {
    input: z.object({ exportId: z.uuid() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  // A portfolio file reaches main in chunks (base64, 512 KiB each, 64 MiB at most) and waits on disk in the data
  // folder until it is dry-run or imported; the renderer never names a path.
  'import:stage': {
    input: z
      .object({
        fileId: z.uuid(),
        fileName: z.string().min(1).max(255),
        offset: z.number().int().min(0),
        data: z.string().max(700_000),
      })
      .strict(),
    output: z.object({ fileId: z.uuid(), size: z.number().int().min(0) }),
  },
  'import:mapping': {
    input: z.object({ creditor: z.string().trim().min(1).max(120) }).strict(),
    output: z.object({
      creditor: z.string(),
      saved: ImportMapping,
      fields: z.array(z.string()),
      required: z.array(z.string()),
    }),
  },
  'import:portfolio': {
    input: z
      .object({
        fileId: z.uuid(),
        creditor: z.string().trim().min(1).max(120),
        dryRun: z.boolean(),
        mapping: ImportMapping.default({}),
        numberFormat: z.enum(['pt-BR', 'en']).nullable().default(null),
      })
      .strict(),
    output: PortfolioImportReport,
  },
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;
/** What a handler receives: the input after the schema applied its defaults. */
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;

export const channelNames = Object.keys(channels) as ChannelName[];
export function isChannel(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

// ---- events (main → renderer) -----------------------------------------------------------------------------

export const events = {
  /** Local data changed (an outcome was saved, a sync pulled rows): lists should refresh. */
  'store:changed': z.object({ entities: z.array(z.enum(['queue', 'account', 'history'])), accountId: Id.nullable() }),
  'sync:status': SyncStatus,
  'settings:changed': Settings,
  /** Something on a team's board changed (an agent's state, an outcome): the console refetches. */
  'team:changed': z.object({ teamId: z.string().nullable() }),
  'report:export-progress': ReportExportProgress,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];
export function isEvent(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

// ---- the API the renderer sees (window.quita), implemented by the preload and by the web transport -------

export interface QuitaApi {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  /** Subscribes to a contract event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Turns a zod failure into the contract's error shape. */
export function invalidInput(error: z.ZodError, channel: string): AppError {
  return {
    code: 'invalid_input',
    message: `Invalid input for ${channel}`,
    issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  };
}
