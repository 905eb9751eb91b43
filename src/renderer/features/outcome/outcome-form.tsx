// The outcome of the contact: disposition, notes, and the promise or callback it implies. Keyboard first: a
// disposition's hotkey selects it whenever focus is not in a text field, Enter saves (Ctrl+Enter in the notes),
// and after a call the softphone's wrap-up time counts down here. A promise or plan waits for the script's right-party verification
// and mandatory steps (the save stays disabled and says why; main checks the same on the replayed path).
import { Alert, Badge, Button, Group, List, NativeSelect, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultDispositionConfig, dispositionForHotkey, findDisposition } from '../../../shared/domain/dispositions';
import { formatMoney } from '../../../shared/domain/money';
import { promiseBlockers, type PromiseBlocker } from '../../../shared/domain/script';
import { Disposition } from '../../../shared/model';
import { formatCalendarDate } from '../../i18n/format';
import { useQuita } from '../../store';
import { needsCallback, needsPromise, type OutcomeField } from './outcome-draft';

function useFieldHasProblem(field: OutcomeField): boolean {
  return useQuita((s) => s.outcomeProblems.some((p) => p.field === field));
}

function OutcomeProblems() {
  const { t } = useTranslation();
  const problems = useQuita((s) => s.outcomeProblems);
  if (problems.length === 0) return null;
  return (
    <Alert data-testid="outcome-error" color="red" variant="light" p="xs" title={t('outcome.errors.title')}>
      <List size="sm" spacing={2}>
        {problems.map((problem) => (
          <List.Item key={`${problem.field ?? 'form'}:${problem.key}`}>
            {t(`outcome.errors.${problem.key}`, {
              ...problem.params,
              ...(problem.params?.reasonCodes !== undefined
                ? { reasons: problem.params.reasonCodes.split(',').filter(Boolean).map((code) => t(`reason.${code}`)).join(', ') }
                : {}),
              ...(problem.errorCode
                ? { reason: `${t(`errors.${problem.errorCode}.title`)}. ${t(`errors.${problem.errorCode}.action`)}` }
                : {}),
              // A script step by what it is ("Identity check"), not by its id in the script document.
              ...(problem.params?.stepKind ? { step: t(`script.kind.${problem.params.stepKind}`) } : {}),
            })}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** The accepted plan's installments, as the customer agreed them (setOutcomePlan). */
function PlanSchedule() {
  const { t } = useTranslation();
  const installments = useQuita((s) => s.outcomeDraft.installments);
  const currency = useQuita((s) => s.accountView?.account.currency ?? 'BRL');
  const locale = useQuita((s) => s.locale);
  const problem = useFieldHasProblem('installments');
  if (installments.length === 0) return null;
  return (
    <div data-testid="outcome-installments" style={problem ? { color: 'var(--mantine-color-red-7)' } : undefined}>
      <Text size="xs" fw={600}>
        {t('outcome.planTitle')}
      </Text>
      <List size="xs" spacing={0} className="tabular">
        {installments.map((installment, index) => (
          <List.Item key={installment.dueDate}>
            {t('outcome.planLine', {
              n: index + 1,
              date: formatCalendarDate(installment.dueDate, locale),
              amount: formatMoney({ amountCents: installment.amountCents, currency }, locale),
            })}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

/** Why a promise cannot be saved yet: the script's blockers, or no script at all. */
function usePromiseBlockers(): PromiseBlocker[] | [{ code: 'script_required' }] {
  const disposition = useQuita((s) => s.outcomeDraft.disposition);
  const config = useQuita((s) => s.outcomeConfig?.dispositions ?? defaultDispositionConfig);
  const session = useQuita((s) => (s.scriptAccountId === s.accountId ? s.scriptSession : null));
  return useMemo(() => {
    if (disposition === '' || !findDisposition(config, disposition)?.needsScriptMandatorySteps) return [];
    return session ? promiseBlockers(session) : [{ code: 'script_required' as const }];
  }, [disposition, config, session]);
}

function ScriptBlockers({ blockers }: { blockers: ReturnType<typeof usePromiseBlockers> }) {
  const { t } = useTranslation();
  const steps = useQuita((s) => s.scriptSession?.script.steps);
  if (blockers.length === 0) return null;
  // A pending step by what it is ("Identity check"), not by its id in the script document.
  const stepName = (stepId: string) => {
    const kind = steps?.find((step) => step.id === stepId)?.kind;
    return kind ? t(`script.kind.${kind}`) : stepId;
  };
  return (
    <Alert data-testid="outcome-blockers" color="orange" variant="light" p="xs" title={t('outcome.blockersTitle')}>
      <List size="sm" spacing={2}>
        {blockers.map((blocker) => (
          <List.Item key={JSON.stringify(blocker)}>
            {t(`outcome.errors.script_${blocker.code}`, {
              step: 'stepId' in blocker ? stepName(blocker.stepId) : '',
              disclosure: 'disclosure' in blocker ? blocker.disclosure : '',
            })}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/**
 * Time left to finish the outcome after a call: the softphone's wrap-up (its seconds are a softphone setting), shown
 * where the agent is working, turning orange in the last ten seconds.
 */
function WrapUpTimer() {
  const { t } = useTranslation();
  const endsAt = useQuita((s) => s.wrapUpEndsAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (endsAt === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [endsAt]);
  if (endsAt === null) return null;
  const left = Math.max(0, Math.ceil((endsAt - now) / 1000));
  const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return (
    <Badge data-testid="wrap-up-timer" data-seconds-left={left} variant="light" color={left <= 10 ? 'orange' : 'teal'} className="tabular">
      {t('outcome.wrapUp', { time: clock })}
    </Badge>
  );
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target.tagName !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type);
}

export function OutcomeForm() {
  const { t } = useTranslation();
  const hasAccount = useQuita((s) => s.accountView !== null && s.accountView.account.id === s.accountId);
  const balanceCents = useQuita((s) => s.accountView?.account.currentBalanceCents ?? 0);
  const currency = useQuita((s) => s.accountView?.account.currency ?? 'BRL');
  const locale = useQuita((s) => s.locale);
  const disposition = useQuita((s) => s.outcomeDraft.disposition);
  const notes = useQuita((s) => s.outcomeDraft.notes);
  const promiseDate = useQuita((s) => s.outcomeDraft.promiseDate);
  const promiseAmount = useQuita((s) => s.outcomeDraft.promiseAmount);
  const callbackAt = useQuita((s) => s.outcomeDraft.callbackAt);
  const saving = useQuita((s) => s.outcomeSaving);
  const setField = useQuita((s) => s.setOutcomeField);
  const saveOutcome = useQuita((s) => s.saveOutcome);
  const dispositionProblem = useFieldHasProblem('disposition');
  const notesProblem = useFieldHasProblem('notes');
  const dateProblem = useFieldHasProblem('promiseDate');
  const amountProblem = useFieldHasProblem('promiseAmount');
  const callbackProblem = useFieldHasProblem('callbackAt');
  const config = useQuita((s) => s.outcomeConfig?.dispositions ?? defaultDispositionConfig);
  const loadOutcomeConfig = useQuita((s) => s.loadOutcomeConfig);
  const blockers = usePromiseBlockers();

  useEffect(() => void loadOutcomeConfig(), [loadOutcomeConfig]);

  // Hotkeys anywhere on the screen except in a text field (typing "7" in the notes types a 7); Enter saves.
  useEffect(() => {
    if (!hasAccount) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (isTextField(event.target)) return;
      const target = event.target as HTMLElement | null;
      if (event.key === 'Enter') {
        // A focused button or link does its own thing with Enter (a script answer, a queue row).
        if (target && target !== document.body && (target.closest('button, a, [role="button"], [role="option"], [tabindex]') ?? null) !== null) return;
        event.preventDefault();
        void saveOutcome();
        return;
      }
      const definition = dispositionForHotkey(config, event.key);
      if (!definition) return;
      event.preventDefault();
      setField('disposition', definition.code);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [hasAccount, config, saveOutcome, setField]);

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter') return;
    const target = event.target as HTMLElement;
    // Inputs submit by themselves (implicit submission); a select does not, and the notes need their newlines.
    if (event.ctrlKey || event.metaKey || target.tagName === 'SELECT') {
      event.preventDefault();
      void saveOutcome();
    }
  };

  return (
    <Paper
      component="form"
      withBorder
      p="sm"
      data-testid="outcome-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void saveOutcome();
      }}
      onKeyDown={onKeyDown}
    >
      <Group justify="space-between" mb="xs">
        <Title order={4} size="h5">
          {t('outcome.title')}
        </Title>
        <WrapUpTimer />
      </Group>
      {!hasAccount && (
        <Text size="xs" c="dimmed" mb="xs">
          {t('outcome.noAccount')}
        </Text>
      )}
      <fieldset disabled={!hasAccount} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="xs">
          <NativeSelect
            label={t('outcome.disposition')}
            data-testid="disposition-select"
            value={disposition}
            error={dispositionProblem}
            data={[
              { value: '', label: t('outcome.choose'), disabled: true },
              ...config.dispositions
                .filter((d) => d.enabled)
                .map((d) => ({ value: d.code, label: `${d.label[locale]} (${d.hotkey.toUpperCase()})` })),
            ]}
            onChange={(event) => {
              const parsed = Disposition.safeParse(event.currentTarget.value);
              setField('disposition', parsed.success ? parsed.data : '');
            }}
          />
          {needsPromise(disposition) && (
            <Group grow align="flex-start" gap="xs">
              <TextInput
                type="date"
                label={t('outcome.promiseDate')}
                data-testid="promise-date"
                value={promiseDate}
                error={dateProblem}
                onChange={(event) => setField('promiseDate', event.currentTarget.value)}
              />
              <TextInput
                label={t('outcome.promiseAmount')}
                data-testid="promise-amount"
                inputMode="decimal"
                autoComplete="off"
                className="tabular"
                value={promiseAmount}
                error={amountProblem}
                onChange={(event) => setField('promiseAmount', event.currentTarget.value)}
              />
            </Group>
          )}
          {disposition === 'installment_plan' && <PlanSchedule />}
          {needsPromise(disposition) && (
            <Text size="xs" c="dimmed" mt={-4}>
              {t('outcome.promiseAmountHint', { balance: formatMoney({ amountCents: balanceCents, currency }, locale) })}
            </Text>
          )}
          {needsCallback(disposition) && (
            <TextInput
              type="datetime-local"
              label={t('outcome.callbackAt')}
              data-testid="callback-at"
              value={callbackAt}
              error={callbackProblem}
              onChange={(event) => setField('callbackAt', event.currentTarget.value)}
            />
          )}
          <Textarea
            label={t('outcome.notes')}
            placeholder={t('outcome.notesPlaceholder')}
            data-testid="outcome-notes"
            autosize
            minRows={3}
            maxRows={8}
            value={notes}
            error={notesProblem}
            onChange={(event) => setField('notes', event.currentTarget.value)}
          />
          <ScriptBlockers blockers={blockers} />
          <OutcomeProblems />
          <Group justify="space-between" wrap="nowrap">
            <Text size="xs" c="dimmed">
              {t('outcome.shortcut')}
            </Text>
            <Button type="submit" data-testid="outcome-save" loading={saving} disabled={blockers.length > 0}>
              {t('outcome.save')}
            </Button>
          </Group>
        </Stack>
      </fieldset>
    </Paper>
  );
}
