import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Callback, ContactAttempt, PaymentPromise } from '../../shared/model';
import { MAX_PUSH_EVENTS, type EventEnvelope } from '../../shared/sync';
import { call, engines, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../test-support';

const DEVICE = 'device-ana-1';
let seq = 0;
const event = (type: string, payload: unknown, deviceId = DEVICE): EventEnvelope => ({
  id: uuidv7(),
  deviceId,
  seq: ++seq,
  type,
  payload,
  createdAt: 1_750_000_000_000,
});

const attempt = (accountId: string, notes = 'falou com o titular'): ContactAttempt => ({
  id: uuidv7(),
  accountId,
  customerId: `cus-${accountId}`,
  channel: 'phone',
  direction: 'outbound',
  number: '+5511987654321',
  startedAt: 1_750_000_000_000,
  answeredAt: null,
  endedAt: 1_750_000_060_000,
  sipStatus: null,
  disposition: 'promise_to_pay',
  agentId: 'whoever-the-client-says',
  scriptId: null,
  scriptVersion: null,
  scriptVariant: null,
  strategyVariant: null,
  notes,
});

const promise = (accountId: string, attemptId: string): PaymentPromise => ({
  id: uuidv7(),
  accountId,
  attemptId,
  amountCents: 50_000,
  currency: 'BRL',
  dueDate: '2025-07-01',
  installments: [],
  status: 'pending',
  createdAt: 1_750_000_000_000,
  resolvedAt: null,
});

const callback = (accountId: string, attemptId: string): Callback => ({
  id: uuidv7(),
  accountId,
  attemptId,
  dueAt: 1_750_100_000_000,
  status: 'pending',
  createdAt: 1_750_000_000_000,
});

describe.each(engines)('push on %s', (engine) => {
  let t: TestDatabase;
  let server: TestServer;
  let users: Awaited<ReturnType<typeof seedPortfolio>>;
  let ana: string;
  const push = (events: EventEnvelope[], token = ana, deviceId = DEVICE) =>
    call(server.url, 'POST', '/v1/sync/push', { token, body: { deviceId, events } });
  const count = async (table: 'events' | 'contact_attempts' | 'promises' | 'callbacks' | 'changes', ids?: string[]) => {
    let q = t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (ids) q = q.where(table === 'changes' ? 'entity_id' : 'id', 'in', ids);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    users = await seedPortfolio(t.db);
    server = await startTestServer({ db: t.db });
    ana = (await call(server.url, 'POST', '/v1/auth/login', { body: { username: 'ana', password: PASSWORD } })).body.token;
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('stores a batch once however often it is retried, and applies it once', async () => {
    const a = attempt('acc-ana');
    const p = promise('acc-ana', a.id);
    const cb = callback('acc-ana', a.id);
    const batch = [event('contact.logged', a), event('promise.made', p), event('callback.scheduled', cb)];
    const first = await push(batch);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ acknowledged: batch.map((e) => e.id), rejected: [] });
    const again = await push(batch);
    expect(again.body).toEqual(first.body);
    // A batch that overlaps the first (a retry after a partial read of the ack) adds only the new event.
    const extra = event('contact.logged', attempt('acc-ana'));
    expect((await push([batch[1]!, extra])).body.acknowledged).toEqual([batch[1]!.id, extra.id]);

    expect(await count('events', batch.map((e) => e.id))).toBe(3);
    expect(await count('contact_attempts', [a.id])).toBe(1);
    expect(await count('promises', [p.id])).toBe(1);
    expect(await count('callbacks', [cb.id])).toBe(1);
    expect(await count('changes', [a.id, p.id, cb.id])).toBe(3);
    const stored = await t.db.selectFrom('contact_attempts').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    // Who acted is the signed-in pusher, not what the payload claims.
    expect(stored.agent_id).toBe(users.ana);
    expect(stored.event_id).toBe(batch[0]!.id);
    const ev = await t.db.selectFrom('events').selectAll().where('id', '=', batch[1]!.id).executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ device_id: DEVICE, user_id: users.ana, status: 'accepted', reject_reason: null, account_id: 'acc-ana' });
    expect(ev.payload).toEqual(p);
  });

  it('acknowledges a mixed batch, storing invalid and out-of-scope events as rejected with their reason', async () => {
    const good = event('contact.logged', attempt('acc-pool'));
    const badPayload = event('contact.logged', { ...attempt('acc-ana'), disposition: 'shouted' });
    const unknownType = event('customer.teleported', { accountId: 'acc-ana' });
    const otherTeam = event('contact.logged', attempt('acc-south'));
    const otherAgent = event('promise.made', promise('acc-bia', 'x'));
    const unknownAccount = event('contact.logged', attempt('acc-nope'));
    const wrongCustomer = event('contact.logged', { ...attempt('acc-ana'), customerId: 'cus-acc-pool' });
    const wrongDevice = event('contact.logged', attempt('acc-ana'), 'someone-elses-device');
    const batch = [good, badPayload, unknownType, otherTeam, otherAgent, unknownAccount, wrongCustomer, wrongDevice];

    const res = await push(batch);
    expect(res.status).toBe(200);
    expect(res.body.acknowledged).toEqual(batch.map((e) => e.id));
    const reasons = Object.fromEntries(res.body.rejected.map((r: { id: string; reason: string }) => [r.id, r.reason]));
    expect(reasons).toEqual({
      [badPayload.id]: 'invalid_payload',
      [unknownType.id]: 'unknown_type',
      [otherTeam.id]: 'not_assigned',
      [otherAgent.id]: 'not_assigned',
      [unknownAccount.id]: 'unknown_account',
      [wrongCustomer.id]: 'customer_mismatch',
      [wrongDevice.id]: 'device_mismatch',
    });
    expect(res.body.rejected.find((r: { id: string }) => r.id === badPayload.id).detail).toContain('disposition');

    const rows = await t.db.selectFrom('events').select(['id', 'status', 'reject_reason']).where('id', 'in', batch.map((e) => e.id)).execute();
    expect(rows).toHaveLength(batch.length);
    expect(rows.filter((r) => r.status === 'accepted').map((r) => r.id)).toEqual([good.id]);
    for (const r of rows.filter((r) => r.status === 'rejected')) expect(r.reject_reason).toBe(reasons[r.id]);
    // Only the valid event reached the derived tables.
    expect(await count('contact_attempts', [(good.payload as ContactAttempt).id])).toBe(1);
    expect(await count('contact_attempts', [(otherTeam.payload as ContactAttempt).id, (wrongCustomer.payload as ContactAttempt).id])).toBe(0);
    // A retry reports the same rejections.
    expect((await push(batch)).body).toEqual({ ...res.body, rejected: res.body.rejected.map(({ id, reason }: { id: string; reason: string }) => ({ id, reason })) });
  });

  it('applies cancellations and completions to pending rows of that account only, once', async () => {
    const a = attempt('acc-ana');
    const p = promise('acc-ana', a.id);
    const cb = callback('acc-ana', a.id);
    await push([event('contact.logged', a), event('promise.made', p), event('callback.scheduled', cb)]);
    const cancel = event('promise.cancelled', { accountId: 'acc-ana', promiseIds: [p.id], at: 1_750_000_500_000 });
    const done = event('callback.completed', { accountId: 'acc-ana', callbackIds: [cb.id], at: 1_750_000_600_000 });
    const forged = event('promise.cancelled', { accountId: 'acc-pool', promiseIds: [p.id], at: 1 });
    expect((await push([forged, cancel, done])).body.rejected).toEqual([]);
    await push([cancel, done]);
    const pRow = await t.db.selectFrom('promises').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(pRow).toMatchObject({ status: 'cancelled', resolved_at: 1_750_000_500_000, version: 2 });
    const cbRow = await t.db.selectFrom('callbacks').selectAll().where('id', '=', cb.id).executeTakeFirstOrThrow();
    expect(cbRow).toMatchObject({ status: 'done', resolved_at: 1_750_000_600_000, version: 2 });
  });

  it('stores nothing and acknowledges nothing when the batch fails midway', async () => {
    // A real failure inside the transaction: the database itself refuses the second event's row.
    await sql`CREATE FUNCTION test_explode() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN IF NEW.notes = 'explode' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $fn$`.execute(t.db);
    await sql`CREATE TRIGGER test_explode BEFORE INSERT ON contact_attempts FOR EACH ROW EXECUTE FUNCTION test_explode()`.execute(t.db);
    const batch = [event('contact.logged', attempt('acc-ana')), event('contact.logged', attempt('acc-ana', 'explode')), event('contact.logged', attempt('acc-pool'))];
    const before = await count('changes');
    try {
      const res = await push(batch);
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('internal');
      expect(res.body.acknowledged).toBeUndefined();
      expect(await count('events', batch.map((e) => e.id))).toBe(0);
      expect(await count('contact_attempts', batch.map((e) => (e.payload as ContactAttempt).id))).toBe(0);
      expect(await count('changes')).toBe(before);
    } finally {
      await sql`DROP TRIGGER test_explode ON contact_attempts`.execute(t.db);
      await sql`DROP FUNCTION test_explode()`.execute(t.db);
    }
    const retry = await push(batch);
    expect(retry.body).toEqual({ acknowledged: batch.map((e) => e.id), rejected: [] });
    expect(await count('contact_attempts', batch.map((e) => (e.payload as ContactAttempt).id))).toBe(3);
  });

  it('refuses a malformed push body as a whole with 400, storing nothing', async () => {
    const valid = event('contact.logged', attempt('acc-ana'));
    const cases: unknown[] = [
      { deviceId: DEVICE, events: 'nope' },
      { deviceId: DEVICE, events: [{ ...valid, id: 'not-a-uuid' }] },
      { deviceId: DEVICE, events: [valid, { ...event('contact.logged', {}), seq: -1 }] },
      { events: [valid] },
      { deviceId: DEVICE, events: Array.from({ length: MAX_PUSH_EVENTS + 1 }, () => valid) },
    ];
    for (const body of cases) {
      const res = await call(server.url, 'POST', '/v1/sync/push', { token: ana, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.issues.length).toBeGreaterThan(0);
    }
    const broken = await call(server.url, 'POST', '/v1/sync/push', { token: ana, rawBody: '{"deviceId":"d","events":[' });
    expect(broken.status).toBe(400);
    expect(await count('events', [valid.id])).toBe(0);
  });

  it('takes a full batch of 1,000 events in one request', async () => {
    const batch = Array.from({ length: MAX_PUSH_EVENTS }, (_, i) => event('contact.logged', attempt(i % 2 ? 'acc-ana' : 'acc-pool')));
    const started = Date.now();
    const res = await push(batch);
    expect(res.status).toBe(200);
    expect(res.body.acknowledged).toHaveLength(MAX_PUSH_EVENTS);
    expect(await count('events', batch.map((e) => e.id))).toBe(MAX_PUSH_EVENTS);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
