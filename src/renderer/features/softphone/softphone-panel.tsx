// The softphone beside the outcome form: registration state, agent state, the call in progress (timer, hold,
// mute, DTMF, transfer, microphone level, hang-up), an incoming call (accept / reject), the dial pad,
// click-to-call on the open account's phones and the SIP account settings.
import { Alert, Badge, Button, Group, NativeSelect, Paper, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../shared/domain/phone';
import { useQuita } from '../../store';
import { levelFromSamples, meterLevel } from './mic-level';
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

/** What the far end hears from us, 0–100, about ten times a second (Web Audio AnalyserNode on our stream). */
function MicLevel() {
  const { t } = useTranslation();
  // A new stream when the call, or the leg the agent talks on (consult), changes.
  const streamKey = useQuita((s) =>
    s.call?.state === 'established' ? `${s.call.id}/${s.consultCall?.state === 'established' ? s.consultCall.id : ''}` : null,
  );
  const micStream = useQuita((s) => s.micStream);
  const [level, setLevel] = useState(0);
  useEffect(() => {
    setLevel(0);
    const stream = streamKey ? micStream() : null;
    if (!stream || stream.getAudioTracks().length === 0 || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    // A source node keeps the track it started with: rebuild it when the agent switches microphones mid-call.
    let source: MediaStreamAudioSourceNode | null = null;
    const listen = () => {
      source?.disconnect();
      source = stream.getAudioTracks().length > 0 ? context.createMediaStreamSource(stream) : null;
      source?.connect(analyser);
    };
    listen();
    stream.addEventListener('addtrack', listen);
    void context.resume().catch(() => {});
    const samples = new Float32Array(analyser.fftSize);
    let shown = 0;
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      shown = meterLevel(shown, levelFromSamples(samples));
      setLevel(shown);
    }, 100);
    return () => {
      clearInterval(timer);
      stream.removeEventListener('addtrack', listen);
      source?.disconnect();
      void context.close().catch(() => {});
    };
  }, [streamKey, micStream]);
  if (!streamKey) return null;
  return (
    <Progress
      size="sm"
      value={level}
      color={level > 90 ? 'red' : 'green'}
      aria-label={t('softphone.micLevel')}
      title={t('softphone.micLevel')}
      data-testid="mic-level"
      data-level={level}
      transitionDuration={0}
    />
  );
}

/** Blind transfer, or consult the third party first (attended); while consulting, complete or cancel. */
function TransferControls({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const consult = useQuita((s) => s.consultCall);
  const customerOnLine = useQuita((s) => s.call?.state === 'established');
  const blindTransfer = useQuita((s) => s.blindTransfer);
  const startConsult = useQuita((s) => s.startConsult);
  const completeTransfer = useQuita((s) => s.completeTransfer);
  const cancelConsult = useQuita((s) => s.cancelConsult);
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const run = (action: () => Promise<unknown>) => {
    setBusy(true);
    void action().finally(() => setBusy(false));
  };
  if (consult) {
    const who = consult.number.startsWith('+') ? formatPhone(consult.number, 'international') : consult.number;
    return (
      <Stack gap={4} data-testid="consult-call" data-call-state={consult.state}>
        <Text size="xs">
          {consult.state === 'established' ? t('softphone.consulting', { number: who }) : `${who} — ${t(`softphone.callState.${consult.state}`)}`}
        </Text>
        <Group gap="xs" grow>
          <Button
            size="xs"
            data-testid="transfer-complete"
            disabled={consult.state !== 'established' || !customerOnLine || busy}
            onClick={() => run(() => completeTransfer().then((done) => done && onDone()))}
          >
            {t('softphone.transferComplete')}
          </Button>
          <Button size="xs" variant="light" data-testid="transfer-cancel" disabled={busy} onClick={() => run(() => cancelConsult().then(onDone))}>
            {t('softphone.transferCancel')}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap={4} data-testid="transfer-form">
      <TextInput
        size="xs"
        label={t('softphone.transferTarget')}
        placeholder={t('softphone.transferPlaceholder')}
        data-testid="transfer-target"
        inputMode="tel"
        autoComplete="off"
        value={target}
        onChange={(event) => setTarget(event.currentTarget.value)}
      />
      <Group gap="xs" grow>
        <Button
          size="xs"
          data-testid="transfer-blind"
          disabled={busy || target.trim() === ''}
          onClick={() => run(() => blindTransfer(target).then((done) => done && onDone()))}
        >
          {t('softphone.transferBlind')}
        </Button>
        <Button size="xs" variant="light" data-testid="transfer-consult" disabled={busy || target.trim() === ''} onClick={() => run(() => startConsult(target))}>
          {t('softphone.transferConsult')}
        </Button>
      </Group>
    </Stack>
  );
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
  const consulting = useQuita((s) => s.consultCall !== null);
  const now = useNow(call !== null);
  const [dtmf, setDtmf] = useState('');
  const [transferOpen, setTransferOpen] = useState(false);
  // The customer hung up while the agent was consulting: the consult call still needs its own hang-up.
  if (!call) return consulting ? <TransferControls onDone={() => setTransferOpen(false)} /> : null;
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
          <MicLevel />
          <Button
            size="xs"
            variant={transferOpen || consulting ? 'filled' : 'light'}
            data-testid="call-transfer"
            data-active={transferOpen || consulting}
            disabled={!established || consulting}
            onClick={() => setTransferOpen((open) => !open)}
          >
            {t('softphone.transfer')}
          </Button>
          {established && (transferOpen || consulting) && <TransferControls onDone={() => setTransferOpen(false)} />}
          {call.transfer && call.transfer.state !== 'completed' && (
            <Text size="xs" c={call.transfer.state === 'failed' ? 'red' : 'dimmed'} data-testid="transfer-status" data-state={call.transfer.state}>
              {t(`softphone.transferState.${call.transfer.state}`, {
                number: call.transfer.target.startsWith('+') ? formatPhone(call.transfer.target, 'international') : call.transfer.target,
              })}
            </Text>
          )}
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
