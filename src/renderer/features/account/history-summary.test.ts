import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/model';
import { createI18n } from '../../i18n/i18n';
import { summarizeBehaviour, summarizeHistory } from './history-summary';

const promise = (id: string, status: 'pending' | 'kept' | 'broken'): HistoryEntry => ({
  kind: 'promise',
  id,
  at: 1,
  dueDate: '2026-05-01',
  amountCents: 10000,
  currency: 'BRL',
  status,
  nextDueDate: status === 'pending' ? '2026-05-01' : null,
  overdue: false,
});
const contact = (id: string): HistoryEntry => ({
  kind: 'contact',
  id,
  at: 2,
  channel: 'phone',
  direction: 'outbound',
  disposition: 'no_answer',
  agentId: null,
  notes: '',
});
const payment = (id: string): HistoryEntry => ({ kind: 'payment', id, at: 3, date: '2026-04-01', amountCents: 5000, currency: 'BRL' });

describe('summarizeHistory', () => {
  const history = [
    promise('p1', 'kept'),
    promise('p2', 'broken'),
    promise('p3', 'broken'),
    ...Array.from({ length: 12 }, (_, i) => contact(`c${i}`)),
    payment('y1'),
    payment('y2'),
  ];

  it('counts promises by outcome, contacts and payments in pt-BR', () => {
    expect(summarizeHistory(createI18n('pt-BR').t, history)).toBe(
      '3 promessas (1 cumprida, 2 quebradas) · 12 contatos · 2 pagamentos',
    );
  });

  it('says so in English, and handles an empty history', () => {
    const { t } = createI18n('en');
    expect(summarizeHistory(t, history)).toBe('3 promises (1 kept, 2 broken) · 12 contacts · 2 payments');
    expect(summarizeHistory(t, [])).toBe('no promises · no contacts · no payments');
  });
});

describe('summarizeBehaviour', () => {
  it('reads in three seconds, in both languages', () => {
    const pt = createI18n('pt-BR').t;
    const en = createI18n('en').t;
    const chronic = { profile: 'chronic' as const, monthsLate: 5, monthsObserved: 12, promisesKept: 2, promisesTotal: 4, usualDelayDays: 9 };
    expect(summarizeBehaviour(pt, chronic)).toBe('Crônico: 5 dos últimos 12 meses em atraso, 2 de 4 promessas cumpridas, atraso habitual de 9 dias');
    expect(summarizeBehaviour(en, chronic)).toBe('Chronic: 5 of the last 12 months late, 2 of 4 promises kept, usual delay 9 days');
    const first = { profile: 'first_time' as const, monthsLate: 1, monthsObserved: 73, promisesKept: 0, promisesTotal: 0, usualDelayDays: null, yearsOnTime: 6 };
    expect(summarizeBehaviour(en, first)).toBe('First time late, 6 years on time');
    expect(summarizeBehaviour(pt, first)).toBe('Primeiro atraso, 6 anos em dia');
  });
});
