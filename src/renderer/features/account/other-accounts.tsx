// The customer's other debts: an agent negotiating one should know about the rest.
import { Badge, Button, Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../shared/domain/money';
import { useQuita } from '../../store';
import { dpdColor } from '../queue/queue-labels';

export function OtherAccounts() {
  const { t } = useTranslation();
  const others = useQuita((s) => s.accountView?.otherAccounts);
  const locale = useQuita((s) => s.locale);
  const openAccount = useQuita((s) => s.openAccount);
  if (!others) return null;

  return (
    <Paper withBorder p="sm" data-testid="other-accounts">
      <Text size="sm" fw={600} mb={4}>
        {t('account.otherAccounts')}
      </Text>
      {others.length === 0 ? (
        <Text size="xs" c="dimmed">
          {t('account.noOtherAccounts')}
        </Text>
      ) : (
        <Table verticalSpacing={4} horizontalSpacing="xs" fz="xs" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('account.creditor')}</Table.Th>
              <Table.Th>{t('account.product')}</Table.Th>
              <Table.Th>{t('account.accountNumber')}</Table.Th>
              <Table.Th ta="right">{t('account.balance')}</Table.Th>
              <Table.Th>{t('account.daysPastDue')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {others.map((account) => (
              <Table.Tr key={account.id} data-testid="other-account" data-account-id={account.id}>
                <Table.Td>{account.creditor}</Table.Td>
                <Table.Td>{account.product}</Table.Td>
                <Table.Td className="tabular">{account.accountNumber}</Table.Td>
                <Table.Td ta="right" className="tabular">
                  {formatMoney({ amountCents: account.currentBalanceCents, currency: account.currency }, locale)}
                </Table.Td>
                <Table.Td>
                  <Badge size="xs" variant="light" color={dpdColor(account.daysPastDue)}>
                    {t('dpd.short', { count: account.daysPastDue })}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">
                  <Button size="compact-xs" variant="subtle" onClick={() => void openAccount(account.id)}>
                    {t('account.open')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
