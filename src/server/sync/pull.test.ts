import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope, PullChange } from '../../shared/sync';
import { PullResponse } from '../../shared/sync';
import { assignAccounts, upsertPortfolio } from '../admin';
import { account, call, contactAttempt, customer, engines, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../test-support';

let seq = 0;
const event = (type: string, payload: unknown, deviceId = 'dev-1'): EventEnvelope => ({
  id: uuidv7(),
  deviceId,
  seq: ++seq,
  type,
  payload,
  createdAt: 1_750_000_000_000,
});

const keys = (changes: PullChange[]) => changes.map((c) => `${c.entity}:${c.id}`);

describe.each(engines)('pull on %s', (engine) => {
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
  /** Pulls until hasMore is false; returns every change and the last cursor. */
  const pullAll = async (who: string, cursor?: string, limit?: number) => {
    const all: PullChange[] = [];
    let pages = 0;
    for (;;) {
      const page = await pull(who, cursor, limit);
      all.push(...page.changes);
      cursor = page.cursor;
      pages += 1;
      if (!page.hasMore) return { all, cursor, pages };
    }
  };
  const push = (who: string, events: EventEnvelope[], deviceId = 'dev-1') =>
    call(server.url, 'POST', '/v1/sync/push', { token: tokens[who], body: { deviceId, events } });

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await seedPortfolio(t.db);
    server = await startTestServer({ db: t.db });
    for (const u of ['admin', 'sup-north', 'ana', 'bia', 'caio']) {
      tokens[u] = (await call(server.url, 'POST', '/v1/auth/login', { body: { username: u, password: PASSWORD } })).body.token;
    }
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('serves each role only its scope, one row per entity, in feed order', async () => {
    const accountsOf = (changes: PullChange[]) => changes.filter((c) => c.entity === 'account').map((c) => c.id).sort();
    const ana = await pull('ana');
    expect(ana.hasMore).toBe(false);
    expect(accountsOf(ana.changes)).toEqual(['acc-ana', 'acc-pool']);
    expect(ana.changes.filter((c) => c.entity === 'customer').map((c) => c.id).sort()).toEqual(['cus-acc-ana', 'cus-acc-pool']);
    expect(new Set(keys(ana.changes)).size).toBe(ana.changes.length);
    const seqs = ana.changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(ana.changes.find((c) => c.entity === 'assignment' && c.id === 'acc-pool')?.data).toMatchObject({ userId: null });

    expect(accountsOf((await pull('sup-north')).changes)).toEqual(['acc-ana', 'acc-bia', 'acc-pool']);
    expect(accountsOf((await pull('caio')).changes)).toEqual(['acc-south']);
    expect(accountsOf((await pull('admin')).changes)).toEqual(['acc-ana', 'acc-bia', 'acc-free', 'acc-pool', 'acc-south']);
  });

  it('continues from the cursor with only what changed, and refuses cursors it never issued', async () => {
    const { cursor } = await pullAll('ana');
    expect((await pull('ana', cursor)).changes).toEqual([]);
    const mine = contactAttempt('acc-ana');
    const theirs = contactAttempt('acc-bia');
    await push('ana', [event('contact.logged', mine)]);
    await push('bia', [event('contact.logged', theirs)], 'dev-bia');
    const next = await pull('ana', cursor);
    expect(keys(next.changes)).toEqual([`contact_attempt:${mine.id}`]);
    expect(next.changes[0]!.data).toMatchObject({ accountId: 'acc-ana', disposition: 'no_answer' });

    for (const bad of ['abc', '1', '99999999.1', `0.${'9'.repeat(19)}`]) {
      const res = await call(server.url, 'GET', `/v1/sync/pull?cursor=${bad}`, { token: tokens.ana });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toMatch(/invalid_cursor|invalid_input/);
    }
    expect((await call(server.url, 'GET', '/v1/sync/pull?limit=0', { token: tokens.ana })).status).toBe(400);
    expect((await call(server.url, 'GET', '/v1/sync/pull?what=1', { token: tokens.ana })).body.error.code).toBe('invalid_input');
    expect((await call(server.url, 'GET', '/v1/sync/pull')).status).toBe(401);
  });

  it('compare-and-sets customer edits: a stale baseVersion is kept as a conflict, rejected, and pulled by its user', async () => {
    const { cursor } = await pullAll('ana');
    const edit = (baseVersion: number, e164: string) =>
      event('customer.updated', {
        customerId: 'cus-acc-ana',
        accountId: 'acc-ana',
        baseVersion,
        changes: { phones: [{ e164, kind: 'mobile' }], flags: { dispute: true } },
        at: 1_750_000_000_000,
      });
    const first = edit(1, '+5511911112222');
    const stale = edit(1, '+5511933334444');
    expect((await push('ana', [first])).body.rejected).toEqual([]);
    const res = await push('ana', [stale]);
    expect(res.body.acknowledged).toEqual([stale.id]);
    expect(res.body.rejected).toMatchObject([{ id: stale.id, reason: 'conflict' }]);
    // A retry reports the same; the winner's values stand.
    expect((await push('ana', [stale])).body.rejected).toMatchObject([{ id: stale.id, reason: 'conflict' }]);
    const customer = await t.db.selectFrom('customers').selectAll().where('id', '=', 'cus-acc-ana').executeTakeFirstOrThrow();
    expect(customer.version).toBe(2);
    expect(customer.phones).toEqual([{ e164: '+5511911112222', kind: 'mobile' }]);
    expect(customer.flags).toMatchObject({ dispute: true, doNotContact: false });

    const page = await pull('ana', cursor);
    const conflict = page.changes.find((c) => c.entity === 'conflict');
    expect(conflict?.data).toMatchObject({
      entity: 'customer',
      entityId: 'cus-acc-ana',
      baseVersion: 1,
      currentVersion: 2,
      eventId: stale.id,
      proposed: { phones: [{ e164: '+5511933334444', kind: 'mobile' }] },
      current: { version: 2, phones: [{ e164: '+5511911112222', kind: 'mobile' }] },
    });
    expect(page.changes.find((c) => c.entity === 'customer')).toMatchObject({ id: 'cus-acc-ana', version: 2 });
    const listed = await call(server.url, 'GET', '/v1/sync/conflicts', { token: tokens.ana });
    expect(listed.body.conflicts.map((c: { eventId: string }) => c.eventId)).toEqual([stale.id]);
    // Another user sees the customer's change (same team) but never ana's conflict.
    const sup = await pullAll('sup-north');
    expect(sup.all.some((c) => c.entity === 'conflict')).toBe(false);
    expect((await call(server.url, 'GET', '/v1/sync/conflicts', { token: tokens['sup-north'] })).body.conflicts).toEqual([]);
    // A customer that is not the account's is refused outright.
    const forged = event('customer.updated', { customerId: 'cus-acc-south', accountId: 'acc-ana', baseVersion: 1, changes: { emails: [] }, at: 1 });
    expect((await push('ana', [forged])).body.rejected).toMatchObject([{ reason: 'customer_mismatch' }]);
  });

  it('moves an account: the new assignee gets it with its history, the previous one is told to drop it', async () => {
    const ana = await pullAll('ana');
    const bia = await pullAll('bia');
    const history = contactAttempt('acc-pool');
    await push('ana', [event('contact.logged', history)]);
    await assignAccounts(t.db, ['acc-pool'], { user: 'bia' }, { userId: null, now: Date.now() });
    const anaNext = await pull('ana', ana.cursor);
    expect(anaNext.changes.map((c) => `${c.entity}:${c.id}`)).toEqual(['access_revoked:acc-pool']);
    const biaNext = await pull('bia', bia.cursor);
    expect(keys(biaNext.changes).sort()).toEqual(
      ['assignment:acc-pool', 'account:acc-pool', 'customer:cus-acc-pool', `contact_attempt:${history.id}`].sort(),
    );
    await assignAccounts(t.db, ['acc-pool'], { team: 'north' }, { userId: null, now: Date.now() });
  });

  it('a page never holds history whose account (or an account whose customer) the client has not been served', async () => {
    // The history comes first; then the account and its customer change, so their own feed rows move after it.
    const pushed = contactAttempt('acc-ana');
    expect((await push('ana', [event('contact.logged', pushed)])).status).toBe(200);
    const actor = { userId: null, now: Date.now() };
    await upsertPortfolio(t.db, [{ ...customer('cus-acc-ana'), name: 'Cliente renomeado' }], [{ ...account('acc-ana', 'cus-acc-ana'), currentBalanceCents: 99_000 }], actor);

    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let pages = 0; pages < 200; pages++) {
      const page = await pull('ana', cursor, 1);
      for (const c of page.changes) seen.add(`${c.entity}:${c.id}`);
      for (const c of page.changes) {
        if (c.entity === 'contact_attempt' || c.entity === 'promise' || c.entity === 'callback' || c.entity === 'payment') {
          expect(seen.has(`account:${c.data.accountId}`), `${c.entity} ${c.id} before its account`).toBe(true);
        }
        if (c.entity === 'account') expect(seen.has(`customer:${c.data.customerId}`), `account ${c.id} before its customer`).toBe(true);
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen.has(`contact_attempt:${pushed.id}`)).toBe(true);
  });

  if (engine === 'postgres') {
    // Real concurrency: transactions on connections of their own, committing out of seq order.
    it('never skips a row committed behind the cursor by a transaction that was still open', async () => {
      const url = t.scratch.target.kind === 'postgres' ? t.scratch.target.url : '';
      const open = new pg.Client({ connectionString: url });
      const other = new pg.Client({ connectionString: url });
      await open.connect();
      await other.connect();
      const insertChange = (c: pg.Client, accountId: string) =>
        c.query<{ seq: string }>(
          `INSERT INTO changes (entity, entity_id, version, account_id, changed_at) VALUES ('account', $1, 1, $1, 0) RETURNING seq`,
          [accountId],
        );
      try {
        const start = await pullAll('ana');

        // 1. The open transaction takes the lower seq; a later one takes a higher seq and commits first.
        await open.query('BEGIN');
        const lowSeq = Number((await insertChange(open, 'acc-ana')).rows[0]!.seq);
        const highSeq = Number((await insertChange(other, 'acc-pool')).rows[0]!.seq); // autocommit
        expect(highSeq).toBeGreaterThan(lowSeq);
        const during = await pull('ana', start.cursor);
        // The committed later row waits: serving it would move the cursor past the open one's seq.
        expect(during.changes.map((c) => c.seq)).toEqual([]);
        await open.query('COMMIT');
        const after = await pull('ana', during.cursor);
        expect(after.changes.map((c) => [c.id, c.seq])).toEqual([
          ['acc-ana', lowSeq],
          ['acc-pool', highSeq],
        ]);

        // 2. The harder order: the committing transaction began first (lower txid) but wrote after the open one,
        //    so its row is served under the fence while a lower seq is still uncommitted. The cursor's xmin
        //    brings that lower seq as a late row once it commits.
        await other.query('BEGIN');
        await other.query('SELECT pg_current_xact_id()'); // takes its txid now
        await open.query('BEGIN');
        const heldSeq = Number((await insertChange(open, 'acc-ana')).rows[0]!.seq);
        const servedSeq = Number((await insertChange(other, 'acc-pool')).rows[0]!.seq);
        await other.query('COMMIT');
        const first = await pull('ana', after.cursor);
        expect(first.changes.map((c) => c.seq)).toEqual([servedSeq]);
        expect(Number(first.cursor.split('.')[0])).toBe(servedSeq); // past heldSeq, which is not yet committed
        await open.query('COMMIT');
        const second = await pull('ana', first.cursor);
        expect(second.changes.map((c) => [c.id, c.seq])).toEqual([['acc-ana', heldSeq]]);
        expect((await pull('ana', second.cursor)).changes).toEqual([]);
      } finally {
        await open.query('ROLLBACK').catch(() => {});
        await other.query('ROLLBACK').catch(() => {});
        await open.end();
        await other.end();
      }
    });
  } else {
    // PGlite is one connection in one process and the server's driver runs one transaction at a time, so two
    // transactions can never be open together: every row is committed in seq order and the fence is always
    // past every row. The same code path still runs; this checks the cursor it yields.
    it('pages through rows committed in order, fencing at the current xmin', async () => {
      const start = await pullAll('ana');
      const seqs: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const a = contactAttempt('acc-ana');
        await push('ana', [event('contact.logged', a)]);
        seqs.push((await t.db.selectFrom('changes').select('seq').where('entity_id', '=', a.id).executeTakeFirstOrThrow()).seq);
      }
      const p1 = await pull('ana', start.cursor, 2);
      expect(p1.changes.map((c) => c.seq)).toEqual(seqs.slice(0, 2));
      expect(p1.hasMore).toBe(true);
      const p2 = await pull('ana', p1.cursor, 2);
      expect(p2.changes.map((c) => c.seq)).toEqual(seqs.slice(2));
      expect(p2.hasMore).toBe(false);
    });
  }
});
