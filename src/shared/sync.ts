// The sync protocol between a Quita client (src/main/services/sync) and the server (src/server): the event
// envelope, the payload each event type carries, push request/response, auth bodies and the error shape.
// Pure: zod only. Successful responses are the plain bodies below; failures are `{ ok: false, error }` with a
// stable `code` the client translates.
import { z } from 'zod';
import { Callback, ContactAttempt, Id, Instant, PaymentPromise } from './model';

/** Bumped when a change would break older clients; the server refuses protocols it does not speak. */
export const SYNC_PROTOCOL_VERSION = 1;

export const ServerErrorCode = z.enum([
  'invalid_input', // the body, query or params failed the route's schema (or was not JSON)
  'unauthenticated', // no token, or an unknown, expired or revoked one
  'invalid_credentials', // wrong username or password (never says which)
  'rate_limited', // too many failed logins for this username or from this address; see Retry-After
  'forbidden', // the role may not call this route
  'not_found', // absent or outside the caller's scope (the two are not told apart)
  'payload_too_large',
  'internal',
]);
export type ServerErrorCode = z.infer<typeof ServerErrorCode>;

export const ServerError = z.object({
  ok: z.literal(false),
  error: z.object({
    code: ServerErrorCode,
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ServerError = z.infer<typeof ServerError>;

// ---- auth ---------------------------------------------------------------------------------------------------

export const Role = z.enum(['agent', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._@-]{2,64}$/, 'letters, digits and . _ @ - only (2 to 64)');

export const LoginRequest = z.object({ username: Username, password: z.string().min(1).max(1024) }).strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionUser = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  teamId: Id.nullable(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const LoginResponse = z.object({ token: z.string(), expiresAt: Instant, user: SessionUser });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const MeResponse = z.object({ user: SessionUser, expiresAt: Instant });
export type MeResponse = z.infer<typeof MeResponse>;

// ---- events -------------------------------------------------------------------------------------------------

/** What a `promise.cancelled` / `callback.completed` event carries (see src/main/handlers.ts). */
export const PromisesCancelled = z.object({ accountId: Id, promiseIds: z.array(Id).min(1).max(100), at: Instant });
export const CallbacksCompleted = z.object({ accountId: Id, callbackIds: z.array(Id).min(1).max(100), at: Instant });

/** Each event type with the schema of its payload. A type not listed here is stored as rejected. */
export const eventPayloads = {
  'contact.logged': ContactAttempt,
  'promise.made': PaymentPromise,
  'promise.cancelled': PromisesCancelled,
  'callback.scheduled': Callback,
  'callback.completed': CallbacksCompleted,
} as const;
export type EventType = keyof typeof eventPayloads;
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventPayloads, type);

/**
 * The envelope as the client's outbox holds it. Only the envelope is checked strictly (a broken envelope is a
 * client bug and fails the whole request); the payload is checked per type and a bad one is stored rejected.
 */
export const EventEnvelope = z.object({
  /** UUIDv7 made by the client: the event's identity, so a retried push never doubles it. */
  id: z.uuid(),
  deviceId: z.string().min(1).max(64),
  /** Per-device sequence of the outbox; informational (ordering within one device), never a key. */
  seq: z.number().int().min(0),
  type: z.string().min(1).max(64),
  payload: z.unknown(),
  /** The client's clock: shown, never used to order anything. */
  createdAt: Instant,
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

export const MAX_PUSH_EVENTS = 1000;

export const PushRequest = z
  .object({
    deviceId: z.string().min(1).max(64),
    events: z.array(EventEnvelope).max(MAX_PUSH_EVENTS),
  })
  .strict();
export type PushRequest = z.infer<typeof PushRequest>;

export const RejectReason = z.enum([
  'unknown_type', // the server does not know this event type
  'invalid_payload', // the payload failed its type's schema
  'unknown_account', // the account does not exist on the server
  'not_assigned', // the account is outside the pushing user's scope
  'customer_mismatch', // the payload names a customer that is not the account's
  'device_mismatch', // the event's deviceId is not the pushing device's
]);
export type RejectReason = z.infer<typeof RejectReason>;

export const PushResponse = z.object({
  /** Every event of the request that the server now holds (accepted or rejected): delete these from the outbox. */
  acknowledged: z.array(z.uuid()),
  /** The acknowledged events stored as rejected, with why. */
  rejected: z.array(z.object({ id: z.uuid(), reason: RejectReason, detail: z.string().optional() })),
});
export type PushResponse = z.infer<typeof PushResponse>;

// ---- pull (the change feed) ---------------------------------------------------------------------------------

/**
 * A pull cursor: the feed position already seen plus the transaction-id fence (`pg_snapshot_xmin` when the
 * page was read), so rows committed later by transactions that started earlier are not skipped.
 */
export const PullCursor = z.object({
  seq: z.number().int().min(0),
  /** xid8 as a decimal string (64-bit). */
  xmin: z.string().regex(/^\d{1,20}$/),
});
export type PullCursor = z.infer<typeof PullCursor>;

export const ChangeEntity = z.enum(['customer', 'account', 'assignment', 'contact_attempt', 'promise', 'callback']);
export type ChangeEntity = z.infer<typeof ChangeEntity>;

export const HealthResponse = z.object({ status: z.literal('ok'), protocol: z.number().int(), time: Instant });
export type HealthResponse = z.infer<typeof HealthResponse>;
