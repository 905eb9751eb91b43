// How a queue row names its facts: the next action ("Promessa vence hoje", "Retorno 14:30") and the colour of
// its days-past-due bucket. Display only; the ranking itself comes from main.
import type { TFunction } from 'i18next';
import type { NextAction } from '../../../shared/contract';
import { dpdBucket, todayIn, type DpdBucket } from '../../../shared/domain/dates';
import type { Locale } from '../../../shared/model';
import { formatCalendarDate, formatDateTime, formatTime } from '../../i18n/format';

export const bucketColor: Record<DpdBucket, string> = {
  current: 'gray',
  '1-30': 'yellow',
  '31-60': 'orange',
  '61-90': 'red',
  '91-180': 'pink',
  '181-360': 'grape',
  '360+': 'dark',
};

export function dpdColor(daysPastDue: number): string {
  return bucketColor[dpdBucket(daysPastDue)];
}

export const nextActionColor: Record<NextAction['kind'], string> = {
  call: 'dark',
  callback_due: 'blue',
  promise_due: 'orange',
  promise_broken: 'red',
  promise_pending: 'gray',
  callback_scheduled: 'gray',
};

export interface LabelContext {
  locale: Locale;
  /** Times are shown in the office's zone, the one "today" is counted in. */
  timeZone: string;
}

export function nextActionLabel(t: TFunction, action: NextAction, { locale, timeZone }: LabelContext): string {
  const { kind, at } = action;
  if (at === null) return t(`nextAction.${kind === 'callback_due' || kind === 'callback_scheduled' ? 'call' : kind}`, { date: '', time: '' });
  switch (kind) {
    case 'callback_due':
    case 'callback_scheduled': {
      // A callback later today needs only its time; another day needs the date too.
      const today = todayIn(timeZone, Date.now());
      const time = todayIn(timeZone, at) === today ? formatTime(at, locale, timeZone) : formatDateTime(at, locale, timeZone);
      return t(`nextAction.${kind}`, { time });
    }
    case 'promise_pending':
      return t('nextAction.promise_pending', { date: formatCalendarDate(todayIn(timeZone, at), locale) });
    default:
      return t(`nextAction.${kind}`);
  }
}
