// Issue 6 over push: an attempt's script path is kept with it, and a promise the desk found broken is marked
// broken only while it is still pending on the server (a payment import that found it kept wins).
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactAttempt, PaymentPromise } from '../../shared/model';
import type { EventEnvelope } from '../../shared/sync';
import { call, engines, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../test-support';

const DEVICE = 'device-ana-script';
let seq = 0;
const event = (type: string, payload: unknown): EventEnvelope => ({ id: uuidv7(), deviceId: DEVICE, seq: ++seq, type, payload, createdAt: 1_750_000_000_000 });

const scriptPath = {
  startedAt: 1_750_000_000_000,
  path: [
    { stepId: 'greeting', answerId: 'speaking', at: 1_750_000_005_000, edited: false },
    { stepId: 'verify', answerId: 'confirmed', at: 1_750_000_010_000, edited: false },
  ],
  objections: [{ objectionId: 'no-money-now', stepId: 'negotiation', at: 1_750_000_020_000 }],
  rpcVerified: true,
};

const attempt = (accountId: string, withPath: boolean): ContactAttempt => ({
  id: uuidv7(),
  accountId,
  customerId: `cus-${accountId}`,
  channel: 'phone',
  direction: 'outbound',
  number: '+5511987654321',
  startedAt: 1_750_000_000_000,
  answeredAt: 1_750_000_003_000,
  endedAt: 1_750_000_060_000,
  sipStatus: 200,
  disposition: 'installment_plan',
  agentId: null,
  scriptId: withPath ? 'br.first-reminder' : null,
  scriptVersion: withPath ? 1 : null,
  scriptVariant: withPath ? 'A' : null,
  strategyVariant: null,
  notes: '',
  ...(withPath ? { scriptPath } : {}),
});

const promise = (accountId: string, attemptId: string): PaymentPromise => ({
  id: uuidv7(),
  accountId,
  attemptId,
  amountCents: 9_000,
  currency: 'BRL',
  dueDate: '2025-07-01',
  installments: [
    { dueDate: '2025-07-01', amountCents: 3_000 },
    { dueDate: '2025-08-01', amountCents: 6_000 },
  ],
  status: 'pending',
  createdAt: 1_750_000_000_000,
  resolvedAt: null,
});

describe.each(engines)('script paths and broken promises over push on %s', (engine) => {
  let t: TestDatabase;
  let server: TestServer;
  let ana: string;
  const push = (events: EventEnvelope[]) => call(server.url, 'POST', '/v1/sync/push', { token: ana, body: { deviceId: DEVICE, events } });

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await seedPortfolio(t.db);
    server = await startTestServer({ db: t.db });
    ana = (await call(server.url, 'POST', '/v1/auth/login', { body: { username: 'ana', password: PASSWORD } })).body.token;
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('keeps the script id, variant and path with the attempt (NULL without a script)', async () => {
    const scripted = attempt('acc-ana', true);
    const plain = attempt('acc-ana', false);
    expect((await push([event('contact.logged', scripted), event('contact.logged', plain)])).body.rejected).toEqual([]);
    const rows = await sql<{ id: string; script_id: string | null; script_variant: string | null; script_path: unknown }>`
      SELECT id, script_id, script_variant, script_path FROM contact_attempts WHERE id IN (${scripted.id}, ${plain.id})`.execute(t.db);
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    expect(byId.get(scripted.id)).toMatchObject({ script_id: 'br.first-reminder', script_variant: 'A', script_path: scriptPath });
    expect(byId.get(plain.id)).toMatchObject({ script_id: null, script_path: null });
  });

  it('marks a pending promise broken once, and leaves a kept one kept', async () => {
    const a = attempt('acc-ana', true);
    const pending = promise('acc-ana', a.id);
    const kept = promise('acc-ana', a.id);
    await push([event('contact.logged', a), event('promise.made', pending), event('promise.made', kept)]);
    await t.db.updateTable('promises').set({ status: 'kept', resolved_at: 1_751_000_000_000 }).where('id', '=', kept.id).execute();

    const brokeIt = event('promise.broken', { accountId: 'acc-ana', promiseId: pending.id, brokenOn: '2025-07-02', at: 1_751_400_000_000 });
    const late = event('promise.broken', { accountId: 'acc-ana', promiseId: kept.id, brokenOn: '2025-07-02', at: 1_751_400_000_000 });
    const forged = event('promise.broken', { accountId: 'acc-pool', promiseId: pending.id, brokenOn: '2025-07-02', at: 1 });
    expect((await push([brokeIt, late, forged])).body.rejected).toEqual([]);
    await push([brokeIt]);
    const rows = await t.db.selectFrom('promises').select(['id', 'status', 'resolved_at', 'version']).where('id', 'in', [pending.id, kept.id]).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(pending.id)).toMatchObject({ status: 'broken', resolved_at: 1_751_400_000_000, version: 2 });
    expect(byId.get(kept.id)).toMatchObject({ status: 'kept', resolved_at: 1_751_000_000_000 });
    expect((await push([event('promise.broken', { accountId: 'acc-ana', promiseId: pending.id, brokenOn: 'soon', at: 1 })])).body.rejected).toMatchObject([
      { reason: 'invalid_payload' },
    ]);
  });
});
