// A TCP fault proxy of our own between a sync client and the server on loopback (node:net only). Its mode is
// switched at run time and read on every accept and every chunk, so keep-alive connections opened earlier
// meet the new fault too:
//   pass       forward both ways
//   drop       accept, then close at once (a connection already open is closed when it next sends)
//   refuse     stop listening: connecting fails with ECONNREFUSED (the port is taken again on the next mode)
//   delay      forward after `ms`, per chunk (each chunk both ways) or per connection (before connecting upstream)
//   cut        forward the request, forward `afterBytes` of the response, then destroy both sockets
//   blackhole  accept and read, never forward, never answer (the client's own timeout must fire)
//   hold       forward the request, keep the response back; emits 'held' (the server has answered, so it has
//              committed) — a test kills the client then
import { EventEmitter } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';

export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'drop' }
  | { kind: 'refuse' }
  | { kind: 'delay'; ms: number; per: 'chunk' | 'connection' }
  | { kind: 'cut'; afterBytes: number }
  | { kind: 'blackhole' }
  | { kind: 'hold' };

export interface FaultProxy {
  /** Where the client should connect: `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Connections accepted since start (or the last `resetCounts`). */
  readonly connections: number;
  /** Request chunks seen from clients (any mode). */
  readonly requestChunks: number;
  /** Response bytes forwarded to clients. */
  readonly responseBytes: number;
  readonly mode: FaultMode;
  /** 'request' (chunk from a client), 'response' (first chunk of an answer), 'held' (an answer kept back), 'cut'. */
  events: EventEmitter;
  setMode(mode: FaultMode): Promise<void>;
  /** Closes every open connection (both sides). */
  destroyConnections(): void;
  resetCounts(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: { host?: string; port: number }, options: { port?: number } = {}): Promise<FaultProxy> {
  const host = target.host ?? '127.0.0.1';
  let mode: FaultMode = { kind: 'pass' };
  let connections = 0;
  let requestChunks = 0;
  let responseBytes = 0;
  const events = new EventEmitter();
  const open = new Set<Socket>();
  let server: Server = createServer(onConnection);
  let listening = false;

  function onConnection(client: Socket): void {
    connections += 1;
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    const at = mode;
    if (at.kind === 'drop' || at.kind === 'refuse') {
      client.destroy();
      return;
    }
    if (at.kind === 'blackhole') {
      const swallow = (chunk: Buffer) => {
        if (mode.kind === 'blackhole') {
          requestChunks += 1;
          return;
        }
        // The network came back while the client kept this connection: from now on it is a normal one.
        client.off('data', swallow);
        forward(client, mode, chunk);
      };
      client.on('data', swallow);
      return;
    }
    forward(client, at, null);
  }

  function forward(client: Socket, at: FaultMode, first: Buffer | null): void {
    const upstream = connect({ host, port: target.port });
    open.add(upstream);
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    // Chunks go out in order even when each waits its own delay.
    let toServer = Promise.resolve();
    let toClient = Promise.resolve();
    const connected = new Promise<void>((resolve) => upstream.once('connect', () => resolve()));
    const ready = at.kind === 'delay' && at.per === 'connection' ? connected.then(() => sleep(at.ms)) : connected;
    let answering = false;

    const onRequestChunk = (chunk: Buffer) => {
      requestChunks += 1;
      answering = false;
      events.emit('request', chunk);
      const now = mode;
      if (now.kind === 'drop' || now.kind === 'refuse') {
        client.destroy();
        upstream.destroy();
        return;
      }
      if (now.kind === 'blackhole') return;
      const wait = now.kind === 'delay' && now.per === 'chunk' ? now.ms : 0;
      toServer = toServer.then(() => ready).then(() => sleep(wait)).then(() => void (upstream.destroyed || upstream.write(chunk)));
    };
    client.on('data', onRequestChunk);
    if (first) onRequestChunk(first);

    let cutSent = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (!answering) {
        answering = true;
        cutSent = 0;
        events.emit('response', chunk);
      }
      const now = mode;
      if (now.kind === 'hold' || now.kind === 'blackhole') {
        events.emit('held', chunk);
        return;
      }
      if (now.kind === 'drop' || now.kind === 'refuse') {
        client.destroy();
        upstream.destroy();
        return;
      }
      if (now.kind === 'cut') {
        const room = Math.max(0, now.afterBytes - cutSent);
        const part = chunk.subarray(0, room);
        cutSent += part.length;
        const last = part.length < chunk.length || cutSent >= now.afterBytes;
        toClient = toClient.then(() => {
          if (part.length && !client.destroyed) {
            responseBytes += part.length;
            client.write(part);
          }
          if (last) {
            events.emit('cut');
            // After the bytes are flushed: the client sees a partial answer, then a reset.
            client.end(() => client.destroy());
            upstream.destroy();
          }
        });
        return;
      }
      const wait = now.kind === 'delay' && now.per === 'chunk' ? now.ms : 0;
      toClient = toClient.then(() => sleep(wait)).then(() => {
        if (client.destroyed) return;
        responseBytes += chunk.length;
        client.write(chunk);
      });
    });
  }

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        listening = true;
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      // close() stops accepting at once; it calls back when the open connections are gone, which we do not wait for.
      server.close();
      resolve();
    });

  const port = await listen(options.port ?? 0);

  function destroyConnections(): void {
    for (const socket of open) socket.destroy();
    open.clear();
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return connections;
    },
    get requestChunks() {
      return requestChunks;
    },
    get responseBytes() {
      return responseBytes;
    },
    get mode() {
      return mode;
    },
    events,
    async setMode(next) {
      mode = next;
      if (next.kind === 'refuse') {
        await stopListening();
        destroyConnections();
      } else if (!listening) {
        server = createServer(onConnection);
        await listen(port);
      }
    },
    destroyConnections,
    resetCounts() {
      connections = requestChunks = responseBytes = 0;
    },
    async close() {
      destroyConnections();
      if (listening) {
        listening = false;
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());
