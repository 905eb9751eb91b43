// The supervisor console: a tabbed screen for supervisors and admins. Each tab is one entry of CONSOLE_TABS;
// further tabs (report exports, portfolio import) are added there with their own component and i18n label.
import { Stack, Tabs } from '@mantine/core';
import { useEffect, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuita, useQuitaStore } from '../../store';
import { PortfolioImportPanel } from '../import/portfolio-import-panel';
import { ReportExportPanel } from '../reports/report-export-panel';
import { KpiPanel } from './kpi-panel';
import { TeamBoard } from './team-board';

export interface ConsoleTab {
  /** Also the tab's test id suffix: `console-tab-<value>`. */
  value: string;
  /** i18n key of the tab's label. */
  labelKey: string;
  Panel: ComponentType;
}

export const CONSOLE_TABS: readonly ConsoleTab[] = [
  { value: 'team', labelKey: 'console.tabs.team', Panel: TeamBoard },
  { value: 'kpis', labelKey: 'console.tabs.kpis', Panel: KpiPanel },
  { value: 'exports', labelKey: 'reportExport.tab', Panel: ReportExportPanel },
  { value: 'import', labelKey: 'import.tab', Panel: PortfolioImportPanel },
];

/** How often the board is refetched without a poke: a desk that went silent turns offline on the server's clock. */
const BOARD_REFRESH_MS = 30_000;

export function SupervisorConsole({ tabs = CONSOLE_TABS }: { tabs?: readonly ConsoleTab[] }) {
  const { t } = useTranslation();
  const store = useQuitaStore();
  const tab = useQuita((s) => s.consoleTab);
  const setTab = useQuita((s) => s.setConsoleTab);
  const username = useQuita((s) => s.syncStatus?.username ?? null);

  // Load on open and after each sign-in; follow the server's pokes (team:changed) while open.
  useEffect(() => {
    const state = store.getState();
    void state.loadBoard();
    void state.loadConsoleOptions();
    void state.loadKpis();
    const timer = setInterval(() => void store.getState().loadBoard(), BOARD_REFRESH_MS);
    return () => clearInterval(timer);
  }, [store, username]);

  const current = tabs.some((x) => x.value === tab) ? tab : tabs[0]!.value;
  return (
    <Stack gap="sm" data-testid="supervisor-console">
      <Tabs value={current} onChange={(value) => value && setTab(value)} keepMounted={false}>
        <Tabs.List>
          {tabs.map((x) => (
            <Tabs.Tab key={x.value} value={x.value} data-testid={`console-tab-${x.value}`}>
              {t(x.labelKey)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((x) => (
          <Tabs.Panel key={x.value} value={x.value} pt="sm">
            <x.Panel />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
