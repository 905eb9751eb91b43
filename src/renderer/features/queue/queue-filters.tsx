// Worklist filters: delinquency bucket, balance range (in the currency's units) and next action.
import { Group, NativeSelect, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DpdBucketFilter } from '../../../shared/contract';
import { parseMoney } from '../../../shared/domain/money';
import { useQuita } from '../../store';

const STATUS = [
  ['call', 'statusCall'],
  ['callback_due', 'statusCallbackDue'],
  ['promise_due', 'statusPromiseDue'],
  ['promise_broken', 'statusPromiseBroken'],
] as const;

export function QueueFilters() {
  const { t } = useTranslation();
  const filters = useQuita((s) => s.queueFilters);
  const setFilters = useQuita((s) => s.setQueueFilters);
  const locale = useQuita((s) => s.locale);
  const currency = useQuita((s) => s.settings?.currency ?? 'BRL');
  const cents = (text: string): number | null => {
    if (text.trim() === '') return null;
    const parsed = parseMoney(text, locale, currency);
    return parsed.ok ? Math.max(0, parsed.amountCents) : null;
  };
  return (
    <Group gap={6} grow wrap="nowrap" aria-label={t('queue.filters.label')}>
      <NativeSelect
        size="xs"
        data-testid="queue-filter-dpd"
        aria-label={t('queue.filters.dpd')}
        value={filters.dpdBucket ?? ''}
        data={[{ value: '', label: `${t('queue.filters.dpd')}: ${t('queue.filters.any')}` }, ...DpdBucketFilter.options.map((b) => ({ value: b, label: b }))]}
        onChange={(e) => void setFilters({ dpdBucket: (e.currentTarget.value || null) as typeof filters.dpdBucket })}
      />
      <NativeSelect
        size="xs"
        data-testid="queue-filter-status"
        aria-label={t('queue.filters.status')}
        value={filters.status ?? ''}
        data={[{ value: '', label: `${t('queue.filters.status')}: ${t('queue.filters.any')}` }, ...STATUS.map(([value, key]) => ({ value, label: t(`queue.filters.${key}`) }))]}
        onChange={(e) => void setFilters({ status: (e.currentTarget.value || null) as typeof filters.status })}
      />
      <TextInput
        size="xs"
        data-testid="queue-filter-min-balance"
        aria-label={t('queue.filters.minBalance')}
        placeholder={t('queue.filters.minBalance')}
        onBlur={(e) => void setFilters({ minBalanceCents: cents(e.currentTarget.value) })}
      />
      <TextInput
        size="xs"
        data-testid="queue-filter-max-balance"
        aria-label={t('queue.filters.maxBalance')}
        placeholder={t('queue.filters.maxBalance')}
        onBlur={(e) => void setFilters({ maxBalanceCents: cents(e.currentTarget.value) })}
      />
    </Group>
  );
}
