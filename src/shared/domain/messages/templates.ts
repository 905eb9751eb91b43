// Follow-up messages sent during or after a call (WhatsApp, SMS, e-mail): templates in pt-BR and en with
// `{{placeholders}}` filled in the customer's language. Pure.
// Every template names the company and the creditor (CDC art. 42-A: a collection document identifies the
// supplier) and none threatens or shames (CDC art. 42). A value the message needs but the call does not have is
// an error, so a customer never receives "undefined" or an empty amount.
import type { CalendarDate, Currency, Locale } from '../../model';
import { formatMoney } from '../money';

export const MESSAGE_TEMPLATE_IDS = ['payment_link', 'pix_code', 'boleto_line', 'promise_reminder', 'thank_you'] as const;
export type MessageTemplateId = (typeof MESSAGE_TEMPLATE_IDS)[number];

export const MESSAGE_PLACEHOLDERS = [
  'customer.firstName',
  'company.name',
  'account.creditor',
  'payment.amount',
  'payment.dueDate',
  'payment.link',
  'payment.pixCode',
  'payment.boletoLine',
] as const;
export type MessagePlaceholder = (typeof MESSAGE_PLACEHOLDERS)[number];

export const MESSAGE_TEMPLATES: Record<Locale, Record<MessageTemplateId, string>> = {
  'pt-BR': {
    payment_link:
      'Olá, {{customer.firstName}}! Aqui é da {{company.name}}, em nome de {{account.creditor}}. Conforme combinamos, segue o link para pagar {{payment.amount}} até {{payment.dueDate}}: {{payment.link}}',
    pix_code:
      'Olá, {{customer.firstName}}! Aqui é da {{company.name}}, em nome de {{account.creditor}}. Segue o código PIX copia e cola para pagar {{payment.amount}} até {{payment.dueDate}}:\n{{payment.pixCode}}',
    boleto_line:
      'Olá, {{customer.firstName}}! Aqui é da {{company.name}}, em nome de {{account.creditor}}. Segue a linha digitável do boleto de {{payment.amount}}, com vencimento em {{payment.dueDate}}:\n{{payment.boletoLine}}',
    promise_reminder:
      'Olá, {{customer.firstName}}! Lembrete da {{company.name}}: o pagamento de {{payment.amount}} combinado com {{account.creditor}} vence em {{payment.dueDate}}. Se já pagou, por favor desconsidere esta mensagem.',
    thank_you:
      'Olá, {{customer.firstName}}! A {{company.name}} confirma o recebimento do seu pagamento de {{payment.amount}} a {{account.creditor}}. Muito obrigado pela pontualidade e pela confiança!',
  },
  en: {
    payment_link:
      'Hello {{customer.firstName}}, this is {{company.name}} on behalf of {{account.creditor}}. As agreed, here is the link to pay {{payment.amount}} by {{payment.dueDate}}: {{payment.link}}',
    pix_code:
      'Hello {{customer.firstName}}, this is {{company.name}} on behalf of {{account.creditor}}. Here is the PIX copy-and-paste code to pay {{payment.amount}} by {{payment.dueDate}}:\n{{payment.pixCode}}',
    boleto_line:
      'Hello {{customer.firstName}}, this is {{company.name}} on behalf of {{account.creditor}}. Here is the boleto line for {{payment.amount}}, due on {{payment.dueDate}}:\n{{payment.boletoLine}}',
    promise_reminder:
      'Hello {{customer.firstName}}, a reminder from {{company.name}}: the payment of {{payment.amount}} agreed with {{account.creditor}} is due on {{payment.dueDate}}. If you have already paid, please disregard this message.',
    thank_you:
      'Hello {{customer.firstName}}, {{company.name}} confirms we received your payment of {{payment.amount}} to {{account.creditor}}. Thank you for paying on time and for your trust!',
  },
};

/** What a message is rendered with. Money is integer cents; dates are calendar dates. */
export interface MessageContext {
  /** The customer's language: the template and every amount and date follow it. */
  locale: Locale;
  customer: { name: string };
  company: { name: string };
  account: { creditor: string; currency: Currency };
  payment?: {
    amountCents?: number | null;
    dueDate?: CalendarDate | null;
    link?: string | null;
    pixCode?: string | null;
    boletoLine?: string | null;
  };
}

export type MessageErrorCode = 'unknown_placeholder' | 'missing_value' | 'malformed_template';

export interface MessageError {
  code: MessageErrorCode;
  params: { placeholder?: string; at?: number };
}

export type RenderResult = { ok: true; text: string } | { ok: false; errors: MessageError[] };

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const KNOWN: ReadonlySet<string> = new Set(MESSAGE_PLACEHOLDERS);

/**
 * The first word of the name, in the case a person writes it: "MARIA DA SILVA" → "Maria" (imports often carry
 * names in capitals, which reads as shouting in a message).
 */
export function firstNameOf(name: string, locale: Locale): string {
  const first = name.trim().split(/\s+/)[0] ?? '';
  if (first !== first.toLocaleUpperCase(locale)) return first;
  const lower = first.toLocaleLowerCase(locale);
  return lower.charAt(0).toLocaleUpperCase(locale) + lower.slice(1);
}

const dateFormatters = new Map<Locale, Intl.DateTimeFormat>();

/** "12/05/2026" in pt-BR, "May 12, 2026" in en: unambiguous for each reader. Calendar dates carry no zone. */
export function formatMessageDate(date: CalendarDate, locale: Locale): string {
  let formatter = dateFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, locale === 'pt-BR' ? { dateStyle: 'short', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormatters.set(locale, formatter);
  }
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return formatter.format(Date.UTC(y, m - 1, d));
}

function valueOf(name: MessagePlaceholder, context: MessageContext): string | null {
  const payment = context.payment ?? {};
  const text = (s: string | null | undefined): string | null => (s && s.trim() !== '' ? s.trim() : null);
  switch (name) {
    case 'customer.firstName':
      return text(firstNameOf(context.customer.name, context.locale));
    case 'company.name':
      return text(context.company.name);
    case 'account.creditor':
      return text(context.account.creditor);
    case 'payment.amount':
      return payment.amountCents == null ? null : formatMoney({ amountCents: payment.amountCents, currency: context.account.currency }, context.locale);
    case 'payment.dueDate':
      return payment.dueDate ? formatMessageDate(payment.dueDate, context.locale) : null;
    case 'payment.link':
      return text(payment.link);
    case 'payment.pixCode':
      return text(payment.pixCode);
    case 'payment.boletoLine':
      return text(payment.boletoLine);
  }
}

/** The placeholders a template uses, and the problems an editor must fix before it can be saved. */
export function checkMessageTemplate(template: string): { placeholders: MessagePlaceholder[]; errors: MessageError[] } {
  const placeholders: MessagePlaceholder[] = [];
  const errors: MessageError[] = [];
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    const stray = /\{\{|\}\}/.exec(template.slice(last, match.index));
    if (stray) errors.push({ code: 'malformed_template', params: { at: last + stray.index } });
    const name = match[1] ?? '';
    if (KNOWN.has(name)) {
      if (!placeholders.includes(name as MessagePlaceholder)) placeholders.push(name as MessagePlaceholder);
    } else errors.push({ code: 'unknown_placeholder', params: { placeholder: name, at: match.index } });
    last = match.index + match[0].length;
  }
  const stray = /\{\{|\}\}/.exec(template.slice(last));
  if (stray) errors.push({ code: 'malformed_template', params: { at: last + stray.index } });
  return { placeholders, errors };
}

/** Fills a template (a shipped one or a portfolio's own). Every missing value is reported. */
export function renderMessageTemplate(template: string, context: MessageContext): RenderResult {
  const checked = checkMessageTemplate(template);
  const errors = [...checked.errors];
  const values = new Map<string, string>();
  for (const name of checked.placeholders) {
    const value = valueOf(name, context);
    if (value === null) errors.push({ code: 'missing_value', params: { placeholder: name } });
    else values.set(name, value);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, text: template.replace(TOKEN, (_, name: string) => values.get(name) ?? '') };
}

/** Renders one of the shipped templates in the customer's language. */
export function renderMessage(id: MessageTemplateId, context: MessageContext): RenderResult {
  return renderMessageTemplate(MESSAGE_TEMPLATES[context.locale][id], context);
}
