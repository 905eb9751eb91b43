// The left column: search box, count and the virtualized worklist.
import { Button, CloseButton, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuita } from '../../store';
import { NotNowList } from './not-now-list';
import { QueueFilters } from './queue-filters';
import { QueueList } from './queue-list';

const SEARCH_DEBOUNCE_MS = 250;

export function QueuePanel() {
  const { t } = useTranslation();
  const total = useQuita((s) => s.queueTotal);
  const ready = useQuita((s) => s.queueReady);
  const setQueueSearch = useQuita((s) => s.setQueueSearch);
  const tab = useQuita((s) => s.queueTab);
  const setTab = useQuita((s) => s.setQueueTab);
  const notNowTotal = useQuita((s) => s.notNowTotal);
  const openNext = useQuita((s) => s.openNextAccount);
  const nextEmpty = useQuita((s) => s.queueNextEmpty);
  const [taking, setTaking] = useState(false);
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);

  useEffect(() => {
    void setQueueSearch(debounced);
  }, [debounced, setQueueSearch]);

  return (
    <Stack gap={0} h="100%">
      <Stack gap={6} p="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between">
          <Text fw={600} size="sm">
            {t('queue.title')}
          </Text>
          <Text size="xs" c="dimmed" className="tabular">
            {ready ? t('queue.total', { count: total }) : ''}
          </Text>
        </Group>
        <Button
          data-testid="queue-next"
          size="sm"
          loading={taking}
          onClick={() => {
            setTaking(true);
            void openNext().finally(() => setTaking(false));
          }}
        >
          {t('queue.next')}
        </Button>
        {nextEmpty && (
          <Text size="xs" c="dimmed" data-testid="queue-next-empty">
            {t('queue.nextEmpty')}
          </Text>
        )}
        <TextInput
          data-testid="queue-search"
          aria-label={t('queue.searchLabel')}
          placeholder={t('queue.search')}
          type="search"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          rightSection={text ? <CloseButton size="sm" aria-label={t('shell.close')} onClick={() => setText('')} /> : null}
        />
        <QueueFilters />
        <SegmentedControl
          size="xs"
          data-testid="queue-tabs"
          value={tab}
          onChange={(value) => void setTab(value as 'callable' | 'notNow')}
          data={[
            { value: 'callable', label: t('queue.tabs.callable') },
            { value: 'notNow', label: `${t('queue.tabs.notNow')}${notNowTotal ? ` (${notNowTotal})` : ''}` },
          ]}
        />
      </Stack>
      {tab === 'callable' ? <QueueList /> : <NotNowList />}
      <Text size="xs" c="dimmed" px="sm" py={4} style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
        {t('queue.keyboardHint')}
      </Text>
    </Stack>
  );
}
