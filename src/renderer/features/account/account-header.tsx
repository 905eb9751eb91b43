// Who the customer is: name, masked document (LGPD: the agent sees only what identifies the person), phones,
// local time and the flags that change how the agent may talk to them.
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { maskDocument } from '../../../shared/domain/document';
import { formatPhone } from '../../../shared/domain/phone';
import type { CustomerFlags } from '../../../shared/model';
import { formatTime } from '../../i18n/format';
import { useQuita } from '../../store';

const flagColor: Record<keyof CustomerFlags, string> = {
  doNotContact: 'red',
  ceaseCommunication: 'red',
  dispute: 'orange',
  deceased: 'dark',
  bankruptcy: 'grape',
  vulnerable: 'blue',
};

function CustomerLocalTime({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const locale = useQuita((s) => s.locale);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  let time: string;
  try {
    time = formatTime(now, locale, timeZone);
  } catch {
    // A zone this engine does not know: say nothing rather than show the agent's own time as the customer's.
    return null;
  }
  return (
    <Text size="xs" c="dimmed">
      {t('account.localTime', { time, zone: timeZone.replace(/_/g, ' ') })}
    </Text>
  );
}

export function AccountHeader() {
  const { t } = useTranslation();
  const customer = useQuita((s) => s.accountView?.customer);
  if (!customer) return null;
  const flags = (Object.keys(flagColor) as (keyof CustomerFlags)[]).filter((flag) => customer.flags[flag]);

  return (
    <Paper withBorder p="sm" data-testid="account-header">
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h4" data-field="customer-name">
            {customer.name}
          </Title>
          <Group gap={4} justify="flex-end">
            {flags.map((flag) => (
              <Badge key={flag} color={flagColor[flag]} variant="filled" size="sm" data-flag={flag}>
                {t(`account.flags.${flag}`)}
              </Badge>
            ))}
          </Group>
        </Group>
        <Group gap="lg" wrap="wrap">
          <Text size="sm">
            <Text span c="dimmed" size="sm">
              {t(`account.documentKind.${customer.documentKind}`)}{' '}
            </Text>
            <Text span className="tabular" size="sm" data-field="document">
              {customer.document ? maskDocument(customer.documentKind, customer.document) : '—'}
            </Text>
          </Text>
          <CustomerLocalTime timeZone={customer.timeZone} />
        </Group>
        <Group gap="xs" wrap="wrap" data-field="phones">
          <Text size="xs" c="dimmed">
            {t('account.phones')}:
          </Text>
          {customer.phones.length === 0 ? (
            <Text size="xs" c="dimmed">
              {t('account.noPhones')}
            </Text>
          ) : (
            customer.phones.map((phone) => (
              <Badge key={phone.e164} variant="default" size="md" radius="sm" tt="none" fw={500}>
                <span className="tabular">{formatPhone(phone.e164, 'national')}</span>{' '}
                <Text span size="xs" c="dimmed">
                  {t(`account.phoneKind.${phone.kind}`)}
                </Text>
              </Badge>
            ))
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
