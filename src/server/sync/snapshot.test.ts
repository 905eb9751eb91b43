// The initial sync (a pull without a cursor) is a snapshot of the current tables in keyset pages, handing over to
// the transaction-id fenced feed cursor taken at its start. Checked here: scope, nothing committed during the
// snapshot is lost (the following incremental pull brings it), and a client syncing from scratch ends up with
// exactly what a client that synced earlier and then followed the feed holds.
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentPromise } from '../../shared/model';
import type { EventEnvelope, PullChange } from '../../shared/sync';
import { PullResponse } from '../../shared/sync';
import { assignAccounts, upsertPortfolio } from '../admin';
import { account, call, contactAttempt, customer, engines, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../test-support';

let seq = 0;
const event = (type: string, payload: unknown, deviceId: string): EventEnvelope => ({ id: uuidv7(), deviceId, seq: ++seq, type, payload, createdAt: 1_750_000_000_000 });
const promise = (accountId: string): PaymentPromise => ({
  id: uuidv7(),
  accountId,
  attemptId: null,
  amountCents: 50_000,
  currency: 'BRL',
  dueDate: '2026-12-01',
  installments: [],
  status: 'pending',
  createdAt: 1_750_000_000_000,
  resolvedAt: null,
});
const history = new Set(['contact_attempt', 'promise', 'callback', 'payment']);

/** What a client holds after applying these changes in order: each entity's latest state; revoked accounts dropped. */
function fold(changes: readonly PullChange[], into = new Map<string, PullChange>()): Map<string, PullChange> {
  for (const c of changes) {
    if (c.entity === 'access_revoked') {
      for (const [key, held] of into) {
        const accountOf = held.entity === 'account' || held.entity === 'assignment' ? held.id : history.has(held.entity) ? (held.data as { accountId: string }).accountId : null;
        if (accountOf === c.id) into.delete(key);
      }
      continue;
    }
    const key = `${c.entity}:${c.id}`;
    const held = into.get(key);
    if (!held || held.version <= c.version) into.set(key, c);
  }
  return into;
}

/** Comparable state: entity:id → version and data, customers only while one of their accounts is held. */
function state(held: Map<string, PullChange>): Record<string, unknown> {
  const customers = new Set([...held.values()].flatMap((c) => (c.entity === 'account' ? [c.data.customerId] : [])));
  const out: Record<string, unknown> = {};
  for (const [key, c] of [...held].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (c.entity === 'customer' && !customers.has(c.id)) continue;
    out[key] = { version: c.version, data: c.data };
  }
  return out;
}

describe.each(engines)('initial sync snapshot on %s', (engine) => {
  let t: TestDatabase;
  let server: TestServer;
  const tokens: Record<string, string> = {};

  const pull = async (who: string, cursor?: string, limit?: number) => {
    const qs = new URLSearchParams();
    if (cursor !== undefined) qs.set('cursor', cursor);
    if (limit !== undefined) qs.set('limit', String(limit));
    const res = await call(server.url, 'GET', `/v1/sync/pull?${qs}`, { token: tokens[who] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return PullResponse.parse(res.body);
  };
  const pullAll = async (who: string, cursor?: string, limit?: number) => {
    const all: PullChange[] = [];
    for (let pages = 1; ; pages++) {
      const page = await pull(who, cursor, limit);
      all.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) return { all, cursor, pages };
    }
  };
  const push = async (who: string, deviceId: string, events: EventEnvelope[]) => {
    const res = await call(server.url, 'POST', '/v1/sync/push', { token: tokens[who], body: { deviceId, events } });
    expect(res.status).toBe(200);
    expect(res.body.rejected).toEqual([]);
  };
  const actor = () => ({ userId: null, now: Date.now() });

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await seedPortfolio(t.db);
    server = await startTestServer({ db: t.db });
    for (const u of ['admin', 'sup-north', 'ana', 'bia', 'caio']) {
      tokens[u] = (await call(server.url, 'POST', '/v1/auth/login', { body: { username: u, password: PASSWORD } })).body.token;
    }
    // History on every account, so a leak of another desk's history would show.
    for (const [who, accountId] of [['ana', 'acc-ana'], ['ana', 'acc-pool'], ['bia', 'acc-bia'], ['caio', 'acc-south']] as const) {
      await push(who, `dev-${who}`, [event('contact.logged', contactAttempt(accountId), `dev-${who}`)]);
    }
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('serves each role its scope only, one account per page with everything it carries when asked for one', async () => {
    const accountsOf = (changes: PullChange[]) => changes.filter((c) => c.entity === 'account').map((c) => c.id).sort();
    const historyAccounts = (changes: PullChange[]) =>
      [...new Set(changes.flatMap((c) => (history.has(c.entity) ? [(c.data as { accountId: string }).accountId] : [])))].sort();

    const ana = await pullAll('ana', undefined, 1);
    expect(accountsOf(ana.all)).toEqual(['acc-ana', 'acc-pool']);
    expect(historyAccounts(ana.all)).toEqual(['acc-ana', 'acc-pool']);
    expect(ana.all.filter((c) => c.entity === 'customer').map((c) => c.id).sort()).toEqual(['cus-acc-ana', 'cus-acc-pool']);
    expect(ana.all.filter((c) => c.entity === 'assignment').map((c) => [c.id, (c.data as { userId: string | null }).userId])).toEqual([
      ['acc-ana', expect.any(String)],
      ['acc-pool', null],
    ]);
    expect(ana.pages).toBe(2);
    // Within a page the account comes with its customer and its history.
    const first = await pull('ana', undefined, 1);
    expect(first.changes.map((c) => c.entity)).toEqual(['customer', 'account', 'assignment', 'contact_attempt']);
    expect(first.hasMore).toBe(true);

    expect(accountsOf((await pullAll('sup-north', undefined, 2)).all)).toEqual(['acc-ana', 'acc-bia', 'acc-pool']);
    const caio = await pullAll('caio');
    expect(accountsOf(caio.all)).toEqual(['acc-south']);
    expect(historyAccounts(caio.all)).toEqual(['acc-south']);
    expect(accountsOf((await pullAll('admin')).all)).toEqual(['acc-ana', 'acc-bia', 'acc-free', 'acc-pool', 'acc-south']);
  });

  it('delivers, with the following incremental pull, what was committed while the snapshot was being paged', async () => {
    const page1 = await pull('ana', undefined, 1); // acc-ana
    expect(page1.changes.some((c) => c.entity === 'account' && c.id === 'acc-ana')).toBe(true);
    const behind = contactAttempt('acc-ana'); // an account already served
    const ahead = contactAttempt('acc-pool'); // an account still to come
    await push('ana', 'dev-ana', [event('contact.logged', behind, 'dev-ana'), event('contact.logged', ahead, 'dev-ana')]);
    await upsertPortfolio(t.db, [customer('cus-acc-ana')], [{ ...account('acc-ana', 'cus-acc-ana'), currentBalanceCents: 77_000 }], actor());

    const rest = await pullAll('ana', page1.cursor, 1);
    const held = fold([...page1.changes, ...rest.all]);
    expect(held.has(`contact_attempt:${behind.id}`)).toBe(true);
    expect(held.has(`contact_attempt:${ahead.id}`)).toBe(true);
    expect(held.get('account:acc-ana')?.data).toMatchObject({ currentBalanceCents: 77_000 });
    // The snapshot handed over a feed cursor ("seq.xmin"); nothing more is pending.
    expect(rest.cursor).toMatch(/^\d+\.\d+$/);
    expect((await pull('ana', rest.cursor)).changes).toEqual([]);
  });

  if (engine === 'postgres') {
    it('a transaction open when the snapshot starts and committed after it ends reaches the client by the feed', async () => {
      const url = t.scratch.target.kind === 'postgres' ? t.scratch.target.url : '';
      const open = new pg.Client({ connectionString: url });
      await open.connect();
      try {
        await open.query('BEGIN');
        await open.query("UPDATE accounts SET current_balance_cents = 55500, version = version + 1 WHERE id = 'acc-pool'");
        await open.query(
          "INSERT INTO changes (entity, entity_id, version, account_id, changed_at) SELECT 'account', id, version, id, 0 FROM accounts WHERE id = 'acc-pool'",
        );
        const snapshot = await pullAll('ana', undefined, 1);
        expect(fold(snapshot.all).get('account:acc-pool')?.data).not.toMatchObject({ currentBalanceCents: 55_500 });
        // A later commit by another transaction moves the feed past the open one's row.
        await push('ana', 'dev-ana', [event('contact.logged', contactAttempt('acc-ana'), 'dev-ana')]);
        await open.query('COMMIT');
        const next = await pullAll('ana', snapshot.cursor);
        expect(fold(next.all).get('account:acc-pool')?.data).toMatchObject({ currentBalanceCents: 55_500 });
      } finally {
        await open.query('ROLLBACK').catch(() => {});
        await open.end();
      }
    });
  }

  it("a second client's initial sync equals what the first holds after following the feed", async () => {
    const first = await pullAll('ana', undefined, 1);
    const held = fold(first.all);

    // Everything the feed carries: new history, a promise made and cancelled, a customer edit, a portfolio update,
    // an account gained (with history from another desk) and one lost.
    const attempt = contactAttempt('acc-ana');
    const made = promise('acc-ana');
    await push('ana', 'dev-ana', [event('contact.logged', attempt, 'dev-ana'), event('promise.made', made, 'dev-ana')]);
    await push('ana', 'dev-ana', [event('promise.cancelled', { accountId: 'acc-ana', promiseIds: [made.id], at: 1_750_000_100_000 }, 'dev-ana')]);
    const version = Number((await t.db.selectFrom('customers').select('version').where('id', '=', 'cus-acc-ana').executeTakeFirstOrThrow()).version);
    await push('ana', 'dev-ana', [
      event('customer.updated', { customerId: 'cus-acc-ana', accountId: 'acc-ana', baseVersion: version, changes: { emails: ['ana.cliente@example.com'] }, at: 1 }, 'dev-ana'),
    ]);
    await upsertPortfolio(t.db, [customer('cus-acc-pool')], [{ ...account('acc-pool', 'cus-acc-pool'), currentBalanceCents: 33_300 }], actor());
    await push('bia', 'dev-bia', [event('contact.logged', contactAttempt('acc-bia'), 'dev-bia')]);
    await assignAccounts(t.db, ['acc-bia'], { team: 'north' }, actor());
    await assignAccounts(t.db, ['acc-pool'], { user: 'bia' }, actor());

    const followed = await pullAll('ana', first.cursor, 2);
    fold(followed.all, held);
    const fresh = await pullAll('ana', undefined, 1);
    expect(state(fold(fresh.all))).toEqual(state(held));
    // And the state is the expected one, not merely the same on both sides.
    const accounts = Object.keys(state(held)).filter((k) => k.startsWith('account:')).sort();
    expect(accounts).toEqual(['account:acc-ana', 'account:acc-bia']);
    expect(state(held)[`promise:${made.id}`]).toMatchObject({ data: { status: 'cancelled' } });
    expect(state(held)['customer:cus-acc-ana']).toMatchObject({ data: { emails: ['ana.cliente@example.com'] } });
  });
});
