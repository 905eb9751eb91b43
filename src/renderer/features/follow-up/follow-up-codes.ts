// What the follow-up panel hands the customer, from the open account: the PIX "copia e cola" for the amount
// agreed (the accepted plan's first payment, else the balance), the boleto line decoded, and the WhatsApp message
// with its click-to-chat link. Display glue only: payloads, check digits and templates are shared domain code.
import { formatBoletoLine, validateBoletoLine, type BoletoError, type BoletoInfo } from '../../../shared/domain/payment-codes/boleto';
import { buildPixPayload, type PixBuildError } from '../../../shared/domain/payment-codes/pix';
import { renderMessage, type MessageError, type MessageTemplateId } from '../../../shared/domain/messages/templates';
import { whatsAppLink } from '../../../shared/domain/messages/channels';
import { toE164 } from '../../../shared/domain/phone';
import type { Account, CalendarDate, Customer } from '../../../shared/model';

/**
 * The company name the templates sign with. Quita has no setting for it yet; the agent can edit the text before
 * sending.
 */
export const COMPANY_NAME = 'Quita Cobranças';

/** The payment being asked for: the accepted plan's first installment, else the whole balance by the due date. */
export interface PaymentAsk {
  amountCents: number;
  dueDate: CalendarDate;
  /** True when it comes from an offer the customer accepted. */
  fromPlan: boolean;
}

export function paymentAsk(
  account: Account,
  plan: { installments: ReadonlyArray<{ dueDate: CalendarDate; amountCents: number }> } | null,
  today: CalendarDate,
): PaymentAsk {
  const first = plan?.installments[0];
  if (first) return { amountCents: first.amountCents, dueDate: first.dueDate, fromPlan: true };
  // An overdue account is paid today; its old due date would read as a date already missed.
  return { amountCents: account.currentBalanceCents, dueDate: account.dueDate < today ? today : account.dueDate, fromPlan: false };
}

/**
 * The receiver's city for the BR Code. The portfolio carries no creditor city, so the office's (from its time
 * zone: "America/Sao_Paulo" → "Sao Paulo") stands in; bank apps show it, none check it.
 */
export function officeCity(officeTimeZone: string): string {
  const city = officeTimeZone.split('/').pop() ?? '';
  return city.replace(/_/g, ' ') || 'Brasil';
}

export type PixCode = { ok: true; payload: string; amountCents: number } | { ok: false; errors: PixBuildError[] | [{ code: 'pix_no_key'; params: Record<string, never> }] };

export function pixCodeFor(account: Account, ask: PaymentAsk, officeTimeZone: string): PixCode {
  if (!account.pixKey) return { ok: false, errors: [{ code: 'pix_no_key', params: {} }] };
  // The account number (letters and digits, up to 25) as the txid lets the creditor match the payment.
  const txid = account.accountNumber.replace(/[^A-Za-z0-9]/g, '').slice(0, 25) || null;
  const built = buildPixPayload({
    key: account.pixKey,
    merchantName: account.creditor,
    merchantCity: officeCity(officeTimeZone),
    amountCents: ask.amountCents,
    txid,
  });
  return built.ok ? { ok: true, payload: built.payload, amountCents: ask.amountCents } : { ok: false, errors: built.errors };
}

export type BoletoView =
  | { ok: true; line: string; formatted: string; info: BoletoInfo }
  | { ok: false; errors: BoletoError[] | [{ code: 'no_boleto'; params: Record<string, never> }] };

export function boletoFor(account: Account, today: CalendarDate): BoletoView {
  if (!account.boletoLine) return { ok: false, errors: [{ code: 'no_boleto', params: {} }] };
  const result = validateBoletoLine(account.boletoLine, today);
  if (!result.ok) return result;
  return { ok: true, line: result.info.line, formatted: formatBoletoLine(result.info.line), info: result.info };
}

/** The customer's numbers WhatsApp can reach, mobiles first, each normalised to E.164 (null when it cannot be). */
export function whatsAppNumbers(customer: Customer, defaultRegion: string): Array<{ raw: string; e164: string | null }> {
  const ordered = [...customer.phones].sort((a, b) => Number(b.kind === 'mobile') - Number(a.kind === 'mobile'));
  return ordered.map((p) => ({ raw: p.e164, e164: toE164(p.e164, defaultRegion) }));
}

export type MessageDraft = { ok: true; text: string } | { ok: false; errors: MessageError[] };

/** The template rendered in the customer's language with what the call has. */
export function renderFollowUpMessage(
  template: MessageTemplateId,
  customer: Customer,
  account: Account,
  ask: PaymentAsk,
  codes: { pix: PixCode; boleto: BoletoView },
): MessageDraft {
  return renderMessage(template, {
    locale: customer.language,
    customer: { name: customer.name },
    company: { name: COMPANY_NAME },
    account: { creditor: account.creditor, currency: account.currency },
    payment: {
      amountCents: codes.boleto.ok && template === 'boleto_line' ? (codes.boleto.info.amountCents ?? ask.amountCents) : ask.amountCents,
      dueDate:
        codes.boleto.ok && template === 'boleto_line' && codes.boleto.info.kind === 'bank' && codes.boleto.info.dueDate
          ? codes.boleto.info.dueDate
          : ask.dueDate,
      pixCode: codes.pix.ok ? codes.pix.payload : null,
      boletoLine: codes.boleto.ok ? codes.boleto.formatted : null,
      link: null,
    },
  });
}

/** The click-to-chat link, or null when the number is not E.164. */
export function whatsAppUrl(e164: string | null, text: string): string | null {
  if (!e164) return null;
  try {
    return whatsAppLink(e164, text);
  } catch {
    return null;
  }
}
