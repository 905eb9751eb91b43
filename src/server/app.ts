// The sync and admin server's HTTP API. Every route declares who may call it and zod schemas for what it
// reads; anything else is refused before a handler runs. Failures are `{ ok: false, error: { code, message } }`.
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type FastifyReply, type FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { Id } from '../shared/model';
import {
  LoginRequest,
  PROTOCOL_HEADER,
  PullQuery,
  PushRequest,
  SYNC_PROTOCOL_VERSION,
  type HealthResponse,
  type ConflictsResponse,
  type LoginResponse,
  type MeResponse,
  type PullResponse,
  type Role,
  type ServerError,
} from '../shared/sync';
import { revokeDevice } from './auth/devices';
import { defaultLoginLimits, type LoginLimits } from './auth/rate-limit';
import { assignmentScope, assignmentsOf, mayAccessAccount } from './auth/scope';
import { authenticate, DEFAULT_SESSION_TTL_MS, login, logout, type AuthContext } from './auth/sessions';
import type { ServerDb } from './db/database';
import { HttpError, invalidInput } from './http-error';
import { registerImportRoutes } from './import/routes';
import type { MessageProviders } from './messages/providers';
import { registerMessageRoutes } from './messages/routes';
import { registerReportRoutes } from './reports/routes';
import { registerSupervisionRoutes } from './supervision/routes';
import { LiveHub } from './sync/live';
import { listConflicts, pullPage } from './sync/pull';
import { pushEvents } from './sync/push';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export interface ServerOptions {
  db: ServerDb;
  clock?: () => number;
  /** Fastify's logger option (pino settings or false); off by default, as tests want. */
  logger?: FastifyServerOptions['logger'];
  loginLimits?: LoginLimits;
  sessionTtlMs?: number;
  /** Behind a load balancer: take the client address from X-Forwarded-For. */
  trustProxy?: boolean;
  /** Largest accepted body; a full push batch of 1,000 events fits with room. */
  bodyLimit?: number;
  /** Who sends SMS and email for POST /v1/messages (providersFromEnv in the CLI); none by default. */
  messageProviders?: MessageProviders;
}

const ALL_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];
const NoQuery = z.object({}).strict();
const NoParams = z.object({}).strict();

/** A preHandler that lets through only a valid session whose role is one of `roles`. */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!request.auth) throw new HttpError(401, 'unauthenticated', 'Sign in first (missing, expired or revoked token)');
    if (!roles.includes(request.auth.user.role)) throw new HttpError(403, 'forbidden', 'Your role may not do this');
  };
}

/** Keeps live-socket tokens (`?token=`) out of request logs. */
function redactTokens(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  const base = typeof logger === 'object' ? logger : {};
  return {
    ...base,
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: req.url.replace(/([?&]token=)[^&]*/g, '$1[redacted]'),
        remoteAddress: req.ip,
      }),
      ...(base as { serializers?: Record<string, unknown> }).serializers,
    },
  } as FastifyServerOptions['logger'];
}

export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { db } = options;
  const clock = options.clock ?? Date.now;
  const limits = options.loginLimits ?? defaultLoginLimits;
  const sessionTtlMs = options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;

  const app = Fastify({
    logger: redactTokens(options.logger ?? false),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: options.bodyLimit ?? 8 * 1024 * 1024,
  });
  app.decorateRequest('auth', null);
  await app.register(websocket, { options: { maxPayload: 4096 } });
  const hub = new LiveHub(db, (error) => app.log.error({ err: error }, 'live pokes'));
  await hub.start();
  app.addHook('onClose', async () => hub.close());

  // Reads the bearer token on every request; routes decide with requireRole whether they need one.
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    const match = /^Bearer ([A-Za-z0-9_-]{20,128})$/.exec(header);
    request.auth = match ? await authenticate(db, match[1]!, clock()) : null;
  });

  // A client newer than this server may send what it cannot read: refuse its sync calls before anything is stored.
  // No header means a client from before the header existed (protocol 1), which this server speaks.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/v1/sync/')) return;
    const header = request.headers[PROTOCOL_HEADER];
    if (header === undefined) return;
    const version = Number(Array.isArray(header) ? header[0] : header);
    if (!Number.isInteger(version) || version < 1) throw new HttpError(400, 'invalid_input', `${PROTOCOL_HEADER} must be a protocol number`);
    if (version > SYNC_PROTOCOL_VERSION) {
      throw new HttpError(426, 'protocol_unsupported', `This server speaks sync protocol ${SYNC_PROTOCOL_VERSION}; the client sent ${version}. Update the server.`);
    }
  });

  app.setErrorHandler((error: unknown, request, reply) => {
    const body = (code: ServerError['error']['code'], message: string, issues?: ServerError['error']['issues']): ServerError => ({
      ok: false,
      error: { code, message, ...(issues ? { issues } : {}) },
    });
    if (error instanceof HttpError) {
      void reply.status(error.status).headers(error.headers).send(body(error.code, error.message, error.issues));
      return;
    }
    const fastifyError = error as { code?: string; statusCode?: number; message?: string };
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      void reply.status(413).send(body('payload_too_large', 'The request body is too large'));
      return;
    }
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      // Malformed JSON, a wrong content type, an empty JSON body: the request is unreadable.
      void reply.status(400).send(body('invalid_input', fastifyError.message ?? 'Unreadable request'));
      return;
    }
    request.log.error({ err: error }, 'request failed');
    void reply.status(500).send(body('internal', 'The server could not complete the request; nothing was changed'));
  });

  app.setNotFoundHandler((_request, reply) => {
    void reply.status(404).send({ ok: false, error: { code: 'not_found', message: 'No such route' } } satisfies ServerError);
  });

  interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, R> {
    method: 'GET' | 'POST';
    url: string;
    /** 'public' routes take no token; every other route names the roles that may call it. */
    access: 'public' | readonly Role[];
    body?: B;
    query?: Q;
    params?: P;
    status?: number;
    handler: (input: { body: z.infer<B>; query: z.infer<Q>; params: z.infer<P>; request: FastifyRequest; reply: FastifyReply }) => Promise<R>;
  }

  function route<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = typeof NoQuery, P extends z.ZodType = typeof NoParams, R = unknown>(
    spec: RouteSpec<B, Q, P, R>,
  ): void {
    // Without a declared schema the route takes nothing: no body, no query string, no path parameters.
    const bodySchema = (spec.body ?? z.undefined()) as B;
    const querySchema = (spec.query ?? NoQuery) as Q;
    const paramsSchema = (spec.params ?? NoParams) as P;
    app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.access === 'public' ? {} : { preHandler: requireRole(...spec.access) }),
      handler: async (request, reply) => {
        const params = paramsSchema.safeParse(request.params ?? {});
        if (!params.success) throw invalidInput(params.error, 'path');
        const query = querySchema.safeParse(request.query ?? {});
        if (!query.success) throw invalidInput(query.error, 'query');
        const body = bodySchema.safeParse(request.body);
        if (!body.success) throw invalidInput(body.error, 'body');
        const result = await spec.handler({ body: body.data, query: query.data, params: params.data, request, reply });
        void reply.status(spec.status ?? 200);
        return result;
      },
    });
  }

  route({
    method: 'GET',
    url: '/v1/health',
    access: 'public',
    handler: async (): Promise<HealthResponse> => {
      await sql`SELECT 1`.execute(db);
      return { status: 'ok', protocol: SYNC_PROTOCOL_VERSION, time: clock() };
    },
  });

  route({
    method: 'POST',
    url: '/v1/auth/login',
    access: 'public',
    body: LoginRequest,
    handler: async ({ body, request }): Promise<LoginResponse> =>
      login(db, body.username, body.password, { now: clock(), address: request.ip, limits, sessionTtlMs }),
  });

  route({
    method: 'POST',
    url: '/v1/auth/logout',
    access: ALL_ROLES,
    body: z.union([z.undefined(), z.object({}).strict()]),
    handler: async ({ request }) => {
      await logout(db, request.auth!, clock(), request.ip);
      return { revoked: true };
    },
  });

  route({
    method: 'GET',
    url: '/v1/me',
    access: ALL_ROLES,
    handler: async ({ request }): Promise<MeResponse> => ({ user: request.auth!.user, expiresAt: request.auth!.expiresAt }),
  });

  route({
    method: 'POST',
    url: '/v1/sync/push',
    access: ALL_ROLES,
    body: PushRequest,
    handler: async ({ body, request }) => pushEvents(db, request.auth!.user, body, clock(), request.ip),
  });

  route({
    method: 'GET',
    url: '/v1/sync/pull',
    access: ALL_ROLES,
    query: PullQuery,
    handler: async ({ query, request }): Promise<PullResponse> => pullPage(db, request.auth!.user, query.cursor, query.limit),
  });

  route({
    method: 'GET',
    url: '/v1/sync/conflicts',
    access: ALL_ROLES,
    handler: async ({ request }): Promise<ConflictsResponse> => ({ conflicts: await listConflicts(db, request.auth!.user) }),
  });

  // The live WebSocket. Browsers cannot set headers on a WebSocket, so besides `Authorization: Bearer` the token
  // may come as `?token=`. The tradeoff: a URL can end up in proxy and access logs, so prefer the header where
  // the client can set it (the Electron main process can); our own logger redacts the parameter.
  const LiveQuery = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,128}$/).optional() }).strict();
  app.get(
    '/v1/sync/live',
    {
      websocket: true,
      preValidation: async (request) => {
        const query = LiveQuery.safeParse(request.query ?? {});
        if (!query.success) throw invalidInput(query.error, 'query');
        if (!request.auth && query.data.token) request.auth = await authenticate(db, query.data.token, clock());
        await requireRole(...ALL_ROLES)(request);
      },
    },
    (socket, request) => {
      let remove: (() => void) | null = null;
      let closed = false;
      socket.on('close', () => {
        closed = true;
        remove?.();
      });
      // Clients only listen; anything they send is ignored.
      void hub.add(request.auth!.user, socket).then((r) => (closed ? r() : (remove = r)), (error: unknown) => {
        request.log.error({ err: error }, 'live socket');
        socket.close(1011, 'internal');
      });
    },
  );

  route({
    method: 'GET',
    url: '/v1/accounts/:accountId',
    access: ALL_ROLES,
    params: z.object({ accountId: Id }).strict(),
    handler: async ({ params, request }) => {
      const account = await db.selectFrom('accounts').selectAll().where('id', '=', params.accountId).executeTakeFirst();
      const assignment = account ? (await assignmentsOf(db, [account.id])).get(account.id) ?? null : null;
      // Out of scope reads exactly like absent, so an agent cannot probe other teams' account ids.
      if (!account || !mayAccessAccount(request.auth!.user, assignment)) throw new HttpError(404, 'not_found', 'No such account');
      return {
        account: {
          id: account.id,
          customerId: account.customer_id,
          creditor: account.creditor,
          product: account.product,
          accountNumber: account.account_number,
          currency: account.currency,
          originalBalanceCents: Number(account.original_balance_cents),
          currentBalanceCents: Number(account.current_balance_cents),
          dueDate: account.due_date,
          status: account.status,
          boletoLine: account.boleto_line,
          pixKey: account.pix_key,
          version: Number(account.version),
        },
        assignment: assignment && { teamId: assignment.team_id, userId: assignment.user_id },
      };
    },
  });

  route({
    method: 'GET',
    url: '/v1/accounts',
    access: ALL_ROLES,
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict(),
    handler: async ({ query, request }) => {
      const rows = await db
        .selectFrom('accounts as a')
        .innerJoin('assignments as asg', 'asg.account_id', 'a.id')
        .select(['a.id'])
        .where(assignmentScope(request.auth!.user))
        .orderBy('a.id')
        .limit(query.limit)
        .execute();
      return { accountIds: rows.map((r) => r.id) };
    },
  });

  // Takes a device (an outbox's deviceId) out of service: its later pushes are refused with 403 device_revoked.
  route({
    method: 'POST',
    url: '/v1/admin/devices/revoke',
    access: ['admin'],
    body: z.object({ deviceId: z.string().min(1).max(64), reason: z.string().trim().min(1).max(500) }).strict(),
    handler: async ({ body, request }) => ({
      revocation: await revokeDevice(db, body.deviceId, body.reason, { userId: request.auth!.user.id, now: clock(), address: request.ip }),
    }),
  });

  route({
    method: 'GET',
    url: '/v1/admin/users',
    access: ['supervisor', 'admin'],
    handler: async ({ request }) => {
      const me = request.auth!.user;
      let q = db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'team_id', 'disabled']).orderBy('username');
      // A supervisor manages their own team only.
      if (me.role === 'supervisor') q = q.where('team_id', '=', me.teamId);
      const rows = await q.execute();
      return {
        users: rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, role: r.role, teamId: r.team_id, disabled: r.disabled })),
      };
    },
  });

  registerReportRoutes(app, { db, clock });
  registerImportRoutes(app, { db, clock });
  registerMessageRoutes(app, { db, clock, providers: options.messageProviders ?? {} });
  await registerSupervisionRoutes(app, { db, clock });

  return app;
}
