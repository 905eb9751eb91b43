// The negotiation: pay in full (with a discount on interest and fees), a new due date or installments, with the
// live schedule and whether it is within the agent's authority. Within: "accept" hands the plan to the outcome
// form. Beyond: a request to a supervisor, never an agreement.
import { Alert, Badge, Button, Group, List, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { todayIn } from '../../../shared/domain/dates';
import { formatMoney } from '../../../shared/domain/money';
import { discountCentsForPercent, interestAndFeesCents, type Offer, type OfferEvaluation, type OfferParams } from '../../../shared/domain/offer/offer';
import type { Currency, Locale } from '../../../shared/model';
import { formatCalendarDate } from '../../i18n/format';
import { useQuita } from '../../store';
import { defaultFirstDate, type OfferKind } from './offer-draft';
import { currentOfferEvaluation, offerRole } from './offer-slice';

/** An issue's numbers as the agent reads them: cents as money, dates in the agent's format. */
export function issueParams(params: OfferParams, currency: Currency, locale: Locale): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key.endsWith('Cents') && typeof value === 'number') out[key] = formatMoney({ amountCents: value, currency }, locale);
    else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) out[key] = formatCalendarDate(value, locale);
    else out[key] = value;
  }
  return out;
}

/** One line for the offer ("3 parcelas a partir de 04/12/2026, total R$ 1.300,00"), also the history's words. */
export function describeOffer(t: TFunction, offer: Offer, evaluation: OfferEvaluation, currency: Currency, locale: Locale): string {
  const money = (amountCents: number) => formatMoney({ amountCents, currency }, locale);
  const first = evaluation.schedule[0];
  const date = first ? formatCalendarDate(first.dueDate, locale) : '';
  if (offer.kind === 'installments') {
    return t('offer.describe.installments', { count: offer.count, amount: money(first?.amountCents ?? 0), date, total: money(evaluation.totalCents) });
  }
  if (offer.kind === 'new_due_date') return t('offer.describe.new_due_date', { date, total: money(evaluation.totalCents) });
  return evaluation.discountCents > 0
    ? t('offer.describe.pay_in_full_discount', { date, total: money(evaluation.totalCents), discount: money(evaluation.discountCents) })
    : t('offer.describe.pay_in_full', { date, total: money(evaluation.totalCents) });
}

/** The draft evaluated live; recomputed only when one of its inputs changes (selectors must return stable values). */
function useOfferEvaluation() {
  const draft = useQuita((s) => s.offerDraft);
  const policy = useQuita((s) => s.offerPolicy);
  const view = useQuita((s) => s.accountView);
  const accountId = useQuita((s) => s.accountId);
  const syncStatus = useQuita((s) => s.syncStatus);
  const locale = useQuita((s) => s.locale);
  return useMemo(
    () => currentOfferEvaluation({ offerDraft: draft, offerPolicy: policy, accountView: view, accountId, syncStatus, locale }),
    [draft, policy, view, accountId, syncStatus, locale],
  );
}

export function OfferPanel() {
  const { t } = useTranslation();
  const accountId = useQuita((s) => s.accountId);
  const zone = useQuita((s) => s.accountView?.effectiveTimeZone ?? null);
  const policyLoaded = useQuita((s) => s.offerPolicy !== null);
  const loadOfferPolicy = useQuita((s) => s.loadOfferPolicy);
  const resetOffer = useQuita((s) => s.resetOffer);

  useEffect(() => {
    if (!policyLoaded) void loadOfferPolicy();
  }, [policyLoaded, loadOfferPolicy]);

  // A new account starts a new negotiation, its first date a week from the customer's today.
  useEffect(() => {
    if (accountId !== null && zone !== null) resetOffer(defaultFirstDate(todayIn(zone, Date.now())));
  }, [accountId, zone, resetOffer]);

  if (accountId === null || zone === null) return null;
  return (
    <Paper withBorder p="sm" data-testid="offer-panel">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={3} size="sm">
            {t('offer.title')}
          </Title>
          <RoleBadge />
        </Group>
        <OfferFields />
        <OfferSummary />
        <OfferActions />
      </Stack>
    </Paper>
  );
}

function RoleBadge() {
  const { t } = useTranslation();
  const role = useQuita(offerRole);
  return (
    <Badge size="xs" variant="light" color="gray">
      {t('offer.authorityOf', { role: t(`offer.role.${role}`) })}
    </Badge>
  );
}

function OfferFields() {
  const { t } = useTranslation();
  const draft = useQuita((s) => s.offerDraft);
  const setField = useQuita((s) => s.setOfferField);
  const account = useQuita((s) => s.accountView?.account ?? null);
  const maxPercent = useQuita((s) => s.offerPolicy?.offerAuthority.roles[offerRole(s)].maxDiscountPercent ?? null);
  const locale = useQuita((s) => s.locale);
  if (!account) return null;
  const interest = interestAndFeesCents(account);
  const money = (amountCents: number) => formatMoney({ amountCents, currency: account.currency }, locale);

  return (
    <Stack gap={6}>
      <SegmentedControl
        size="xs"
        fullWidth
        data-testid="offer-kind"
        value={draft.kind}
        onChange={(value) => setField('kind', value as OfferKind)}
        data={(['pay_in_full', 'new_due_date', 'installments'] as const).map((kind) => ({ value: kind, label: t(`offer.kind.${kind}`) }))}
      />
      <Group gap="xs" grow align="flex-start">
        {draft.kind === 'installments' && (
          <TextInput
            size="xs"
            label={t('offer.count')}
            type="number"
            min={1}
            max={120}
            inputMode="numeric"
            data-testid="offer-installments"
            value={draft.count}
            onChange={(e) => setField('count', e.currentTarget.value)}
          />
        )}
        <TextInput
          size="xs"
          type="date"
          label={t(draft.kind === 'installments' ? 'offer.firstDate' : draft.kind === 'new_due_date' ? 'offer.newDate' : 'offer.payBy')}
          data-testid="offer-first-date"
          value={draft.firstDate}
          onChange={(e) => setField('firstDate', e.currentTarget.value)}
        />
      </Group>
      {draft.kind === 'pay_in_full' && (
        <Stack gap={4}>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              size="xs"
              style={{ flex: 1 }}
              label={t('offer.discount')}
              inputMode="decimal"
              data-testid="offer-discount"
              placeholder={draft.discountMode === 'percent' ? '10' : '100,00'}
              value={draft.discount}
              onChange={(e) => setField('discount', e.currentTarget.value)}
              disabled={interest === 0}
            />
            <SegmentedControl
              size="xs"
              value={draft.discountMode}
              onChange={(value) => setField('discountMode', value as 'percent' | 'amount')}
              data={[
                { value: 'percent', label: '%' },
                { value: 'amount', label: t('offer.discountAmount') },
              ]}
            />
          </Group>
          <Text size="xs" c="dimmed">
            {interest === 0
              ? t('offer.noInterest')
              : t('offer.discountHint', {
                  interest: money(interest),
                  max: maxPercent === null ? '' : money(discountCentsForPercent(interest, maxPercent)),
                  percent: maxPercent ?? '',
                })}
          </Text>
        </Stack>
      )}
    </Stack>
  );
}

function OfferSummary() {
  const { t } = useTranslation();
  const evaluated = useOfferEvaluation();
  const currency = useQuita((s) => s.accountView?.account.currency ?? 'BRL');
  const locale = useQuita((s) => s.locale);
  const money = (amountCents: number) => formatMoney({ amountCents, currency }, locale);
  if (!evaluated) return null;
  if (!evaluated.ok) {
    return (
      <Text size="xs" c="red.7" data-testid="offer-summary" data-state="incomplete">
        {t(`offer.problem.${evaluated.problem.key}`)}
      </Text>
    );
  }
  const { evaluation } = evaluated;
  if (!evaluation.valid) {
    return (
      <Alert color="red" variant="light" p="xs" data-testid="offer-summary" data-state="invalid" title={t('offer.invalid')}>
        <List size="xs" spacing={0}>
          {evaluation.errors.map((e) => (
            <List.Item key={e.code}>{t(`offer.error.${e.code}`, issueParams(e.params, currency, locale))}</List.Item>
          ))}
        </List>
      </Alert>
    );
  }
  const state = evaluation.withinAuthority ? 'within' : 'outside';
  return (
    <Stack gap={4} data-testid="offer-summary" data-state={state}>
      <List size="xs" spacing={0} className="tabular">
        {evaluation.schedule.map((p) => (
          <List.Item key={p.seq} data-testid="offer-installment" data-due-date={p.dueDate} data-amount-cents={p.amountCents}>
            {t('offer.line', { n: p.seq, date: formatCalendarDate(p.dueDate, locale), amount: money(p.amountCents) })}
            {p.movedFrom && (
              <Text span size="xs" c="dimmed">
                {' '}
                {t('offer.moved', { date: formatCalendarDate(p.movedFrom, locale) })}
              </Text>
            )}
          </List.Item>
        ))}
      </List>
      <Text size="xs" fw={600} className="tabular">
        {t('offer.total', { total: money(evaluation.totalCents) })}
        {evaluation.discountCents > 0 && ` · ${t('offer.discountGiven', { discount: money(evaluation.discountCents) })}`}
      </Text>
      {evaluation.withinAuthority ? (
        <Badge size="sm" color="teal" variant="light">
          {t('offer.within')}
        </Badge>
      ) : (
        <Alert color="orange" variant="light" p="xs" title={evaluation.approvableBy ? t('offer.outside', { role: t(`offer.roleWithArticle.${evaluation.approvableBy}`) }) : t('offer.noApprover')}>
          <List size="xs" spacing={0}>
            {evaluation.violations.map((v) => (
              <List.Item key={v.code} data-testid="offer-violation" data-code={v.code}>
                {t(`offer.violation.${v.code}`, issueParams(v.params, currency, locale))}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}

function OfferActions() {
  const { t } = useTranslation();
  const evaluated = useOfferEvaluation();
  const approval = useQuita((s) => s.offerApproval);
  const accepted = useQuita((s) => s.offerAccepted !== null && s.offerAccepted.accountId === s.accountId);
  const acceptOffer = useQuita((s) => s.acceptOffer);
  const requestOfferApproval = useQuita((s) => s.requestOfferApproval);
  const currency = useQuita((s) => s.accountView?.account.currency ?? 'BRL');
  const locale = useQuita((s) => s.locale);
  if (!evaluated?.ok || !evaluated.evaluation.valid) return null;
  const { offer, evaluation } = evaluated;

  if (evaluation.withinAuthority) {
    return (
      <Group gap="xs" justify="space-between">
        {accepted ? (
          <Text size="xs" c="teal.8" data-testid="offer-accepted">
            {t('offer.accepted')}
          </Text>
        ) : (
          <span />
        )}
        <Button size="xs" data-testid="offer-accept" onClick={() => acceptOffer()}>
          {t('offer.accept')}
        </Button>
      </Group>
    );
  }
  if (evaluation.approvableBy === null) return null;
  const summary = () =>
    t('offer.approvalSummary', {
      role: t(`offer.roleWithArticle.${evaluation.approvableBy}`),
      offer: describeOffer(t, offer, evaluation, currency, locale),
      reasons: evaluation.violations.map((v) => t(`offer.violation.${v.code}`, issueParams(v.params, currency, locale))).join('; '),
    });
  return (
    <Group gap="xs" justify="space-between">
      {approval.status === 'sent' ? (
        <Text size="xs" c="orange.8" data-testid="offer-approval-sent">
          {t('offer.approvalSent', { role: t(`offer.roleWithArticle.${approval.approvableBy ?? evaluation.approvableBy}`) })}
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          {t('offer.notAnAgreement')}
        </Text>
      )}
      <Button
        size="xs"
        color="orange"
        variant="light"
        data-testid="offer-approval-request"
        loading={approval.status === 'sending'}
        disabled={approval.status === 'sent'}
        onClick={() => void requestOfferApproval(summary())}
      >
        {t('offer.requestApproval')}
      </Button>
    </Group>
  );
}
