// Repositories over the local store: row <-> entity mapping and the queries the handlers need.
// Every write that records something the agent did goes through `Store.transaction` together with its
// outbox event, so the change and the event commit (and fsync) together.
import { v7 as uuidv7 } from 'uuid';
import type {
  Account,
  Callback,
  ContactAttempt,
  Customer,
  HistoryEntry,
  Payment,
  PaymentPromise,
} from '../../../shared/model';
import { promiseStanding } from '../../../shared/domain/promise-schedule';
import type { Db } from './database';
import { followUpHistory } from './follow-up-store';
import { customerSearchText, searchPattern } from './search-text';

type Row = Record<string, unknown>;
const json = (v: unknown): string => JSON.stringify(v);
const parse = <T>(v: unknown): T => JSON.parse(String(v)) as T;

// ---- customers ------------------------------------------------------------------------------------------

export function customerToRow(c: Customer, now: number): Row {
  return {
    id: c.id,
    name: c.name,
    document_kind: c.documentKind,
    document: c.document,
    phones_json: json(c.phones),
    emails_json: json(c.emails),
    address_json: c.address ? json(c.address) : null,
    time_zone: c.timeZone,
    language: c.language,
    flags_json: json(c.flags),
    search_text: customerSearchText(c.name, c.document, c.phones.map((p) => p.e164)),
    version: c.version,
    updated_at: now,
  };
}

function rowToCustomer(r: Row): Customer {
  return {
    id: String(r.id),
    name: String(r.name),
    documentKind: r.document_kind as Customer['documentKind'],
    document: String(r.document),
    phones: parse(r.phones_json),
    emails: parse(r.emails_json),
    address: r.address_json ? parse(r.address_json) : null,
    timeZone: String(r.time_zone),
    language: r.language as Customer['language'],
    flags: parse(r.flags_json),
    version: Number(r.version),
  };
}

// ---- accounts -------------------------------------------------------------------------------------------

function accountToRow(a: Account, now: number): Row {
  return {
    id: a.id,
    customer_id: a.customerId,
    creditor: a.creditor,
    product: a.product,
    account_number: a.accountNumber,
    currency: a.currency,
    original_balance_cents: a.originalBalanceCents,
    current_balance_cents: a.currentBalanceCents,
    due_date: a.dueDate,
    status: a.status,
    boleto_line: a.boletoLine,
    pix_key: a.pixKey,
    version: a.version,
    updated_at: now,
  };
}

function rowToAccount(r: Row): Account {
  return {
    id: String(r.id),
    customerId: String(r.customer_id),
    creditor: String(r.creditor),
    product: String(r.product),
    accountNumber: String(r.account_number),
    currency: r.currency as Account['currency'],
    originalBalanceCents: Number(r.original_balance_cents),
    currentBalanceCents: Number(r.current_balance_cents),
    dueDate: String(r.due_date),
    status: r.status as Account['status'],
    boletoLine: (r.boleto_line as string | null) ?? null,
    pixKey: (r.pix_key as string | null) ?? null,
    version: Number(r.version),
  };
}

function rowToAttempt(r: Row): ContactAttempt {
  return {
    id: String(r.id),
    accountId: String(r.account_id),
    customerId: String(r.customer_id),
    channel: r.channel as ContactAttempt['channel'],
    direction: r.direction as ContactAttempt['direction'],
    number: (r.number as string | null) ?? null,
    startedAt: Number(r.started_at),
    answeredAt: r.answered_at === null ? null : Number(r.answered_at),
    endedAt: r.ended_at === null ? null : Number(r.ended_at),
    sipStatus: r.sip_status === null ? null : Number(r.sip_status),
    disposition: r.disposition as ContactAttempt['disposition'],
    agentId: (r.agent_id as string | null) ?? null,
    scriptId: (r.script_id as string | null) ?? null,
    scriptVersion: r.script_version === null ? null : Number(r.script_version),
    scriptVariant: (r.script_variant as string | null) ?? null,
    strategyVariant: (r.strategy_variant as string | null) ?? null,
    notes: String(r.notes),
  };
}

function scriptStepsOf(pathJson: string): Array<{ stepId: string; answerId: string }> {
  const stored = JSON.parse(pathJson) as { path?: Array<{ stepId: string; answerId: string }> };
  return (stored.path ?? []).map(({ stepId, answerId }) => ({ stepId, answerId }));
}

function rowToPromise(r: Row): PaymentPromise {
  return {
    id: String(r.id),
    accountId: String(r.account_id),
    attemptId: (r.attempt_id as string | null) ?? null,
    amountCents: Number(r.amount_cents),
    currency: r.currency as PaymentPromise['currency'],
    dueDate: String(r.due_date),
    installments: parse(r.installments_json),
    status: r.status as PaymentPromise['status'],
    createdAt: Number(r.created_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
  };
}

export interface QueueRow {
  accountId: string;
  customerId: string;
  customerName: string;
  accountNumber: string;
  creditor: string;
  balanceCents: number;
  currency: Account['currency'];
  dueDate: string;
  timeZone: string;
  pendingPromiseDate: string | null;
  pendingCallbackAt: number | null;
  actionRank: number;
}

export interface OutboxEvent {
  seq: number;
  id: string;
  deviceId: string;
  type: string;
  payload: unknown;
  createdAt: number;
}

export class Store {
  private readonly stmts;
  readonly deviceId: string;

  constructor(
    readonly db: Db,
    private readonly clock: () => number = Date.now,
  ) {
    this.stmts = {
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      upsertCustomer: db.prepare(`INSERT INTO customers (id, name, document_kind, document, phones_json, emails_json,
          address_json, time_zone, language, flags_json, search_text, version, updated_at)
        VALUES (@id, @name, @document_kind, @document, @phones_json, @emails_json, @address_json, @time_zone,
          @language, @flags_json, @search_text, @version, @updated_at)
        ON CONFLICT(id) DO UPDATE SET name = excluded.name, document_kind = excluded.document_kind,
          document = excluded.document, phones_json = excluded.phones_json, emails_json = excluded.emails_json,
          address_json = excluded.address_json, time_zone = excluded.time_zone, language = excluded.language,
          flags_json = excluded.flags_json, search_text = excluded.search_text, version = excluded.version,
          updated_at = excluded.updated_at`),
      getCustomer: db.prepare('SELECT * FROM customers WHERE id = ?'),
      upsertAccount: db.prepare(`INSERT INTO accounts (id, customer_id, creditor, product, account_number, currency,
          original_balance_cents, current_balance_cents, due_date, status, boleto_line, pix_key, version, updated_at)
        VALUES (@id, @customer_id, @creditor, @product, @account_number, @currency, @original_balance_cents,
          @current_balance_cents, @due_date, @status, @boleto_line, @pix_key, @version, @updated_at)
        ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, creditor = excluded.creditor,
          product = excluded.product, account_number = excluded.account_number, currency = excluded.currency,
          original_balance_cents = excluded.original_balance_cents,
          current_balance_cents = excluded.current_balance_cents, due_date = excluded.due_date,
          status = excluded.status, boleto_line = excluded.boleto_line, pix_key = excluded.pix_key,
          version = excluded.version, updated_at = excluded.updated_at`),
      indexAccountSearch: db.prepare(`INSERT INTO queue_search (account_id, text)
          SELECT @id, c.search_text || ' | ' || lower(@account_number) FROM customers c WHERE c.id = @customer_id
        ON CONFLICT(account_id) DO UPDATE SET text = excluded.text`),
      reindexCustomerSearch: db.prepare(`UPDATE queue_search SET text = (
          SELECT c.search_text || ' | ' || lower(a.account_number) FROM accounts a JOIN customers c ON c.id = a.customer_id
          WHERE a.id = queue_search.account_id)
        WHERE account_id IN (SELECT id FROM accounts WHERE customer_id = ?)`),
      getAccount: db.prepare('SELECT * FROM accounts WHERE id = ?'),
      accountsOfCustomer: db.prepare('SELECT * FROM accounts WHERE customer_id = ? ORDER BY due_date'),
      countAccounts: db.prepare('SELECT count(*) FROM accounts').pluck(),
      insertPayment: db.prepare(`INSERT INTO payments (id, account_id, amount_cents, currency, paid_on, received_at, source)
        VALUES (@id, @accountId, @amountCents, @currency, @paidOn, @receivedAt, @source) ON CONFLICT(id) DO NOTHING`),
      paymentsOfAccount: db.prepare('SELECT * FROM payments WHERE account_id = ? ORDER BY received_at DESC'),
      insertAttempt: db.prepare(`INSERT INTO contact_attempts (id, account_id, customer_id, channel,
          direction, number, started_at, answered_at, ended_at, sip_status, disposition, agent_id, script_id,
          script_version, script_variant, strategy_variant, notes)
        VALUES (@id, @accountId, @customerId, @channel, @direction, @number, @startedAt, @answeredAt,
          @endedAt, @sipStatus, @disposition, @agentId, @scriptId, @scriptVersion, @scriptVariant,
          @strategyVariant, @notes)`),
      attemptById: db.prepare('SELECT * FROM contact_attempts WHERE account_id = ? AND id = ?'),
      attemptsOfAccount: db.prepare('SELECT * FROM contact_attempts WHERE account_id = ? ORDER BY started_at DESC'),
      insertPromise: db.prepare(`INSERT INTO promises (id, account_id, attempt_id, amount_cents, currency, due_date,
          installments_json, status, created_at, resolved_at)
        VALUES (@id, @accountId, @attemptId, @amountCents, @currency, @dueDate, @installmentsJson, @status,
          @createdAt, @resolvedAt)`),
      promisesOfAccount: db.prepare('SELECT * FROM promises WHERE account_id = ? ORDER BY created_at DESC'),
      promiseOfAttempt: db.prepare('SELECT id FROM promises WHERE attempt_id = ?').pluck(),
      insertCallback: db.prepare(`INSERT INTO callbacks (id, account_id, attempt_id, due_at, status, created_at)
        VALUES (@id, @accountId, @attemptId, @dueAt, @status, @createdAt)`),
      callbacksOfAccount: db.prepare('SELECT * FROM callbacks WHERE account_id = ? ORDER BY due_at DESC'),
      callbackOfAttempt: db.prepare('SELECT id FROM callbacks WHERE attempt_id = ?').pluck(),
      closePendingCallbacks: db
        .prepare("UPDATE callbacks SET status = 'done' WHERE account_id = ? AND status = 'pending' AND due_at <= ? RETURNING id")
        .pluck(),
      cancelPendingPromises: db
        .prepare("UPDATE promises SET status = 'cancelled', resolved_at = ? WHERE account_id = ? AND status = 'pending' RETURNING id")
        .pluck(),
      // Pending promises with what the account has paid since each was made (installments fill in date order).
      pendingPromisesOf: db.prepare(`SELECT p.amount_cents, p.due_date, p.installments_json,
          coalesce((SELECT sum(y.amount_cents) FROM payments y WHERE y.account_id = p.account_id AND y.received_at >= p.created_at), 0) AS paid
        FROM promises p WHERE p.account_id = ? AND p.status = 'pending'`),
      derivedOf: db.prepare(`SELECT pending_promise_date AS storedPromise, pending_callback_at AS storedCallback,
          (SELECT min(due_at) FROM callbacks b WHERE b.account_id = a.id AND b.status = 'pending') AS callback
        FROM accounts a WHERE id = ?`),
      accountsWithPending: db.prepare(`SELECT DISTINCT account_id FROM promises WHERE status IN ('pending', 'broken')
        UNION SELECT DISTINCT account_id FROM callbacks WHERE status = 'pending'`).pluck(),
      // A promise broken since the account was last contacted: the account is back in the worklist as "broken
      // promise" until someone contacts the customer again.
      brokenUnattended: db
        .prepare(`SELECT min(p.due_date) FROM promises p WHERE p.account_id = ? AND p.status = 'broken'
          AND p.resolved_at > coalesce((SELECT max(started_at) FROM contact_attempts t WHERE t.account_id = p.account_id), 0)`)
        .pluck(),
      setDerived: db.prepare('UPDATE accounts SET pending_promise_date = ?, pending_callback_at = ? WHERE id = ?'),
      clearAllDerived: db.prepare('UPDATE accounts SET pending_promise_date = NULL, pending_callback_at = NULL'),
      putScript: db.prepare('INSERT INTO scripts (id, version, body_json, created_at) VALUES (?, ?, ?, ?)'),
      latestScript: db.prepare('SELECT * FROM scripts WHERE id = ? ORDER BY version DESC LIMIT 1'),
      putPolicy: db.prepare('INSERT INTO policies (id, version, body_json, created_at) VALUES (?, ?, ?, ?)'),
      latestPolicy: db.prepare('SELECT * FROM policies WHERE id = ? ORDER BY version DESC LIMIT 1'),
      appendOutbox: db.prepare(`INSERT INTO outbox (id, device_id, type, payload_json, created_at)
        VALUES (?, ?, ?, ?, ?) RETURNING seq`).pluck(),
      outboxCount: db.prepare('SELECT count(*) FROM outbox').pluck(),
      outboxPeek: db.prepare('SELECT * FROM outbox ORDER BY seq LIMIT ?'),
      outboxDelete: db.prepare('DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))'),
      recordRejection: db.prepare(`INSERT INTO sync_rejections (event_id, type, payload_json, reason, detail, rejected_at)
        SELECT id, type, payload_json, @reason, @detail, @at FROM outbox WHERE id = @id
        ON CONFLICT(event_id) DO NOTHING`),
      rejectionCount: db.prepare('SELECT count(*) FROM sync_rejections').pluck(),
    };
    this.deviceId = this.getMeta('device_id') ?? this.initDeviceId();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }

  // ---- meta ----
  getMeta(key: string): string | null {
    return (this.stmts.getMeta.get(key) as string | undefined) ?? null;
  }
  setMeta(key: string, value: string): void {
    this.stmts.setMeta.run(key, value);
  }
  private initDeviceId(): string {
    const id = uuidv7();
    this.setMeta('device_id', id);
    return id;
  }

  // ---- customers & accounts ----
  upsertCustomers(customers: readonly Customer[]): void {
    const now = this.clock();
    this.transaction(() => {
      for (const c of customers) {
        this.stmts.upsertCustomer.run(customerToRow(c, now));
        this.stmts.reindexCustomerSearch.run(c.id);
      }
    });
  }
  getCustomer(id: string): Customer | null {
    const r = this.stmts.getCustomer.get(id) as Row | undefined;
    return r ? rowToCustomer(r) : null;
  }
  upsertAccounts(accounts: readonly Account[]): void {
    const now = this.clock();
    this.transaction(() => {
      for (const a of accounts) {
        const row = accountToRow(a, now);
        this.stmts.upsertAccount.run(row);
        this.stmts.indexAccountSearch.run(row);
      }
    });
  }
  getAccount(id: string): Account | null {
    const r = this.stmts.getAccount.get(id) as Row | undefined;
    return r ? rowToAccount(r) : null;
  }
  accountsOfCustomer(customerId: string): Account[] {
    return (this.stmts.accountsOfCustomer.all(customerId) as Row[]).map(rowToAccount);
  }
  countAccounts(): number {
    return Number(this.stmts.countAccounts.get());
  }

  /** Overdue open accounts the agent can work now, in queue order, and their total. */
  queuePage(args: { search: string; offset: number; limit: number; today: string; now: number }): {
    total: number;
    rows: QueueRow[];
  } {
    const pattern = searchPattern(args.search);
    // The worklist holds what can be worked now; a search finds any open overdue account (a customer who calls
    // in about a promised payment must be found even though nobody should call them).
    const where = `a.status = 'open' AND a.current_balance_cents > 0 AND a.due_date < @today
      ${
        pattern
          ? "AND a.id IN (SELECT account_id FROM queue_search WHERE text LIKE @pattern ESCAPE '\\')"
          : `AND (a.pending_callback_at IS NULL OR a.pending_callback_at <= @now)
             AND (a.pending_promise_date IS NULL OR a.pending_promise_date <= @today OR a.pending_callback_at <= @now)`
      }`;
    const params = { today: args.today, now: args.now, ...(pattern ? { pattern } : {}) };
    // Rank and page the accounts alone, then join the customers of the page only; the total rides along with
    // the page (one pass instead of a COUNT query and a page query).
    const rows = this.db
      .prepare(
        `SELECT a.id AS accountId, a.customer_id AS customerId, c.name AS customerName,
           a.account_number AS accountNumber, a.creditor, a.current_balance_cents AS balanceCents, a.currency,
           a.due_date AS dueDate, c.time_zone AS timeZone, a.pending_promise_date AS pendingPromiseDate,
           a.pending_callback_at AS pendingCallbackAt, p.actionRank, p.total
         FROM (
           SELECT a.id,
             CASE WHEN a.pending_callback_at IS NOT NULL AND a.pending_callback_at <= @now THEN 0
                  WHEN a.pending_promise_date IS NOT NULL AND a.pending_promise_date < @today THEN 1
                  WHEN a.pending_promise_date = @today THEN 2
                  WHEN a.pending_callback_at IS NOT NULL THEN 5
                  WHEN a.pending_promise_date IS NOT NULL THEN 4
                  ELSE 3 END AS actionRank,
             a.current_balance_cents AS balance,
             count(*) OVER () AS total
           FROM accounts a
           WHERE ${where}
           ORDER BY actionRank, a.current_balance_cents DESC, a.id
           LIMIT @limit OFFSET @offset
         ) p
         JOIN accounts a ON a.id = p.id
         JOIN customers c ON c.id = a.customer_id
         ORDER BY p.actionRank, p.balance DESC, p.id`,
      )
      .all({ ...params, limit: args.limit, offset: args.offset }) as Array<QueueRow & { total?: number }>;
    const total =
      rows.length > 0
        ? Number(rows[0]!.total)
        : Number(this.db.prepare(`SELECT count(*) FROM accounts a WHERE ${where}`).pluck().get(params));
    for (const row of rows) delete row.total;
    return { total, rows };
  }

  // ---- payments ----
  insertPayments(payments: readonly Payment[]): void {
    for (const p of payments) this.stmts.insertPayment.run(p);
  }

  // ---- attempts, promises, callbacks ----
  insertAttempt(a: ContactAttempt): void {
    this.stmts.insertAttempt.run(a);
  }
  /** The attempt with this id (a client's requestId is its attempt id) and what it created. */
  attemptWithEffects(
    accountId: string,
    id: string,
  ): { attempt: ContactAttempt; promiseId: string | null; callbackId: string | null } | null {
    const r = this.stmts.attemptById.get(accountId, id) as Row | undefined;
    if (!r) return null;
    const attempt = rowToAttempt(r);
    return {
      attempt,
      promiseId: (this.stmts.promiseOfAttempt.get(attempt.id) as string | undefined) ?? null,
      callbackId: (this.stmts.callbackOfAttempt.get(attempt.id) as string | undefined) ?? null,
    };
  }
  insertPromise(p: PaymentPromise): void {
    this.stmts.insertPromise.run({ ...p, installmentsJson: json(p.installments) });
  }
  insertCallback(c: Callback): void {
    this.stmts.insertCallback.run(c);
  }
  /** A contact on the account fulfils the callbacks that were due by now. */
  closeDueCallbacks(accountId: string, now: number): string[] {
    return this.stmts.closePendingCallbacks.all(accountId, now) as string[];
  }
  /** Cancels the account's pending promises (a new promise replaces them); returns their ids. */
  cancelPendingPromises(accountId: string, now: number): string[] {
    return this.stmts.cancelPendingPromises.all(now, accountId) as string[];
  }
  /** Recomputes the account's queue columns from its promises and callbacks (call inside the write). */
  refreshDerived(accountId?: string): void {
    if (!accountId) {
      this.transaction(() => {
        this.stmts.clearAllDerived.run();
        for (const id of this.stmts.accountsWithPending.all() as string[]) this.refreshDerived(id);
      });
      return;
    }
    const d = this.stmts.derivedOf.get(accountId) as
      | { storedPromise: string | null; storedCallback: number | null; callback: number | null }
      | undefined;
    if (!d) return;
    const promise = this.nextPromiseDate(accountId);
    // Most outcomes change neither; skipping the no-op UPDATE keeps a page out of the durable commit.
    if (d.storedPromise !== promise || d.storedCallback !== d.callback) {
      this.stmts.setDerived.run(promise, d.callback, accountId);
    }
  }

  /**
   * The earliest date a pending promise of the account is next due, by its installments and payments; or the date
   * of a promise broken since the last contact (past, so the worklist ranks it "promise broken").
   */
  private nextPromiseDate(accountId: string): string | null {
    let next = (this.stmts.brokenUnattended.get(accountId) as string | null | undefined) ?? null;
    for (const r of this.stmts.pendingPromisesOf.all(accountId) as Row[]) {
      const { nextDueDate } = promiseStanding(
        { amountCents: Number(r.amount_cents), dueDate: String(r.due_date), installments: parse(r.installments_json) },
        Number(r.paid),
      );
      if (nextDueDate && (next === null || nextDueDate < next)) next = nextDueDate;
    }
    return next;
  }

  /** The account's timeline, newest first; `today` (office calendar) marks pending promises overdue. */
  history(accountId: string, today?: string): HistoryEntry[] {
    const entries: HistoryEntry[] = [];
    for (const r of this.stmts.paymentsOfAccount.all(accountId) as Row[]) {
      entries.push({ kind: 'payment', id: String(r.id), at: Number(r.received_at), date: String(r.paid_on), amountCents: Number(r.amount_cents), currency: r.currency as Payment['currency'] });
    }
    for (const r of this.stmts.attemptsOfAccount.all(accountId) as Row[]) {
      const a = rowToAttempt(r);
      // The script followed (migration 6): id, A/B variant and the steps answered, for the timeline.
      const script =
        a.scriptId !== null && a.scriptVersion !== null && a.scriptVariant !== null
          ? {
              script: {
                scriptId: a.scriptId,
                version: a.scriptVersion,
                variant: a.scriptVariant,
                steps: r.script_path_json ? scriptStepsOf(String(r.script_path_json)) : [],
              },
            }
          : {};
      entries.push({ kind: 'contact', id: a.id, at: a.startedAt, channel: a.channel, direction: a.direction, disposition: a.disposition, agentId: a.agentId, notes: a.notes, ...script });
    }
    const payments = this.stmts.paymentsOfAccount.all(accountId) as Row[];
    for (const r of this.stmts.promisesOfAccount.all(accountId) as Row[]) {
      const p = rowToPromise(r);
      const paidSince = payments.reduce((sum, y) => (Number(y.received_at) >= p.createdAt ? sum + Number(y.amount_cents) : sum), 0);
      const nextDueDate = p.status === 'pending' ? promiseStanding(p, paidSince).nextDueDate : null;
      const overdue = nextDueDate !== null && today !== undefined && nextDueDate < today;
      const plan = p.installments.length > 0 ? { installments: p.installments } : {};
      entries.push({ kind: 'promise', id: p.id, at: p.createdAt, dueDate: p.dueDate, amountCents: p.amountCents, currency: p.currency, status: p.status, nextDueDate, overdue, ...plan });
    }
    for (const r of this.stmts.callbacksOfAccount.all(accountId) as Row[]) {
      entries.push({ kind: 'callback', id: String(r.id), at: Number(r.created_at), dueAt: Number(r.due_at), status: r.status as Callback['status'] });
    }
    entries.push(...followUpHistory(this.db, accountId));
    // Newest first; ties keep a stable order by id so the timeline never jumps.
    return entries.sort((x, y) => y.at - x.at || (x.id < y.id ? 1 : -1));
  }

  // ---- scripts & policies (versioned JSON documents; their schemas arrive with the script/policy issues) ----
  putScript(id: string, version: number, body: unknown): void {
    this.stmts.putScript.run(id, version, json(body), this.clock());
  }
  latestScript(id: string): { version: number; body: unknown } | null {
    const r = this.stmts.latestScript.get(id) as Row | undefined;
    return r ? { version: Number(r.version), body: parse(r.body_json) } : null;
  }
  putPolicy(id: string, version: number, body: unknown): void {
    this.stmts.putPolicy.run(id, version, json(body), this.clock());
  }
  latestPolicy(id: string): { version: number; body: unknown } | null {
    const r = this.stmts.latestPolicy.get(id) as Row | undefined;
    return r ? { version: Number(r.version), body: parse(r.body_json) } : null;
  }

  // ---- outbox ----
  /** Appends an event; call inside the transaction that makes the change it records. */
  appendEvent(type: string, payload: unknown): { id: string; seq: number } {
    if (!this.db.inTransaction) throw new Error('appendEvent must run inside the transaction of its change');
    const id = uuidv7();
    const seq = Number(this.stmts.appendOutbox.get(id, this.deviceId, type, json(payload), this.clock()));
    return { id, seq };
  }
  pendingEventCount(): number {
    return Number(this.stmts.outboxCount.get());
  }
  peekEvents(limit: number): OutboxEvent[] {
    return (this.stmts.outboxPeek.all(limit) as Row[]).map((r) => ({
      seq: Number(r.seq),
      id: String(r.id),
      deviceId: String(r.device_id),
      type: String(r.type),
      payload: parse(r.payload_json),
      createdAt: Number(r.created_at),
    }));
  }
  /** Removes events the server has durably acknowledged. */
  acknowledgeEvents(
    ids: readonly string[],
    rejected: ReadonlyArray<{ id: string; reason: string; detail?: string | undefined }> = [],
  ): void {
    this.transaction(() => {
      const at = this.clock();
      for (const r of rejected) this.stmts.recordRejection.run({ id: r.id, reason: r.reason, detail: r.detail ?? null, at });
      // One pass over the (small, pending-only) outbox however many ids the ack carries.
      this.stmts.outboxDelete.run(json(ids));
    });
  }
  rejectedEventCount(): number {
    return Number(this.stmts.rejectionCount.get());
  }
}
