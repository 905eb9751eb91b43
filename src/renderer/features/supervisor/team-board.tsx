// The live team board: one card per agent with their state (and pause reason), the current call's time ticking
// on the server's clock, and today's numbers. Refetched on every team:changed event, so it follows without reload.
import { Alert, Badge, Card, Group, NativeSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardAgent } from '../../../shared/domain/kpi/console-schema';
import { formatMoney } from '../../../shared/domain/money';
import { formatTime } from '../../i18n/format';
import { useQuita } from '../../store';
import { formatDuration } from './console-format';

const stateColor: Record<BoardAgent['state'], string> = {
  available: 'teal',
  on_call: 'blue',
  wrap_up: 'violet',
  paused: 'orange',
  offline: 'gray',
};

/** Now on the server's clock: the board's `now` plus the time since it arrived. */
function useServerNow(): number {
  const boardNow = useQuita((s) => s.board?.now ?? 0);
  const receivedAt = useQuita((s) => s.boardReceivedAt);
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return boardNow + Math.max(0, tick - receivedAt);
}

export function TeamBoard() {
  const { t } = useTranslation();
  const board = useQuita((s) => s.board);
  const error = useQuita((s) => s.boardError);
  const now = useServerNow();
  const role = useQuita((s) => s.syncStatus?.role ?? null);
  // Select the object, not `?.teams ?? []`: a new array per render would loop zustand's subscription.
  const options = useQuita((s) => s.consoleOptions);
  const team = useQuita((s) => s.kpiFilters?.team ?? '');
  const setFilters = useQuita((s) => s.setKpiFilters);

  if (error && !board) {
    return (
      <Alert color="red" data-testid="team-board" title={t(`errors.${error.code}.title`)}>
        {t(`errors.${error.code}.action`)}
      </Alert>
    );
  }
  const agents = board?.agents ?? [];
  const counts = agents.reduce<Record<string, number>>((acc, a) => ({ ...acc, [a.state]: (acc[a.state] ?? 0) + 1 }), {});
  return (
    <Stack gap="sm" data-testid="team-board" data-loaded={board ? 'true' : 'false'}>
      <Group gap="xs">
        {role === 'admin' && (
          <NativeSelect
            size="xs"
            aria-label={t('console.filters.team')}
            data-testid="board-team"
            value={team}
            data={[{ value: '', label: t('console.filters.allTeams') }, ...(options?.teams ?? []).map((x) => ({ value: x.id, label: x.name }))]}
            onChange={(e) => setFilters({ team: e.currentTarget.value })}
          />
        )}
        {(['available', 'on_call', 'wrap_up', 'paused', 'offline'] as const).map((state) => (
          <Badge key={state} color={stateColor[state]} variant="light" size="lg" style={{ textTransform: 'none' }}>
            {t(`console.state.${state}`)}: {counts[state] ?? 0}
          </Badge>
        ))}
      </Group>
      {board && agents.length === 0 && <Text c="dimmed">{t('console.board.empty')}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }} spacing="sm">
        {agents.map((agent) => (
          <AgentCard key={agent.id} agent={agent} now={now} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function AgentCard({ agent, now }: { agent: BoardAgent; now: number }) {
  const { t } = useTranslation();
  const locale = useQuita((s) => s.locale);
  const currency = useQuita((s) => s.settings?.currency ?? 'BRL');
  const timeZone = useQuita((s) => s.board?.timeZone);
  const inState = agent.since !== null ? now - agent.since : null;
  return (
    <Card withBorder padding="sm" radius="md" data-testid="agent-card" data-agent-id={agent.id} data-state={agent.state}>
      <Group justify="space-between" wrap="nowrap" mb={6}>
        <div style={{ minWidth: 0 }}>
          <Text fw={600} truncate>
            {agent.displayName}
          </Text>
          <Text size="xs" c="dimmed">
            {agent.username}
          </Text>
        </div>
        <Badge color={stateColor[agent.state]} variant="filled" style={{ textTransform: 'none' }} data-testid="agent-state">
          {t(`console.state.${agent.state}`)}
        </Badge>
      </Group>
      <Text size="sm" data-testid="agent-state-detail" mih={22}>
        {agent.state === 'paused' && agent.reason && (
          <span data-testid="agent-pause-reason">{t(`softphone.pauseReason.${agent.reason}`, { defaultValue: agent.reason })} · </span>
        )}
        {agent.state === 'on_call' && agent.callStartedAt !== null ? (
          <span data-testid="agent-call-time">{t('console.board.onCallFor', { time: formatDuration(now - agent.callStartedAt) })}</span>
        ) : agent.state === 'offline' ? (
          agent.lastSeenAt !== null ? t('console.board.lastSeen', { time: formatTime(agent.lastSeenAt, locale, timeZone) }) : t('console.board.neverSeen')
        ) : (
          inState !== null && t('console.board.inStateFor', { time: formatDuration(inState) })
        )}
      </Text>
      <SimpleGrid cols={4} spacing={4} mt={6}>
        <Figure label={t('console.board.attempts')} value={String(agent.today.attempts)} testId="agent-attempts" />
        <Figure label={t('console.board.contacts')} value={String(agent.today.contacts)} testId="agent-contacts" />
        <Figure label={t('console.board.promises')} value={String(agent.today.promises)} testId="agent-promises" />
        <Figure
          label={t('console.board.promised')}
          value={formatMoney({ amountCents: agent.today.promisedCents, currency }, locale)}
          testId="agent-promised"
        />
      </SimpleGrid>
    </Card>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" truncate>
        {label}
      </Text>
      <Text size="sm" fw={600} data-testid={testId} truncate>
        {value}
      </Text>
    </div>
  );
}
