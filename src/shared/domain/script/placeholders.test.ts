import { describe, expect, it } from 'vitest';
import {
  displayName,
  formatCalendarDate,
  parseTemplate,
  PLACEHOLDERS,
  placeholderValue,
  renderSegments,
  renderText,
  scriptContextFor,
  type ScriptContext,
} from './placeholders';

const NBSP = '\u00a0';

const ptContext: ScriptContext = {
  locale: 'pt-BR',
  customer: { name: 'MARIA DA SILVA SANTOS' },
  account: { balanceCents: 123456, currency: 'BRL', creditor: 'Banco Azul', dueDate: '2026-03-05', daysPastDue: 1234 },
  offer: { installments: 3, installmentAmountCents: 41152, firstDate: '2026-04-10', totalCents: 123456, discountCents: 5000 },
  agent: { name: 'João Pereira' },
  company: { name: 'Quita Cobranças' },
};
const enContext: ScriptContext = { ...ptContext, locale: 'en', customer: { name: 'John Smith' }, account: { ...ptContext.account, currency: 'USD' } };

describe('renderText', () => {
  it('formats money, dates and counts in pt-BR', () => {
    expect(
      renderText(
        'Olá {{customer.firstName}}, {{account.balance}} com {{account.creditor}}, vencido em {{account.dueDate}} ({{account.daysPastDue}} dias).',
        ptContext,
      ),
    ).toBe(`Olá Maria, R$${NBSP}1.234,56 com Banco Azul, vencido em 5 de março de 2026 (1.234 dias).`);
    expect(
      renderText('{{offer.installments}}x {{offer.installmentAmount}} a partir de {{offer.firstDate}}; total {{offer.total}}, desconto {{offer.discount}}', ptContext),
    ).toBe(`3x R$${NBSP}411,52 a partir de 10 de abril de 2026; total R$${NBSP}1.234,56, desconto R$${NBSP}50,00`);
  });

  it('formats money, dates and counts in en', () => {
    expect(renderText('Hi {{customer.firstName}}, {{account.balance}} due {{account.dueDate}}, {{account.daysPastDue}} days', enContext)).toBe(
      'Hi John, $1,234.56 due March 5, 2026, 1,234 days',
    );
    expect(renderText('{{agent.firstName}} from {{company.name}} for {{customer.name}}', enContext)).toBe('João from Quita Cobranças for John Smith');
  });

  it('renders a value the call does not have yet as a visible token, never "undefined"', () => {
    const noOffer: ScriptContext = { ...ptContext, offer: null };
    expect(renderText('{{offer.installments}} de {{offer.installmentAmount}}', noOffer)).toBe('[offer.installments] de [offer.installmentAmount]');
    const partial: ScriptContext = { ...ptContext, offer: { installments: 2 } };
    const segments = renderSegments('{{offer.installments}} x {{offer.total}}', partial);
    expect(segments).toEqual([
      { kind: 'value', placeholder: 'offer.installments', text: '2' },
      { kind: 'text', text: ' x ' },
      { kind: 'missing', placeholder: 'offer.total', text: '[offer.total]' },
    ]);
    expect(renderText('{{offer.total}}', partial)).not.toContain('undefined');
  });

  it('shows an unknown placeholder as written and marks it', () => {
    expect(renderSegments('Oi {{customer.nickname}}!', ptContext)).toEqual([
      { kind: 'text', text: 'Oi ' },
      { kind: 'unknown', placeholder: 'customer.nickname', text: '{{customer.nickname}}' },
      { kind: 'text', text: '!' },
    ]);
  });

  it('accepts spaces inside the braces', () => {
    expect(renderText('{{ customer.firstName }}', ptContext)).toBe('Maria');
  });

  it('every allowed placeholder has a value in a full context', () => {
    for (const name of PLACEHOLDERS) expect(placeholderValue(name, ptContext), name).not.toBeNull();
  });
});

describe('parseTemplate', () => {
  it('finds placeholders and flags a brace typo', () => {
    expect(parseTemplate('a {{customer.name}} b').map((p) => p.kind)).toEqual(['text', 'placeholder', 'text']);
    const typo = parseTemplate('Olá {{customer.firstName}, tudo bem?');
    expect(typo).toEqual([{ kind: 'malformed', raw: 'Olá {{customer.firstName}, tudo bem?', at: 4 }]);
    // Rendering keeps the text rather than dropping it.
    expect(renderText('Olá {{customer.firstName}, tudo bem?', ptContext)).toBe('Olá {{customer.firstName}, tudo bem?');
  });
});

describe('displayName and dates', () => {
  it('turns capitalised portfolio names into readable ones and keeps mixed case as is', () => {
    expect(displayName('MARIA DA SILVA')).toBe('Maria da Silva');
    expect(displayName('  José  dos Santos ')).toBe('José dos Santos');
    expect(displayName('McDonald')).toBe('McDonald');
  });

  it('a calendar date never shifts a day, whatever the zone', () => {
    expect(formatCalendarDate('2026-01-01', 'pt-BR')).toBe('1 de janeiro de 2026');
    expect(formatCalendarDate('2026-12-31', 'en')).toBe('December 31, 2026');
  });
});

describe('scriptContextFor', () => {
  it('builds the context from the account screen\'s customer and account, in the customer\'s language', () => {
    const context = scriptContextFor(
      { name: 'JOHN SMITH', language: 'en' },
      { currentBalanceCents: 9900, currency: 'USD', creditor: 'Blue Bank', dueDate: '2026-01-31', daysPastDue: 3 },
      { agentName: 'Ann Lee', companyName: 'Quita' },
    );
    expect(renderText('{{customer.firstName}}: {{account.balance}} since {{account.dueDate}}; {{offer.total}}', context)).toBe(
      'John: $99.00 since January 31, 2026; [offer.total]',
    );
  });
});
