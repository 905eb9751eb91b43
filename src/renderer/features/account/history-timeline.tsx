// What happened on this account, newest first: payments, contacts, promises, callbacks, messages, notes.
import { Badge, Group, Paper, Text, Timeline } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../shared/domain/money';
import type { HistoryEntry, Locale } from '../../../shared/model';
import { formatCalendarDate, formatDateTime } from '../../i18n/format';
import { useQuita } from '../../store';
import { summarizeBehaviour, summarizeHistory } from './history-summary';

const kindColor: Record<HistoryEntry['kind'], string> = {
  payment: 'teal',
  contact: 'blue',
  promise: 'orange',
  callback: 'indigo',
  message: 'cyan',
  note: 'gray',
};

const statusColor: Record<string, string> = {
  pending: 'yellow',
  kept: 'teal',
  broken: 'red',
  cancelled: 'gray',
  done: 'teal',
};

function describe(t: TFunction, entry: HistoryEntry, locale: Locale): { title: string; badge?: ReactNode; body?: string; detail?: string } {
  switch (entry.kind) {
    case 'payment':
      return {
        title: t('history.entry.payment', {
          amount: formatMoney({ amountCents: entry.amountCents, currency: entry.currency }, locale),
          date: formatCalendarDate(entry.date, locale),
        }),
      };
    case 'contact':
      return {
        title: t(entry.direction === 'inbound' ? 'history.entry.contactInbound' : 'history.entry.contact', {
          channel: t(`history.channel.${entry.channel}`),
          disposition: t(`disposition.${entry.disposition}`),
        }),
        ...(entry.notes ? { body: entry.notes } : {}),
        // The script followed (A/B variant) and the answers given, step by step.
        ...(entry.script
          ? {
              detail: t('history.scriptPath', {
                script: entry.script.scriptId,
                version: entry.script.version,
                variant: entry.script.variant,
                path: entry.script.steps.map((s) => `${s.stepId}: ${s.answerId}`).join(' → ') || '—',
              }),
            }
          : {}),
      };
    case 'promise':
      return {
        title: t('history.entry.promise', {
          amount: formatMoney({ amountCents: entry.amountCents, currency: entry.currency }, locale),
          date: formatCalendarDate(entry.dueDate, locale),
        }),
        ...(entry.installments && entry.installments.length > 1
          ? {
              detail: t('history.installments', {
                count: entry.installments.length,
                schedule: entry.installments
                  .map((i) => `${formatCalendarDate(i.dueDate, locale)} ${formatMoney({ amountCents: i.amountCents, currency: entry.currency }, locale)}`)
                  .join(' · '),
              }),
            }
          : {}),
        badge: entry.overdue ? (
          <Badge size="xs" variant="light" color="red">
            {t('history.promiseStatus.overdue', { date: formatCalendarDate(entry.nextDueDate ?? entry.dueDate, locale) })}
          </Badge>
        ) : (
          <Badge size="xs" variant="light" color={statusColor[entry.status]}>
            {t(`history.promiseStatus.${entry.status}`)}
          </Badge>
        ),
      };
    case 'callback':
      return {
        title: t('history.entry.callback', { time: formatDateTime(entry.dueAt, locale) }),
        badge: (
          <Badge size="xs" variant="light" color={statusColor[entry.status]}>
            {t(`history.callbackStatus.${entry.status}`)}
          </Badge>
        ),
      };
    case 'message':
      return { title: t('history.entry.message', { channel: t(`history.channel.${entry.channel}`) }), body: entry.text };
    case 'note':
      return { title: t('history.entry.note'), body: entry.text };
  }
}

export function HistoryTimeline() {
  const { t } = useTranslation();
  const history = useQuita((s) => s.accountView?.history);
  const behaviour = useQuita((s) => s.accountView?.paymentBehaviour);
  const locale = useQuita((s) => s.locale);
  const newestFirst = useMemo(() => (history ? [...history].sort((a, b) => b.at - a.at) : []), [history]);
  if (!history) return null;

  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
        <Text size="sm" fw={600}>
          {t('account.history')}
        </Text>
        <Text size="xs" data-testid="history-summary">
          {behaviour && (
            <Text span size="xs" fw={600}>
              {summarizeBehaviour(t, behaviour)}
              {' · '}
            </Text>
          )}
          <Text span size="xs" c="dimmed">
            {summarizeHistory(t, history)}
          </Text>
        </Text>
      </Group>
      {newestFirst.length === 0 ? (
        <Text size="xs" c="dimmed">
          {t('account.noHistory')}
        </Text>
      ) : (
        <Timeline className="history-timeline" bulletSize={12} lineWidth={2} active={-1}>
          {newestFirst.map((entry) => {
            const { title, badge, body, detail } = describe(t, entry, locale);
            return (
              <Timeline.Item
                key={`${entry.kind}:${entry.id}`}
                data-testid="history-entry"
                data-kind={entry.kind}
                data-status={'status' in entry ? entry.status : undefined}
                data-script-variant={entry.kind === 'contact' && entry.script ? entry.script.variant : undefined}
                color={kindColor[entry.kind]}
                bullet={<span style={{ display: 'block', width: 6, height: 6, borderRadius: 3, background: `var(--mantine-color-${kindColor[entry.kind]}-6)` }} />}
                title={
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {title}
                    </Text>
                    {badge}
                  </Group>
                }
              >
                {body ? (
                  <Text size="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {body}
                  </Text>
                ) : null}
                {detail ? (
                  <Text size="xs" c="dimmed" data-field="detail" style={{ overflowWrap: 'anywhere' }}>
                    {detail}
                  </Text>
                ) : null}
                <Text size="xs" c="dimmed" className="tabular">
                  {formatDateTime(entry.at, locale)}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Paper>
  );
}
