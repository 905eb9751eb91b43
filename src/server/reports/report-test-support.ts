// Test-only helpers of the report suites: attempts and promises written straight into the server's tables
// (the report reads tables, not events), and a small RFC 4180 reader to parse exported CSV back.
import { v7 as uuidv7 } from 'uuid';
import { jsonb, type ServerDb } from '../db/database';

export async function insertEvent(db: ServerDb, userId: string): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('events')
    .values({ id, device_id: 'dev-test', seq: 1, user_id: userId, type: 'contact.logged', account_id: null, payload: jsonb({}), created_at: 0, received_at: 0, status: 'accepted', reject_reason: null })
    .execute();
  return id;
}

export interface AttemptInput {
  id: string;
  accountId: string;
  agentId: string;
  startedAt: number;
  endedAt?: number | null;
  disposition: string;
  notes?: string;
  number?: string | null;
  scriptId?: string | null;
  scriptVersion?: number | null;
  scriptVariant?: string | null;
  strategyVariant?: string | null;
  receivedAt?: number;
}

export async function insertAttempt(db: ServerDb, eventId: string, a: AttemptInput): Promise<void> {
  await db
    .insertInto('contact_attempts')
    .values({
      id: a.id,
      event_id: eventId,
      account_id: a.accountId,
      customer_id: `cus-${a.accountId}`,
      channel: 'phone',
      direction: 'outbound',
      number: a.number ?? null,
      started_at: a.startedAt,
      answered_at: null,
      ended_at: a.endedAt ?? null,
      sip_status: null,
      disposition: a.disposition,
      agent_id: a.agentId,
      script_id: a.scriptId ?? null,
      script_version: a.scriptVersion ?? null,
      script_variant: a.scriptVariant ?? null,
      strategy_variant: a.strategyVariant ?? null,
      notes: a.notes ?? '',
      device_id: 'dev-test',
      received_at: a.receivedAt ?? 1,
    })
    .execute();
}

export async function insertPromise(
  db: ServerDb,
  eventId: string,
  p: { attemptId: string; accountId: string; userId: string; amountCents: number; dueDate: string; status?: string; createdAt?: number },
): Promise<void> {
  await db
    .insertInto('promises')
    .values({
      id: uuidv7(),
      event_id: eventId,
      account_id: p.accountId,
      attempt_id: p.attemptId,
      amount_cents: p.amountCents,
      currency: 'BRL',
      due_date: p.dueDate,
      installments: jsonb([]),
      status: p.status ?? 'pending',
      created_at: p.createdAt ?? 1,
      resolved_at: null,
      user_id: p.userId,
    })
    .execute();
}

/** RFC 4180: fields split on `separator`, quoted fields may hold it, quotes doubled, CR/LF inside quotes. */
export function readCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (field !== '') throw new Error(`stray quote in an unquoted field at ${i}`);
      quoted = true;
    } else if (ch === separator) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`bare line break at ${i}: lines must end in CRLF`);
    } else {
      field += ch;
    }
    i += 1;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
