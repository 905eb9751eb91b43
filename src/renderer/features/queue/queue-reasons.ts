// Words for the reasons main sends with each account ("R$ 4.320,00 · 47 dias de atraso · promessa quebrada há 3
// dias · retorno às 14:30 · 2 tentativas na semana") and for the policy's "not now" reasons. Display only: the
// numbers come from the shared scoring and policy code.
import type { TFunction } from 'i18next';
import type { ReasonItem } from '../../../shared/contract';
import { formatMoney } from '../../../shared/domain/money';
import { todayIn } from '../../../shared/domain/dates';
import type { Currency, Locale } from '../../../shared/model';
import { formatCalendarDate, formatDateTime, formatTime } from '../../i18n/format';

export interface ReasonContext {
  locale: Locale;
  /** The office's zone: times are shown in it. */
  timeZone: string;
  now: number;
}

function when(at: number, { locale, timeZone, now }: ReasonContext): string {
  return todayIn(timeZone, at) === todayIn(timeZone, now) ? formatTime(at, locale, timeZone) : formatDateTime(at, locale, timeZone);
}

/** One phrase per reason worth an agent's glance; factors that say nothing (a neutral propensity) are left out. */
export function reasonPhrases(t: TFunction, reasons: readonly ReasonItem[], ctx: ReasonContext): string[] {
  const out: string[] = [];
  for (const { code, params } of reasons) {
    switch (code) {
      case 'balance':
        out.push(formatMoney({ amountCents: Number(params.balanceCents), currency: params.currency as Currency }, ctx.locale));
        break;
      case 'days_past_due':
        out.push(t('reason.days_past_due', { count: Number(params.daysPastDue) }));
        break;
      case 'broken_promise':
        out.push(t('reason.broken_promise', { count: Number(params.daysAgo) }));
        break;
      case 'callback_due':
      case 'callback_scheduled':
        out.push(t(`reason.${code}`, { time: when(Number(params.dueAt), ctx) }));
        break;
      case 'attempts_this_week':
        out.push(t('reason.attempts_this_week', { count: Number(params.count) }));
        break;
      case 'propensity':
        if (params.chronic === true) out.push(t('reason.chronic'));
        else if (params.firstTimeLate === true) out.push(t('reason.first_time_late'));
        break;
      case 'promise_due_today':
      case 'time_zone_fallback':
        out.push(t(`reason.${code}`, params));
        break;
      default:
        break;
    }
  }
  return out;
}

/** The policy's reasons in words ("fora do horário de ligação (08:00-20:00; lá são 21:30)"). */
export function policyPhrases(t: TFunction, reasons: readonly ReasonItem[], ctx: ReasonContext): string[] {
  return reasons.map(({ code, params }) => {
    if (code === 'promise_pending' && typeof params.dueDate === 'string') {
      return t('reason.promise_pending', { date: formatCalendarDate(params.dueDate, ctx.locale) });
    }
    return t(`reason.${code}`, params);
  });
}

/** When a "not now" account may be called, in the agent's locale and the office's zone. */
export function nextAllowedText(t: TFunction, nextAllowedAt: number | null, ctx: ReasonContext): string {
  return nextAllowedAt === null ? t('queue.notNowNever') : t('queue.notNowUntil', { time: when(nextAllowedAt, ctx) });
}
