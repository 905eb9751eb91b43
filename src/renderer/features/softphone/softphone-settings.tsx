// The SIP account form: server URL, SIP URI, auth user, password (kept encrypted by main; empty keeps the stored
// one), display name, and the wrap-up time. Main checks the values (checkSipUri / checkSipServerUrl) and refuses
// a malformed one with a stable code, shown here translated beside the field.
import { Alert, Button, NativeSelect, NumberInput, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuita } from '../../store';
import type { SipSettingsProblem } from './softphone-slice';

/** Microphone and speaker choice; applies at once and is kept on this computer (not part of the SIP account). */
function AudioDevices() {
  const { t } = useTranslation();
  const microphoneId = useQuita((s) => s.microphoneId);
  const speakerId = useQuita((s) => s.speakerId);
  const setAudioDevices = useQuita((s) => s.setAudioDevices);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    let live = true;
    void navigator.mediaDevices
      ?.enumerateDevices()
      .then((list) => live && setDevices(list))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  const options = (kind: MediaDeviceKind, fallback: string) => [
    { value: '', label: t('softphone.settings.defaultDevice') },
    ...devices
      .filter((d) => d.kind === kind && d.deviceId && d.deviceId !== 'default')
      .map((d, index) => ({ value: d.deviceId, label: d.label || `${fallback} ${index + 1}` })),
  ];
  return (
    <>
      <NativeSelect
        size="xs"
        label={t('softphone.settings.microphone')}
        data-testid="settings-microphone"
        value={microphoneId ?? ''}
        data={options('audioinput', t('softphone.settings.microphone'))}
        onChange={(event) => setAudioDevices({ microphoneId: event.currentTarget.value || null })}
      />
      <NativeSelect
        size="xs"
        label={t('softphone.settings.speaker')}
        data-testid="settings-speaker"
        value={speakerId ?? ''}
        data={options('audiooutput', t('softphone.settings.speaker'))}
        onChange={(event) => setAudioDevices({ speakerId: event.currentTarget.value || null })}
      />
    </>
  );
}

export function SoftphoneSettings({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const current = useQuita((s) => s.sipSettings);
  const problems = useQuita((s) => s.sipSettingsProblems);
  const saving = useQuita((s) => s.sipSettingsSaving);
  const save = useQuita((s) => s.saveSipSettings);
  const wrapUpSeconds = useQuita((s) => s.wrapUpSeconds);
  const setWrapUpSeconds = useQuita((s) => s.setWrapUpSeconds);
  const [serverUrl, setServerUrl] = useState(current?.serverUrl ?? '');
  const [sipUri, setSipUri] = useState(current?.sipUri ?? '');
  const [authUser, setAuthUser] = useState(current?.authUser ?? '');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState(current?.displayName ?? '');

  const problemOf = (field: SipSettingsProblem['field']) => {
    const problem = problems.find((p) => p.field === field);
    return problem ? t([`softphone.settings.errors.${problem.code}`, 'softphone.settings.errors.invalid']) : undefined;
  };
  const formProblem = problems.find((p) => p.field === null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save({ serverUrl, sipUri, authUser, displayName, ...(password ? { password } : {}) }).then((ok) => {
      if (ok) {
        setPassword('');
        onSaved();
      }
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="softphone-settings">
      <Stack gap={6}>
        <TextInput
          size="xs"
          label={t('softphone.settings.server')}
          placeholder="wss://pbx.example.com:8089/ws"
          data-testid="settings-sip-server"
          value={serverUrl}
          error={problemOf('serverUrl')}
          onChange={(event) => setServerUrl(event.currentTarget.value)}
        />
        <TextInput
          size="xs"
          label={t('softphone.settings.uri')}
          placeholder="sip:agente1@pbx.example.com"
          data-testid="settings-sip-uri"
          value={sipUri}
          error={problemOf('sipUri')}
          onChange={(event) => setSipUri(event.currentTarget.value)}
        />
        <TextInput
          size="xs"
          label={t('softphone.settings.user')}
          description={t('softphone.settings.userHint')}
          data-testid="settings-sip-user"
          autoComplete="off"
          value={authUser}
          error={problemOf('authUser')}
          onChange={(event) => setAuthUser(event.currentTarget.value)}
        />
        <PasswordInput
          size="xs"
          label={t('softphone.settings.password')}
          placeholder={current?.hasPassword ? t('softphone.settings.passwordKept') : ''}
          data-testid="settings-sip-password"
          autoComplete="new-password"
          value={password}
          error={problemOf('password')}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <TextInput
          size="xs"
          label={t('softphone.settings.displayName')}
          data-testid="settings-sip-display-name"
          value={displayName}
          error={problemOf('displayName')}
          onChange={(event) => setDisplayName(event.currentTarget.value)}
        />
        <AudioDevices />
        <NumberInput
          size="xs"
          label={t('softphone.settings.wrapUp')}
          data-testid="settings-wrap-up"
          min={0}
          max={600}
          value={wrapUpSeconds}
          onChange={(value) => typeof value === 'number' && setWrapUpSeconds(value)}
        />
        {formProblem && (
          <Alert color="red" variant="light" p="xs" data-testid="settings-error">
            {t('softphone.settings.errors.not_saved')}
          </Alert>
        )}
        <Button size="xs" type="submit" data-testid="settings-save" loading={saving} style={{ alignSelf: 'flex-end' }}>
          {t('softphone.settings.save')}
        </Button>
      </Stack>
    </form>
  );
}
