// The suggested call script beside the account: the current step in the customer's language with its values
// filled in (a value the call does not have yet shows as a marked token), the customer's possible answers, back,
// the agent's own wording for steps that are not legal text, and — once the right party is verified — the
// objection library. The domain session (shared/domain/script) decides everything; this only shows it.
import { Accordion, Alert, Badge, Button, Group, Paper, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  isScriptFinished,
  objectionLibrary,
  rpcVerified,
  suggestedDisposition,
  viewStep,
  type RenderedSegment,
  type ScriptSession,
} from '../../../shared/domain/script';
import { useQuita } from '../../store';

export function ScriptText({ segments }: { segments: readonly RenderedSegment[] }) {
  const { t } = useTranslation();
  return (
    <>
      {segments.map((segment, i) =>
        segment.kind === 'text' ? (
          <span key={i}>{segment.text}</span>
        ) : segment.kind === 'value' ? (
          <strong key={i} data-placeholder={segment.placeholder}>
            {segment.text}
          </strong>
        ) : (
          <Tooltip key={i} label={t(segment.kind === 'missing' ? 'script.missingValue' : 'script.unknownValue')} withArrow>
            <span className="script-missing" data-placeholder={segment.placeholder} data-missing="true">
              {segment.text}
            </span>
          </Tooltip>
        ),
      )}
    </>
  );
}

function StepText({ session }: { session: ScriptSession }) {
  const { t } = useTranslation();
  const locale = useQuita((s) => s.locale);
  const editScriptWording = useQuita((s) => s.editScriptWording);
  const view = useMemo(() => viewStep(session, locale), [session, locale]);
  const [editing, setEditing] = useState<string | null>(null);
  useEffect(() => setEditing(null), [view?.stepId]);
  if (!view) return null;

  if (editing !== null) {
    return (
      <Stack gap={4}>
        <Textarea
          data-testid="script-wording"
          aria-label={t('script.editWording')}
          autosize
          minRows={2}
          maxRows={6}
          value={editing}
          onChange={(event) => setEditing(event.currentTarget.value)}
        />
        <Group gap="xs" justify="flex-end">
          <Button size="compact-xs" variant="subtle" onClick={() => setEditing(null)}>
            {t('script.cancel')}
          </Button>
          <Button
            size="compact-xs"
            onClick={() => {
              editScriptWording(editing);
              setEditing(null);
            }}
          >
            {t('script.saveWording')}
          </Button>
        </Group>
      </Stack>
    );
  }
  const plain = view.text.map((s) => s.text).join('');
  return (
    <Stack gap={4}>
      <Text size="md" lh={1.45} lang={session.context.locale}>
        {view.editedText !== null ? view.editedText : <ScriptText segments={view.text} />}
      </Text>
      <Group gap="xs">
        {view.editedText !== null && (
          <Text size="xs" c="dimmed">
            {t('script.ownWording')}
          </Text>
        )}
        {!view.compliance && (
          <Button size="compact-xs" variant="subtle" data-testid="script-edit" onClick={() => setEditing(view.editedText ?? plain)}>
            {t('script.editWording')}
          </Button>
        )}
        {view.editedText !== null && (
          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => editScriptWording('')}>
            {t('script.restoreWording')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function CurrentStep({ session }: { session: ScriptSession }) {
  const { t } = useTranslation();
  const locale = useQuita((s) => s.locale);
  const answerScript = useQuita((s) => s.answerScript);
  const view = useMemo(() => viewStep(session, locale), [session, locale]);
  if (!view) return null;
  return (
    <Paper p="sm" radius="sm" bg="var(--mantine-color-teal-0)" data-testid="script-step" data-current="true" data-step-id={view.stepId}>
      <Group gap={6} mb={6}>
        <Text size="xs" c="dimmed" fw={600}>
          {t('script.stepNumber', { n: view.position })}
        </Text>
        <Badge size="xs" variant="light" color="gray">
          {t(`script.kind.${view.kind}`)}
        </Badge>
        {view.compliance && (
          <Badge size="xs" variant="filled" color="orange">
            {t('script.compliance')}
          </Badge>
        )}
        {view.mandatory && !view.compliance && (
          <Badge size="xs" variant="light" color="orange">
            {t('script.mandatory')}
          </Badge>
        )}
      </Group>
      <StepText session={session} />
      {view.hint && (
        <Text size="xs" c="dimmed" fs="italic" mt={4}>
          <ScriptText segments={view.hint} />
        </Text>
      )}
      {view.objection && (
        <Alert mt="xs" p="xs" color="blue" variant="light" title={<ScriptText segments={view.objection.phrase} />}>
          <Text size="sm" lang={session.context.locale}>
            <ScriptText segments={view.objection.answer} />
          </Text>
        </Alert>
      )}
      <Group gap="xs" mt="sm">
        {view.answers.map((answer) => (
          <Button
            key={answer.id}
            size="xs"
            variant={answer.effects.includes('rpcConfirmed') ? 'filled' : 'default'}
            color={answer.effects.includes('rpcConfirmed') ? 'teal' : undefined}
            data-testid={answer.effects.includes('rpcConfirmed') ? 'script-rpc-confirm' : 'script-answer'}
            data-answer-id={answer.id}
            onClick={() => answerScript(answer.id)}
          >
            {answer.label}
          </Button>
        ))}
      </Group>
    </Paper>
  );
}

/** The answered steps, oldest first, one line each: what was asked and what the customer answered. */
function PathSoFar({ session }: { session: ScriptSession }) {
  const locale = useQuita((s) => s.locale);
  if (session.path.length === 0) return null;
  return (
    <Stack gap={2}>
      {session.path.map((entry, i) => {
        const step = session.script.steps.find((s) => s.id === entry.stepId);
        const answer = step?.answers.find((a) => a.id === entry.answerId);
        return (
          <Group key={`${entry.stepId}:${i}`} gap={6} wrap="nowrap" data-testid="script-step" data-current="false" data-step-id={entry.stepId}>
            <Text size="xs" c="dimmed" w={18} ta="right">
              {i + 1}.
            </Text>
            <Text size="xs" c="dimmed" truncate style={{ flex: 1 }}>
              {step ? step.text[session.context.locale].replace(/\{\{[^}]*\}\}/g, '…') : entry.stepId}
            </Text>
            <Badge size="xs" variant="outline" color="gray" style={{ flexShrink: 0 }}>
              {answer?.label[locale] ?? entry.answerId}
            </Badge>
          </Group>
        );
      })}
    </Stack>
  );
}

function Objections({ session }: { session: ScriptSession }) {
  const { t } = useTranslation();
  const raise = useQuita((s) => s.raiseScriptObjection);
  const library = useMemo(() => objectionLibrary(session), [session]);
  if (library.length === 0) return null;
  return (
    <div>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
        {t('script.objections')}
      </Text>
      <Accordion variant="separated" chevronPosition="left" radius="sm" onChange={(id) => id && raise(id)}>
        {library.map((objection) => (
          <Accordion.Item key={objection.id} value={objection.id} data-testid="objection-item" data-objection-id={objection.id}>
            <Accordion.Control py={4}>
              <Text size="sm">
                <ScriptText segments={objection.phrase} />
              </Text>
            </Accordion.Control>
            <Accordion.Panel>
              <Text size="sm" lang={session.context.locale}>
                <ScriptText segments={objection.answer} />
              </Text>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </div>
  );
}

export function ScriptPanel() {
  const { t } = useTranslation();
  const accountId = useQuita((s) => s.accountId);
  const viewAccountId = useQuita((s) => s.accountView?.account.id ?? null);
  const scriptFor = useQuita((s) => s.scriptFor);
  const session = useQuita((s) => s.scriptSession);
  const error = useQuita((s) => s.scriptError);
  const locale = useQuita((s) => s.locale);
  const loadScript = useQuita((s) => s.loadScript);
  const startScriptIfReady = useQuita((s) => s.startScriptIfReady);
  const undo = useQuita((s) => s.undoScriptAnswer);
  const restart = useQuita((s) => s.restartScript);
  const accepted = useQuita((s) => s.offerAccepted);
  const setScriptOffer = useQuita((s) => s.setScriptOffer);

  // Asked as soon as the account is picked, in parallel with account:get; the session starts when both are in.
  useEffect(() => {
    if (accountId !== null) void loadScript(accountId);
  }, [accountId, loadScript]);
  useEffect(() => startScriptIfReady(), [viewAccountId, scriptFor, startScriptIfReady]);
  // The accepted offer fills the {{offer.*}} values the negotiation steps read (again when a session starts).
  const hasSession = session !== null;
  useEffect(() => {
    if (!accepted || accepted.accountId !== accountId || accepted.installments.length === 0) setScriptOffer(null);
    else {
      setScriptOffer({
        installments: accepted.installments.length,
        installmentAmountCents: accepted.installments[0]!.amountCents,
        firstDate: accepted.installments[0]!.dueDate,
        totalCents: accepted.totalCents,
        discountCents: accepted.discountCents,
      });
    }
  }, [accepted, accountId, setScriptOffer, hasSession]);

  if (accountId === null) return null;
  if (scriptFor !== null && scriptFor.script === null) {
    return (
      <Paper withBorder p="sm" data-testid="script-panel" data-account-id={accountId} data-state="none">
        <Text size="sm" c="dimmed">
          {t(`script.problem.${scriptFor.problem ?? 'no_rule_matched'}`)}
        </Text>
      </Paper>
    );
  }
  if (!session || !scriptFor?.selection) {
    return (
      <Paper withBorder p="sm" data-testid="script-panel" data-account-id={accountId} data-state="loading">
        <Text size="sm" c="dimmed">
          {t('script.loading')}
        </Text>
      </Paper>
    );
  }
  const selection = scriptFor.selection;
  const finished = isScriptFinished(session);
  const verified = rpcVerified(session);
  const suggested = finished ? suggestedDisposition(session) : null;
  return (
    <Paper
      withBorder
      p="sm"
      data-testid="script-panel"
      data-account-id={accountId}
      data-state="ready"
      data-script-id={selection.scriptId}
      data-variant={selection.variant}
      data-version={selection.version}
      data-rpc={verified ? 'verified' : 'pending'}
    >
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <div>
          <Title order={4} size="h5">
            {t('script.title', { name: session.script.name[locale] })}
          </Title>
          <Text size="xs" c="dimmed">
            {t('script.selection', { rule: selection.ruleId, variant: selection.variant, version: selection.version })}
          </Text>
        </div>
        <Badge size="sm" variant="light" color={verified ? 'teal' : 'gray'} data-testid="script-rpc-status">
          {verified ? t('script.rpcVerified') : t('script.rpcPending')}
        </Badge>
      </Group>
      <Stack gap="xs">
        <PathSoFar session={session} />
        {session.currentStepId !== null ? (
          <CurrentStep session={session} />
        ) : (
          <Alert p="xs" color="gray" variant="light" data-testid="script-step" data-current="true" data-step-id="">
            <Text size="sm">{t('script.finished')}</Text>
          </Alert>
        )}
        {finished && (
          <Text size="xs" c="dimmed" data-testid="script-finished">
            {session.currentStepId !== null ? `${t('script.finished')} ` : ''}
            {suggested ? t('script.suggestedOutcome', { outcome: t(`disposition.${suggested}`) }) : ''}
          </Text>
        )}
        {error && (
          <Text size="xs" c="red">
            {t(`script.errors.${error}`)}
          </Text>
        )}
        <Group gap="xs">
          <Button size="compact-xs" variant="default" data-testid="script-back" disabled={session.path.length === 0} onClick={undo}>
            {t('script.back')}
          </Button>
          {finished && (
            <Button size="compact-xs" variant="subtle" onClick={restart}>
              {t('script.restart')}
            </Button>
          )}
        </Group>
        <Objections session={session} />
      </Stack>
    </Paper>
  );
}
