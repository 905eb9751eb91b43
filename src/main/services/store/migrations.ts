// Numbered, checksummed migrations. Never edit a released migration: add a new one. A database whose
// applied list holds an id this app does not know (written by a newer Quita) or whose checksum differs from
// ours is refused, never "repaired". Removed columns' names are never reused (see schema-snapshot test).
import { createHash } from 'node:crypto';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'core entities and outbox',
    sql: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  document_kind TEXT NOT NULL CHECK (document_kind IN ('cpf','cnpj','other')),
  document TEXT NOT NULL,
  phones_json TEXT NOT NULL DEFAULT '[]',
  emails_json TEXT NOT NULL DEFAULT '[]',
  address_json TEXT,
  time_zone TEXT NOT NULL,
  language TEXT NOT NULL,
  flags_json TEXT NOT NULL,
  -- lower-cased, accent-free name + document digits + phone digits: one LIKE serves the queue search
  search_text TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX customers_document ON customers(document);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  creditor TEXT NOT NULL,
  product TEXT NOT NULL,
  account_number TEXT NOT NULL,
  currency TEXT NOT NULL,
  original_balance_cents INTEGER NOT NULL,
  current_balance_cents INTEGER NOT NULL,
  due_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','paid','closed')),
  boleto_line TEXT,
  pix_key TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  -- derived from promises/callbacks, kept in the same transaction that changes them (queue ordering)
  pending_promise_date TEXT,
  pending_callback_at INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX accounts_customer ON accounts(customer_id);
-- Covers the worklist's filter and sort, so ranking 50,000 accounts never touches the table rows.
CREATE INDEX accounts_queue ON accounts(status, due_date, current_balance_cents, pending_promise_date, pending_callback_at, id);
CREATE INDEX accounts_number ON accounts(account_number);

-- One compact row per account (customer name, document, phones, account number, folded) so a queue search
-- scans a few megabytes instead of the customers table with its JSON columns.
CREATE TABLE queue_search (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id),
  text TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  amount_cents INTEGER NOT NULL,
  currency TEXT NOT NULL,
  paid_on TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  source TEXT NOT NULL
) STRICT;
CREATE INDEX payments_account ON payments(account_id, received_at);

-- Clustered by (account_id, id), WITHOUT ROWID: the account's timeline is a range of the primary key and a
-- retried save (id = the client's requestId) is one key probe, with no secondary index to write — each index
-- is another page in the durable commit of the hot write path (logging an outcome).
CREATE TABLE contact_attempts (
  id TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  customer_id TEXT NOT NULL REFERENCES customers(id),
  channel TEXT NOT NULL,
  direction TEXT NOT NULL,
  number TEXT,
  started_at INTEGER NOT NULL,
  answered_at INTEGER,
  ended_at INTEGER,
  sip_status INTEGER,
  disposition TEXT NOT NULL,
  agent_id TEXT,
  script_id TEXT,
  script_version INTEGER,
  script_variant TEXT,
  strategy_variant TEXT,
  notes TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (account_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE promises (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  attempt_id TEXT, -- the attempt that made it (same account)
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  currency TEXT NOT NULL,
  due_date TEXT NOT NULL,
  installments_json TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL CHECK (status IN ('pending','kept','broken','cancelled')),
  created_at INTEGER NOT NULL,
  resolved_at INTEGER
) STRICT;
-- (account_id, status, ...) so an account's pending promise/callback is one index probe, not a scan of all pending
CREATE INDEX promises_account ON promises(account_id, status, due_date);
CREATE INDEX promises_pending ON promises(status, due_date);

CREATE TABLE callbacks (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  attempt_id TEXT, -- the attempt that made it (same account)
  due_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','done','cancelled')),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX callbacks_account ON callbacks(account_id, status, due_at);

CREATE TABLE scripts (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  body_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (id, version)
) STRICT;

CREATE TABLE policies (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  body_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (id, version)
) STRICT;

-- What the agent did, waiting to be pushed. Written in the same transaction as the change it records.
-- AUTOINCREMENT: the per-device sequence never reuses a number, even after the outbox was emptied by acks.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  -- UUIDv7 made here; not indexed: the outbox only holds what is not yet acknowledged, so acks scan it.
  id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  type TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
`,
  },
  {
    id: 2,
    name: 'sync rejections',
    sql: `
-- Events the server acknowledged but stored as rejected: they leave the outbox (they must never block it)
-- and stay here so the agent and support can see what did not count, and why.
CREATE TABLE sync_rejections (
  event_id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT,
  rejected_at INTEGER NOT NULL
) STRICT;
`,
  },
  {
    id: 3,
    name: 'account priority and leases',
    sql: `
-- One precomputed row per account: its score and reasons under the strategy in force (minus what depends on the
-- clock: a callback due now and the calling window open now are applied at query time), refreshed in the
-- transaction that changes the account's history and for every account when the office day or strategy changes.
CREATE TABLE account_priority (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id),
  score REAL NOT NULL,
  reasons_json TEXT NOT NULL,
  evidence_json TEXT NOT NULL,
  strategy_id TEXT NOT NULL,
  strategy_version INTEGER NOT NULL,
  variant TEXT NOT NULL,
  scored_for_day TEXT NOT NULL,
  -- The policy's answer without the calling window: NULL = nothing in the history blocks a call; else the instant
  -- the history-based rules (caps, gaps, quiet period, pending promise) allow one; 8.64e15 = never (a flag).
  blocked_until INTEGER,
  -- The customer's effective zone and region ("America/Sao_Paulo|SP"): the calling window is open or closed for
  -- a whole group at once, so the query checks a handful of keys instead of evaluating every account.
  window_key TEXT NOT NULL,
  time_zone_fallback INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
CREATE INDEX account_priority_rank ON account_priority(score DESC, account_id);

-- queue:next hands an account to one caller at a time (holder = a window/tab id); a lease lapses at expires_at.
CREATE TABLE leases (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id),
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX leases_holder ON leases(holder);

-- Callbacks due now jump the queue: found by probing this index, not by sorting the worklist.
CREATE INDEX accounts_callback_due ON accounts(pending_callback_at) WHERE pending_callback_at IS NOT NULL;
`,
  },
  {
    id: 4,
    name: 'priority scoring key',
    sql: `
-- What a priority row was computed for: "<office day>|<strategy document version>|<policy document version>".
-- Rows with another key are stale: a restart on the same day serves the stored order at once and rescores only
-- those (found through the index), not all 50,000 accounts. '' = never keyed (rows from before this migration).
ALTER TABLE account_priority ADD COLUMN scored_with TEXT NOT NULL DEFAULT '';
CREATE INDEX account_priority_scored_with ON account_priority(scored_with);
-- What the worklist page reads of every candidate row (score, history block, window group), without the reasons
-- and evidence JSON that make up most of the table: a cold first page reads ~3 MB of index, not ~25 MB of rows.
CREATE INDEX account_priority_queue ON account_priority(account_id, score, blocked_until, window_key);
`,
  },
  {
    id: 5,
    name: 'follow-up messages and offer approval requests',
    sql: `
-- What the agent sent or handed over during the call (PIX code copied, boleto line copied, WhatsApp opened):
-- messages in the account's history. id = the client's requestId, so a retried record is one key probe.
CREATE TABLE follow_up_messages (
  id TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  customer_id TEXT NOT NULL REFERENCES customers(id),
  action TEXT NOT NULL CHECK (action IN ('pix_copied','boleto_copied','whatsapp_opened')),
  channel TEXT NOT NULL,
  recipient TEXT,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
) STRICT, WITHOUT ROWID;

-- Offers beyond the agent's authority, waiting for a supervisor. Never an agreement: no promise is written.
CREATE TABLE offer_approval_requests (
  id TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  customer_id TEXT NOT NULL REFERENCES customers(id),
  offer_json TEXT NOT NULL,
  role TEXT NOT NULL,
  approvable_by TEXT,
  violations_json TEXT NOT NULL,
  schedule_json TEXT NOT NULL,
  total_cents INTEGER NOT NULL,
  discount_cents INTEGER NOT NULL,
  summary TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','refused','cancelled')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
) STRICT, WITHOUT ROWID;
`,
  },
  {
    id: 6,
    name: 'script documents per variant, script rules, the script path of each attempt',
    sql: `
-- Call scripts as validated JSON documents. Keyed by variant too: the scripts table of migration 1 keys by
-- (id, version) only, so the A and B variants of one version could not both be kept. Rows are never updated:
-- an attempt names (id, variant, version), and main replays its path on exactly that document.
CREATE TABLE script_documents (
  id TEXT NOT NULL,
  variant TEXT NOT NULL,
  version INTEGER NOT NULL,
  body_json TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('default','import','sync')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (id, variant, version)
) STRICT, WITHOUT ROWID;

-- Which script to suggest for an account (script/select.ts ScriptRules); the highest version is in force.
CREATE TABLE script_rules (
  version INTEGER PRIMARY KEY,
  body_json TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- The path through the script on this attempt (steps answered, objections raised), as JSON; NULL without a script.
ALTER TABLE contact_attempts ADD COLUMN script_path_json TEXT;
`,
  },
  {
    id: 7,
    name: 'SMS and email sent through the server in the follow-up history',
    sql: `
-- SQLite cannot widen a CHECK in place: the table is rebuilt with the two new actions, rows kept as they were.
CREATE TABLE follow_up_messages_v7 (
  id TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  customer_id TEXT NOT NULL REFERENCES customers(id),
  action TEXT NOT NULL CHECK (action IN ('pix_copied','boleto_copied','whatsapp_opened','sms_sent','email_sent')),
  channel TEXT NOT NULL,
  recipient TEXT,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
) STRICT, WITHOUT ROWID;
INSERT INTO follow_up_messages_v7 SELECT id, account_id, customer_id, action, channel, recipient, text, created_at FROM follow_up_messages;
DROP TABLE follow_up_messages;
ALTER TABLE follow_up_messages_v7 RENAME TO follow_up_messages;
`,
  },
];

export function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql.trim()).digest('hex');
}

export const latestMigrationId = Math.max(...migrations.map((m) => m.id));
