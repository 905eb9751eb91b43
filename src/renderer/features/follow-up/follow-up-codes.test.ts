// What the follow-up panel hands the customer: a PIX code that parses back with the agreed amount and a valid
// CRC, the boleto line decoded (or refused with its code), the message in the customer's language and the
// WhatsApp link to an E.164 number.
import { describe, expect, it } from 'vitest';
import { boletoFactorForDate, buildBankBoletoLine } from '../../../shared/domain/payment-codes/boleto';
import { parsePixPayload } from '../../../shared/domain/payment-codes/pix';
import type { Account, Customer } from '../../../shared/model';
import { boletoFor, officeCity, paymentAsk, pixCodeFor, renderFollowUpMessage, whatsAppNumbers, whatsAppUrl } from './follow-up-codes';

const TODAY = '2026-11-24';
const line = buildBankBoletoLine({ bankCode: '341', factor: boletoFactorForDate('2026-12-04'), amountCents: 43_333, freeField: '1234567890123456789012345' });
const account: Account = {
  id: 'a-1',
  customerId: 'c-1',
  creditor: 'Banco Exemplo S.A.',
  product: 'Cartão',
  accountNumber: 'CT-000123',
  currency: 'BRL',
  originalBalanceCents: 100_000,
  currentBalanceCents: 130_000,
  dueDate: '2026-01-10',
  status: 'open',
  boletoLine: line,
  pixKey: 'cobranca@bancoexemplo.com.br',
  version: 1,
};
const customer = {
  id: 'c-1',
  name: 'MARIA DA SILVA',
  language: 'pt-BR',
  phones: [
    { e164: '+551133334444', kind: 'home' },
    { e164: '+5511987654321', kind: 'mobile' },
  ],
} as Customer;
const plan = { installments: [{ dueDate: '2026-12-01', amountCents: 43_333 }, { dueDate: '2027-01-04', amountCents: 43_333 }] };

describe('follow-up codes', () => {
  it('asks for the first installment of an accepted plan, else the balance today', () => {
    expect(paymentAsk(account, plan, TODAY)).toEqual({ amountCents: 43_333, dueDate: '2026-12-01', fromPlan: true });
    expect(paymentAsk(account, null, TODAY)).toEqual({ amountCents: 130_000, dueDate: TODAY, fromPlan: false });
  });

  it('builds a PIX code that reads back with the key, amount, creditor and account reference', () => {
    const pix = pixCodeFor(account, paymentAsk(account, plan, TODAY), 'America/Sao_Paulo');
    expect(pix.ok).toBe(true);
    if (!pix.ok) return;
    const parsed = parsePixPayload(pix.payload);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.info).toMatchObject({ key: 'cobranca@bancoexemplo.com.br', amountCents: 43_333, merchantName: 'BANCO EXEMPLO S.A.', merchantCity: 'SAO PAULO', txid: 'CT000123' });
    expect(officeCity('America/Sao_Paulo')).toBe('Sao Paulo');
  });

  it('says why there is no PIX code', () => {
    expect(pixCodeFor({ ...account, pixKey: null }, paymentAsk(account, null, TODAY), 'America/Sao_Paulo')).toEqual({ ok: false, errors: [{ code: 'pix_no_key', params: {} }] });
    const bad = pixCodeFor({ ...account, pixKey: 'not a key' }, paymentAsk(account, null, TODAY), 'America/Sao_Paulo');
    expect(bad.ok ? [] : bad.errors.map((e) => e.code)).toEqual(['pix_invalid_key']);
  });

  it('decodes the boleto line and refuses a corrupted one with the field', () => {
    const boleto = boletoFor(account, TODAY);
    expect(boleto.ok && boleto.info).toMatchObject({ kind: 'bank', bankCode: '341', amountCents: 43_333, dueDate: '2026-12-04' });
    expect(boleto.ok && boleto.formatted).toMatch(/^\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$/);
    const digit = line[12] === '0' ? '1' : '0';
    const corrupted = boletoFor({ ...account, boletoLine: line.slice(0, 12) + digit + line.slice(13) }, TODAY);
    expect(corrupted.ok ? [] : corrupted.errors.map((e) => e.code)).toContain('field_check_digit');
    expect(boletoFor({ ...account, boletoLine: null }, TODAY)).toEqual({ ok: false, errors: [{ code: 'no_boleto', params: {} }] });
  });

  it('renders the message in the customer language and links it to the mobile number', () => {
    const ask = paymentAsk(account, plan, TODAY);
    const codes = { pix: pixCodeFor(account, ask, 'America/Sao_Paulo'), boleto: boletoFor(account, TODAY) };
    const message = renderFollowUpMessage('pix_code', customer, account, ask, codes);
    expect(message.ok).toBe(true);
    if (!message.ok || !codes.pix.ok) return;
    expect(message.text).toContain('Olá, Maria!');
    expect(message.text).toMatch(/R\$\s433,33/);
    expect(message.text).toContain('01/12/2026');
    expect(message.text).toContain(codes.pix.payload);
    const numbers = whatsAppNumbers(customer, 'BR');
    expect(numbers[0]).toEqual({ raw: '+5511987654321', e164: '+5511987654321' });
    const url = whatsAppUrl(numbers[0]!.e164, message.text)!;
    expect(url.startsWith('https://wa.me/5511987654321?text=')).toBe(true);
    expect(decodeURIComponent(url.split('?text=')[1]!)).toBe(message.text);
    expect(whatsAppUrl(null, 'x')).toBeNull();
    expect(whatsAppNumbers({ ...customer, phones: [{ e164: '+5511123', kind: 'mobile' }] } as Customer, 'BR')[0]!.e164).toBeNull();
  });

  it('reports what a template misses instead of sending an empty value', () => {
    const ask = paymentAsk(account, null, TODAY);
    const noCodes = { pix: pixCodeFor({ ...account, pixKey: null }, ask, 'UTC'), boleto: boletoFor({ ...account, boletoLine: null }, TODAY) };
    const message = renderFollowUpMessage('boleto_line', customer, account, ask, noCodes);
    expect(message).toEqual({ ok: false, errors: [{ code: 'missing_value', params: { placeholder: 'payment.boletoLine' } }] });
  });
});
