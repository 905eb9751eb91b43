// The one-line digest above the timeline: "3 promessas (1 cumprida, 2 quebradas) · 12 contatos · 2 pagamentos".
import type { TFunction } from 'i18next';
import type { AccountView } from '../../../shared/contract';
import type { HistoryEntry, PromiseStatus } from '../../../shared/model';

export interface HistoryCounts {
  promises: Record<PromiseStatus, number> & { total: number };
  contacts: number;
  payments: number;
  callbacks: number;
}

export function countHistory(history: readonly HistoryEntry[]): HistoryCounts {
  const counts: HistoryCounts = {
    promises: { total: 0, pending: 0, kept: 0, broken: 0, cancelled: 0 },
    contacts: 0,
    payments: 0,
    callbacks: 0,
  };
  for (const entry of history) {
    if (entry.kind === 'promise') {
      counts.promises.total += 1;
      counts.promises[entry.status] += 1;
    } else if (entry.kind === 'contact') counts.contacts += 1;
    else if (entry.kind === 'payment') counts.payments += 1;
    else if (entry.kind === 'callback') counts.callbacks += 1;
  }
  return counts;
}

const promiseBreakdownOrder = ['kept', 'broken', 'pending', 'cancelled'] as const;

export function summarizeHistory(t: TFunction, history: readonly HistoryEntry[]): string {
  const counts = countHistory(history);
  const breakdown = promiseBreakdownOrder
    .filter((status) => counts.promises[status] > 0)
    .map((status) => t(`history.summary.${status}`, { count: counts.promises[status] }));
  const promises = t('history.summary.promises', { count: counts.promises.total });
  const parts = [
    breakdown.length > 0 ? `${promises} (${breakdown.join(', ')})` : promises,
    t('history.summary.contacts', { count: counts.contacts }),
    t('history.summary.payments', { count: counts.payments }),
  ];
  if (counts.callbacks > 0) parts.push(t('history.summary.callbacks', { count: counts.callbacks }));
  return parts.join(' · ');
}

/** The payment-behaviour digest: "Crônico: 5 dos últimos 12 meses em atraso, 2 de 4 promessas cumpridas, ...". */
export function summarizeBehaviour(t: TFunction, b: AccountView['paymentBehaviour']): string {
  const parts =
    b.profile === 'first_time'
      ? [t('behaviour.first_time'), ...(b.yearsOnTime ? [t('behaviour.yearsOnTime', { count: b.yearsOnTime })] : [])]
      : [t(`behaviour.${b.profile}`, { late: b.monthsLate, observed: b.monthsObserved })];
  if (b.promisesTotal > 0) parts.push(t('behaviour.promises', { kept: b.promisesKept, total: b.promisesTotal }));
  if (b.usualDelayDays !== null) parts.push(t('behaviour.delay', { count: b.usualDelayDays }));
  return parts.join(', ');
}
