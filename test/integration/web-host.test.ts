// The web host's bridge over a real port, backed by a real encrypted store in a temp folder: the same checks
// as IPC (unknown channel, schema refusal), the local-door protections, and nothing changed by a refused call.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openAppServices, type AppServices } from '../../src/main/services/app-services';
import { EventHub } from '../../src/main/services/events';
import { fileStandInCipher } from '../../src/main/services/key-vault';
import { startWebHost, type WebHost } from '../../src/web-host/server';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const open: Array<{ host: WebHost; services: AppServices }> = [];
afterEach(async () => {
  for (const { host, services } of open.splice(0)) {
    await host.close();
    services.close();
  }
});

async function start() {
  const dataDir = tempDir();
  const rendererDir = join(dataDir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Quita</title>');
  const hub = new EventHub();
  const services = openAppServices({
    dataDir,
    cipher: fileStandInCipher(dataDir),
    host: 'web',
    demo: { seed: 7, accounts: 300 },
    version: 'test',
    emit: hub.emit,
    // The callable worklist follows the customers' calling windows: a fixed weekday noon in São Paulo keeps it full.
    clock: () => Date.UTC(2026, 10, 23, 15, 0, 0),
  });
  const host = await startWebHost({ handlers: services.handlers, hub, rendererDir, port: 0, log: () => {} });
  open.push({ host, services });
  return { host, services };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON shapes
  return { status: response.status, body: (await response.json()) as any };
}

describe('web host bridge', () => {
  it('answers a contract channel with the same Result shape as IPC', async () => {
    const { host } = await start();
    const { status, body } = await post(`${host.url}/bridge/queue:list`, { limit: 5 });
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.value.items).toHaveLength(5);
    expect(body.value.total).toBeGreaterThan(5);
  });

  it('refuses an unknown channel and a payload the schema refuses, and changes nothing', async () => {
    const { host, services } = await start();
    const unknown = await post(`${host.url}/bridge/queue:drop`, {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });

    const attemptCount = () => Number(services.store.db.prepare('SELECT count(*) FROM contact_attempts').pluck().get());
    const before = attemptCount();
    const accountId = (await post(`${host.url}/bridge/queue:list`, { limit: 1 })).body.value.items[0].accountId;
    const bad = await post(`${host.url}/bridge/outcome:log`, { accountId, disposition: 'promise_to_pay', notes: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.error.code).toBe('invalid_input');
    expect(bad.body.error.issues).toContainEqual({ path: 'promise', message: 'promise_required' });

    const extra = await post(`${host.url}/bridge/outcome:log`, { accountId, disposition: 'busy', sql: 'drop table' });
    expect(extra.body.error.code).toBe('invalid_input');
    const malformed = await post(`${host.url}/bridge/outcome:log`, '{"accountId": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_input');

    expect(services.store.pendingEventCount()).toBe(0);
    expect(attemptCount()).toBe(before);
  });

  it('refuses cross-site requests: foreign Origin, text/plain bodies, foreign Host', async () => {
    const { host, services } = await start();
    const foreign = await post(`${host.url}/bridge/sync:status`, {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const plain = await fetch(`${host.url}/bridge/outcome:log`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ accountId: 'x', disposition: 'busy' }),
    });
    expect(plain.status).toBe(415);
    const rebinding = await new Promise<number>((resolve, reject) => {
      const req = request(`${host.url}/bridge/sync:status`, { method: 'POST', headers: { host: 'evil.example:80', 'content-type': 'application/json' } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end('{}');
    });
    expect(rebinding).toBe(421);
    expect(services.store.pendingEventCount()).toBe(0);
  });

  it('serves the app with a strict Content-Security-Policy', async () => {
    const { host } = await start();
    const response = await fetch(`${host.url}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('pushes events to the page over the WebSocket when an outcome is saved', async () => {
    const { host } = await start();
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/events`, { origin: host.url });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const received: Array<{ event: string; payload: { pendingEvents?: number } }> = [];
    ws.on('message', (data) => received.push(JSON.parse(String(data))));
    // An account with nothing due, so the outcome closes no callback (one event, not two).
    const items = (await post(`${host.url}/bridge/queue:list`, { limit: 20 })).body.value.items as Array<{ accountId: string; nextAction: { kind: string } }>;
    const accountId = items.find((i) => i.nextAction.kind === 'call')!.accountId;
    const saved = await post(`${host.url}/bridge/outcome:log`, { accountId, disposition: 'no_answer' });
    expect(saved.body.ok).toBe(true);
    await expect.poll(() => received.map((r) => r.event)).toContain('store:changed');
    expect(received.find((r) => r.event === 'sync:status')?.payload.pendingEvents).toBe(1);
    ws.close();
  });

  it('refuses an event socket opened by a foreign page', async () => {
    const { host } = await start();
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/events`, { origin: 'https://evil.example' });
    const outcome = await new Promise<string>((resolve) => {
      ws.once('open', () => resolve('open'));
      ws.once('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
      ws.once('error', () => resolve('error'));
    });
    ws.terminate();
    expect(outcome).toBe('refused 403');
  });
});
