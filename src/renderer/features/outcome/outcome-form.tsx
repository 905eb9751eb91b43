// The outcome of the contact: disposition, notes, and the promise or callback it implies. Saves with the button,
// Ctrl+Enter anywhere in the form, or Enter in any field but the notes.
import { Alert, Button, Group, List, NativeSelect, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../shared/domain/money';
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
      <Title order={4} size="h5" mb="xs">
        {t('outcome.title')}
      </Title>
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
              ...Disposition.options.map((value) => ({ value, label: t(`disposition.${value}`) })),
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
          <OutcomeProblems />
          <Group justify="space-between" wrap="nowrap">
            <Text size="xs" c="dimmed">
              {t('outcome.shortcut')}
            </Text>
            <Button type="submit" data-testid="outcome-save" loading={saving}>
              {t('outcome.save')}
            </Button>
          </Group>
        </Stack>
      </fieldset>
    </Paper>
  );
}
