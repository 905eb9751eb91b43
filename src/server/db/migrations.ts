// The server's numbered, checksummed migrations: the same SQL on PGlite (PostgreSQL 18 in WebAssembly) and on
// PostgreSQL 15+. Never edit a released migration: add a new one. A database holding a migration this server
// does not know (a newer server wrote it) or one whose checksum differs is refused, never "repaired".
// Instants are bigint epoch milliseconds and calendar dates `YYYY-MM-DD` text, as on the client, so neither
// driver turns them into Date objects.
import { createHash } from 'node:crypto';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'users, sessions, portfolio, events, derived tables, change feed, audit',
    sql: `
CREATE TABLE teams (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at bigint NOT NULL
);

CREATE TABLE users (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  team_id text REFERENCES teams(id),
  disabled boolean NOT NULL DEFAULT false,
  created_at bigint NOT NULL
);
CREATE INDEX users_team ON users(team_id);

-- Only the sha256 of the opaque token is kept: a copy of this table does not let anyone sign in.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  expires_at bigint NOT NULL,
  revoked_at bigint,
  created_at bigint NOT NULL,
  address text
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL,
  address text NOT NULL,
  succeeded boolean NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX login_attempts_username ON login_attempts(username, at);
CREATE INDEX login_attempts_address ON login_attempts(address, at);

CREATE TABLE customers (
  id text PRIMARY KEY,
  name text NOT NULL,
  document_kind text NOT NULL CHECK (document_kind IN ('cpf', 'cnpj', 'other')),
  document text NOT NULL,
  phones jsonb NOT NULL DEFAULT '[]',
  emails jsonb NOT NULL DEFAULT '[]',
  address jsonb,
  time_zone text NOT NULL,
  language text NOT NULL,
  flags jsonb NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  updated_at bigint NOT NULL
);
CREATE INDEX customers_document ON customers(document);

CREATE TABLE accounts (
  id text PRIMARY KEY,
  customer_id text NOT NULL REFERENCES customers(id),
  creditor text NOT NULL,
  product text NOT NULL,
  account_number text NOT NULL,
  currency text NOT NULL,
  original_balance_cents bigint NOT NULL,
  current_balance_cents bigint NOT NULL,
  due_date text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'paid', 'closed')),
  boleto_line text,
  pix_key text,
  version bigint NOT NULL DEFAULT 1,
  updated_at bigint NOT NULL
);
CREATE INDEX accounts_customer ON accounts(customer_id);

-- Every assigned account belongs to a team; user_id NULL means the team's pool.
CREATE TABLE assignments (
  account_id text PRIMARY KEY REFERENCES accounts(id),
  team_id text NOT NULL REFERENCES teams(id),
  user_id text REFERENCES users(id),
  version bigint NOT NULL DEFAULT 1,
  assigned_at bigint NOT NULL,
  assigned_by text
);
CREATE INDEX assignments_team ON assignments(team_id, user_id);
CREATE INDEX assignments_user ON assignments(user_id);

-- Every event a client pushed, exactly once (the client's UUIDv7 is the key), accepted or rejected.
CREATE TABLE events (
  id uuid PRIMARY KEY,
  device_id text NOT NULL,
  seq bigint NOT NULL,
  user_id text NOT NULL REFERENCES users(id),
  type text NOT NULL,
  account_id text,
  payload jsonb NOT NULL,
  created_at bigint NOT NULL,
  received_at bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('accepted', 'rejected')),
  reject_reason text,
  CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
);
CREATE INDEX events_device ON events(device_id, seq);
CREATE INDEX events_account ON events(account_id);

CREATE TABLE contact_attempts (
  id text PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES events(id),
  account_id text NOT NULL REFERENCES accounts(id),
  customer_id text NOT NULL REFERENCES customers(id),
  channel text NOT NULL,
  direction text NOT NULL,
  number text,
  started_at bigint NOT NULL,
  answered_at bigint,
  ended_at bigint,
  sip_status integer,
  disposition text NOT NULL,
  agent_id text NOT NULL REFERENCES users(id),
  script_id text,
  script_version integer,
  script_variant text,
  strategy_variant text,
  notes text NOT NULL,
  device_id text NOT NULL,
  received_at bigint NOT NULL
);
CREATE INDEX contact_attempts_account ON contact_attempts(account_id, started_at);
CREATE INDEX contact_attempts_agent ON contact_attempts(agent_id, started_at);

CREATE TABLE promises (
  id text PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES events(id),
  account_id text NOT NULL REFERENCES accounts(id),
  attempt_id text,
  amount_cents bigint NOT NULL,
  currency text NOT NULL,
  due_date text NOT NULL,
  installments jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL CHECK (status IN ('pending', 'kept', 'broken', 'cancelled')),
  created_at bigint NOT NULL,
  resolved_at bigint,
  user_id text NOT NULL REFERENCES users(id),
  version bigint NOT NULL DEFAULT 1
);
CREATE INDEX promises_account ON promises(account_id, status);

CREATE TABLE callbacks (
  id text PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES events(id),
  account_id text NOT NULL REFERENCES accounts(id),
  attempt_id text,
  due_at bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'done', 'cancelled')),
  created_at bigint NOT NULL,
  resolved_at bigint,
  user_id text NOT NULL REFERENCES users(id),
  version bigint NOT NULL DEFAULT 1
);
CREATE INDEX callbacks_account ON callbacks(account_id, status);

-- The change feed pulls read. seq alone is not a safe cursor (sequence values are taken before commit, so a
-- lower seq can commit after a higher one); txid lets a pull fence its cursor with pg_snapshot_xmin.
CREATE TABLE changes (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity text NOT NULL,
  entity_id text NOT NULL,
  version bigint NOT NULL,
  -- scope: the account the row belongs to (assignment decides who sees it) or, for team-wide rows, the team
  account_id text,
  team_id text,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  changed_at bigint NOT NULL
);
CREATE INDEX changes_account ON changes(account_id, seq);
CREATE INDEX changes_team ON changes(team_id, seq);

CREATE TABLE audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at bigint NOT NULL,
  actor_user_id text,
  action text NOT NULL,
  subject text,
  detail jsonb NOT NULL DEFAULT '{}',
  address text
);
CREATE INDEX audit_at ON audit(at);

-- The audit log is append-only: no update or delete, whoever asks.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit is append-only';
END
$fn$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
`,
  },
  {
    id: 2,
    name: 'change feed scope and txid index, unique account numbers, payments, conflicts',
    sql: `
-- Rows whose scope is a user rather than an assignment (a conflict goes to the user who pushed it; an
-- access_revoked row to the previous assignee, team_id + user_id being the assignment they lost).
ALTER TABLE changes ADD COLUMN user_id text;
-- Late rows (committed behind a pull cursor) are found by txid; live pokes read one transaction's rows.
CREATE INDEX changes_txid ON changes(txid);
-- A pull skips rows superseded by a later row of the same entity.
CREATE INDEX changes_entity ON changes(entity, entity_id, seq);

-- Imports upsert by account number.
CREATE UNIQUE INDEX accounts_account_number ON accounts(account_number);

CREATE TABLE payments (
  id text PRIMARY KEY,
  -- The payment file's own id: re-importing a file records each payment once.
  external_id text NOT NULL UNIQUE,
  account_id text NOT NULL REFERENCES accounts(id),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  currency text NOT NULL,
  paid_on text NOT NULL,
  received_at bigint NOT NULL,
  source text NOT NULL
);
CREATE INDEX payments_account ON payments(account_id, paid_on);

-- A compare-and-set that lost: kept (never overwritten) and shown to the user whose device pushed it.
CREATE TABLE conflicts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity text NOT NULL,
  entity_id text NOT NULL,
  base_version bigint NOT NULL,
  current_version bigint NOT NULL,
  proposed jsonb NOT NULL,
  event_id uuid NOT NULL REFERENCES events(id),
  user_id text NOT NULL REFERENCES users(id),
  device_id text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX conflicts_user ON conflicts(user_id, id);
`,
  },
  {
    id: 3,
    name: 'account numbers unique per creditor, saved import column mappings',
    sql: `
-- Two creditors may both number an account "123": an import upserts by (creditor, account number).
DROP INDEX accounts_account_number;
CREATE UNIQUE INDEX accounts_creditor_account_number ON accounts(creditor, account_number);
-- Payment files and searches still find accounts by number alone.
CREATE INDEX accounts_account_number ON accounts(account_number);

-- The column mapping a creditor's portfolio files use (Quita field -> header), saved by a real import and
-- reused by the next one.
CREATE TABLE import_mappings (
  creditor text PRIMARY KEY,
  mapping jsonb NOT NULL,
  updated_at bigint NOT NULL,
  updated_by text REFERENCES users(id)
);
`,
  },
  {
    id: 4,
    name: 'device revocations',
    sql: `
-- A device (an outbox's deviceId) taken out of service, e.g. a lost laptop: its pushes are refused with
-- 403 device_revoked, nothing of them stored; each refusal is audited with this reason.
CREATE TABLE device_revocations (
  device_id text PRIMARY KEY,
  revoked_at bigint NOT NULL,
  revoked_by text REFERENCES users(id),
  reason text NOT NULL
);
`,
  },
  {
    id: 5,
    name: 'call-outcome report indexes',
    sql: `
-- The report reads attempts in (started_at, id) keyset pages over a period.
CREATE INDEX contact_attempts_started ON contact_attempts(started_at, id);
-- Each report row looks up its attempt's promise.
CREATE INDEX promises_attempt ON promises(attempt_id);
`,
  },
  {
    id: 6,
    name: 'follow-up messages and offer approval requests',
    sql: `
-- Follow-ups an agent did during a call (message.recorded): PIX code or boleto line copied, WhatsApp opened.
CREATE TABLE messages (
  id text PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES events(id),
  account_id text NOT NULL REFERENCES accounts(id),
  customer_id text NOT NULL REFERENCES customers(id),
  action text NOT NULL,
  channel text NOT NULL,
  recipient text,
  text text NOT NULL,
  at bigint NOT NULL,
  user_id text NOT NULL REFERENCES users(id),
  device_id text NOT NULL,
  received_at bigint NOT NULL
);
CREATE INDEX messages_account ON messages(account_id, at);

-- Offers beyond the pushing agent's authority (offer.approval_requested), for the supervisor screens. A request is
-- never an agreement: no promise row comes from it.
CREATE TABLE offer_approval_requests (
  id text PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES events(id),
  account_id text NOT NULL REFERENCES accounts(id),
  customer_id text NOT NULL REFERENCES customers(id),
  offer jsonb NOT NULL,
  role text NOT NULL,
  approvable_by text,
  violations jsonb NOT NULL,
  schedule jsonb NOT NULL,
  total_cents bigint NOT NULL,
  discount_cents bigint NOT NULL,
  summary text NOT NULL,
  note text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused', 'cancelled')),
  requested_at bigint NOT NULL,
  user_id text NOT NULL REFERENCES users(id),
  received_at bigint NOT NULL,
  version bigint NOT NULL DEFAULT 1
);
CREATE INDEX offer_approval_requests_pending ON offer_approval_requests(status, requested_at);
CREATE INDEX offer_approval_requests_account ON offer_approval_requests(account_id);
`,
  },
  {
    id: 7,
    name: 'script path of each contact attempt',
    sql: `
-- The way through the call script on the attempt (steps answered, objections raised, right-party verification as
-- the desk's replay found it), as the contact.logged event carried it; NULL when no script was followed.
ALTER TABLE contact_attempts ADD COLUMN script_path jsonb;
`,
  },
  {
    id: 8,
    name: 'outbound SMS and email',
    sql: `
-- SMS and email the server sent for agents (POST /v1/messages): the client's id makes a retry answer instead
-- of resending; status 'sending' is never resent automatically (a crash mid-send must not spam the customer).
CREATE TABLE outbound_messages (
  id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts(id),
  customer_id text NOT NULL REFERENCES customers(id),
  user_id text NOT NULL REFERENCES users(id),
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text NOT NULL,
  subject text,
  body text NOT NULL,
  provider text NOT NULL,
  status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  provider_message_id text,
  error text,
  created_at bigint NOT NULL,
  sent_at bigint
);
CREATE INDEX outbound_messages_customer ON outbound_messages(customer_id, created_at);
`,
  },
  {
    id: 9,
    name: 'agent states for the supervisor console',
    sql: `
-- Each agent's state now (available, on a call, wrap-up, paused with a reason; offline when the desk stopped
-- reporting). Times are the server's: a desk's clock only places the call start relative to its own report.
CREATE TABLE agent_states (
  user_id text PRIMARY KEY REFERENCES users(id),
  state text NOT NULL CHECK (state IN ('available', 'on_call', 'wrap_up', 'paused', 'offline')),
  reason text,
  since bigint NOT NULL,
  call_started_at bigint,
  client_at bigint NOT NULL,
  last_seen_at bigint NOT NULL
);

-- Append-only: every change of state, for handle time, productive hours and pauses. A row lasts until the
-- user's next row (an 'offline' row is written when a desk went quiet before it reports again).
CREATE TABLE agent_state_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  state text NOT NULL CHECK (state IN ('available', 'on_call', 'wrap_up', 'paused', 'offline')),
  reason text,
  at bigint NOT NULL,
  client_at bigint
);
CREATE INDEX agent_state_history_user ON agent_state_history(user_id, at);
CREATE INDEX agent_state_history_at ON agent_state_history(at);
CREATE TRIGGER agent_state_history_no_change BEFORE UPDATE OR DELETE ON agent_state_history
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();

-- Amount collected over a period reads payments by date.
CREATE INDEX payments_paid_on ON payments(paid_on);
`,
  },
];

export function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql.trim()).digest('hex');
}

export const latestMigrationId = Math.max(...migrations.map((m) => m.id));
