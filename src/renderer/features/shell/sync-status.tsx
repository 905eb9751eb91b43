// "Somente local · 3 pendentes": where the agent's work is, kept current by the sync:status event.
import { Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { useQuita } from '../../store';

const dotColor = {
  local_only: 'var(--mantine-color-gray-6)',
  online: 'var(--mantine-color-teal-6)',
  offline: 'var(--mantine-color-orange-6)',
  error: 'var(--mantine-color-red-6)',
} as const;

export function SyncStatusText() {
  const { t } = useTranslation();
  const status = useQuita((s) => s.syncStatus);
  const locale = useQuita((s) => s.locale);
  const text = status
    ? `${t(`sync.state.${status.state}`)} · ${t('sync.pending', { count: status.pendingEvents })}`
    : t('sync.loading');
  const lastSync = status?.lastSyncAt ? t('sync.lastSync', { time: formatDateTime(status.lastSyncAt, locale) }) : t('sync.neverSynced');
  // The problem in words (translated), then when the last sync succeeded.
  const problem = status?.problem ? t(`sync.problem.${status.problem}`, { count: status.rejectedEvents }) : null;
  const detail = problem ? `${problem} · ${lastSync}` : lastSync;
  return (
    <Tooltip label={detail} withArrow>
      <Group gap={6} wrap="nowrap">
        <span
          aria-hidden
          style={{ width: 8, height: 8, borderRadius: 4, background: dotColor[status?.state ?? 'local_only'] }}
        />
        <Text size="sm" c="dimmed" data-testid="sync-status" data-state={status?.state ?? 'unknown'} data-problem={status?.problem ?? undefined}>
          {text}
        </Text>
      </Group>
    </Tooltip>
  );
}
