// One report row as the writers see it: the office's wall clock, the document masked or whole, the disposition
// in the report's language. Shared by the CSV and XLSX writers so both files say the same thing.
import { localTimeParts, toEpochDay } from '../../shared/domain/dates';
import { maskDocument } from '../../shared/domain/document';
import { toDecimalString } from '../../shared/domain/money';
import type { Currency, Locale } from '../../shared/model';
import { WORDS } from './labels';
import type { OutcomeRecord } from './outcomes-query';

const MS_PER_DAY = 86_400_000;
const BUCKET_MS = 15 * 60_000;

/**
 * Epoch ms → the same instant's wall clock in `timeZone`, expressed as a UTC timestamp (so `getUTC*` read the
 * local fields and Excel, which has no zones, gets the office's time). Intl is slow, and a million rows would
 * spend seconds in it: the zone's offset is looked up once per quarter hour (every tz transition since 1970
 * falls on a quarter hour).
 */
export class OfficeClock {
  private readonly offsets = new Map<number, number>();
  constructor(readonly timeZone: string) {}

  wall(instantMs: number): number {
    const bucket = Math.floor(instantMs / BUCKET_MS);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      const start = bucket * BUCKET_MS;
      const local = localTimeParts(start, this.timeZone);
      offset = toEpochDay(local.date) * MS_PER_DAY + local.minutes * 60_000 - start;
      if (this.offsets.size > 200_000) this.offsets.clear();
      this.offsets.set(bucket, offset);
    }
    return instantMs + offset;
  }
}

export interface ReportRow {
  /** The office's wall clock as a UTC timestamp (see OfficeClock). */
  wallMs: number;
  agent: string;
  customer: string;
  document: string;
  accountNumber: string;
  portfolio: string;
  number: string;
  durationSeconds: number | null;
  disposition: string;
  promiseDate: string | null;
  promiseAmountCents: number | null;
  currency: Currency | null;
  notes: string;
  scriptId: string;
  scriptVariant: string;
  strategyVariant: string;
}

export function toReportRow(r: OutcomeRecord, clock: OfficeClock, locale: Locale, fullDocuments: boolean): ReportRow {
  const kind = r.document_kind === 'cpf' || r.document_kind === 'cnpj' ? r.document_kind : 'other';
  return {
    wallMs: clock.wall(r.started_at),
    agent: r.agent_name,
    customer: r.customer_name,
    document: fullDocuments ? r.document : maskDocument(kind, r.document),
    accountNumber: r.account_number,
    portfolio: r.creditor,
    number: r.number ?? '',
    // Whole call, dialling included; an attempt with no end (not a call, or the end never came) has none.
    durationSeconds: r.ended_at === null ? null : Math.max(0, Math.round((r.ended_at - r.started_at) / 1000)),
    disposition: WORDS[locale].dispositions[r.disposition] ?? r.disposition,
    promiseDate: r.promise_due_date,
    promiseAmountCents: r.promise_amount_cents,
    currency: (r.promise_currency as Currency | null) ?? null,
    notes: r.notes,
    scriptId: r.script_id === null ? '' : r.script_version === null ? r.script_id : `${r.script_id} v${r.script_version}`,
    scriptVariant: r.script_variant ?? '',
    strategyVariant: r.strategy_variant ?? '',
  };
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const pad2 = (n: number) => TWO_DIGITS[n] ?? String(n);
const dayCache = new Map<string, string>();

/**
 * pt-BR "15/06/2025 14:03:09", en "2025-06-15 14:03:09" (ISO order: what every spreadsheet reads as a date).
 * Runs once per exported row: the date part is cached per day, the time is plain arithmetic.
 */
export function formatWallDateTime(wallMs: number, locale: Locale): string {
  const day = Math.floor(wallMs / MS_PER_DAY);
  const key = `${locale}|${day}`;
  let date = dayCache.get(key);
  if (date === undefined) {
    const d = new Date(day * MS_PER_DAY);
    date = formatYmd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), locale);
    if (dayCache.size > 50_000) dayCache.clear();
    dayCache.set(key, date);
  }
  const seconds = Math.floor((wallMs - day * MS_PER_DAY) / 1000);
  return `${date} ${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}`;
}

/** A calendar date 'YYYY-MM-DD' in the locale's order. */
export function formatCalendarDate(date: string, locale: Locale): string {
  return locale === 'pt-BR' ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : date;
}

function formatYmd(y: number, m: number, d: number, locale: Locale): string {
  return locale === 'pt-BR' ? `${pad2(d)}/${pad2(m)}/${y}` : `${y}-${pad2(m)}-${pad2(d)}`;
}

/** A plain decimal a spreadsheet parses in that locale: pt-BR "1234,56", en "1234.56" (no grouping, no symbol). */
export function formatAmount(amountCents: number, currency: Currency, locale: Locale): string {
  const text = toDecimalString(amountCents, currency);
  return locale === 'pt-BR' ? text.replace('.', ',') : text;
}
