// The fault proxy itself (test/support/fault-proxy.ts): each mode does to a real HTTP exchange what it says.
import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';

let server: Server;
let proxy: FaultProxy;
let served = 0;
const BODY = 'x'.repeat(10_000);

beforeEach(async () => {
  served = 0;
  server = createServer((_req, res) => {
    served += 1;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(BODY);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  proxy = await startFaultProxy({ port: typeof address === 'object' && address ? address.port : 0 });
});

afterEach(async () => {
  await proxy.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

async function get(timeoutMs = 2_000): Promise<{ ok: true; text: string; ms: number } | { ok: false; error: string; ms: number }> {
  const started = Date.now();
  try {
    const response = await fetch(proxy.url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { ok: true, text, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, error: String((error as Error).cause ?? error), ms: Date.now() - started };
  }
}

describe('fault proxy', () => {
  it('passes, counts connections and switches modes at run time', async () => {
    expect(await get()).toMatchObject({ ok: true, text: BODY });
    expect(proxy.connections).toBe(1);

    await proxy.setMode({ kind: 'drop' });
    expect(await get()).toMatchObject({ ok: false });

    await proxy.setMode({ kind: 'refuse' });
    const before = proxy.connections;
    expect(await get()).toMatchObject({ ok: false }); // a pooled socket may still be tried first: it is closed
    expect(await get()).toMatchObject({ ok: false, error: expect.stringContaining('ECONNREFUSED') });
    expect(proxy.connections).toBe(before);

    await proxy.setMode({ kind: 'pass' });
    expect(await get()).toMatchObject({ ok: true, text: BODY });
  });

  it('delays per chunk and per connection', async () => {
    await proxy.setMode({ kind: 'delay', ms: 150, per: 'connection' });
    const perConnection = await get();
    expect(perConnection).toMatchObject({ ok: true, text: BODY });
    expect(perConnection.ms).toBeGreaterThanOrEqual(140);
    proxy.destroyConnections();
    await proxy.setMode({ kind: 'delay', ms: 100, per: 'chunk' });
    const perChunk = await get();
    expect(perChunk).toMatchObject({ ok: true, text: BODY });
    expect(perChunk.ms).toBeGreaterThanOrEqual(190); // at least one chunk each way
  });

  it('cuts a response after N bytes: the server answered, the client gets a broken body', async () => {
    await proxy.setMode({ kind: 'cut', afterBytes: 200 });
    const result = await get();
    expect(result.ok).toBe(false);
    expect(served).toBe(1);
    expect(proxy.responseBytes).toBe(200);
  });

  it('blackholes: nothing comes back and the caller times out', async () => {
    await proxy.setMode({ kind: 'blackhole' });
    const result = await get(300);
    expect(result).toMatchObject({ ok: false });
    expect(result.ms).toBeGreaterThanOrEqual(280);
    expect(served).toBe(0);
  });

  it('holds a response back and says so', async () => {
    await proxy.setMode({ kind: 'hold' });
    const held = new Promise<void>((r) => proxy.events.once('held', () => r()));
    const pending = get(1_000);
    await held;
    expect(served).toBe(1);
    expect(await pending).toMatchObject({ ok: false });
  });
});
