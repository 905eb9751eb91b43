// The worklist's engine room: precomputed priority rows (score, reasons, propensity evidence, the policy's
// history-based answer) kept beside the accounts, the queries that walk them in score order, the contact-policy
// checks at query time and the leases queue:next hands out. Electron-free; runs in the tests and the web host.
//
// Why precomputed: scoring needs an account's whole history (payments, attempts, promises), which is far too much
// to read for 50,000 accounts per page. A row is refreshed in the transaction that changes the history, and all
// rows when the office day, the strategy or the policy changes; what depends on the clock (a callback due now,
// the calling window open now) is applied when the queue is read.
import type { NotNowItem, PolicyCheck, QueueItem, ReasonItem } from '../../../shared/contract';
import { daysPastDue, startOfDayIn, todayIn } from '../../../shared/domain/dates';
import { paymentBehaviour, type PaymentBehaviour } from '../../../shared/domain/payment-behaviour';
import {
  brPolicy,
  ContactPolicy,
  customerRegion,
  evaluate,
  policyPresets,
  type PolicyChannel,
  type PolicyResult,
  type WeeklyWindows,
} from '../../../shared/domain/policy';
import {
  assignVariant,
  defaultStrategyConfig,
  propensity,
  reasonsOf,
  scoreCard,
  StrategyConfig,
  type Propensity,
  type Strategy,
} from '../../../shared/domain/priority';
import { isValidTimeZone } from '../../../shared/domain/time-zone';
import type { Account, Callback, ContactAttempt, Customer, Disposition, Payment, PaymentPromise } from '../../../shared/model';
import type { Store } from '../store/repositories';

/** A lease lapses if the agent walks away without logging an outcome. */
export const LEASE_MS = 10 * 60_000;
/** Accounts rescored per transaction: a 50,000-account rescore yields to other work between batches. */
export const RESCORE_BATCH = 2_000;
export interface RescoreTuning {
  /** Stores up to this size are rescored in one go when stale; larger ones in the background. */
  syncRescoreLimit: number;
  /** A few stale rows (changed accounts) in a large store are rescored at once, not in the background. */
  syncStaleLimit: number;
  /** In the background, small batches: a request waits behind at most one of them (a few ms). */
  backgroundBatch: number;
  /**
   * The background rescore waits until the first queue page has been served (the stored order is shown at once)
   * and reads have paused this long, or at most `backgroundStartMaxMs` after it was wanted.
   */
  quietMs: number;
  backgroundStartMaxMs: number;
  /** While requests keep coming (one within `quietMs`), each batch first waits this long: they go first. */
  busyPauseMs: number;
}

const DEFAULT_TUNING: RescoreTuning = {
  syncRescoreLimit: 10_000,
  syncStaleLimit: 500,
  backgroundBatch: 100,
  quietMs: 500,
  backgroundStartMaxMs: 5_000,
  busyPauseMs: 100,
};
const NEVER = 8.64e15;

const STRATEGY_DOC = 'priority-strategy';
const POLICY_DOC = 'contact-policy';

type Row = Record<string, unknown>;
type Params = ReasonItem['params'];

export interface QueueFilter {
  search: string;
  dpdBucket: '1-30' | '31-60' | '61-90' | '91-180' | '181-360' | '360+' | null;
  minBalanceCents: number | null;
  maxBalanceCents: number | null;
  status: 'call' | 'callback_due' | 'promise_due' | 'promise_broken' | null;
}

interface CustomerHistory {
  payments: Array<Pick<Payment, 'accountId' | 'amountCents' | 'receivedAt'>>;
  attempts: Array<
    Pick<ContactAttempt, 'accountId' | 'customerId' | 'channel' | 'direction' | 'startedAt' | 'endedAt' | 'disposition'>
  >;
  promises: Array<
    Pick<PaymentPromise, 'accountId' | 'amountCents' | 'dueDate' | 'installments' | 'status' | 'createdAt' | 'resolvedAt'>
  >;
  callbacks: Array<Pick<Callback, 'accountId' | 'dueAt' | 'status' | 'createdAt'>>;
}

interface ScoredAccount {
  account: Pick<Account, 'id' | 'currentBalanceCents' | 'currency' | 'dueDate' | 'status'>;
  customer: Pick<Customer, 'id' | 'timeZone' | 'flags' | 'address'>;
}

const ALL_DAY: WeeklyWindows = {
  sun: ['00:00-24:00'],
  mon: ['00:00-24:00'],
  tue: ['00:00-24:00'],
  wed: ['00:00-24:00'],
  thu: ['00:00-24:00'],
  fri: ['00:00-24:00'],
  sat: ['00:00-24:00'],
  holiday: ['00:00-24:00'],
};

// The worklist proper: open, owed, overdue, and not left alone for a promise or a callback still ahead.
const WORKLIST = `a.status = 'open' AND a.current_balance_cents > 0 AND a.due_date < @today
  AND (a.pending_callback_at IS NULL OR a.pending_callback_at <= @now)
  AND (a.pending_promise_date IS NULL OR a.pending_promise_date <= @today OR a.pending_callback_at <= @now)`;
const CALLABLE = `(p.account_id IS NULL OR ((p.blocked_until IS NULL OR p.blocked_until <= @now)
  AND p.window_key IN (SELECT value FROM json_each(@openKeys))))`;
const ACTION_RANK = `CASE WHEN a.pending_callback_at IS NOT NULL AND a.pending_callback_at <= @now THEN 0
  WHEN a.pending_promise_date IS NOT NULL AND a.pending_promise_date < @today THEN 1
  WHEN a.pending_promise_date = @today THEN 2
  WHEN a.pending_callback_at IS NOT NULL THEN 5
  WHEN a.pending_promise_date IS NOT NULL THEN 4
  ELSE 3 END`;
const RANK_OF_STATUS = { callback_due: 0, promise_broken: 1, promise_due: 2, call: 3 } as const;

const DPD_RANGES: Record<NonNullable<QueueFilter['dpdBucket']>, [number, number]> = {
  '1-30': [1, 30],
  '31-60': [31, 60],
  '61-90': [61, 90],
  '91-180': [91, 180],
  '181-360': [181, 360],
  '360+': [361, 1_000_000],
};

function addDaysIso(date: string, n: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

function parseJson<T>(v: unknown): T {
  return JSON.parse(String(v)) as T;
}

/** Flag blocks that make a logged contact attempt unlawful, not merely badly timed. */
const FLAG_BLOCKS = new Set(['do_not_contact', 'cease_communication', 'dispute_pending', 'deceased', 'bankruptcy']);

/**
 * What an agent must always be able to record, even for a customer nobody may contact: the customer disputing
 * the debt, news of a death, a wrong number (it corrects the data). Refusing those would lose the very facts that
 * set the flags. Inbound contacts (the customer called) are never refused either.
 */
const ALWAYS_RECORDABLE: ReadonlySet<Disposition> = new Set(['dispute', 'deceased', 'wrong_number']);

export class PriorityService {
  private readonly stmts;
  private strategyCache: { version: number; config: StrategyConfig } | null = null;
  private policyCache: { version: number; policy: ContactPolicy } | null = null;
  private windowPolicy: ContactPolicy | null = null;
  private openKeysCache: { minute: number; policy: ContactPolicy; keys: string } | null = null;
  private rescoring: Promise<void> | null = null;
  private readonly dirty = new Set<string>();
  private flushScheduled = false;
  /** The scoring key last found fully scored: checking costs two counts over 50,000 rows. */
  private freshFor: string | null = null;
  /** When a queue read last ran (epoch ms, real time): the background rescore gives way to reads. */
  private lastReadAt = 0;
  private firstPageServed = false;
  /** Accounts rescored by batches so far, and how many of those batches ran in the background (tests read them). */
  readonly rescored = { accounts: 0, backgroundBatches: 0 };
  private readonly tuning: RescoreTuning;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    /** "Today" is counted in the office's zone, the same for the whole queue. */
    private readonly officeTimeZone: () => string,
    /** The preset when no policy was ever saved ('BR' → br, 'US' → us, 'GB' → uk). */
    private readonly defaultRegion: () => string = () => 'BR',
    tuning: Partial<RescoreTuning> = {},
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    const db = store.db;
    this.stmts = {
      accountsWithCustomer: db.prepare(`SELECT a.id, a.customer_id, a.current_balance_cents, a.currency, a.due_date,
          a.status, c.time_zone, c.flags_json, c.address_json
        FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id > ? ORDER BY a.id LIMIT ?`),
      accountIdsOfCustomer: db.prepare('SELECT id FROM accounts WHERE customer_id = ?').pluck(),
      accountWithCustomer: db.prepare(`SELECT a.id, a.customer_id, a.current_balance_cents, a.currency, a.due_date,
          a.status, c.time_zone, c.flags_json, c.address_json
        FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?`),
      paymentsOfCustomer: db.prepare(`SELECT y.account_id, y.amount_cents, y.received_at FROM payments y
        WHERE y.account_id IN (SELECT id FROM accounts WHERE customer_id = ?)`),
      attemptsOfCustomer: db.prepare(`SELECT account_id, customer_id, channel, direction, started_at, ended_at, disposition
        FROM contact_attempts WHERE account_id IN (SELECT id FROM accounts WHERE customer_id = ?)`),
      promisesOfCustomer: db.prepare(`SELECT account_id, amount_cents, due_date, installments_json, status, created_at, resolved_at
        FROM promises WHERE account_id IN (SELECT id FROM accounts WHERE customer_id = ?)`),
      callbacksOfCustomer: db.prepare(`SELECT account_id, due_at, status, created_at FROM callbacks
        WHERE account_id IN (SELECT id FROM accounts WHERE customer_id = ?)`),
      upsert: db.prepare(`INSERT INTO account_priority (account_id, score, reasons_json, evidence_json, strategy_id,
          strategy_version, variant, scored_for_day, blocked_until, window_key, time_zone_fallback, scored_with)
        VALUES (@accountId, @score, @reasons, @evidence, @strategyId, @strategyVersion, @variant, @day, @blockedUntil,
          @windowKey, @fallback, @scoredWith)
        ON CONFLICT(account_id) DO UPDATE SET score = excluded.score, reasons_json = excluded.reasons_json,
          evidence_json = excluded.evidence_json, strategy_id = excluded.strategy_id,
          strategy_version = excluded.strategy_version, variant = excluded.variant,
          scored_for_day = excluded.scored_for_day, blocked_until = excluded.blocked_until,
          window_key = excluded.window_key, time_zone_fallback = excluded.time_zone_fallback,
          scored_with = excluded.scored_with`),
      // Accounts whose row is missing or was scored under another key, in id order (the rescore's batches).
      staleAccountsWithCustomer: db.prepare(`SELECT a.id, a.customer_id, a.current_balance_cents, a.currency, a.due_date,
          a.status, c.time_zone, c.flags_json, c.address_json
        FROM accounts a JOIN customers c ON c.id = a.customer_id
        LEFT JOIN account_priority p ON p.account_id = a.id
        WHERE a.id > @after AND (p.account_id IS NULL OR p.scored_with <> @key) ORDER BY a.id LIMIT @limit`),
      priorityOf: db.prepare('SELECT * FROM account_priority WHERE account_id = ?'),
      windowKeys: db.prepare('SELECT DISTINCT window_key FROM account_priority').pluck(),
      takeLease: db.prepare(`INSERT INTO leases (account_id, holder, expires_at) VALUES (@accountId, @holder, @expiresAt)
        ON CONFLICT(account_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE leases.expires_at <= @now OR leases.holder = excluded.holder`),
      dropOtherLeases: db.prepare('DELETE FROM leases WHERE holder = ? AND account_id <> ?'),
      releaseLease: db.prepare('DELETE FROM leases WHERE account_id = ?'),
      leaseOf: db.prepare('SELECT holder, expires_at FROM leases WHERE account_id = ?'),
      callbacksDue: db.prepare(`SELECT a.id FROM accounts a INDEXED BY accounts_callback_due
        LEFT JOIN leases l ON l.account_id = a.id
        WHERE a.pending_callback_at IS NOT NULL AND a.pending_callback_at <= @now AND ${WORKLIST}
          AND (l.account_id IS NULL OR l.expires_at <= @now OR l.holder = @holder)
        ORDER BY a.pending_callback_at LIMIT 50`).pluck(),
      // Walks the score index from the top; rows whose history blocks a call or whose window is shut are skipped
      // by the index walk itself, so the handler reads a few dozen rows, not 50,000.
      rankWalk: db.prepare(`SELECT p.account_id FROM account_priority p INDEXED BY account_priority_rank
        JOIN accounts a ON a.id = p.account_id
        LEFT JOIN leases l ON l.account_id = p.account_id
        WHERE (p.blocked_until IS NULL OR p.blocked_until <= @now)
          AND p.window_key IN (SELECT value FROM json_each(@openKeys))
          AND ${WORKLIST}
          AND (l.account_id IS NULL OR l.expires_at <= @now OR l.holder = @holder)
          AND (p.score < @afterScore OR (p.score = @afterScore AND p.account_id > @afterId))
        ORDER BY p.score DESC, p.account_id LIMIT @limit`),
      staleCount: db.prepare(`SELECT (SELECT count(*) FROM accounts) - (SELECT count(*) FROM account_priority
        WHERE scored_with = @key)`).pluck(),
    };
  }

  // ---- documents: strategy and policy ------------------------------------------------------------------

  strategy(): { version: number; config: StrategyConfig } {
    if (this.strategyCache) return this.strategyCache;
    const stored = this.store.latestPolicy(STRATEGY_DOC);
    const parsed = stored ? StrategyConfig.safeParse(stored.body) : null;
    // A stored document that no longer parses (a newer app wrote it) falls back to the default, never crashes.
    this.strategyCache = parsed?.success ? { version: stored!.version, config: parsed.data } : { version: 0, config: defaultStrategyConfig };
    return this.strategyCache;
  }

  policy(): { version: number; policy: ContactPolicy } {
    if (this.policyCache) return this.policyCache;
    const stored = this.store.latestPolicy(POLICY_DOC);
    const parsed = stored ? ContactPolicy.safeParse(stored.body) : null;
    const preset = { BR: policyPresets.br, US: policyPresets.us, GB: policyPresets.uk }[this.defaultRegion()] ?? brPolicy;
    this.policyCache = parsed?.success ? { version: stored!.version, policy: parsed.data } : { version: 0, policy: preset };
    this.windowPolicy = null;
    this.openKeysCache = null;
    return this.policyCache;
  }

  /** Saves a validated strategy (the caller parsed it) and rescores every account before answering. */
  async setStrategy(config: StrategyConfig): Promise<{ version: number; config: StrategyConfig }> {
    const version = this.strategy().version + 1;
    this.store.putPolicy(STRATEGY_DOC, version, config);
    this.strategyCache = null;
    await this.rescoreAll();
    return this.strategy();
  }

  async setPolicy(policy: ContactPolicy): Promise<{ version: number; policy: ContactPolicy }> {
    const version = this.policy().version + 1;
    this.store.putPolicy(POLICY_DOC, version, policy);
    this.policyCache = null;
    await this.rescoreAll();
    return this.policy();
  }

  /** The strategy and variant an account is scored with (stable by account id). */
  variantOf(accountId: string): { id: string; strategy: Strategy } {
    const { config } = this.strategy();
    const id = config.variants.length === 1 ? config.variants[0]!.id : assignVariant(accountId, { id: config.experimentId, variants: config.variants });
    return config.variants.find((v) => v.id === id)!;
  }

  // ---- scoring ----------------------------------------------------------------------------------------------

  private today(now = this.clock()): string {
    return todayIn(this.officeTimeZone(), now);
  }

  /** The policy with every hour open: its answer is what the history alone (caps, gaps, flags) allows. */
  private historyPolicy(): ContactPolicy {
    if (!this.windowPolicy) {
      const { policy } = this.policy();
      this.windowPolicy = { ...policy, callingWindows: ALL_DAY, messageWindows: ALL_DAY, regions: {}, holidays: [] };
    }
    return this.windowPolicy;
  }

  private effectiveZone(timeZone: string): { zone: string; fallback: boolean } {
    return isValidTimeZone(timeZone) ? { zone: timeZone, fallback: false } : { zone: this.policy().policy.defaultTimeZone, fallback: true };
  }

  /** What a row scored now is valid for: the office day and the strategy and policy documents in force. */
  scoringKey(now = this.clock()): string {
    return `${this.today(now)}|${this.strategy().version}|${this.policy().version}`;
  }

  private scoreOne(target: ScoredAccount, history: CustomerHistory, now: number, today: string, key: string): Record<string, unknown> {
    const variant = this.variantOf(target.account.id);
    const { zone, fallback } = this.effectiveZone(target.customer.timeZone);
    const card = scoreCard({
      account: target.account,
      customer: { timeZone: zone },
      // Callbacks are applied at query time (a callback due now jumps the queue by the clock, not by the score).
      history: { payments: history.payments, attempts: history.attempts, promises: history.promises, callbacks: [] },
      now,
      today,
      strategy: variant.strategy,
    });
    const reasons: Array<{ code: string; contribution: number; params: Params }> = reasonsOf(card).map((r) => ({
      code: r.code,
      contribution: r.contribution,
      // The propensity's detail lives in evidence_json; the reason keeps its headline.
      params: r.code === 'propensity' ? { value: r.params.value ?? null, chronic: r.params.chronic ?? null, firstTimeLate: r.params.firstTimeLate ?? null } : r.params,
    }));
    if (fallback) reasons.push({ code: 'time_zone_fallback', contribution: 0, params: { timeZone: zone, given: target.customer.timeZone } });
    const policy = this.historyPolicy();
    const answer = evaluate({
      customer: { ...target.customer, timeZone: zone },
      account: target.account,
      channel: 'phone',
      now,
      history: { attempts: history.attempts, promises: history.promises, callbacks: history.callbacks },
      policy,
    });
    const region = customerRegion(target.customer, policy);
    const p = card;
    const evidence: Propensity['evidence'] = {
      monthsLate: p.monthsLate,
      monthsObserved: p.monthsObserved,
      promisesKept: p.promisesKept,
      promisesBroken: p.promisesBroken,
      medianDaysToPay: p.medianDaysToPay,
      chronic: p.chronic,
      firstTimeLate: p.firstTimeLate,
    };
    return {
      accountId: target.account.id,
      score: card.score,
      reasons: JSON.stringify(reasons),
      evidence: JSON.stringify(evidence),
      strategyId: variant.strategy.id,
      strategyVersion: variant.strategy.version,
      variant: variant.id,
      day: today,
      blockedUntil: answer.allowed ? null : (answer.nextAllowedAt ?? NEVER),
      windowKey: `${zone}|${region ?? ''}`,
      fallback: fallback ? 1 : 0,
      scoredWith: key,
    };
  }

  private loadHistory(customerId: string): CustomerHistory {
    return {
      payments: (this.stmts.paymentsOfCustomer.all(customerId) as Row[]).map((r) => ({
        accountId: String(r.account_id),
        amountCents: Number(r.amount_cents),
        receivedAt: Number(r.received_at),
      })),
      attempts: (this.stmts.attemptsOfCustomer.all(customerId) as Row[]).map(toAttempt),
      promises: (this.stmts.promisesOfCustomer.all(customerId) as Row[]).map(toPromise),
      callbacks: (this.stmts.callbacksOfCustomer.all(customerId) as Row[]).map(toCallback),
    };
  }

  /**
   * Rescores every account of the customer (their history is shared: customer-wide caps, propensity). Call inside
   * the transaction of the write that changed the history.
   */
  /**
   * Outcome logging marks the account here instead of rescoring inside its durable transaction (the hot write
   * path: its commit carries only the attempt and its outbox events). The rescore runs right after, in its own
   * transaction, and every read of the scores flushes what is pending first, so no list is ever served stale.
   */
  markDirty(accountId: string): void {
    this.dirty.add(accountId);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      try {
        if (this.store.db.open) this.flushDirty();
      } catch (error) {
        // Left dirty: the next read retries; the saved outcome itself is already durable.
        console.error('Rescoring after an outcome failed', error);
      }
    });
  }

  flushDirty(): void {
    if (this.dirty.size === 0) return;
    const ids = [...this.dirty];
    this.store.transaction(() => {
      for (const id of ids) this.refreshAccount(id);
    });
    for (const id of ids) this.dirty.delete(id);
  }

  refreshAccount(accountId: string): void {
    const row = this.stmts.accountWithCustomer.get(accountId) as Row | undefined;
    if (!row) return;
    const customerId = String(row.customer_id);
    const history = this.loadHistory(customerId);
    const now = this.clock();
    const today = this.today(now);
    const key = this.scoringKey(now);
    for (const id of this.stmts.accountIdsOfCustomer.all(customerId) as string[]) {
      const target = id === accountId ? row : (this.stmts.accountWithCustomer.get(id) as Row);
      this.stmts.upsert.run(this.scoreOne(toScored(target), history, now, today, key));
    }
    this.openKeysCache = null;
  }

  /** Accounts whose row is missing or was scored for another day, strategy or policy. */
  staleCount(key = this.scoringKey()): number {
    return Number(this.stmts.staleCount.get({ key }));
  }

  /**
   * Scores one batch of stale accounts (missing, or scored under another key) after `afterId` in id order;
   * returns the last id, or null when none is left.
   */
  rescoreBatch(afterId: string, batchSize = RESCORE_BATCH): string | null {
    const now = this.clock();
    const today = this.today(now);
    const key = this.scoringKey(now);
    // Scores are derived data, recomputed if lost: their commits skip the fsync that FULL spends on each (an
    // outcome's commit, which is FULL, makes them durable anyway). Nothing else runs on this connection meanwhile.
    this.store.db.pragma('synchronous = NORMAL');
    try {
      return this.scoreStaleBatch(afterId, batchSize, now, today, key);
    } finally {
      this.store.db.pragma('synchronous = FULL');
    }
  }

  private scoreStaleBatch(afterId: string, batchSize: number, now: number, today: string, key: string): string | null {
    return this.store.transaction(() => {
      const rows = this.stmts.staleAccountsWithCustomer.all({ after: afterId, key, limit: batchSize }) as Row[];
      if (rows.length === 0) return null;
      // One pass per table for the batch's customers instead of four queries per account.
      const customerIds = [...new Set(rows.map((r) => String(r.customer_id)))];
      const histories = this.loadHistories(customerIds);
      for (const r of rows) this.stmts.upsert.run(this.scoreOne(toScored(r), histories.get(String(r.customer_id))!, now, today, key));
      this.rescored.accounts += rows.length;
      this.openKeysCache = null;
      return String(rows[rows.length - 1]!.id);
    });
  }

  private loadHistories(customerIds: string[]): Map<string, CustomerHistory> {
    const db = this.store.db;
    const ids = JSON.stringify(customerIds);
    const map = new Map<string, CustomerHistory>(customerIds.map((id) => [id, { payments: [], attempts: [], promises: [], callbacks: [] }]));
    const scope = `SELECT a.id, a.customer_id FROM accounts a WHERE a.customer_id IN (SELECT value FROM json_each(?))`;
    const owner = new Map<string, string>();
    for (const r of db.prepare(scope).all(ids) as Row[]) owner.set(String(r.id), String(r.customer_id));
    const accountIds = JSON.stringify([...owner.keys()]);
    const of = (r: Row) => map.get(owner.get(String(r.account_id))!)!;
    for (const r of db.prepare('SELECT account_id, amount_cents, received_at FROM payments WHERE account_id IN (SELECT value FROM json_each(?))').all(accountIds) as Row[]) {
      of(r).payments.push({ accountId: String(r.account_id), amountCents: Number(r.amount_cents), receivedAt: Number(r.received_at) });
    }
    for (const r of db.prepare('SELECT account_id, customer_id, channel, direction, started_at, ended_at, disposition FROM contact_attempts WHERE account_id IN (SELECT value FROM json_each(?))').all(accountIds) as Row[]) {
      of(r).attempts.push(toAttempt(r));
    }
    for (const r of db.prepare('SELECT account_id, amount_cents, due_date, installments_json, status, created_at, resolved_at FROM promises WHERE account_id IN (SELECT value FROM json_each(?))').all(accountIds) as Row[]) {
      of(r).promises.push(toPromise(r));
    }
    for (const r of db.prepare('SELECT account_id, due_at, status, created_at FROM callbacks WHERE account_id IN (SELECT value FROM json_each(?))').all(accountIds) as Row[]) {
      of(r).callbacks.push(toCallback(r));
    }
    return map;
  }

  /** Rescores every stale account synchronously, batch by batch (tests, benchmarks, demo seeding, small stores). */
  rescoreAllNow(batchSize = RESCORE_BATCH): void {
    let after: string | null = '';
    while (after !== null) after = this.rescoreBatch(after, batchSize);
    this.openKeysCache = null;
  }

  /**
   * Rescores every stale account in batches, yielding to the event loop between them so IPC keeps being
   * answered. `deferred`: wait until the first page was served and the queue went quiet (startup, new day).
   */
  rescoreAll(batchSize = RESCORE_BATCH, deferred = false): Promise<void> {
    const run = async () => {
      if (deferred) await this.quietStart();
      let after: string | null = '';
      while (after !== null && this.store.db.open) {
        const started = Date.now();
        after = this.rescoreBatch(after, batchSize);
        if (deferred) this.rescored.backgroundBatches += 1;
        await this.yieldToReads(deferred, Date.now() - started);
      }
      this.openKeysCache = null;
    };
    // A rescore requested while one runs starts after it (the strategy may have changed again meanwhile).
    const next = (this.rescoring ?? Promise.resolve()).then(run);
    const settled: Promise<void> = next
      .catch(() => {}) // the caller of rescoreAll sees the failure; the chain of later rescores goes on
      .finally(() => {
        if (this.rescoring === settled) this.rescoring = null;
      });
    this.rescoring = settled;
    return next;
  }

  /** Resolves once the first queue page was served and reads paused, or BACKGROUND_START_MAX_MS from now. */
  private async quietStart(): Promise<void> {
    const { quietMs, backgroundStartMaxMs } = this.tuning;
    const giveUpAt = Date.now() + backgroundStartMaxMs;
    while (Date.now() < giveUpAt) {
      const quietFor = Date.now() - this.lastReadAt;
      if (this.firstPageServed && quietFor >= quietMs) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(giveUpAt - Date.now(), this.firstPageServed ? quietMs - quietFor : 50)));
    }
  }

  /**
   * Between background batches the event loop is idle at least as long as the batch ran (the rescore takes at most
   * half of it, so page loads and requests keep up), and longer while requests come.
   */
  private yieldToReads(background: boolean, batchMs: number): Promise<void> {
    if (!background) return new Promise((resolve) => setImmediate(resolve));
    const { busyPauseMs, quietMs } = this.tuning;
    const pause = Math.max(batchMs, Date.now() - this.lastReadAt < quietMs ? busyPauseMs : 0);
    return new Promise((resolve) => (pause > 0 ? setTimeout(resolve, pause) : setImmediate(resolve)));
  }

  /** Resolves when no rescore is running or queued (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.rescoring) await this.rescoring;
  }

  /** Every request calls this (app-services wraps the handlers): the background rescore gives them the CPU first. */
  noteActivity(): void {
    this.lastReadAt = Date.now();
  }

  private noteRead(): void {
    this.noteActivity();
  }

  /**
   * At startup and when the office day turns: stale rows of a small store, or a few stale rows of a large one,
   * are rescored at once; otherwise the stored order is served as it is and the stale rows are rescored in the
   * background once the first page is out.
   */
  ensureFresh(): void {
    this.flushDirty();
    if (this.rescoring) return;
    const key = this.scoringKey();
    if (this.freshFor === key) return;
    const stale = this.staleCount(key);
    if (stale === 0) {
      this.freshFor = key;
      return;
    }
    if (stale <= this.tuning.syncStaleLimit || this.store.countAccounts() <= this.tuning.syncRescoreLimit) {
      this.rescoreAllNow();
      this.freshFor = key;
    } else {
      void this.rescoreAll(this.tuning.backgroundBatch, true).catch((error: unknown) => {
        // Left stale: the next read starts another pass; the stored order keeps being served meanwhile.
        console.error('Background rescoring failed', error);
      });
    }
  }

  // ---- the calling window at query time ---------------------------------------------------------------------

  /** The window keys whose calling window is open now (JSON array for the queries), cached per minute. */
  private openKeys(now: number): string {
    const { policy } = this.policy();
    const minute = Math.floor(now / 60_000);
    if (this.openKeysCache && this.openKeysCache.minute === minute && this.openKeysCache.policy === policy) return this.openKeysCache.keys;
    const open: string[] = [];
    for (const key of this.stmts.windowKeys.all() as string[]) {
      if (this.windowAnswer(key, now, policy).allowed) open.push(key);
    }
    const keys = JSON.stringify(open);
    this.openKeysCache = { minute, policy, keys };
    return keys;
  }

  private windowAnswer(key: string, now: number, policy: ContactPolicy): PolicyResult {
    const [zone, region] = key.split('|') as [string, string];
    return evaluate({
      customer: {
        id: '',
        timeZone: zone,
        flags: { doNotContact: false, ceaseCommunication: false, dispute: false, deceased: false, bankruptcy: false, vulnerable: false },
        address: region ? { street: '', city: '', state: region, postalCode: '', country: policy.country } : null,
      },
      account: { id: '', status: 'open' },
      channel: 'phone',
      now,
      history: { attempts: [] },
      policy,
    });
  }

  // ---- the policy for one account now -----------------------------------------------------------------------

  /** The full contact-policy answer for an account on a channel now (flags, history, window). */
  check(accountId: string, channel: PolicyChannel, now = this.clock(), withHistory = true): PolicyResult | null {
    const row = this.stmts.accountWithCustomer.get(accountId) as Row | undefined;
    if (!row) return null;
    const target = toScored(row);
    const history = withHistory ? this.loadHistory(target.customer.id) : { attempts: [], promises: [], callbacks: [] };
    return evaluate({
      customer: target.customer,
      account: target.account,
      channel,
      now,
      history: { attempts: history.attempts, promises: history.promises, callbacks: history.callbacks },
      policy: this.policy().policy,
    });
  }

  /**
   * The guard behind outcome:log: a contact attempt on a customer whose flags forbid contact is refused, even if
   * the UI was bypassed. Returns the blocking reasons, or null when the attempt may be recorded. Timing rules
   * (window, caps) do not refuse a log: the call already happened and must be on record; the dial button and
   * queue:next keep them from happening.
   */
  refusal(accountId: string, channel: PolicyChannel, direction: 'outbound' | 'inbound', disposition: Disposition): PolicyCheck['reasons'] | null {
    if (direction === 'inbound' || ALWAYS_RECORDABLE.has(disposition)) return null;
    // Only the flag rules decide here, and they do not read the history: skip loading it on the hot path.
    const answer = this.check(accountId, channel, this.clock(), false);
    if (!answer) return null;
    const flags = answer.reasons.filter((r) => r.severity === 'block' && FLAG_BLOCKS.has(r.code));
    return flags.length ? flags : null;
  }

  // ---- the worklist -----------------------------------------------------------------------------------------

  private filterSql(filter: Omit<QueueFilter, 'search'>, today: string): { sql: string; params: Record<string, unknown> } {
    const parts: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.dpdBucket) {
      const [min, max] = DPD_RANGES[filter.dpdBucket];
      parts.push('a.due_date BETWEEN @dueFrom AND @dueTo');
      params.dueFrom = addDaysIso(today, -max);
      params.dueTo = addDaysIso(today, -min);
    }
    if (filter.minBalanceCents !== null) {
      parts.push('a.current_balance_cents >= @minBalance');
      params.minBalance = filter.minBalanceCents;
    }
    if (filter.maxBalanceCents !== null) {
      parts.push('a.current_balance_cents <= @maxBalance');
      params.maxBalance = filter.maxBalanceCents;
    }
    if (filter.status) {
      parts.push(`(${ACTION_RANK}) = @rank`);
      params.rank = RANK_OF_STATUS[filter.status];
    }
    return { sql: parts.length ? `AND ${parts.join(' AND ')}` : '', params };
  }

  /**
   * A page of the worklist in priority order (callbacks due now first, then score): the accounts the policy allows
   * now, or with `notNow` the ones it does not. A search looks at every open overdue account, callable or not (a
   * customer on the line must be found).
   */
  page(filter: QueueFilter & { offset: number; limit: number; notNow?: boolean; searchPattern: string | null }): {
    total: number;
    rows: PageRow[];
  } {
    this.noteRead();
    this.ensureFresh();
    const now = this.clock();
    const today = this.today(now);
    const extra = this.filterSql(filter, today);
    const where = filter.searchPattern
      ? `a.status = 'open' AND a.current_balance_cents > 0 AND a.due_date < @today
         AND a.id IN (SELECT account_id FROM queue_search WHERE text LIKE @pattern ESCAPE '\\')`
      : `${WORKLIST} AND ${filter.notNow ? `NOT ${CALLABLE}` : CALLABLE}`;
    const params = {
      today,
      now,
      openKeys: this.openKeys(now),
      ...(filter.searchPattern ? { pattern: filter.searchPattern } : {}),
      ...extra.params,
    };
    const rows = this.store.db
      .prepare(
        `SELECT a.id AS accountId, a.customer_id AS customerId, c.name AS customerName,
           a.account_number AS accountNumber, a.creditor, a.current_balance_cents AS balanceCents, a.currency,
           a.due_date AS dueDate, c.time_zone AS timeZone, a.pending_promise_date AS pendingPromiseDate,
           a.pending_callback_at AS pendingCallbackAt, q.actionRank, q.score, pr.reasons_json AS reasonsJson, q.total
         FROM (
           SELECT a.id, ${ACTION_RANK} AS actionRank, coalesce(p.score, 0) AS score, count(*) OVER () AS total
           FROM accounts a LEFT JOIN account_priority p INDEXED BY account_priority_queue ON p.account_id = a.id
           WHERE ${where} ${extra.sql}
           ORDER BY actionRank = 0 DESC, score DESC, a.id
           LIMIT @limit OFFSET @offset
         ) q
         JOIN accounts a ON a.id = q.id
         JOIN customers c ON c.id = a.customer_id
         LEFT JOIN account_priority pr ON pr.account_id = a.id
         ORDER BY q.actionRank = 0 DESC, q.score DESC, q.id`,
      )
      .all({ ...params, limit: filter.limit, offset: filter.offset }) as Array<PageRow & { total?: number }>;
    const total =
      rows.length > 0
        ? Number(rows[0]!.total)
        : Number(
            this.store.db
              .prepare(`SELECT count(*) FROM accounts a LEFT JOIN account_priority p INDEXED BY account_priority_queue ON p.account_id = a.id WHERE ${where} ${extra.sql}`)
              .pluck()
              .get(params),
          );
    for (const row of rows) delete row.total;
    this.firstPageServed = true;
    this.noteRead();
    return { total, rows };
  }

  toQueueItem(row: PageRow, now = this.clock()): QueueItem {
    const today = this.today(now);
    const officeTimeZone = this.officeTimeZone();
    const stored = row.reasonsJson ? parseJson<Array<{ code: string; params: Params }>>(row.reasonsJson) : [];
    const reasons: ReasonItem[] = [];
    if (row.pendingCallbackAt !== null && row.pendingCallbackAt <= now) {
      reasons.push({ code: 'callback_due', params: { dueAt: row.pendingCallbackAt, minutesLate: Math.floor((now - row.pendingCallbackAt) / 60_000) } });
    } else if (row.pendingCallbackAt !== null) {
      reasons.push({ code: 'callback_scheduled', params: { dueAt: row.pendingCallbackAt } });
    }
    for (const r of stored) reasons.push({ code: r.code, params: r.params });
    return {
      accountId: row.accountId,
      customerId: row.customerId,
      customerName: row.customerName,
      accountNumber: row.accountNumber,
      creditor: row.creditor,
      balanceCents: row.balanceCents,
      currency: row.currency as QueueItem['currency'],
      daysPastDue: daysPastDue(row.dueDate, today),
      timeZone: row.timeZone,
      nextAction: nextActionOf(row, today, officeTimeZone),
      reasons,
      score: row.score,
    };
  }

  /** The "not now" page: the policy's blocking reasons and the next allowed time, evaluated for this page only. */
  notNowPage(filter: Omit<QueueFilter, 'search'> & { offset: number; limit: number }): { total: number; items: NotNowItem[] } {
    this.flushDirty();
    const now = this.clock();
    const { total, rows } = this.page({ ...filter, search: '', searchPattern: null, notNow: true });
    const items = rows.map((row) => {
      const answer = this.check(row.accountId, 'phone', now);
      return {
        ...this.toQueueItem(row, now),
        policyReasons: (answer?.reasons ?? []).filter((r) => r.severity === 'block').map((r) => ({ code: r.code, params: r.params })),
        nextAllowedAt: answer ? answer.nextAllowedAt : null,
      };
    });
    return { total, items };
  }

  // ---- queue:next and leases --------------------------------------------------------------------------------

  /**
   * The best account the policy allows now that nobody else holds, leased to `holder` (who gives up any other
   * account it held). Callbacks due now come first; then the score order, each candidate checked in full.
   */
  next(holder: string): { item: QueueItem; leaseExpiresAt: number } | null {
    this.noteRead();
    this.ensureFresh();
    const now = this.clock();
    const today = this.today(now);
    const base = { now, today, holder };
    const tryTake = (accountId: string): boolean => {
      const answer = this.check(accountId, 'phone', now);
      if (!answer?.allowed) return false;
      return this.store.transaction(() => {
        const taken = this.stmts.takeLease.run({ accountId, holder, expiresAt: now + LEASE_MS, now }).changes === 1;
        if (taken) this.stmts.dropOtherLeases.run(holder, accountId);
        return taken;
      });
    };
    let chosen: string | null = null;
    for (const id of this.stmts.callbacksDue.all(base) as string[]) {
      if (tryTake(id)) {
        chosen = id;
        break;
      }
    }
    if (chosen === null) {
      const openKeys = this.openKeys(now);
      let after = { afterScore: Number.MAX_VALUE, afterId: '' };
      for (let limit = 16; chosen === null; limit = Math.min(limit * 2, 512)) {
        const rows = this.stmts.rankWalk.all({ ...base, openKeys, ...after, limit }) as Array<{ account_id: string }>;
        for (const r of rows) {
          if (tryTake(r.account_id)) {
            chosen = r.account_id;
            break;
          }
        }
        if (chosen !== null || rows.length < limit) break;
        const last = this.stmts.priorityOf.get(rows[rows.length - 1]!.account_id) as Row;
        after = { afterScore: Number(last.score), afterId: String(last.account_id) };
      }
    }
    if (chosen === null) return null;
    const row = this.pageRowOf(chosen);
    return { item: this.toQueueItem(row, now), leaseExpiresAt: now + LEASE_MS };
  }

  private pageRowStmt: ReturnType<Store['db']['prepare']> | null = null;

  private pageRowOf(accountId: string): PageRow {
    const now = this.clock();
    this.pageRowStmt ??= this.store.db.prepare(
        `SELECT a.id AS accountId, a.customer_id AS customerId, c.name AS customerName, a.account_number AS accountNumber,
           a.creditor, a.current_balance_cents AS balanceCents, a.currency, a.due_date AS dueDate, c.time_zone AS timeZone,
           a.pending_promise_date AS pendingPromiseDate, a.pending_callback_at AS pendingCallbackAt,
           ${ACTION_RANK} AS actionRank, coalesce(p.score, 0) AS score, p.reasons_json AS reasonsJson
         FROM accounts a JOIN customers c ON c.id = a.customer_id LEFT JOIN account_priority p ON p.account_id = a.id
         WHERE a.id = @id`,
      );
    return this.pageRowStmt.get({ id: accountId, now, today: this.today(now) }) as PageRow;
  }

  /** Ends the account's lease (an outcome was logged: the next caller may have it when the policy allows). */
  releaseLease(accountId: string): void {
    this.stmts.releaseLease.run(accountId);
  }

  leaseOf(accountId: string): { holder: string; expiresAt: number } | null {
    const r = this.stmts.leaseOf.get(accountId) as Row | undefined;
    return r ? { holder: String(r.holder), expiresAt: Number(r.expires_at) } : null;
  }

  // ---- the account view -------------------------------------------------------------------------------------

  /** The summary and time-zone facts account:get shows. */
  accountFacts(accountId: string, customerTimeZone: string): { behaviour: PaymentBehaviour; timeZoneFallback: boolean; effectiveTimeZone: string } {
    this.flushDirty();
    const { zone, fallback } = this.effectiveZone(customerTimeZone);
    const row = this.stmts.priorityOf.get(accountId) as Row | undefined;
    let evidence: Propensity['evidence'];
    if (row) evidence = parseJson(row.evidence_json);
    else {
      const scored = this.stmts.accountWithCustomer.get(accountId) as Row;
      const h = this.loadHistory(String(scored.customer_id));
      evidence = propensity({ ...h, today: this.today(), dueDate: String(scored.due_date) }).evidence;
    }
    return { behaviour: paymentBehaviour(evidence), timeZoneFallback: fallback, effectiveTimeZone: zone };
  }
}

export interface PageRow {
  accountId: string;
  customerId: string;
  customerName: string;
  accountNumber: string;
  creditor: string;
  balanceCents: number;
  currency: string;
  dueDate: string;
  timeZone: string;
  pendingPromiseDate: string | null;
  pendingCallbackAt: number | null;
  actionRank: number;
  score: number;
  reasonsJson: string | null;
}

function nextActionOf(row: PageRow, today: string, officeTimeZone: string): QueueItem['nextAction'] {
  switch (row.actionRank) {
    case 0:
      return { kind: 'callback_due', at: row.pendingCallbackAt };
    case 1:
      return { kind: 'promise_broken', at: startOfDayIn(row.pendingPromiseDate ?? today, officeTimeZone) };
    case 2:
      return { kind: 'promise_due', at: startOfDayIn(today, officeTimeZone) };
    case 4:
      return { kind: 'promise_pending', at: startOfDayIn(row.pendingPromiseDate ?? today, officeTimeZone) };
    case 5:
      return { kind: 'callback_scheduled', at: row.pendingCallbackAt };
    default:
      return { kind: 'call', at: null };
  }
}

function toScored(r: Row): ScoredAccount {
  return {
    account: {
      id: String(r.id),
      currentBalanceCents: Number(r.current_balance_cents),
      currency: r.currency as Account['currency'],
      dueDate: String(r.due_date),
      status: r.status as Account['status'],
    },
    customer: {
      id: String(r.customer_id),
      timeZone: String(r.time_zone),
      flags: parseJson(r.flags_json),
      address: r.address_json ? parseJson(r.address_json) : null,
    },
  };
}

function toAttempt(r: Row): CustomerHistory['attempts'][number] {
  return {
    accountId: String(r.account_id),
    customerId: String(r.customer_id),
    channel: r.channel as ContactAttempt['channel'],
    direction: r.direction as ContactAttempt['direction'],
    startedAt: Number(r.started_at),
    endedAt: r.ended_at === null ? null : Number(r.ended_at),
    disposition: r.disposition as Disposition,
  };
}

function toPromise(r: Row): CustomerHistory['promises'][number] {
  return {
    accountId: String(r.account_id),
    amountCents: Number(r.amount_cents),
    dueDate: String(r.due_date),
    installments: parseJson(r.installments_json),
    status: r.status as PaymentPromise['status'],
    createdAt: Number(r.created_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
  };
}

function toCallback(r: Row): CustomerHistory['callbacks'][number] {
  return { accountId: String(r.account_id), dueAt: Number(r.due_at), status: r.status as Callback['status'], createdAt: Number(r.created_at) };
}
