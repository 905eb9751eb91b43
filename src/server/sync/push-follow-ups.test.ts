// Pushing the follow-ups of a call (message.recorded) and offer approval requests (offer.approval_requested): each
// is stored once with the pusher as its user (and the pusher's role, not the client's word), out-of-scope or
// mismatched ones are rejected, and an approval request never becomes a promise. On PGlite and PostgreSQL.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope, MessageRecorded, OfferApprovalRequested } from '../../shared/sync';
import { call, engines, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../test-support';

const DEVICE = 'device-ana-follow-ups';
let seq = 0;
const event = (type: string, payload: unknown): EventEnvelope => ({
  id: uuidv7(),
  deviceId: DEVICE,
  seq: ++seq,
  type,
  payload,
  createdAt: 1_750_000_000_000,
});

const message = (accountId: string, customerId = `cus-${accountId}`): MessageRecorded => ({
  id: uuidv7(),
  accountId,
  customerId,
  action: 'pix_copied',
  channel: 'phone',
  to: null,
  text: 'PIX copiado: 00020126580014br.gov.bcb.pix...6304ABCD',
  at: 1_750_000_000_000,
});

const approval = (accountId: string): OfferApprovalRequested => ({
  id: uuidv7(),
  accountId,
  customerId: `cus-${accountId}`,
  offer: { kind: 'installments', count: 8, firstDate: '2025-07-01' },
  // What the client claims; the server records the pusher's own role.
  role: 'admin',
  approvableBy: 'supervisor',
  violations: [{ code: 'installments_over_max', params: { count: 8, max: 6 } }],
  schedule: Array.from({ length: 8 }, (_, i) => ({ dueDate: `2025-${String(3 + i).padStart(2, '0')}-01`, amountCents: 10_000 })),
  totalCents: 80_000,
  discountCents: 0,
  summary: 'Pedido de aprovação: 8 parcelas de R$ 100,00',
  note: '',
  at: 1_750_000_000_000,
});

describe.each(engines)('pushing follow-ups on %s', (engine) => {
  let t: TestDatabase;
  let server: TestServer;
  let ana: string;
  let anaId: string;
  const push = (events: EventEnvelope[]) => call(server.url, 'POST', '/v1/sync/push', { token: ana, body: { deviceId: DEVICE, events } });

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await seedPortfolio(t.db);
    server = await startTestServer({ db: t.db });
    const login = await call(server.url, 'POST', '/v1/auth/login', { body: { username: 'ana', password: PASSWORD } });
    ana = login.body.token;
    anaId = login.body.user.id;
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('stores a recorded message and an approval request once, as the pusher, and no promise', async () => {
    const m = message('acc-ana');
    const r = approval('acc-ana');
    const promisesBefore = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM promises`.execute(t.db)).rows[0]!.n);
    const batch = [event('message.recorded', m), event('offer.approval_requested', r)];
    for (let i = 0; i < 2; i++) {
      const response = await push(batch);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ acknowledged: batch.map((e) => e.id), rejected: [] });
    }
    const messages = (await sql<Record<string, unknown>>`SELECT * FROM messages WHERE id = ${m.id}`.execute(t.db)).rows;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ account_id: 'acc-ana', action: 'pix_copied', channel: 'phone', text: m.text, user_id: anaId, device_id: DEVICE, event_id: batch[0]!.id });
    const requests = (await sql<Record<string, unknown>>`SELECT * FROM offer_approval_requests WHERE id = ${r.id}`.execute(t.db)).rows;
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ role: 'agent', approvable_by: 'supervisor', status: 'pending', summary: r.summary, user_id: anaId });
    expect(requests[0]!.offer).toEqual(r.offer);
    expect(requests[0]!.schedule).toEqual(r.schedule);
    expect(Number(requests[0]!.total_cents)).toBe(80_000);
    expect(Number((await sql<{ n: number }>`SELECT count(*) AS n FROM promises`.execute(t.db)).rows[0]!.n)).toBe(promisesBefore);
  });

  it('rejects follow-ups on an account outside the pusher scope or naming another customer, storing nothing of them', async () => {
    const outOfScope = message('acc-south');
    const mismatch = message('acc-ana', 'cus-acc-bia');
    const malformed = { ...approval('acc-ana'), offer: { kind: 'settle' } };
    const batch = [event('message.recorded', outOfScope), event('message.recorded', mismatch), event('offer.approval_requested', malformed)];
    const response = await push(batch);
    expect(response.status).toBe(200);
    expect(response.body.rejected.map((r: { reason: string }) => r.reason)).toEqual(['not_assigned', 'customer_mismatch', 'invalid_payload']);
    const ids = [outOfScope.id, mismatch.id];
    expect((await sql`SELECT id FROM messages WHERE id IN (${sql.join(ids)})`.execute(t.db)).rows).toHaveLength(0);
    expect((await sql`SELECT id FROM offer_approval_requests WHERE id = ${malformed.id}`.execute(t.db)).rows).toHaveLength(0);
  });
});
