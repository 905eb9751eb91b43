// The center column: the open account, or a hint to pick one.
import { Group, Loader, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuita } from '../../store';
import { FollowUpPanel } from '../follow-up/follow-up-panel';
import { OfferPanel } from '../offer/offer-panel';
import { ScriptPanel } from '../script/script-panel';
import { AccountFigures } from './account-figures';
import { AccountHeader } from './account-header';
import { HistoryTimeline } from './history-timeline';
import { OtherAccounts } from './other-accounts';

export function AccountView() {
  const { t } = useTranslation();
  const accountId = useQuita((s) => s.accountId);
  const loaded = useQuita((s) => s.accountView !== null);
  const loading = useQuita((s) => s.accountLoading);

  if (accountId === null) {
    return (
      <Paper withBorder p="xl">
        <Text c="dimmed" size="sm" ta="center">
          {t('account.empty')}
        </Text>
      </Paper>
    );
  }
  if (!loaded) {
    return (
      <Paper withBorder p="xl">
        <Group justify="center" gap="xs">
          {loading && <Loader size="xs" />}
          <Text c="dimmed" size="sm">
            {t('account.loading')}
          </Text>
        </Group>
      </Paper>
    );
  }
  return (
    <Stack gap="sm">
      <AccountHeader />
      <AccountFigures />
      <ScriptPanel />
      <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="sm" style={{ alignItems: 'start' }}>
        <OfferPanel />
        <FollowUpPanel />
      </SimpleGrid>
      <OtherAccounts />
      <HistoryTimeline />
    </Stack>
  );
}
