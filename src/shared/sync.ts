// The sync protocol between a Quita client (src/main/services/sync) and the server (src/server): the event
// envelope, the payload each event type carries, push request/response, auth bodies and the error shape.
// Pure: zod only. Successful responses are the plain bodies below; failures are `{ ok: false, error }` with a
// stable `code` the client translates.
import { z } from 'zod';
import { Offer } from './domain/offer/offer';
import { Account, CalendarDate, Callback, ContactAttempt, Customer, CustomerFlags, Id, Instant, Payment, PaymentPromise, Phone } from './model';

/** Bumped when a change would break older clients; the server refuses protocols it does not speak. */
export const SYNC_PROTOCOL_VERSION = 1;
/** The request header a client names its protocol in; a server refuses a newer one with 426 `protocol_unsupported`. */
export const PROTOCOL_HEADER = 'x-quita-protocol';

export const ServerErrorCode = z.enum([
  'invalid_input', // the body, query or params failed the route's schema (or was not JSON)
  'unauthenticated', // no token, or an unknown, expired or revoked one
  'invalid_credentials', // wrong username or password (never says which)
  'rate_limited', // too many failed logins for this username or from this address; see Retry-After
  'forbidden', // the role may not call this route
  'not_found', // absent or outside the caller's scope (the two are not told apart)
  'payload_too_large',
  'invalid_cursor', // a pull cursor this server never issued (malformed, or from the future): start a full sync
  'protocol_unsupported', // the client speaks a newer sync protocol (x-quita-protocol) than this server: update the server
  'device_revoked', // the pushing device was revoked by an administrator: nothing of the push was stored
  'contact_blocked', // the customer may not be contacted (do-not-contact, cease, dispute, deceased, bankruptcy)
  'recipient_not_on_file', // a message to an address or number that is not the customer's
  'provider_unavailable', // no SMS/email provider is configured on this server for that channel
  'provider_failed', // the SMS/email provider refused or could not be reached; see the message
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
/**
 * `promise.broken`: the day after a due date passed without the payments covering it (promise-schedule.ts). The
 * server applies it only to a promise still pending there: one its payment import already found kept stays kept.
 */
export const PromiseBroken = z.object({ accountId: Id, promiseId: Id, brokenOn: CalendarDate, at: Instant }).strict();
export type PromiseBroken = z.infer<typeof PromiseBroken>;
export const CallbacksCompleted = z.object({ accountId: Id, callbackIds: z.array(Id).min(1).max(100), at: Instant });

/**
 * `customer.updated`: a compare-and-set on the customer's mutable shared fields. The server applies it only if
 * the customer's version still equals `baseVersion` (then version + 1); otherwise it stores a conflict (pulled as
 * a `conflict` change) and rejects the event with reason `conflict`. Nothing is overwritten silently.
 * `phones` and `emails` replace the lists; `flags` sets only the flags it names. `accountId` is the account
 * the agent is working (it decides scope: the customer must be that account's).
 */
export const CustomerUpdated = z
  .object({
    customerId: Id,
    accountId: Id,
    baseVersion: z.number().int().min(1),
    changes: z
      .object({
        phones: z.array(Phone).max(20).optional(),
        emails: z.array(z.string().max(254)).max(20).optional(),
        flags: CustomerFlags.partial().optional(),
      })
      .strict()
      .refine((c) => c.phones !== undefined || c.emails !== undefined || c.flags !== undefined, 'no change given'),
    at: Instant,
  })
  .strict();
export type CustomerUpdated = z.infer<typeof CustomerUpdated>;

/** `message.recorded`: a follow-up during the call (PIX code copied, boleto line copied, WhatsApp opened). */
export const MessageRecorded = z
  .object({
    id: Id,
    accountId: Id,
    customerId: Id,
    action: z.enum(['pix_copied', 'boleto_copied', 'whatsapp_opened', 'sms_sent', 'email_sent']),
    channel: z.enum(['phone', 'whatsapp', 'sms', 'email']),
    /** E.164 for WhatsApp and SMS, an address for email; null for a copy. */
    to: z.string().max(254).nullable(),
    text: z.string().max(4000),
    at: Instant,
  })
  .strict();
export type MessageRecorded = z.infer<typeof MessageRecorded>;

/**
 * `offer.approval_requested`: an offer beyond the agent's authority waiting for a supervisor. It is a request,
 * never an agreement: no promise exists until someone with the authority accepts it.
 */
export const OfferApprovalRequested = z
  .object({
    id: Id,
    accountId: Id,
    customerId: Id,
    offer: Offer,
    role: Role,
    approvableBy: Role.nullable(),
    violations: z.array(z.object({ code: z.string().max(64), params: z.record(z.string(), z.union([z.string(), z.number()])) })).max(20),
    schedule: z.array(z.object({ dueDate: CalendarDate, amountCents: z.number().int() })).max(700),
    totalCents: z.number().int(),
    discountCents: z.number().int().min(0),
    summary: z.string().max(2000),
    note: z.string().max(2000),
    at: Instant,
  })
  .strict();
export type OfferApprovalRequested = z.infer<typeof OfferApprovalRequested>;

/** Each event type with the schema of its payload. A type not listed here is stored as rejected. */
export const eventPayloads = {
  'customer.updated': CustomerUpdated,
  'contact.logged': ContactAttempt,
  'promise.made': PaymentPromise,
  'promise.cancelled': PromisesCancelled,
  'promise.broken': PromiseBroken,
  'callback.scheduled': Callback,
  'callback.completed': CallbacksCompleted,
  'message.recorded': MessageRecorded,
  'offer.approval_requested': OfferApprovalRequested,
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
  'conflict', // customer.updated whose baseVersion is stale: a conflict row was stored (see the pull's `conflict` changes)
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
//
// GET /v1/sync/pull?cursor=<PullCursor as "seq.xmin">&limit=<1..5000, default 1000>
//   → PullResponse. No cursor = a full initial sync: pages of the accounts in scope (`limit` accounts a page, each
//   with its customer, assignment and history), then a feed cursor that brings what changed meanwhile. Keep
//   calling with the returned cursor while `hasMore`; then wait for a live poke (or poll). Store the cursor only after the page's rows
//   are committed locally: a page applied twice is harmless (rows carry versions; apply a row only if its
//   version is newer than the local one), a page skipped is not.
// GET /v1/sync/conflicts → ConflictsResponse: every conflict of the caller's own pushes (also pulled as changes).
// GET /v1/sync/live (WebSocket; `Authorization: Bearer <token>` or `?token=<token>`) → LivePoke messages.

/**
 * A pull cursor: the feed position already seen plus the transaction-id fence (`pg_snapshot_xmin` when the
 * page was read), so rows committed later by transactions that started earlier are not skipped.
 * On the wire (the `cursor` query parameter and PullResponse.cursor) it is the string "<seq>.<xmin>".
 */
export const PullCursor = z.object({
  seq: z.number().int().min(0),
  /** xid8 as a decimal string (64-bit). */
  xmin: z.string().regex(/^\d{1,20}$/),
});
export type PullCursor = z.infer<typeof PullCursor>;

export const encodePullCursor = (c: PullCursor): string => `${c.seq}.${c.xmin}`;
/** null when the text is not a cursor this protocol writes. */
export function decodePullCursor(text: string): PullCursor | null {
  const m = /^(\d{1,15})\.(\d{1,20})$/.exec(text);
  if (!m) return null;
  const parsed = PullCursor.safeParse({ seq: Number(m[1]), xmin: m[2] });
  return parsed.success ? parsed.data : null;
}

/** Entities as the server's change feed stores them. */
export const ChangeEntity = z.enum([
  'customer',
  'account',
  'assignment',
  'contact_attempt',
  'promise',
  'callback',
  'payment',
  'conflict',
  'access_revoked',
]);
export type ChangeEntity = z.infer<typeof ChangeEntity>;

export const MAX_PULL_LIMIT = 5000;
export const PullQuery = z
  .object({
    // A feed cursor ("seq.xmin") or, during an initial sync, the server's snapshot position (up to ~130 characters).
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(1000),
  })
  .strict();
export type PullQuery = z.infer<typeof PullQuery>;

export const AssignmentData = z.object({ accountId: Id, teamId: Id, userId: Id.nullable() });
export type AssignmentData = z.infer<typeof AssignmentData>;

export const CallbackData = Callback.extend({ resolvedAt: Instant.nullable() });
export type CallbackData = z.infer<typeof CallbackData>;

/** A stored conflict: a `customer.updated` whose baseVersion was stale. `current` is the customer now. */
export const Conflict = z.object({
  id: z.string(),
  entity: z.literal('customer'),
  entityId: Id,
  baseVersion: z.number().int(),
  currentVersion: z.number().int(),
  proposed: CustomerUpdated.shape.changes,
  eventId: z.uuid(),
  deviceId: z.string(),
  createdAt: Instant,
  current: Customer.nullable(),
});
export type Conflict = z.infer<typeof Conflict>;

const change = <E extends string, D extends z.ZodType>(entity: E, data: D) =>
  z.object({
    /** Feed position (informational; resume with the page's `cursor`, not with this). */
    seq: z.number().int(),
    entity: z.literal(entity),
    id: z.string(),
    /** The entity's version now (the row is its current state, not the state at `seq`). */
    version: z.number().int(),
    data,
  });

/**
 * One row of a pull page: the entity's current state. `access_revoked` means the account (id) left the
 * caller's scope: drop it and its history locally. Within a page each entity appears at most once.
 */
export const PullChange = z.discriminatedUnion('entity', [
  change('customer', Customer),
  change('account', Account),
  change('assignment', AssignmentData),
  change('contact_attempt', ContactAttempt),
  change('promise', PaymentPromise),
  change('callback', CallbackData),
  change('payment', Payment),
  change('conflict', Conflict),
  change('access_revoked', z.object({ accountId: Id })),
]);
export type PullChange = z.infer<typeof PullChange>;

export const PullResponse = z.object({
  /**
   * In feed order. May hold more than `limit` rows when transactions that were running at the previous pull committed
   * rows behind the cursor; an initial-sync page holds `limit` accounts with everything that belongs to them.
   */
  changes: z.array(PullChange),
  /** Send it back as `cursor` on the next pull. */
  cursor: z.string(),
  /** More rows are ready now: pull again at once. */
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const ConflictsResponse = z.object({ conflicts: z.array(Conflict) });
export type ConflictsResponse = z.infer<typeof ConflictsResponse>;

/** What the live WebSocket sends: the feed advanced (in the caller's scope) up to at least `seq`: pull. */
export const LivePoke = z.object({ type: z.literal('changed'), seq: z.number().int() });
export type LivePoke = z.infer<typeof LivePoke>;

export const HealthResponse = z.object({ status: z.literal('ok'), protocol: z.number().int(), time: Instant });
export type HealthResponse = z.infer<typeof HealthResponse>;
