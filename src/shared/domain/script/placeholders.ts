// Placeholders in script text: an allow-list, a parser, and rendering in the customer's language. Money and dates
// are formatted with Intl for the customer's locale; a value the call does not have yet (an offer not made)
// renders as a visible token the renderer can style, never as "undefined".
import type { Account, CalendarDate, Currency, Customer, Locale } from '../../model';
import { formatMoney } from '../money';

export const PLACEHOLDERS = [
  'customer.firstName',
  'customer.name',
  'account.balance',
  'account.creditor',
  'account.daysPastDue',
  'account.dueDate',
  'offer.installments',
  'offer.installmentAmount',
  'offer.firstDate',
  'offer.total',
  'offer.discount',
  'agent.firstName',
  'company.name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const ALLOWED: ReadonlySet<string> = new Set(PLACEHOLDERS);

export function isPlaceholder(name: string): name is Placeholder {
  return ALLOWED.has(name);
}

/** Placeholders that tell the listener about the debt: only after right-party verification. */
export function revealsDebt(name: string): boolean {
  return name.startsWith('account.') || name.startsWith('offer.');
}

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'placeholder'; name: string; raw: string }
  /** `{{` without its `}}`, or a stray `}}`: a typo the author must fix. */
  | { kind: 'malformed'; raw: string; at: number };

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Splits a template into text and placeholders. `{{ customer.firstName }}` (inner spaces) is accepted. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const pushText = (text: string): void => {
    if (text === '') return;
    // Whatever braces survive outside a well-formed token are a typo such as "{{customer.name}".
    const stray = /\{\{|\}\}/.exec(text);
    if (stray) {
      // The whole text is kept so rendering loses nothing; `at` points the author to the typo.
      parts.push({ kind: 'malformed', raw: text, at: stray.index });
      return;
    }
    parts.push({ kind: 'text', text });
  };
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    pushText(template.slice(last, match.index));
    parts.push({ kind: 'placeholder', name: match[1] ?? '', raw: match[0] });
    last = match.index + match[0].length;
  }
  pushText(template.slice(last));
  return parts;
}

export interface ScriptOffer {
  installments?: number;
  installmentAmountCents?: number;
  firstDate?: CalendarDate;
  totalCents?: number;
  discountCents?: number;
}

/** What a script is rendered with. Money is integer cents in the account's currency. */
export interface ScriptContext {
  /** The customer's language: the script's text and every number and date follow it. */
  locale: Locale;
  customer: { name: string };
  account: {
    balanceCents: number;
    currency: Currency;
    creditor: string;
    dueDate: CalendarDate;
    daysPastDue: number;
  };
  /** The offer being discussed; absent (or partly filled) until the agent builds it. */
  offer?: ScriptOffer | null;
  agent: { name: string };
  company: { name: string };
}

/** The context for an account as the account screen holds it (AccountView's customer and account). */
export function scriptContextFor(
  customer: Pick<Customer, 'name' | 'language'>,
  account: Pick<Account, 'currentBalanceCents' | 'currency' | 'creditor' | 'dueDate'> & { daysPastDue: number },
  people: { agentName: string; companyName: string },
  offer: ScriptOffer | null = null,
): ScriptContext {
  return {
    locale: customer.language,
    customer: { name: customer.name },
    account: {
      balanceCents: account.currentBalanceCents,
      currency: account.currency,
      creditor: account.creditor,
      dueDate: account.dueDate,
      daysPastDue: account.daysPastDue,
    },
    offer,
    agent: { name: people.agentName },
    company: { name: people.companyName },
  };
}

export type RenderedSegment =
  | { kind: 'text'; text: string }
  | { kind: 'value'; placeholder: Placeholder; text: string }
  /** An allowed placeholder whose value the call does not have yet (e.g. no offer built). */
  | { kind: 'missing'; placeholder: Placeholder; text: string }
  /** Not in the allow-list (an unvalidated script); shown as its token, never guessed. */
  | { kind: 'unknown'; placeholder: string; text: string };

/** The visible token for a value that is not there yet: "[offer.installments]". */
export function missingToken(name: string): string {
  return `[${name}]`;
}

const LOWER_PARTICLES = new Set(['da', 'das', 'de', 'do', 'dos', 'e', 'di', 'du', 'van', 'von', 'del']);

/** Portfolios often carry names in capitals ("MARIA DA SILVA"); a script reads "Maria da Silva". */
export function displayName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed !== trimmed.toUpperCase() || trimmed === trimmed.toLowerCase()) return trimmed;
  return trimmed
    .toLowerCase()
    .split(' ')
    .map((word, i) => (i > 0 && LOWER_PARTICLES.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}

function firstName(name: string): string {
  return displayName(name).split(' ')[0] ?? '';
}

const dateFormatters = new Map<Locale, Intl.DateTimeFormat>();
const numberFormatters = new Map<Locale, Intl.NumberFormat>();

/** "15 de março de 2026" / "March 15, 2026": read aloud, so the long form. */
export function formatCalendarDate(date: CalendarDate, locale: Locale): string {
  let formatter = dateFormatters.get(locale);
  if (!formatter) {
    // A calendar date has no zone: format its UTC midnight in UTC so no offset moves it a day.
    formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormatters.set(locale, formatter);
  }
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return formatter.format(Date.UTC(y, m - 1, d));
}

function formatCount(n: number, locale: Locale): string {
  let formatter = numberFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    numberFormatters.set(locale, formatter);
  }
  return formatter.format(n);
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null && (typeof value !== 'number' || Number.isFinite(value));
}

/** The formatted value of an allowed placeholder, or null when the context does not have it. */
export function placeholderValue(name: Placeholder, context: ScriptContext): string | null {
  const { locale, account } = context;
  const money = (cents: number | undefined): string | null =>
    isSet(cents) ? formatMoney({ amountCents: cents, currency: account.currency }, locale) : null;
  const offer = context.offer ?? {};
  const text = (value: string | undefined): string | null => (value && value.trim() !== '' ? value.trim() : null);
  switch (name) {
    case 'customer.firstName':
      return text(firstName(context.customer.name));
    case 'customer.name':
      return text(displayName(context.customer.name));
    case 'account.balance':
      return money(account.balanceCents);
    case 'account.creditor':
      return text(account.creditor);
    case 'account.daysPastDue':
      return isSet(account.daysPastDue) ? formatCount(account.daysPastDue, locale) : null;
    case 'account.dueDate':
      return text(account.dueDate) === null ? null : formatCalendarDate(account.dueDate, locale);
    case 'offer.installments':
      return isSet(offer.installments) ? formatCount(offer.installments, locale) : null;
    case 'offer.installmentAmount':
      return money(offer.installmentAmountCents);
    case 'offer.firstDate':
      return offer.firstDate ? formatCalendarDate(offer.firstDate, locale) : null;
    case 'offer.total':
      return money(offer.totalCents);
    case 'offer.discount':
      return money(offer.discountCents);
    case 'agent.firstName':
      return text(firstName(context.agent.name));
    case 'company.name':
      return text(context.company.name);
  }
}

/** The template as segments the renderer can style (values, missing values, unknown placeholders). */
export function renderSegments(template: string, context: ScriptContext): RenderedSegment[] {
  const segments: RenderedSegment[] = [];
  for (const part of parseTemplate(template)) {
    if (part.kind === 'text') segments.push({ kind: 'text', text: part.text });
    else if (part.kind === 'malformed') segments.push({ kind: 'text', text: part.raw });
    else if (!isPlaceholder(part.name)) segments.push({ kind: 'unknown', placeholder: part.name, text: part.raw });
    else {
      const value = placeholderValue(part.name, context);
      segments.push(
        value === null
          ? { kind: 'missing', placeholder: part.name, text: missingToken(part.name) }
          : { kind: 'value', placeholder: part.name, text: value },
      );
    }
  }
  return segments;
}

/** The template as plain text (a missing value shows as "[offer.total]"). */
export function renderText(template: string, context: ScriptContext): string {
  return renderSegments(template, context)
    .map((s) => s.text)
    .join('');
}
