// The agent screen: header (sync status, language, errors), the queue on the left, the open account in the
// middle and the outcome form beside it (below it on narrow screens).
import { AppShell, Center, Grid, Loader, MantineProvider } from '@mantine/core';
import { useEffect, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { QuitaApi } from '../shared/contract';
import { AccountView } from './features/account/account-view';
import { OutcomeForm } from './features/outcome/outcome-form';
import { QueuePanel } from './features/queue/queue-panel';
import { ErrorBanner } from './features/shell/error-banner';
import { NoticeToast } from './features/shell/notice-toast';
import { SoftphonePanel } from './features/softphone/softphone-panel';
import { ShellHeader } from './features/shell/shell-header';
import { useShowsConsole } from './features/supervisor/console-switch';
import { SupervisorConsole } from './features/supervisor/supervisor-console';
import { createI18n } from './i18n/i18n';
import { connectEvents, createQuitaStore, QuitaStoreProvider, useQuita } from './store';
import { theme } from './theme';

export function App({ api }: { api: QuitaApi }) {
  const [store] = useState(() => createQuitaStore(api));
  const [i18n] = useState(() => createI18n(store.getState().locale));

  useEffect(() => {
    const disconnect = connectEvents(api, store);
    void store.getState().start();
    return disconnect;
  }, [api, store]);

  // The language follows the store: app:info's setting at start, the language select afterwards.
  useEffect(() => {
    const apply = (locale: string) => {
      if (i18n.language !== locale) void i18n.changeLanguage(locale);
      document.documentElement.lang = locale;
    };
    apply(store.getState().locale);
    return store.subscribe((state, previous) => {
      if (state.locale !== previous.locale) apply(state.locale);
    });
  }, [i18n, store]);

  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <I18nextProvider i18n={i18n}>
        <QuitaStoreProvider store={store}>
          <AgentScreen />
        </QuitaStoreProvider>
      </I18nextProvider>
    </MantineProvider>
  );
}

function AgentScreen() {
  // Until app:info answers, the language is not known; the wait is one local round trip.
  const started = useQuita((s) => s.appStarted);
  const showsConsole = useShowsConsole();
  if (!started) {
    return (
      <Center h="100vh">
        <Loader size="sm" />
      </Center>
    );
  }
  if (showsConsole) return <ConsoleScreen />;
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: { base: 340, xl: 400 }, breakpoint: 'xs' }} padding="sm">
      <AppShell.Header>
        <ShellHeader />
      </AppShell.Header>
      <AppShell.Navbar>
        <QueuePanel />
      </AppShell.Navbar>
      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <ErrorBanner />
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, lg: 7, xl: 8 }}>
            <AccountView />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5, xl: 4 }}>
            {/* Stays in view while the agent scrolls a long history. */}
            <div style={{ position: 'sticky', top: 'calc(var(--app-shell-header-height, 52px) + var(--mantine-spacing-sm))' }}>
              {/* The phone sits above the form its calls fill in. */}
              <SoftphonePanel />
              <OutcomeForm />
            </div>
          </Grid.Col>
        </Grid>
      </AppShell.Main>
      <NoticeToast />
    </AppShell>
  );
}

/** A supervisor's or admin's screen: the same header, the console below (the switch in the header leads back). */
function ConsoleScreen() {
  return (
    <AppShell header={{ height: 52 }} padding="sm">
      <AppShell.Header>
        <ShellHeader />
      </AppShell.Header>
      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <ErrorBanner />
        <SupervisorConsole />
      </AppShell.Main>
      <NoticeToast />
    </AppShell>
  );
}
