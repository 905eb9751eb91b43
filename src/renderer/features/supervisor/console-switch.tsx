// For supervisors and admins: switch between the console and the agent screen. Agents never see it.
import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQuita } from '../../store';

/** Whether the signed-in role may open the console. */
export function mayUseConsole(role: string | null | undefined): boolean {
  return role === 'supervisor' || role === 'admin';
}

/** The screen to show: the console by default for supervisors and admins, the agent screen for everyone else. */
export function useShowsConsole(): boolean {
  const role = useQuita((s) => s.syncStatus?.role ?? null);
  const chosen = useQuita((s) => s.consoleView);
  return mayUseConsole(role) && chosen !== 'agent';
}

export function ConsoleSwitch() {
  const { t } = useTranslation();
  const role = useQuita((s) => s.syncStatus?.role ?? null);
  const showsConsole = useShowsConsole();
  const setView = useQuita((s) => s.setConsoleView);
  if (!mayUseConsole(role)) return null;
  return (
    <SegmentedControl
      size="xs"
      data-testid="console-switch"
      value={showsConsole ? 'console' : 'agent'}
      data={[
        { value: 'console', label: t('console.switch.console') },
        { value: 'agent', label: t('console.switch.agent') },
      ]}
      onChange={(value) => setView(value === 'console' ? 'console' : 'agent')}
    />
  );
}
