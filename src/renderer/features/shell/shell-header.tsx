// The top bar: product name, whether this is the demo portfolio, sync status and language.
import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuita } from '../../store';
import { LanguageSelect } from './language-select';
import { SyncStatusText } from './sync-status';
import { UserMenu } from './user-menu';
import { ConsoleSwitch } from '../supervisor/console-switch';

export function ShellHeader() {
  const { t } = useTranslation();
  const demo = useQuita((s) => s.appInfo?.demo ?? false);
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="xs" wrap="nowrap">
        <Text fw={700} size="lg" c="teal.8">
          {t('app.name')}
        </Text>
        <Text size="sm" c="dimmed">
          {t('app.tagline')}
        </Text>
        {demo && (
          <Badge variant="light" color="orange" size="sm">
            {t('app.demo')}
          </Badge>
        )}
      </Group>
      <Group gap="md" wrap="nowrap">
        <ConsoleSwitch />
        <SyncStatusText />
        <UserMenu />
        <LanguageSelect />
      </Group>
    </Group>
  );
}
