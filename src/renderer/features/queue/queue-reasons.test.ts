import { describe, expect, it } from 'vitest';
import type { ReasonItem } from '../../../shared/contract';
import { createI18n } from '../../i18n/i18n';
import { nextAllowedText, policyPhrases, reasonPhrases } from './queue-reasons';

const NOW = Date.UTC(2026, 10, 23, 15, 0); // 12:00 in São Paulo
const reasons: ReasonItem[] = [
  { code: 'callback_due', params: { dueAt: Date.UTC(2026, 10, 23, 17, 30), minutesLate: 0 } },
  { code: 'balance', params: { balanceCents: 432_000, currency: 'BRL' } },
  { code: 'days_past_due', params: { daysPastDue: 47, bucket: '31-60' } },
  { code: 'broken_promise', params: { daysAgo: 3, brokenOn: '2026-11-20' } },
  { code: 'propensity', params: { value: 0.5, chronic: false, firstTimeLate: false } },
  { code: 'attempts_this_week', params: { count: 2 } },
];

describe('queue reasons in words', () => {
  it('formats money, days and times in the agent locale', () => {
    const ctx = { timeZone: 'America/Sao_Paulo', now: NOW };
    expect(reasonPhrases(createI18n('pt-BR').t, reasons, { ...ctx, locale: 'pt-BR' }).join(' · ')).toBe(
      'retorno às 14:30 · R$\u00a04.320,00 · 47 dias de atraso · promessa quebrada há 3 dias · 2 tentativas na semana',
    );
    expect(reasonPhrases(createI18n('en').t, reasons, { ...ctx, locale: 'en' }).join(' · ')).toMatch(
      /^callback at 2:30\s?PM · R\$\s?4,320\.00 · 47 days late · promise broken 3 days ago · 2 attempts this week$/,
    );
  });

  it('words every policy reason and the next allowed time', () => {
    const t = createI18n('pt-BR').t;
    const ctx = { timeZone: 'America/Sao_Paulo', now: NOW, locale: 'pt-BR' as const };
    expect(policyPhrases(t, [{ code: 'do_not_contact', params: {} }], ctx)).toEqual(['não contatar']);
    expect(policyPhrases(t, [{ code: 'outside_calling_window', params: { window: '08:00-20:00', localTime: '21:30' } }], ctx)).toEqual([
      'fora do horário de ligação (08:00-20:00; lá são 21:30)',
    ]);
    expect(nextAllowedText(t, Date.UTC(2026, 10, 23, 20, 0), ctx)).toBe('próximo horário: 17:00');
    expect(nextAllowedText(t, null, ctx)).toBe('só quando a restrição for retirada');
    for (const lng of ['pt-BR', 'en'] as const) {
      const i18n = createI18n(lng);
      for (const code of ['account_not_open', 'channel_disabled', 'do_not_contact', 'cease_communication', 'dispute_pending', 'deceased', 'bankruptcy', 'vulnerable_review_required', 'no_consent', 'outside_calling_window', 'outside_message_hours', 'holiday', 'rest_day', 'attempt_cap_reached', 'min_gap', 'quiet_after_conversation', 'promise_pending', 'requested_callback', 'time_zone_fallback', 'promise_due_today', 'callback_due', 'callback_scheduled', 'contact_window_open', 'contact_window_closed']) {
        expect(i18n.exists(`reason.${code}`), `${lng} reason.${code}`).toBe(true);
      }
    }
  });
});
