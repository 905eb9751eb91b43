import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, engines, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../test-support';
import { tokenHash } from './tokens';

const TTL = 12 * 60 * 60_000;

describe.each(engines)('auth over HTTP on %s', (engine) => {
  let t: TestDatabase;
  let server: TestServer;
  let now = Date.UTC(2025, 5, 2, 12);
  let n = 0;
  // Each test logs in from addresses of its own (the server trusts X-Forwarded-For here), so per-address
  // limits of one test do not leak into another.
  const from = (tag: string) => ({ 'x-forwarded-for': `10.${n}.0.${tag}` });
  const loginAs = (username: string, password = PASSWORD, address = '1') =>
    call(server.url, 'POST', '/v1/auth/login', { body: { username, password }, headers: from(address) });

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await seedPortfolio(t.db);
    server = await startTestServer({
      db: t.db,
      clock: () => now,
      trustProxy: true,
      sessionTtlMs: TTL,
      loginLimits: { perUsername: 3, perAddress: 6, windowMs: 15 * 60_000 },
    });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });
  const next = () => {
    n += 1;
    now += 60 * 60_000; // leaves every earlier test's failures outside the window
  };

  it('signs in with the right password and stores only the token hash', async () => {
    next();
    const res = await loginAs('ana');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'ana', displayName: 'Ana Souza', role: 'agent' });
    expect(res.body.expiresAt).toBe(now + TTL);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await call(server.url, 'GET', '/v1/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('ana');
    const sessions = await t.db.selectFrom('sessions').select('token_hash').execute();
    expect(sessions.map((s) => s.token_hash)).toContain(tokenHash(res.body.token));
    expect(sessions.map((s) => s.token_hash)).not.toContain(res.body.token);
    const user = await t.db.selectFrom('users').select('password_hash').where('username', '=', 'ana').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    next();
    const wrong = await loginAs('ana', 'not the password');
    const unknown = await loginAs('nobody', PASSWORD, '2');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ ok: false, error: { code: 'invalid_credentials', message: 'Wrong username or password' } });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.token).toBeUndefined();
  });

  it('limits failed logins per username, whatever the address, until the window passes', async () => {
    next();
    for (const address of ['1', '2', '3']) expect((await loginAs('bia', 'wrong-password', address)).status).toBe(401);
    const limited = await loginAs('bia', PASSWORD, '4');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    // Another user from the same address is not affected by bia's lock.
    expect((await loginAs('caio', PASSWORD, '4')).status).toBe(200);
    now += 15 * 60_000 + 1000;
    expect((await loginAs('bia', PASSWORD, '4')).status).toBe(200);
  });

  it('limits failed logins per address, across usernames', async () => {
    next();
    for (let i = 0; i < 6; i += 1) expect((await loginAs(`ghost${i}`, 'whatever-pass', '9')).status).toBe(401);
    const limited = await loginAs('ana', PASSWORD, '9');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    // The same user from another address still signs in.
    expect((await loginAs('ana', PASSWORD, '8')).status).toBe(200);
  });

  it('a successful login clears the username count', async () => {
    next();
    await loginAs('caio', 'wrong-password', '1');
    await loginAs('caio', 'wrong-password', '2');
    expect((await loginAs('caio', PASSWORD, '3')).status).toBe(200);
    await loginAs('caio', 'wrong-password', '4');
    expect((await loginAs('caio', PASSWORD, '5')).status).toBe(200);
  });

  it('refuses an expired token', async () => {
    next();
    const { body } = await loginAs('ana');
    now += TTL + 1;
    const me = await call(server.url, 'GET', '/v1/me', { token: body.token });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('unauthenticated');
  });

  it('logout revokes the token', async () => {
    next();
    const { body } = await loginAs('ana');
    const other = await loginAs('ana', PASSWORD, '2');
    expect((await call(server.url, 'POST', '/v1/auth/logout', { token: body.token })).status).toBe(200);
    expect((await call(server.url, 'GET', '/v1/me', { token: body.token })).status).toBe(401);
    expect((await call(server.url, 'POST', '/v1/auth/logout', { token: body.token })).status).toBe(401);
    // Only that session ends.
    expect((await call(server.url, 'GET', '/v1/me', { token: other.body.token })).status).toBe(200);
  });

  it('requires a token on every route but login and health', async () => {
    next();
    expect((await call(server.url, 'GET', '/v1/health')).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/v1/me'],
      ['POST', '/v1/auth/logout'],
      ['GET', '/v1/admin/users'],
      ['GET', '/v1/accounts/acc-ana'],
    ] as const) {
      const res = await call(server.url, method, path);
      expect(res.status, path).toBe(401);
    }
    const push = await call(server.url, 'POST', '/v1/sync/push', { body: { deviceId: 'd', events: [] } });
    expect(push.status).toBe(401);
    const forged = await call(server.url, 'GET', '/v1/me', { token: 'A'.repeat(43) });
    expect(forged.status).toBe(401);
  });

  it('checks roles: an agent cannot list users, a supervisor sees their team only, an admin everyone', async () => {
    next();
    const agent = (await loginAs('ana')).body.token;
    const sup = (await loginAs('sup-north', PASSWORD, '2')).body.token;
    const admin = (await loginAs('admin', PASSWORD, '3')).body.token;
    const denied = await call(server.url, 'GET', '/v1/admin/users', { token: agent });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    expect(denied.body.users).toBeUndefined();
    const team = await call(server.url, 'GET', '/v1/admin/users', { token: sup });
    expect(team.body.users.map((u: { username: string }) => u.username)).toEqual(['ana', 'bia', 'sup-north']);
    const all = await call(server.url, 'GET', '/v1/admin/users', { token: admin });
    expect(all.body.users).toHaveLength(5);
  });

  it("scopes accounts: an agent reads their own and their pool's, never another team's", async () => {
    next();
    const agent = (await loginAs('ana')).body.token;
    const sup = (await loginAs('sup-north', PASSWORD, '2')).body.token;
    expect((await call(server.url, 'GET', '/v1/accounts/acc-ana', { token: agent })).status).toBe(200);
    expect((await call(server.url, 'GET', '/v1/accounts/acc-pool', { token: agent })).status).toBe(200);
    for (const id of ['acc-bia', 'acc-south', 'acc-free', 'acc-none']) {
      const res = await call(server.url, 'GET', `/v1/accounts/${id}`, { token: agent });
      expect(res.status, id).toBe(404);
      expect(res.body).toEqual({ ok: false, error: { code: 'not_found', message: 'No such account' } });
    }
    expect((await call(server.url, 'GET', '/v1/accounts', { token: agent })).body.accountIds).toEqual(['acc-ana', 'acc-pool']);
    expect((await call(server.url, 'GET', '/v1/accounts', { token: sup })).body.accountIds).toEqual(['acc-ana', 'acc-bia', 'acc-pool']);
  });

  it('refuses malformed bodies with invalid_input and the issues', async () => {
    next();
    const typed = await call(server.url, 'POST', '/v1/auth/login', { body: { username: 7, password: PASSWORD }, headers: from('1') });
    expect(typed.status).toBe(400);
    expect(typed.body.ok).toBe(false);
    expect(typed.body.error.code).toBe('invalid_input');
    expect(typed.body.error.issues[0].path).toBe('username');
    const extra = await call(server.url, 'POST', '/v1/auth/login', { body: { username: 'ana', password: PASSWORD, admin: true }, headers: from('1') });
    expect(extra.status).toBe(400);
    const notJson = await call(server.url, 'POST', '/v1/auth/login', { rawBody: '{"username": ', headers: from('1') });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_input');
    const query = await call(server.url, 'GET', '/v1/health?x=1');
    expect(query.status).toBe(400);
  });
});
