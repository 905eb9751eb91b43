// The web host: serves the built renderer and provides `window.quita` over HTTP — POST /bridge/<channel> with
// the same JSON in and out as IPC, events over a WebSocket at /events — backed by the very same handler map as
// Electron. Binds to 127.0.0.1 by default; it is a local door into the agent's store, so it also refuses
// requests whose Host or Origin is not its own (DNS rebinding, cross-site requests).
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode, Result } from '../shared/contract';
import { dispatch, type HandlerMap } from '../main/dispatch';
import type { EventHub } from '../main/services/events';
import type { DownloadRegistry } from '../main/services/exports/download-registry';

export interface WebHostOptions {
  handlers: HandlerMap;
  hub: EventHub;
  rendererDir: string;
  host?: string;
  port?: number;
  log?: (message: string, error?: unknown) => void;
  /** Report exports main wrote into the data folder, offered to the browser at /exports/<id>. */
  downloads?: Pick<DownloadRegistry, 'get'>;
}

export interface WebHost {
  url: string;
  port: number;
  app: FastifyInstance;
  close(): Promise<void>;
}

// Same policy as the desktop app's, plus ws: for the local event socket.
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Mantine injects its CSS variables at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws: wss: https:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const statusOf: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_channel: 404,
  forbidden_sender: 403,
  policy_blocked: 403,
  not_signed_in: 401,
  forbidden: 403,
  recipient_not_on_file: 422,
  message_not_sent: 502,
  script_steps_required: 422,
  not_found: 404,
  conflict: 409,
  invalid_credentials: 401,
  rate_limited: 429,
  server_unreachable: 502,
  store_unavailable: 503,
  internal: 500,
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((m, e) => console.error(m, e ?? ''));
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${options.rendererDir}: run \`npm run build\` first.`);
  }
  // forceCloseConnections: stopping the host must not wait for a browser's keep-alive or a refused upgrade.
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  let allowedHosts = new Set<string>();
  let ownOrigins = new Set<string>();

  // A text/plain POST is a "simple" cross-site request browsers send without a preflight: accept JSON only.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    const badHost = !allowedHosts.has(String(request.headers.host ?? '').toLowerCase());
    const origin = request.headers.origin;
    const badOrigin = origin !== undefined && !ownOrigins.has(origin.toLowerCase());
    if (!badHost && !badOrigin) return;
    if (request.headers.upgrade) {
      // A refused WebSocket upgrade is answered on the raw socket and closed: there is no HTTP reply to finish.
      reply.hijack();
      request.raw.socket.end(`HTTP/1.1 ${badHost ? '421 Misdirected Request' : '403 Forbidden'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    const message = badHost ? 'Unexpected Host header' : 'Cross-origin request refused';
    return reply.code(badHost ? 421 : 403).send({ ok: false, error: { code: 'forbidden_sender', message } });
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', WEB_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'microphone=(self), camera=(), geolocation=()');
    return payload;
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifyStatic, { root: options.rendererDir, index: 'index.html', wildcard: true, cacheControl: false });

  app.post('/bridge/:channel', async (request: FastifyRequest<{ Params: { channel: string } }>, reply: FastifyReply) => {
    const result: Result<unknown> = await dispatch(options.handlers, request.params.channel, request.body, {
      onInternalError: (channel, error) => log(`Handler ${channel} failed`, error),
    });
    reply.code(result.ok ? 200 : statusOf[result.error.code]);
    return result;
  });

  // Export files main wrote (report:export's downloadUrl), by their unguessable id; never a path from the browser.
  // Only a same-origin navigation or fetch gets one (Sec-Fetch-Site), on top of the Host/Origin check above.
  app.get('/exports/:id', async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const site = request.headers['sec-fetch-site'];
    const file = options.downloads?.get(request.params.id);
    if ((site !== undefined && site !== 'same-origin' && site !== 'none') || !file || !existsSync(file.path)) {
      return reply.code(404).send({ ok: false, error: { code: 'not_found', message: 'No such export' } });
    }
    const asciiName = file.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('cache-control', 'no-store')
      .send(createReadStream(file.path));
  });

  app.get('/events', { websocket: true }, (socket) => {
    const unsubscribe = options.hub.subscribe((event, payload) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event, payload }));
    });
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
    // The socket only carries events to the page; anything the page sends is ignored.
  });

  app.setErrorHandler((error: { statusCode?: number; message?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    const code: ErrorCode = status === 415 || status === 400 || status === 413 ? 'invalid_input' : 'internal';
    if (code === 'internal') log('Web host error', error);
    reply.code(status).send({ ok: false, error: { code, message: status === 500 ? 'Unexpected error' : String(error.message) } });
  });

  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : Number(options.port);
  const names = [host, ...(host === '127.0.0.1' ? ['localhost'] : []), ...(host === '::1' ? ['[::1]', 'localhost'] : [])];
  allowedHosts = new Set(names.map((n) => `${n}:${port}`.toLowerCase()));
  ownOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { url, port, app, close: () => app.close() };
}
