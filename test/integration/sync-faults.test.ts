// Sync under faults, on both engines: a desk pushes through our own TCP fault proxy (test/support/fault-proxy.ts)
// while the network drops, lags, cuts an answer after the server committed, or swallows requests; the server
// process is killed with SIGKILL in the middle of a large push and restarted; the client process is killed
// between the server's commit and its own acknowledgement; the server restarts between pushes; a server older
// than the client refuses its protocol. After each: every event is on the server exactly once and the outbox
// is empty.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../../src/shared/contract';
import { generatePortfolio } from '../../src/shared/demo/portfolio';
import { todayIn } from '../../src/shared/domain/dates';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION } from '../../src/shared/sync';
import { dispatch } from '../../src/main/dispatch';
import { openAppServices } from '../../src/main/services/app-services';
import { fileStandInCipher } from '../../src/main/services/key-vault';
import { assignAccounts, createTeam, createUser, upsertPortfolio } from '../../src/server/admin';
import { createServer } from '../../src/server/app';
import { openDatabase, type DatabaseTarget, type ServerDb } from '../../src/server/db/database';
import { call as callServer, engines, scratchDatabase, type Engine } from '../../src/server/test-support';
import { startFaultProxy } from '../support/fault-proxy';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const root = resolve(import.meta.dirname, '../..');
const SEED = 4242;
const ACCOUNTS = 60;
const PASSWORD = 'senha forte do teste';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function seed(db: ServerDb): Promise<void> {
  const actor = { userId: null, now: Date.now() };
  const now = Date.now();
  const portfolio = generatePortfolio({ seed: SEED, accounts: ACCOUNTS, today: todayIn('America/Sao_Paulo', now), now });
  await createTeam(db, 'recife', actor);
  await createUser(db, { username: 'ana', password: PASSWORD, role: 'agent', team: 'recife' }, actor);
  await upsertPortfolio(db, portfolio.customers, portfolio.accounts, actor);
  await assignAccounts(db, portfolio.accounts.map((a) => a.id), { team: 'recife' }, actor);
}

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const address = probe.address();
  await new Promise<void>((r) => probe.close(() => r()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function eventCount(db: ServerDb): Promise<{ total: number; distinct: number }> {
  const row = await db
    .selectFrom('events')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('id').distinct().as('distinct')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), distinct: Number(row.distinct) };
}

/** A server in this process, on a fixed port so it can be restarted where the proxy points. */
async function inProcessServer(engine: Engine) {
  const scratch = await scratchDatabase(engine);
  const db = await openDatabase(scratch.target);
  await seed(db);
  const port = await freePort();
  let app: Awaited<ReturnType<typeof createServer>> | null = null;
  const start = async () => {
    app = await createServer({ db });
    await app.listen({ port, host: '127.0.0.1' });
  };
  const stop = async () => {
    await app?.close();
    app = null;
  };
  await start();
  const proxy = await startFaultProxy({ port });
  cleanups.push(async () => {
    await proxy.close();
    await stop();
    await db.destroy();
    await scratch.drop();
  });
  return { db, port, proxy, start, stop };
}

/** A desk in this process: its own data folder and the same demo portfolio; it syncs only when asked. */
function desk(options: { dataDir?: string; requestTimeoutMs?: number; batchSize?: number; fetch?: typeof fetch } = {}) {
  const dataDir = options.dataDir ?? tempDir();
  const services = openAppServices({
    dataDir,
    cipher: fileStandInCipher(dataDir),
    host: 'web',
    demo: { seed: SEED, accounts: ACCOUNTS },
    version: 'test',
    emit: () => {},
    startSync: false,
    sync: {
      intervalMs: 600_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    },
  });
  cleanups.push(() => services.close());
  async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = (await dispatch(services.handlers, channel, input)) as Result<ChannelOutput<C>>;
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }
  const ids = services.store.db
    .prepare("SELECT a.id FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.status = 'open' AND c.flags_json NOT LIKE '%true%' ORDER BY a.id LIMIT 100")
    .pluck()
    .all() as string[];
  async function logOutcomes(n: number): Promise<void> {
    for (let i = 0; i < n; i++) await call('outcome:log', { accountId: ids[i % ids.length]!, disposition: 'no_answer', notes: `tentativa ${i}` });
  }
  return { dataDir, services, call, logOutcomes, pending: () => services.store.pendingEventCount() };
}

describe.each(engines)('sync through faults on %s', (engine) => {
  it('a dropped connection leaves the outbox intact; the next sync delivers it once', async () => {
    const { db, proxy } = await inProcessServer(engine);
    const ana = desk();
    await ana.call('sync:login', { serverUrl: proxy.url, username: 'ana', password: PASSWORD });
    await ana.logOutcomes(5);
    await proxy.setMode({ kind: 'drop' });
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'offline', problem: 'network_unreachable', pendingEvents: 5 });
    await proxy.setMode({ kind: 'refuse' });
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'offline', pendingEvents: 5 });
    expect((await eventCount(db)).total).toBe(0);

    await proxy.setMode({ kind: 'pass' });
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'online', problem: null, pendingEvents: 0 });
    expect(await eventCount(db)).toEqual({ total: 5, distinct: 5 });
  });

  it('a slow network (per chunk and per connection) still delivers, once', async () => {
    const { db, proxy } = await inProcessServer(engine);
    const ana = desk();
    await ana.call('sync:login', { serverUrl: proxy.url, username: 'ana', password: PASSWORD });
    await ana.logOutcomes(4);
    await proxy.setMode({ kind: 'delay', ms: 150, per: 'chunk' });
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'online', pendingEvents: 0 });
    proxy.destroyConnections();
    await new Promise((r) => setTimeout(r, 100)); // let the client see its pooled connection close
    await ana.logOutcomes(3);
    await proxy.setMode({ kind: 'delay', ms: 300, per: 'connection' });
    const before = proxy.connections;
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'online', pendingEvents: 0 });
    expect(proxy.connections).toBeGreaterThan(before);
    expect(await eventCount(db)).toEqual({ total: 7, distinct: 7 });
  });

  it('an answer cut mid-response (the server committed, the desk never heard) is re-pushed without doubling', async () => {
    const { db, proxy } = await inProcessServer(engine);
    const ana = desk();
    await ana.call('sync:login', { serverUrl: proxy.url, username: 'ana', password: PASSWORD });
    await ana.logOutcomes(6);
    await proxy.setMode({ kind: 'cut', afterBytes: 40 });
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'offline', pendingEvents: 6 });
    expect(await eventCount(db)).toEqual({ total: 6, distinct: 6 }); // committed before the answer was cut

    await proxy.setMode({ kind: 'pass' });
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'online', pendingEvents: 0 });
    expect(await eventCount(db)).toEqual({ total: 6, distinct: 6 });
  });

  it('a network that swallows requests times out to offline; once it answers, the work is delivered', async () => {
    const { db, proxy } = await inProcessServer(engine);
    const ana = desk({ requestTimeoutMs: 1_500 });
    await ana.call('sync:login', { serverUrl: proxy.url, username: 'ana', password: PASSWORD });
    await ana.logOutcomes(3);
    await proxy.setMode({ kind: 'blackhole' });
    const started = Date.now();
    const status = await ana.call('sync:now', {});
    expect(status).toMatchObject({ state: 'offline', problem: 'network_unreachable', pendingEvents: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await eventCount(db)).total).toBe(0);

    await proxy.setMode({ kind: 'pass' });
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'online', pendingEvents: 0 });
    expect(await eventCount(db)).toEqual({ total: 3, distinct: 3 });
  });

  it('a server restart between pushes: offline while it is down, everything once after', async () => {
    const { db, proxy, start, stop } = await inProcessServer(engine);
    const ana = desk();
    await ana.call('sync:login', { serverUrl: proxy.url, username: 'ana', password: PASSWORD });
    await ana.logOutcomes(3);
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'online', pendingEvents: 0 });
    await stop();
    await ana.logOutcomes(2);
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'offline', pendingEvents: 2 });
    await start();
    await ana.logOutcomes(2);
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'online', pendingEvents: 0 });
    expect(await eventCount(db)).toEqual({ total: 7, distinct: 7 });
  });

  it('the client killed (SIGKILL) between the server\'s commit and its own ack: the same folder syncs it once', { timeout: 90_000 }, async () => {
    const { db, proxy } = await inProcessServer(engine);
    const dataDir = tempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'test/integration/fixtures/desk-process.ts'), dataDir, proxy.url, 'ana', PASSWORD, '8', String(SEED), String(ACCOUNTS)],
      { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    cleanups.push(() => void child.kill('SIGKILL'));
    const output = collect(child);
    await output.waitFor(/^ready$/m, 60_000);
    // The push's answer is held back: the server has committed (it answers only after), the desk has not heard.
    await proxy.setMode({ kind: 'hold' });
    const held = new Promise<void>((r) => proxy.events.once('held', () => r()));
    child.stdin!.write('sync\n');
    await held;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(output.text()).not.toMatch(/pendingEvents/); // it never learned the outcome of its push
    expect(await eventCount(db)).toEqual({ total: 8, distinct: 8 });

    await proxy.setMode({ kind: 'pass' });
    const again = desk({ dataDir });
    expect(again.pending()).toBe(8);
    expect(await again.call('sync:now', {})).toMatchObject({ state: 'online', pendingEvents: 0 });
    expect(await eventCount(db)).toEqual({ total: 8, distinct: 8 });
  });

  it('the server killed (SIGKILL) during a large push and restarted: every event once, outbox empty', { timeout: 180_000 }, async () => {
    const port = await freePort();
    const scratch = engine === 'postgres' ? await scratchDatabase('postgres') : null;
    const target: DatabaseTarget = scratch && scratch.target.kind === 'postgres' ? scratch.target : { kind: 'pglite', dataDir: join(tempDir(), 'server') };
    const setup = await openDatabase(target);
    await seed(setup);
    await setup.destroy();
    const server = serverProcess(target, port);
    cleanups.push(async () => {
      await server.stop('SIGKILL');
      await scratch?.drop();
    });
    await server.start();
    const proxy = await startFaultProxy({ port });
    cleanups.push(() => proxy.close());

    const ana = desk({ batchSize: 250 });
    await ana.call('sync:login', { serverUrl: proxy.url, username: 'ana', password: PASSWORD });
    await ana.logOutcomes(1_000);
    let pushes = 0;
    const killed = new Promise<void>((resolveKilled) => {
      proxy.events.on('request', (chunk: Buffer) => {
        // Killed as the third batch arrives: two are committed and acknowledged, the third is on its way in.
        if (chunk.subarray(0, 20).toString().startsWith('POST /v1/sync/push') && ++pushes === 3) {
          void server.stop('SIGKILL').then(resolveKilled);
        }
      });
    });
    const interrupted = await ana.call('sync:now', {});
    await killed;
    expect(interrupted).toMatchObject({ state: 'offline' });
    expect(interrupted.pendingEvents).toBeGreaterThan(0);
    expect(interrupted.pendingEvents).toBeLessThan(1_000);

    await server.start();
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'online', problem: null, pendingEvents: 0 });
    await server.stop('SIGTERM');
    const check = await openDatabase(target);
    try {
      expect(await eventCount(check)).toEqual({ total: 1_000, distinct: 1_000 });
    } finally {
      await check.destroy();
    }
  });

  it('a server refuses a newer client protocol with 426, and the desk says so and keeps its work', async () => {
    const { db, proxy, port } = await inProcessServer(engine);
    const base = `http://127.0.0.1:${port}`;
    const newer = await callServer(base, 'GET', '/v1/sync/pull', { headers: { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION + 1) } });
    expect(newer).toMatchObject({ status: 426, body: { ok: false, error: { code: 'protocol_unsupported' } } });
    const same = await callServer(base, 'GET', '/v1/sync/pull', { headers: { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION) } });
    expect(same.status).toBe(401); // the protocol is fine; the token is missing

    // A desk from the future: the same client, sending a higher protocol number.
    const ana = desk({
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), [PROTOCOL_HEADER]: '999' } }),
    });
    await ana.call('sync:login', { serverUrl: proxy.url, username: 'ana', password: PASSWORD });
    await ana.logOutcomes(2);
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'error', problem: 'protocol_unsupported', pendingEvents: 2 });
    expect((await eventCount(db)).total).toBe(0);
  });
});

function collect(child: ChildProcess) {
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  return {
    text: () => text,
    waitFor: (pattern: RegExp, timeoutMs: number) =>
      new Promise<void>((resolveWait, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${text}`)), timeoutMs);
        const check = () => {
          if (pattern.test(text)) {
            clearTimeout(timer);
            resolveWait();
          }
        };
        child.stdout!.on('data', check);
        child.once('exit', (code) => {
          clearTimeout(timer);
          if (!pattern.test(text)) reject(new Error(`process exited (${code}) before ${pattern}; output:\n${text}`));
        });
        check();
      }),
  };
}

/** `quita-server serve` as a real process on a fixed port, on a PGlite data folder or a PostgreSQL URL. */
function serverProcess(target: DatabaseTarget, port: number) {
  let child: ChildProcess | null = null;
  return {
    async start() {
      const db = target.kind === 'pglite' ? ['--data-dir', target.dataDir!] : [];
      child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server/cli.ts'), 'serve', '--port', String(port), ...db], {
        cwd: root,
        env: { ...process.env, LOG_LEVEL: 'warn', ...(target.kind === 'postgres' ? { DATABASE_URL: target.url } : {}) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await collect(child).waitFor(/listening on/, 60_000);
    },
    async stop(signal: 'SIGKILL' | 'SIGTERM') {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill(signal);
      await exited;
    },
  };
}
