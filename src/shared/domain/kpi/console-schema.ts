// What the supervisor console exchanges with the server (through main): the agent state a desk reports, the team
// board and the KPI answer. The server, main and the renderer read the same schemas.
import { z } from 'zod';

const Instant = z.number().int().min(0).max(8.64e15);
const CalendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** What a desk reports; 'offline' is only ever the server's verdict on a desk that stopped reporting. */
export const ReportedAgentState = z.enum(['available', 'on_call', 'wrap_up', 'paused']);
export type ReportedAgentState = z.infer<typeof ReportedAgentState>;
export const AgentPresence = z.enum(['available', 'on_call', 'wrap_up', 'paused', 'offline']);
export type AgentPresence = z.infer<typeof AgentPresence>;

/** POST /v1/agents/state. `at` and `callStartedAt` are the desk's clock; the server keeps only their difference. */
export const AgentStateReport = z
  .object({
    state: ReportedAgentState,
    /** A pause reason code (break, lunch, ...); only with 'paused'. */
    reason: z.string().regex(/^[a-z_]{1,32}$/).nullable().optional(),
    callStartedAt: Instant.nullable().optional(),
    at: Instant,
  })
  .strict();
export type AgentStateReport = z.infer<typeof AgentStateReport>;

export const TodayNumbers = z.object({
  attempts: z.number().int(),
  contacts: z.number().int(),
  promises: z.number().int(),
  promisedCents: z.number().int(),
});
export type TodayNumbers = z.infer<typeof TodayNumbers>;

export const BoardAgent = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  teamId: z.string().nullable(),
  state: AgentPresence,
  reason: z.string().nullable(),
  /** Server time the state began; null when the agent never reported. */
  since: Instant.nullable(),
  /** Server time the current call began (on_call only). */
  callStartedAt: Instant.nullable(),
  lastSeenAt: Instant.nullable(),
  today: TodayNumbers,
});
export type BoardAgent = z.infer<typeof BoardAgent>;

/** GET /v1/team/board. `now` is the server's clock, so a desk with a wrong clock still ticks call times right. */
export const TeamBoard = z.object({
  now: Instant,
  today: CalendarDate,
  timeZone: z.string(),
  teamId: z.string().nullable(),
  agents: z.array(BoardAgent),
});
export type TeamBoard = z.infer<typeof TeamBoard>;

export const KpiGroupBy = z.enum(['day', 'agent', 'strategyVariant', 'scriptVariant']);
export type KpiGroupBy = z.infer<typeof KpiGroupBy>;

export const KpiTotalsSchema = z.object({
  attempts: z.number().int(),
  contacts: z.number().int(),
  rightPartyContacts: z.number().int(),
  promises: z.number().int(),
  promisedCents: z.number().int(),
  promisesKept: z.number().int(),
  promisesBroken: z.number().int(),
  collectedCents: z.number().int().nullable(),
  handleMs: z.number(),
  calls: z.number().int(),
  productiveMs: z.number(),
  pausedMs: z.number(),
});

const IntervalSchema = z.object({ low: z.number(), high: z.number() });
const RateSchema = z.object({
  successes: z.number().int(),
  trials: z.number().int(),
  value: z.number().nullable(),
  interval: IntervalSchema.nullable(),
});
export const KpiValuesSchema = z.object({
  attempts: z.number().int(),
  contacts: z.number().int(),
  rightPartyContacts: z.number().int(),
  contactRate: RateSchema,
  rpcRate: RateSchema,
  promises: z.number().int(),
  promisedCents: z.number().int(),
  promiseRate: RateSchema,
  keptRate: RateSchema,
  collectedCents: z.number().int().nullable(),
  averageHandleMs: z.number().nullable(),
  callsPerHour: z.number().nullable(),
  pauseShare: RateSchema.nullable(),
});

export const VariantComparisonSchema = z.object({
  rate: z.enum(['contactRate', 'rpcRate', 'promiseRate', 'keptRate']),
  baseline: z.string(),
  against: z.array(
    z.object({
      variant: z.string(),
      comparison: z
        .object({
          difference: z.number(),
          differenceInterval: IntervalSchema,
          z: z.number().nullable(),
          pValue: z.number().nullable(),
          significant: z.boolean(),
        })
        .nullable(),
    }),
  ),
});

/** GET /v1/kpis. Group keys: a date, a user id (label: the name), a variant id ('' = none recorded). */
export const KpiReport = z.object({
  from: CalendarDate,
  to: CalendarDate,
  timeZone: z.string(),
  groupBy: KpiGroupBy.nullable(),
  totals: KpiTotalsSchema,
  kpis: KpiValuesSchema,
  groups: z.array(z.object({ key: z.string(), label: z.string(), totals: KpiTotalsSchema, kpis: KpiValuesSchema })),
  /** Only for strategy and script variants with two or more groups. */
  comparisons: z.array(VariantComparisonSchema),
});
export type KpiReport = z.infer<typeof KpiReport>;

/** GET /v1/team/options: what the filters offer the viewer (their scope only). */
export const ConsoleOptions = z.object({
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  agents: z.array(z.object({ id: z.string(), displayName: z.string(), teamId: z.string().nullable() })),
  portfolios: z.array(z.string()),
});
export type ConsoleOptions = z.infer<typeof ConsoleOptions>;

/** A live message on GET /v1/team/live: something on this team's board changed (refetch). */
export const TeamPoke = z.object({ type: z.literal('team'), teamId: z.string().nullable() });
export type TeamPoke = z.infer<typeof TeamPoke>;
