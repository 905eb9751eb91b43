// One account in the worklist: who, how much, how late, and what to do now.
import { Badge, Group, Skeleton, Text } from '@mantine/core';
import { memo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../shared/domain/money';
import { useQuita } from '../../store';
import { dpdColor, nextActionColor, nextActionLabel } from './queue-labels';
import { reasonPhrases } from './queue-reasons';
import { queueItemAt } from './queue-slice';

export const QUEUE_ROW_HEIGHT = 60;

interface QueueRowProps {
  index: number;
  start: number;
  onSelect(index: number, accountId: string): void;
}

export const QueueRow = memo(function QueueRow({ index, start, onSelect }: QueueRowProps) {
  const { t } = useTranslation();
  const item = useQuita((s) => queueItemAt(s.queuePages, index));
  const isCursor = useQuita((s) => s.queueCursor === index);
  const isOpen = useQuita((s) => item !== undefined && s.accountId === item.accountId);
  const locale = useQuita((s) => s.locale);
  const timeZone = useQuita((s) => s.settings?.officeTimeZone ?? 'America/Sao_Paulo');

  const style: CSSProperties = { height: QUEUE_ROW_HEIGHT, transform: `translateY(${start}px)` };
  if (!item) {
    return (
      <div className="queue-row" style={style} aria-busy="true" aria-label={t('queue.loadingRow')}>
        <Skeleton height={12} width="60%" mb={10} />
        <Skeleton height={10} width="40%" />
      </div>
    );
  }
  const next = nextActionLabel(t, item.nextAction, { locale, timeZone });
  const dpdText = t('dpd.days', { count: item.daysPastDue });
  const reasons = reasonPhrases(t, item.reasons, { locale, timeZone, now: Date.now() }).join(' · ');
  return (
    <div
      id={`queue-row-${index}`}
      role="option"
      aria-selected={isCursor}
      className="queue-row"
      data-testid="queue-item"
      data-account-id={item.accountId}
      data-cursor={isCursor}
      data-open={isOpen}
      style={style}
      onClick={() => onSelect(index, item.accountId)}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={600} truncate>
          {item.customerName}
        </Text>
        <Text size="sm" fw={600} className="tabular" style={{ flexShrink: 0 }}>
          {formatMoney({ amountCents: item.balanceCents, currency: item.currency }, locale)}
        </Text>
      </Group>
      <Group gap={6} wrap="nowrap" mt={4}>
        <Badge size="sm" variant="light" color={dpdColor(item.daysPastDue)} style={{ flexShrink: 0 }} aria-label={dpdText}>
          {t('dpd.short', { count: item.daysPastDue })}
        </Badge>{' '}
        {item.nextAction.kind !== 'call' && (
          <Text size="xs" fw={600} c={nextActionColor[item.nextAction.kind]} style={{ flexShrink: 0 }}>
            {next}
          </Text>
        )}{' '}
        <Text size="xs" c="dimmed" truncate data-testid="queue-reasons" title={`${reasons} · ${item.creditor}`}>
          {reasons}
        </Text>
      </Group>
    </div>
  );
});
