// Accounts the worklist would offer but the contact policy says not now: why, and when they may be called.
import { Center, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../shared/domain/money';
import { useQuita } from '../../store';
import { nextAllowedText, policyPhrases } from './queue-reasons';

export function NotNowList() {
  const { t } = useTranslation();
  const items = useQuita((s) => s.notNowItems);
  const locale = useQuita((s) => s.locale);
  const timeZone = useQuita((s) => s.settings?.officeTimeZone ?? 'America/Sao_Paulo');
  const openAccount = useQuita((s) => s.openAccount);
  const ctx = { locale, timeZone, now: Date.now() };
  return (
    <div className="queue-scroll" data-testid="not-now-list" aria-label={t('queue.tabs.notNow')}>
      {items.length === 0 ? (
        <Center p="lg">
          <Text size="sm" c="dimmed" ta="center">
            {t('queue.notNowEmpty')}
          </Text>
        </Center>
      ) : (
        items.map((item) => (
          <div
            key={item.accountId}
            className="not-now-row"
            data-testid="not-now-item"
            data-account-id={item.accountId}
            role="button"
            tabIndex={0}
            onClick={() => void openAccount(item.accountId)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void openAccount(item.accountId);
            }}
          >
            <Text size="sm" fw={600} truncate>
              {item.customerName} · {formatMoney({ amountCents: item.balanceCents, currency: item.currency }, locale)}
            </Text>
            <Text size="xs" c="orange.8" data-testid="not-now-reason">
              {[...policyPhrases(t, item.policyReasons, ctx), nextAllowedText(t, item.nextAllowedAt, ctx)].join(' · ')}
            </Text>
          </div>
        ))
      )}
    </div>
  );
}
