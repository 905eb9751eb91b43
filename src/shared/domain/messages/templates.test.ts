import { describe, expect, it } from 'vitest';
import { buildPixPayload } from '../payment-codes/pix';
import {
  checkMessageTemplate,
  firstNameOf,
  formatMessageDate,
  MESSAGE_TEMPLATE_IDS,
  MESSAGE_TEMPLATES,
  renderMessage,
  renderMessageTemplate,
  type MessageContext,
} from './templates';

const NBSP = '\u00a0';

const context: MessageContext = {
  locale: 'pt-BR',
  customer: { name: 'MARIA DA SILVA' },
  company: { name: 'Quita Cobranças' },
  account: { creditor: 'Banco Exemplo', currency: 'BRL' },
  payment: {
    amountCents: 123_456,
    dueDate: '2026-05-12',
    link: 'https://pay.example.com/p/abc',
    pixCode: '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D',
    boletoLine: '00190.50095 40144.816069 06809.350314 3 37370000000100',
  },
};

describe('renderMessage', () => {
  it('fills a pt-BR PIX message with the amount and date in the customer locale', () => {
    expect(renderMessage('pix_code', context)).toEqual({
      ok: true,
      text: `Olá, Maria! Aqui é da Quita Cobranças, em nome de Banco Exemplo. Segue o código PIX copia e cola para pagar R$${NBSP}1.234,56 até 12/05/2026:\n${context.payment?.pixCode}`,
    });
  });

  it('fills the English reminder with English formats', () => {
    const en = renderMessage('promise_reminder', { ...context, locale: 'en', customer: { name: 'John Smith' }, account: { creditor: 'Acme Bank', currency: 'USD' } });
    expect(en).toEqual({
      ok: true,
      text: 'Hello John, a reminder from Quita Cobranças: the payment of $1,234.56 agreed with Acme Bank is due on May 12, 2026. If you have already paid, please disregard this message.',
    });
  });

  it('renders every shipped template in both languages without leftover braces', () => {
    for (const locale of ['pt-BR', 'en'] as const) {
      for (const id of MESSAGE_TEMPLATE_IDS) {
        const result = renderMessage(id, { ...context, locale });
        expect(result.ok).toBe(true);
        expect(result.ok && result.text).not.toMatch(/\{\{|\}\}|undefined|null/);
        // CDC art. 42-A: every message names the company and the creditor.
        expect(result.ok && result.text).toContain('Quita Cobranças');
        expect(result.ok && result.text).toContain('Banco Exemplo');
      }
    }
  });

  it('refuses to render without a value the message needs', () => {
    expect(renderMessage('boleto_line', { ...context, payment: { amountCents: 100, dueDate: '2026-05-12', boletoLine: '  ' } })).toEqual({
      ok: false,
      errors: [{ code: 'missing_value', params: { placeholder: 'payment.boletoLine' } }],
    });
    const none = renderMessage('thank_you', { ...context, payment: {} });
    expect(none.ok ? [] : none.errors).toEqual([{ code: 'missing_value', params: { placeholder: 'payment.amount' } }]);
  });

  it('carries a PIX code built by the payment-codes module unchanged', () => {
    const built = buildPixPayload({ key: 'cobranca@quita.example', merchantName: 'Quita', merchantCity: 'São Paulo', amountCents: 123_456 });
    expect(built.ok).toBe(true);
    const code = built.ok ? built.payload : '';
    const result = renderMessage('pix_code', { ...context, payment: { ...context.payment, pixCode: code } });
    expect(result.ok && result.text.endsWith(`\n${code}`)).toBe(true);
  });
});

describe('templates as data', () => {
  it('ship the same placeholders in both languages', () => {
    for (const id of MESSAGE_TEMPLATE_IDS) {
      const pt = checkMessageTemplate(MESSAGE_TEMPLATES['pt-BR'][id]);
      const en = checkMessageTemplate(MESSAGE_TEMPLATES.en[id]);
      expect(pt.errors).toEqual([]);
      expect([...pt.placeholders].sort()).toEqual([...en.placeholders].sort());
    }
  });

  it('report an unknown placeholder and a broken brace with where they are', () => {
    expect(checkMessageTemplate('Oi {{customer.nickname}}, {{payment.amount}').errors).toEqual([
      { code: 'unknown_placeholder', params: { placeholder: 'customer.nickname', at: 3 } },
      { code: 'malformed_template', params: { at: 26 } },
    ]);
    expect(renderMessageTemplate('Oi {{ customer.firstName }}!', context)).toEqual({ ok: true, text: 'Oi Maria!' });
  });
});

describe('helpers', () => {
  it.each([
    ['MARIA DA SILVA', 'Maria'],
    ['  joão  pereira', 'joão'],
    ['Ana', 'Ana'],
    ['ÉRICA', 'Érica'],
  ])('firstNameOf(%j) = %s', (name, first) => {
    expect(firstNameOf(name, 'pt-BR')).toBe(first);
  });

  it('formats dates per locale without shifting the day', () => {
    expect(formatMessageDate('2026-01-01', 'pt-BR')).toBe('01/01/2026');
    expect(formatMessageDate('2026-12-31', 'en')).toBe('Dec 31, 2026');
  });
});
