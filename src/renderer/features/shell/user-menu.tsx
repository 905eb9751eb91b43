// The agent's connection to the sync server: who is signed in, push now, sign out — or the sign-in form
// (server address, user, password). Work logged before signing in stays in the outbox and is pushed after.
import { Alert, Button, Menu, Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../shared/contract';
import { useQuita } from '../../store';

export function UserMenu() {
  const { t } = useTranslation();
  const username = useQuita((s) => s.syncStatus?.username ?? null);
  const serverUrl = useQuita((s) => s.syncStatus?.serverUrl ?? null);
  const logout = useQuita((s) => s.logout);
  const syncNow = useQuita((s) => s.syncNow);
  const [loginOpen, setLoginOpen] = useState(false);

  if (!username) {
    return (
      <>
        <Button size="xs" variant="light" data-testid="user-menu" onClick={() => setLoginOpen(true)}>
          {t('login.open')}
        </Button>
        <LoginDialog opened={loginOpen} onClose={() => setLoginOpen(false)} />
      </>
    );
  }
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="subtle" data-testid="user-menu">
          {username}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{serverUrl}</Menu.Label>
        <Menu.Item data-testid="sync-now" onClick={() => void syncNow()}>
          {t('login.syncNow')}
        </Menu.Item>
        <Menu.Item data-testid="logout" color="red" onClick={() => void logout()}>
          {t('login.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function LoginDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const login = useQuita((s) => s.login);
  const [serverUrl, setServerUrl] = useState('http://127.0.0.1:8787');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const failure = await login(serverUrl.trim(), username.trim(), password);
    setBusy(false);
    if (failure) {
      setError(failure);
      return;
    }
    setPassword('');
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('login.title')} centered>
      <form data-testid="login-form" onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('login.serverUrl')}
            data-testid="settings-server-url"
            value={serverUrl}
            onChange={(e) => setServerUrl(e.currentTarget.value)}
            autoComplete="url"
            required
          />
          <TextInput
            label={t('login.user')}
            data-testid="login-user"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            autoComplete="username"
            required
          />
          <PasswordInput
            label={t('login.password')}
            data-testid="login-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoComplete="current-password"
            required
          />
          {error && (
            <Alert color="red" data-testid="login-error">
              {t(`login.errors.${error.code}`, { defaultValue: t(`errors.${error.code}.title`) })}
            </Alert>
          )}
          <Button type="submit" data-testid="login-submit" loading={busy}>
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
