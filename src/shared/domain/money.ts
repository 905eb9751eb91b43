// Money as integer minor units (cents) with an ISO currency. Pure: runs in renderer, main and server.
// Amounts never pass through a float division: formatting hands Intl an exact decimal string and parsing
// builds the integer from digit strings with BigInt.
import type { Currency, Locale, Money } from '../model';

/** The model's bound on amounts (see `Money` in ../model). */
export const MAX_AMOUNT_CENTS = 1e15;

const minorDigitsCache = new Map<Currency, number>();

/** Digits after the decimal separator for a currency (2 for BRL, USD, EUR, GBP). */
export function minorUnitDigits(currency: Currency): number {
  const cached = minorDigitsCache.get(currency);
  if (cached !== undefined) return cached;
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An engine without this currency's data: every currency Quita supports uses 2.
  }
  minorDigitsCache.set(currency, digits);
  return digits;
}

export function money(amountCents: number, currency: Currency): Money {
  return { amountCents, currency };
}

/**
 * The exact decimal text of an amount in major units, e.g. 123456 BRL → "1234.56", -5 → "-0.05".
 * Works on the digit string, so amounts up to the model's limit never meet float rounding.
 */
export function toDecimalString(amountCents: number, currency: Currency): string {
  if (!Number.isSafeInteger(amountCents)) throw new RangeError(`amountCents must be a safe integer: ${amountCents}`);
  const digits = minorUnitDigits(currency);
  const negative = amountCents < 0;
  const abs = String(Math.abs(amountCents)).padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}

const formatterCache = new Map<string, Intl.NumberFormat>();

function currencyFormatter(locale: Locale, currency: Currency): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatterCache.set(key, formatter);
  }
  return formatter;
}

/**
 * "R$ 1.234,56" (pt-BR) or "R$1,234.56" (en). Intl puts a no-break space (U+00A0) after "R$" in pt-BR so the
 * symbol never wraps away from the amount; compare with that character, not a plain space.
 */
export function formatMoney(value: { amountCents: number; currency: Currency }, locale: Locale): string {
  // Intl.NumberFormat accepts an exact decimal string (ES2023), so no float ever holds the amount.
  const decimal = toDecimalString(value.amountCents, value.currency) as `${number}`;
  return currencyFormatter(locale, value.currency).format(decimal);
}

export type ParseMoneyFailure = 'empty' | 'not_a_number' | 'too_many_decimals' | 'bad_grouping' | 'too_large';
export type ParseMoneyResult = { ok: true; amountCents: number } | { ok: false; reason: ParseMoneyFailure };

// Symbols a user may paste with the amount. Longest first so "US$" is not read as "US" + "$".
const CURRENCY_MARKS = ['US$', 'R$', 'BRL', 'USD', 'EUR', 'GBP', '$', '€', '£'];

function stripCurrencyMark(text: string): string {
  for (const mark of CURRENCY_MARKS) {
    if (text.startsWith(mark)) return text.slice(mark.length);
    if (text.endsWith(mark)) return text.slice(0, text.length - mark.length);
  }
  return text;
}

/**
 * Reads an amount typed by a person or found in an import file, in the locale's convention:
 * pt-BR "1.234,56" / "1234,56" / "R$ 1.234,56" / "-10,00"; en "1,234.56" / "$1,234.56".
 * A grouping separator must group exactly three digits, so "1.23.4" (pt-BR) or "1,2345.00" (en) is refused
 * rather than guessed at: a wrong guess moves money by a factor of 100 or 1000.
 */
export function parseMoney(text: string, locale: Locale, currency: Currency = 'BRL'): ParseMoneyResult {
  // \s covers the no-break spaces Intl itself writes (U+00A0, U+202F).
  let s = text.replace(/\s+/g, '');
  if (s === '') return { ok: false, reason: 'empty' };
  s = s.replace(/\u2212/g, '-');

  let negative = false;
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1);
  }
  s = stripCurrencyMark(s);
  if (!negative && s.startsWith('-')) {
    // "R$ -10,00"
    negative = true;
    s = s.slice(1);
  }
  if (s === '' || !/^[0-9.,]+$/.test(s)) return { ok: false, reason: 'not_a_number' };

  const decimalSep = locale === 'pt-BR' ? ',' : '.';
  const groupSep = locale === 'pt-BR' ? '.' : ',';
  const parts = s.split(decimalSep);
  if (parts.length > 2) return { ok: false, reason: 'not_a_number' };
  const intPart = parts[0] ?? '';
  const fracPart = parts[1];

  if (fracPart !== undefined) {
    if (fracPart === '' || !/^\d+$/.test(fracPart)) return { ok: false, reason: 'not_a_number' };
    if (fracPart.length > minorUnitDigits(currency)) return { ok: false, reason: 'too_many_decimals' };
  }

  let intDigits: string;
  if (intPart.includes(groupSep)) {
    const groupRe = groupSep === '.' ? /^\d{1,3}(\.\d{3})+$/ : /^\d{1,3}(,\d{3})+$/;
    if (!groupRe.test(intPart)) return { ok: false, reason: 'bad_grouping' };
    intDigits = intPart.split(groupSep).join('');
  } else {
    if (intPart === '' && fracPart === undefined) return { ok: false, reason: 'not_a_number' };
    intDigits = intPart === '' ? '0' : intPart;
  }

  const digits = minorUnitDigits(currency);
  const fraction = (fracPart ?? '').padEnd(digits, '0');
  const cents = BigInt(intDigits) * 10n ** BigInt(digits) + (fraction === '' ? 0n : BigInt(fraction));
  if (cents > BigInt(MAX_AMOUNT_CENTS)) return { ok: false, reason: 'too_large' };
  const amount = Number(cents);
  // `-0` would print as "-R$ 0,00" in some engines.
  return { ok: true, amountCents: negative && amount !== 0 ? -amount : amount };
}

/** Sums amounts of one currency. Mixing currencies is a programming error, not a user error. */
export function sumMoney(values: readonly Money[], currency: Currency): Money {
  let total = 0;
  for (const value of values) {
    if (value.currency !== currency) {
      throw new Error(`cannot add ${value.currency} to a ${currency} total`);
    }
    total += value.amountCents;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('money total exceeds the safe integer range');
  return { amountCents: total, currency };
}

/**
 * Splits an amount into `parts` integer shares that add up exactly (the first shares take the leftover
 * cents), e.g. installments: 10000 / 3 → [3334, 3333, 3333].
 */
export function splitCents(amountCents: number, parts: number): number[] {
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`parts must be a positive integer: ${parts}`);
  if (!Number.isSafeInteger(amountCents)) throw new RangeError(`amountCents must be a safe integer: ${amountCents}`);
  const sign = amountCents < 0 ? -1 : 1;
  const abs = Math.abs(amountCents);
  const base = Math.floor(abs / parts);
  const remainder = abs - base * parts;
  const shares: number[] = [];
  for (let i = 0; i < parts; i++) shares.push(sign * (base + (i < remainder ? 1 : 0)) || 0);
  return shares;
}
