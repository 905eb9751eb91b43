// Reading single values the way creditors write them. Each reader returns the canonical value or a reason
// code; none guesses when a wrong guess would change what the debtor owes.
import { CalendarDate } from '../../shared/model';
import { cpfFromBase, normalizeDocument } from '../../shared/domain/document';
import { parseMoney, type ParseMoneyFailure } from '../../shared/domain/money';
import { toE164 } from '../../shared/domain/phone';
import { brazilTimeZoneForState } from '../../shared/domain/time-zone';
import { BRAZIL_AREA_CODES, BRAZIL_STATES } from '../../shared/domain/brazil-regions';
import type { Cell } from './xlsx';

export type NumberFormat = 'pt-BR' | 'en';

export const cellText = (cell: Cell | undefined): string => (cell === undefined ? '' : typeof cell === 'number' ? String(cell) : cell.trim());

function bare(text: string): string {
  return text.replace(/\s+/g, '').replace(/^[-\u2212]/, '').replace(/^(R\$|US\$|BRL|\$)/i, '').replace(/^[-\u2212]/, '');
}

/**
 * What one written amount says about the file's convention: 'pt-BR' ("1.234,56", "12,5"), 'en' ("1,234.56",
 * "12.50"), 'ambiguous' ("1.234" or "1,234": thousands, or three decimals?) or null (no separator: both agree).
 */
export function numberVote(text: string): NumberFormat | 'ambiguous' | null {
  const s = bare(text);
  const dot = s.lastIndexOf('.');
  const comma = s.lastIndexOf(',');
  if (dot === -1 && comma === -1) return null;
  if (dot !== -1 && comma !== -1) return comma > dot ? 'pt-BR' : 'en';
  const sep = dot !== -1 ? '.' : ',';
  const parts = s.split(sep);
  // Only grouping repeats; "12,3,4" says nothing (it is no number at all).
  if (parts.length > 2) return parts.slice(1).every((g) => g.length === 3) && parts[0]!.length <= 3 ? (sep === '.' ? 'pt-BR' : 'en') : null;
  const decimals = parts[1]!.length;
  if (decimals === 3) return 'ambiguous';
  return sep === '.' ? 'en' : 'pt-BR';
}

/** The file's convention from its amounts; values contradicting the majority are reported, not reread. */
export function decideNumberFormat(texts: Iterable<string>, forced?: NumberFormat | null): NumberFormat | null {
  if (forced) return forced;
  let pt = 0;
  let en = 0;
  for (const t of texts) {
    const v = numberVote(t);
    if (v === 'pt-BR') pt += 1;
    else if (v === 'en') en += 1;
  }
  if (pt === 0 && en === 0) return null;
  return pt >= en ? 'pt-BR' : 'en';
}

export type AmountResult =
  | { ok: true; cents: number }
  | { ok: false; code: 'invalid_number'; reason: ParseMoneyFailure }
  | { ok: false; code: 'ambiguous_number' }
  | { ok: false; code: 'number_format_mismatch'; format: NumberFormat };

const PT_PLAIN = /^(\d{1,3}(?:\.\d{3})+|\d{1,12}),(\d{2})$/;
const EN_PLAIN = /^(\d{1,12})\.(\d{2})$/;

export function readAmount(cell: Cell, format: NumberFormat | null): AmountResult {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { ok: false, code: 'invalid_number', reason: 'not_a_number' };
    // A typed spreadsheet number needs no convention; floating noise (1234.5600000001) rounds to the cent.
    return { ok: true, cents: Math.round(cell * 100) };
  }
  // The common shapes, read without the general parser: "1.234,56" / "1234,56" (pt-BR), "1234.56" (en).
  const fast = format === 'pt-BR' ? PT_PLAIN.exec(cell) : format === 'en' ? EN_PLAIN.exec(cell) : null;
  if (fast) return { ok: true, cents: Number(fast[1]!.replace(/\./g, '')) * 100 + Number(fast[2]) };
  const vote = numberVote(cell);
  if (vote === 'ambiguous' && format === null) return { ok: false, code: 'ambiguous_number' };
  if ((vote === 'pt-BR' || vote === 'en') && format !== null && vote !== format) return { ok: false, code: 'number_format_mismatch', format };
  const r = parseMoney(cell, format ?? (vote === 'pt-BR' ? 'pt-BR' : 'en'));
  return r.ok ? { ok: true, cents: r.amountCents } : { ok: false, code: 'invalid_number', reason: r.reason };
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

// Files repeat the same few hundred dates (and states) across many rows: each distinct text is read once.
function memo<T>(read: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const hit = cache.get(text);
    if (hit !== undefined || cache.has(text)) return hit as T;
    if (cache.size > 50_000) cache.clear();
    const value = read(text);
    cache.set(text, value);
    return value;
  };
}

/** dd/mm/yyyy (also with - or .), yyyy-mm-dd (optionally with a time), or a spreadsheet's date serial. */
export function readDate(cell: Cell): string | null {
  return typeof cell === 'number' ? readDateUncached(cell) : readDateText(cell);
}
const readDateText = memo((text: string) => readDateUncached(text));

function readDateUncached(cell: Cell): string | null {
  let iso: string;
  if (typeof cell === 'number') {
    // An unformatted date cell: Excel's day serial (1955 … 2118 accepted).
    if (!Number.isInteger(cell) || cell < 20_000 || cell > 80_000) return null;
    iso = new Date(EXCEL_EPOCH_MS + cell * 86_400_000).toISOString().slice(0, 10);
  } else {
    const t = cell.trim();
    const br = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
    const ymd = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
    if (br) iso = `${br[3]}-${br[2]!.padStart(2, '0')}-${br[1]!.padStart(2, '0')}`;
    else if (ymd) iso = `${ymd[1]}-${ymd[2]!.padStart(2, '0')}-${ymd[3]!.padStart(2, '0')}`;
    else return null;
  }
  const year = Number(iso.slice(0, 4));
  if (year < 1900 || year > 2199) return null;
  return CalendarDate.safeParse(iso).success ? iso : null;
}

const CPF_SHAPE = /^(\d{3})\.?(\d{3})\.?(\d{3})-?(\d{2})$/;
const SAME_DIGITS = /^(\d)\1*$/;

/**
 * CPF or CNPJ, masked or not. Digits-only ids a spreadsheet stored as numbers lose their leading zeros
 * ("01234567890" → 1234567890): they are padded back before the check digits decide.
 */
export function readDocument(cell: Cell): { kind: 'cpf' | 'cnpj'; value: string } | null {
  let text = typeof cell === 'number' ? (Number.isInteger(cell) && cell >= 0 ? String(cell) : '') : cell.trim();
  if (/^\d{9,10}$/.test(text)) text = text.padStart(11, '0');
  else if (/^\d{12,13}$/.test(text)) text = text.padStart(14, '0');
  // A CPF ("123.456.789-09" or bare) is checked by its own check digits, the same rule the library applies,
  // at a fraction of the cost; anything else goes through normalizeDocument.
  const cpf = CPF_SHAPE.exec(text);
  if (cpf) {
    const value = cpf[1]! + cpf[2]! + cpf[3]! + cpf[4]!;
    return !SAME_DIGITS.test(value) && cpfFromBase(value.slice(0, 9)) === value ? { kind: 'cpf', value } : null;
  }
  return normalizeDocument(text);
}

const MOBILE = /^\+55\d{2}9\d{8}$/;

const AREA_CODES = new Set(BRAZIL_AREA_CODES.map((a) => a.ddd));
const NATIONAL = /^\(?(\d{2})\)?[\s.-]*(9\d{4}|[2-5]\d{3})[\s.-]?(\d{4})$/;

/**
 * "(11) 98765-4321", "11987654321", "11 3333-4444": the shapes nearly every Brazilian file uses, checked by the
 * rule libphonenumber's metadata states for Brazil (a known area code, then 9 + 8 digits for mobiles or 2–5 + 7
 * digits for landlines) without its general parser, which costs more than the rest of a row. Anything else
 * (null here) goes through toE164. values.test.ts checks both agree.
 */
export function brazilFast(text: string): string | null {
  const m = NATIONAL.exec(text);
  if (!m || !AREA_CODES.has(m[1]!)) return null;
  return `+55${m[1]}${m[2]}${m[3]}`;
}

/** One cell may hold several numbers ("(11) 98765-4321 / (11) 3333-4444"). */
export function readPhones(cell: Cell): { ok: true; e164: string[] } | { ok: false; value: string } {
  const text = typeof cell === 'number' ? String(cell) : cell;
  const out: string[] = [];
  for (const part of text.split(/[/|;,]/)) {
    // "0xx11 …" is how older Brazilian lists write the area code.
    const p = part.trim().replace(/^0\s*x\s*x\s*/i, '');
    if (!p) continue;
    const e164 = brazilFast(p) ?? toE164(p, 'BR');
    if (!e164) return { ok: false, value: p };
    out.push(e164);
  }
  return { ok: true, e164: out };
}

export const phoneKind = (e164: string, column: 'phone' | 'mobile' | 'phone2'): 'mobile' | 'other' =>
  column === 'mobile' || MOBILE.test(e164) ? 'mobile' : 'other';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readEmails(text: string): { ok: true; emails: string[] } | { ok: false; value: string } {
  const out: string[] = [];
  for (const part of text.split(/[;,\s]+/)) {
    if (!part) continue;
    if (part.length > 254 || !EMAIL.test(part)) return { ok: false, value: part };
    out.push(part.toLowerCase());
  }
  return { ok: true, emails: out };
}

const UF_BY_ZONE_NAME = new Map(BRAZIL_STATES.map((s) => [s.name.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase(), s.uf]));

/** "sp", "SP", "São Paulo" → "SP"; null when not a Brazilian state. */
export const readState = memo(readStateUncached);

function readStateUncached(text: string): string | null {
  const t = text.trim();
  if (!brazilTimeZoneForState(t)) return null;
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  return UF_BY_ZONE_NAME.get(t.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(/\s+/g, ' ')) ?? t.toUpperCase();
}

/** "01310-100", "01310100", 1310100 (a number that lost its zero) → "01310-100". */
export function readPostalCode(cell: Cell): string | null {
  const digits = (typeof cell === 'number' ? String(cell) : cell).replace(/[\s.-]/g, '');
  if (!/^\d{7,8}$/.test(digits)) return null;
  const d = digits.padStart(8, '0');
  return `${d.slice(0, 5)}-${d.slice(5)}`;
}

/** A boleto's linha digitável: 47 digits (bank slips) or 48 (utilities, taxes), punctuation dropped. */
export function readBoletoLine(text: string): string | null {
  const digits = text.replace(/[\s.-]/g, '');
  return /^\d{47,48}$/.test(digits) ? digits : null;
}

const EVP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A PIX key: CPF/CNPJ, e-mail, phone (+55…) or random key (EVP). Stored in its canonical form. */
export function readPixKey(text: string): string | null {
  const t = text.trim();
  if (EVP.test(t)) return t.toLowerCase();
  if (t.includes('@')) return t.length <= 77 && EMAIL.test(t) ? t.toLowerCase() : null;
  const document = normalizeDocument(t);
  if (document) return document.value;
  const phone = toE164(t, 'BR');
  return phone;
}
