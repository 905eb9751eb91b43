// The softphone beside the outcome form: registration state, agent state, the call in progress (timer, hold,
// mute, DTMF, hang-up), an incoming call (accept / reject), the dial pad, click-to-call on the open account's
// phones and the SIP account settings.
import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../shared/domain/phone';
import { useQuita } from '../../store';
import { SoftphoneSettings } from './softphone-settings';
import { PAUSE_REASONS, type PauseReason } from './softphone-slice';

function RegistrationBadge() {
  const { t } = useTranslation();
  const registration = useQuita((s) => s.registration);
  const state = registration?.state ?? 'not_configured';
  const color = state === 'registered' ? 'green' : state === 'failed' ? 'red' : state === 'registering' ? 'yellow' : 'gray';
  const text = registration?.reason
    ? `${t(`softphone.state.${state}`)}: ${t(`softphone.reason.${registration.reason}`)}`
    : t(`softphone.state.${state}`);
  return (
    <Badge
      data-testid="softphone-status"
      data-state={state}
      data-reason={registration?.reason ?? ''}
      color={color}
      variant="light"
      style={{ textTransform: 'none' }}
    >
      {text}
    </Badge>
  );
}

function AgentStateSelect() {
  const { t } = useTranslation();
  const agentState = useQuita((s) => s.agentState);
  const pauseReason = useQuita((s) => s.pauseReason);
  const setAgentState = useQuita((s) => s.setAgentState);
  const automatic = agentState === 'on_call' || agentState === 'wrap_up';
  return (
    <Group gap="xs" wrap="nowrap">
      <NativeSelect
        size="xs"
        aria-label={t('softphone.agentState.label')}
        data-testid="agent-state-select"
        data-state={agentState}
        value={agentState}
        disabled={agentState === 'on_call'}
        data={(['available', 'on_call', 'wrap_up', 'paused'] as const).map((value) => ({
          value,
          label: t(`softphone.agentState.${value}`),
          // On call and wrap-up follow the calls by themselves.
          disabled: value === 'on_call' || value === 'wrap_up',
        }))}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (value === 'available' || value === 'paused') setAgentState(value);
        }}
      />
      {agentState === 'paused' && (
        <NativeSelect
          size="xs"
          aria-label={t('softphone.pauseReason.label')}
          data-testid="pause-reason"
          value={pauseReason ?? 'break'}
          data={PAUSE_REASONS.map((value) => ({ value, label: t(`softphone.pauseReason.${value}`) }))}
          onChange={(event) => setAgentState('paused', event.currentTarget.value as PauseReason)}
        />
      )}
      {automatic && agentState === 'wrap_up' && <WrapUpCountdown />}
    </Group>
  );
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function WrapUpCountdown() {
  const endsAt = useQuita((s) => s.wrapUpEndsAt);
  const now = useNow(endsAt !== null);
  if (endsAt === null) return null;
  return (
    <Text size="xs" c="dimmed" className="tabular" data-testid="wrap-up-countdown">
      {Math.max(0, Math.ceil((endsAt - now) / 1000))} s
    </Text>
  );
}

function clock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(seconds / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${mm}:${ss}`;
}

function CallControls() {
  const { t } = useTranslation();
  const call = useQuita((s) => s.call);
  const hangup = useQuita((s) => s.hangup);
  const toggleHold = useQuita((s) => s.toggleHold);
  const toggleMute = useQuita((s) => s.toggleMute);
  const sendDtmf = useQuita((s) => s.sendDtmf);
  const acceptCall = useQuita((s) => s.acceptCall);
  const rejectCall = useQuita((s) => s.rejectCall);
  const now = useNow(call !== null);
  const [dtmf, setDtmf] = useState('');
  if (!call) return null;
  const established = call.state === 'established';
  const who = call.customerName ?? (call.number.startsWith('+') ? formatPhone(call.number, 'international') : call.number);
  return (
    <Stack gap={6} data-testid="softphone-call" data-call-state={call.state} data-direction={call.direction}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600} truncate data-testid="call-party">
          {who}
        </Text>
        <Text size="sm" className="tabular" data-testid="call-timer">
          {established && call.answeredAt !== null ? clock(now - call.answeredAt) : t(`softphone.callState.${call.state}`)}
        </Text>
      </Group>
      {call.state === 'incoming' ? (
        <Group gap="xs" grow>
          <Button size="xs" color="green" data-testid="incoming-accept" onClick={() => void acceptCall()}>
            {t('softphone.accept')}
          </Button>
          <Button size="xs" color="red" variant="light" data-testid="incoming-reject" onClick={() => void rejectCall()}>
            {t('softphone.reject')}
          </Button>
        </Group>
      ) : (
        <>
          <Group gap="xs" grow>
            <Button size="xs" variant={call.held ? 'filled' : 'light'} data-testid="call-hold" data-active={call.held} disabled={!established} onClick={() => void toggleHold()}>
              {call.held ? t('softphone.resume') : t('softphone.hold')}
            </Button>
            <Button size="xs" variant={call.muted ? 'filled' : 'light'} data-testid="call-mute" data-active={call.muted} disabled={!established} onClick={toggleMute}>
              {call.muted ? t('softphone.unmute') : t('softphone.mute')}
            </Button>
            <Button size="xs" color="red" data-testid="call-hangup" onClick={() => void hangup()}>
              {t('softphone.hangup')}
            </Button>
          </Group>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void sendDtmf(dtmf.replace(/[^0-9A-D#*]/gi, ''));
              setDtmf('');
            }}
          >
            <Group gap="xs" wrap="nowrap">
              <TextInput
                size="xs"
                style={{ flex: 1 }}
                aria-label={t('softphone.dtmf')}
                placeholder={t('softphone.dtmfPlaceholder')}
                data-testid="call-dtmf"
                disabled={!established}
                value={dtmf}
                onChange={(event) => setDtmf(event.currentTarget.value)}
              />
              <Button size="xs" variant="default" type="submit" disabled={!established}>
                {t('softphone.sendDtmf')}
              </Button>
            </Group>
          </form>
        </>
      )}
    </Stack>
  );
}

function Dialer() {
  const { t } = useTranslation();
  const dial = useQuita((s) => s.dial);
  const inCall = useQuita((s) => s.call !== null);
  const registered = useQuita((s) => s.registration?.state === 'registered');
  const phones = useQuita((s) => (s.accountView && s.accountView.account.id === s.accountId ? s.accountView.customer.phones : null));
  const [number, setNumber] = useState('');
  return (
    <Stack gap={6}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void dial(number).then((dialled) => dialled && setNumber(''));
        }}
      >
        <Group gap="xs" wrap="nowrap">
          <TextInput
            size="xs"
            style={{ flex: 1 }}
            aria-label={t('softphone.number')}
            placeholder={t('softphone.numberPlaceholder')}
            data-testid="dialpad-input"
            inputMode="tel"
            autoComplete="off"
            value={number}
            onChange={(event) => setNumber(event.currentTarget.value)}
          />
          <Button size="xs" type="submit" data-testid="dial-button" disabled={inCall || !registered}>
            {t('softphone.dial')}
          </Button>
        </Group>
      </form>
      {phones && phones.length > 0 && (
        <Group gap={6}>
          {phones.map((phone) => (
            <Button
              key={phone.e164}
              size="compact-xs"
              variant="light"
              data-testid="call-customer-phone"
              data-number={phone.e164}
              disabled={inCall || !registered}
              onClick={() => void dial(phone.e164)}
            >
              {t(`softphone.phoneKind.${phone.kind}`)} {formatPhone(phone.e164, 'national')}
            </Button>
          ))}
        </Group>
      )}
    </Stack>
  );
}

function SoftphoneProblem() {
  const { t } = useTranslation();
  const problem = useQuita((s) => s.softphoneProblem);
  const dismiss = useQuita((s) => s.dismissSoftphoneProblem);
  if (!problem) return null;
  return (
    <Alert data-testid="softphone-problem" data-problem={problem.key} color="orange" variant="light" p="xs" withCloseButton onClose={dismiss}>
      <Text size="xs">{t(`softphone.problems.${problem.key}`, problem.params ?? {})}</Text>
      {problem.reasons?.map((code) => (
        <Text size="xs" key={code} c="dimmed">
          {t([`policy.reasons.${code}`, 'softphone.problems.policyReason'], { code })}
        </Text>
      ))}
    </Alert>
  );
}

export function SoftphonePanel() {
  const { t } = useTranslation();
  const loadSoftphone = useQuita((s) => s.loadSoftphone);
  const configured = useQuita((s) => !!s.sipSettings?.serverUrl && !!s.sipSettings.sipUri);
  const loaded = useQuita((s) => s.sipSettings !== null);
  const [settingsOpen, setSettingsOpen] = useState(false);

  useEffect(() => {
    void loadSoftphone();
  }, [loadSoftphone]);

  const showSettings = settingsOpen || (loaded && !configured);
  return (
    <Paper withBorder p="sm" mb="sm" data-testid="softphone-panel">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={4} size="h5">
            {t('softphone.title')}
          </Title>
          <RegistrationBadge />
        </Group>
        <AgentStateSelect />
        <CallControls />
        <Dialer />
        <SoftphoneProblem />
        <Button
          size="compact-xs"
          variant="subtle"
          data-testid="softphone-settings-toggle"
          onClick={() => setSettingsOpen((open) => !open)}
          style={{ alignSelf: 'flex-start' }}
        >
          {showSettings ? t('softphone.settings.hide') : t('softphone.settings.show')}
        </Button>
        {showSettings && <SoftphoneSettings onSaved={() => setSettingsOpen(false)} />}
      </Stack>
    </Paper>
  );
}
