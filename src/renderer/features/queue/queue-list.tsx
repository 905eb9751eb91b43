// The worklist, virtualized: only the rows on screen exist in the DOM, the scroll height comes from `total`, and
// the pages under the visible rows are fetched as the agent scrolls. Keyboard: ↑ ↓ PgUp PgDn Home End move,
// Enter opens.
import { Center, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuita, useQuitaStore } from '../../store';
import { QUEUE_ROW_HEIGHT, QueueRow } from './queue-row';
import { queueItemAt } from './queue-slice';

const PAGE_STEP = 10;

export function QueueList() {
  const { t } = useTranslation();
  const store = useQuitaStore();
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = useQuita((s) => s.queueTotal);
  const ready = useQuita((s) => s.queueReady);
  const search = useQuita((s) => s.queueSearch);
  const cursor = useQuita((s) => s.queueCursor);
  const showQueueRange = useQuita((s) => s.showQueueRange);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => QUEUE_ROW_HEIGHT,
    overscan: 10,
    // React 19 warns about flushSync during render; the list does not need synchronous scroll updates.
    useFlushSync: false,
  });
  const rows = virtualizer.getVirtualItems();
  const firstIndex = rows[0]?.index ?? 0;
  const lastIndex = rows[rows.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total > 0) showQueueRange(firstIndex, lastIndex);
  }, [firstIndex, lastIndex, total, showQueueRange]);

  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [search, virtualizer]);

  const onSelect = useCallback(
    (index: number, accountId: string) => {
      const state = store.getState();
      state.setQueueCursor(index);
      void state.openAccount(accountId);
      // Keyboard navigation continues from the clicked row.
      scrollRef.current?.focus({ preventScroll: true });
    },
    [store],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const state = store.getState();
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: PAGE_STEP,
      PageUp: -PAGE_STEP,
      Home: -state.queueTotal,
      End: state.queueTotal,
    };
    const delta = moves[event.key];
    if (delta !== undefined) {
      event.preventDefault();
      state.moveQueueCursor(delta);
      // Scrolled here, not on every cursor change, so a refresh never yanks a mouse user back to the cursor.
      if (state.queueTotal > 0) virtualizer.scrollToIndex(store.getState().queueCursor, { align: 'auto' });
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const item = queueItemAt(state.queuePages, state.queueCursor);
      if (item) void state.openAccount(item.accountId);
    }
  };

  return (
    <div
      ref={scrollRef}
      className="queue-scroll"
      data-testid="queue-list"
      role="listbox"
      aria-label={t('queue.listLabel')}
      aria-activedescendant={total > 0 ? `queue-row-${cursor}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      {ready && total === 0 ? (
        <Center p="lg">
          <Text size="sm" c="dimmed" ta="center">
            {search ? t('queue.noResults', { search }) : t('queue.empty')}
          </Text>
        </Center>
      ) : (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {rows.map((row) => (
            <QueueRow key={row.key} index={row.index} start={row.start} onSelect={onSelect} />
          ))}
        </div>
      )}
    </div>
  );
}
