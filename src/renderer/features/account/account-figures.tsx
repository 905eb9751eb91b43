// The numbers the conversation is about: balance, days past due and the debt's identity.
import { Badge, Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { dpdBucket } from '../../../shared/domain/dates';
import { formatMoney } from '../../../shared/domain/money';
import { formatCalendarDate } from '../../i18n/format';
import { useQuita } from '../../store';
import { dpdColor } from '../queue/queue-labels';

export function AccountFigures() {
  const { t } = useTranslation();
  const account = useQuita((s) => s.accountView?.account);
  const locale = useQuita((s) => s.locale);
  if (!account) return null;
  const money = (amountCents: number) => formatMoney({ amountCents, currency: account.currency }, locale);

  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
      <Paper withBorder p="sm" data-testid="account-balance">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('account.balance')}
        </Text>
        <Text size="xl" fw={700} className="tabular" data-field="current-balance">
          {money(account.currentBalanceCents)}
        </Text>
        <Text size="xs" c="dimmed" className="tabular">
          {t('account.original', { amount: money(account.originalBalanceCents) })}
        </Text>
      </Paper>
      <Paper withBorder p="sm" data-testid="account-dpd" data-days={account.daysPastDue}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('account.daysPastDue')}
        </Text>
        <Group gap="xs" align="center">
          <Text size="lg" fw={700}>
            {t('dpd.days', { count: account.daysPastDue })}
          </Text>
        </Group>
        <Group gap={6}>
          <Badge size="xs" variant="light" color={dpdColor(account.daysPastDue)}>
            {t('dpd.bucketLabel', { bucket: t(`dpd.bucket.${dpdBucket(account.daysPastDue)}`) })}
          </Badge>
          <Text size="xs" c="dimmed">
            {t('account.dueDate')} {formatCalendarDate(account.dueDate, locale)}
          </Text>
        </Group>
      </Paper>
      <Paper withBorder p="sm">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('account.creditor')}
        </Text>
        <Text size="sm" fw={600} truncate>
          {account.creditor}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {account.product} · {t('account.accountNumber')} <span className="tabular">{account.accountNumber}</span>
        </Text>
        <Badge size="xs" variant="outline" color={account.status === 'open' ? 'gray' : 'teal'} mt={4}>
          {t(`account.status.${account.status}`)}
        </Badge>
      </Paper>
    </SimpleGrid>
  );
}
