// Bad input the sync routes must refuse clearly (issue 7 "Bad input"): pushes from a revoked device, and pull
// cursors from the future — feed cursors and initial-sync (snapshot) cursors alike.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared/sync';
import { PullResponse } from '../../shared/sync';
import { call, contactAttempt, engines, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../test-support';
import { encodeSnapshotCursor } from './snapshot';

let seq = 0;
const event = (payload: unknown, deviceId: string): EventEnvelope => ({
  id: uuidv7(),
  deviceId,
  seq: ++seq,
  type: 'contact.logged',
  payload,
  createdAt: 1_750_000_000_000,
});

describe.each(engines)('sync bad input on %s', (engine) => {
  let t: TestDatabase;
  let server: TestServer;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await seedPortfolio(t.db);
    server = await startTestServer({ db: t.db });
    for (const u of ['admin', 'ana']) {
      tokens[u] = (await call(server.url, 'POST', '/v1/auth/login', { body: { username: u, password: PASSWORD } })).body.token;
    }
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const push = (deviceId: string, events: EventEnvelope[]) => call(server.url, 'POST', '/v1/sync/push', { token: tokens.ana, body: { deviceId, events } });
  const count = async (table: 'events' | 'contact_attempts') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses every push from a revoked device with 403 device_revoked, stores nothing of it, and audits why', async () => {
    expect((await push('laptop-1', [event(contactAttempt('acc-ana'), 'laptop-1')])).status).toBe(200);

    // Only an admin revokes; the reason is required.
    const revoke = (token: string, body: unknown) => call(server.url, 'POST', '/v1/admin/devices/revoke', { token, body });
    expect((await revoke(tokens.ana!, { deviceId: 'laptop-1', reason: 'lost' })).status).toBe(403);
    expect((await revoke(tokens.admin!, { deviceId: 'laptop-1', reason: '' })).status).toBe(400);
    const revoked = await revoke(tokens.admin!, { deviceId: 'laptop-1', reason: 'notebook roubado' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revocation).toMatchObject({ deviceId: 'laptop-1', reason: 'notebook roubado' });

    const before = { events: await count('events'), attempts: await count('contact_attempts') };
    const refused = await push('laptop-1', [event(contactAttempt('acc-ana'), 'laptop-1'), event(contactAttempt('acc-pool'), 'laptop-1')]);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'device_revoked' } });
    expect(refused.body.error.message).toContain('notebook roubado');
    expect({ events: await count('events'), attempts: await count('contact_attempts') }).toEqual(before);
    const audited = await t.db.selectFrom('audit').selectAll().where('action', '=', 'sync.push.refused').where('subject', '=', 'laptop-1').execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.detail).toMatchObject({ reason: 'device_revoked', events: 2, revocationReason: 'notebook roubado' });

    // The same user on another device still works.
    expect((await push('laptop-2', [event(contactAttempt('acc-ana'), 'laptop-2')])).status).toBe(200);
  });

  it('refuses pull cursors from the future with 400 invalid_cursor, for the feed and the initial sync alike', async () => {
    const pull = (cursor: string) => call(server.url, 'GET', `/v1/sync/pull?cursor=${encodeURIComponent(cursor)}`, { token: tokens.ana });
    // A real cursor first: its parts bound what "the future" is.
    let cursor: string | undefined;
    for (;;) {
      const page = PullResponse.parse((await call(server.url, 'GET', `/v1/sync/pull${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { token: tokens.ana })).body);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const [seqText, xmin] = cursor.split('.') as [string, string];
    expect((await pull(cursor)).status).toBe(200);
    const future = [
      `${Number(seqText) + 1_000_000}.${xmin}`, // a seq the feed never reached
      `${seqText}.${BigInt(xmin) + 1_000_000n}`, // a transaction id not yet handed out
      encodeSnapshotCursor({ seq: Number(seqText) + 1_000_000, xmin, after: 'acc-ana' }),
      encodeSnapshotCursor({ seq: Number(seqText), xmin: String(BigInt(xmin) + 1_000_000n), after: 'acc-ana' }),
    ];
    for (const bad of future) {
      const res = await pull(bad);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code, bad).toBe('invalid_cursor');
    }
    for (const malformed of ['snap.1.1.', 'snap.1.1.!!', 'snap.x.1.YQ', `snap.1.1.${'A'.repeat(120)}`]) {
      const res = await pull(malformed);
      expect(res.status, malformed).toBe(400);
      expect(res.body.error.code, malformed).toMatch(/invalid_cursor|invalid_input/);
    }
  });
});
