// Follow-ups during the call: the PIX "copia e cola" with its QR code, the boleto line decoded, and a WhatsApp
// message from a template. Every copy and message is recorded in the account's history (follow-up-slice.ts).
import { Alert, Button, Code, Divider, Group, Image, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todayIn } from '../../../shared/domain/dates';
import { formatMoney } from '../../../shared/domain/money';
import { formatPhone } from '../../../shared/domain/phone';
import { smsInfo } from '../../../shared/domain/messages/channels';
import type { MessageTemplateId } from '../../../shared/domain/messages/templates';
import type { Account } from '../../../shared/model';
import { formatCalendarDate } from '../../i18n/format';
import { useQuita } from '../../store';
import {
  boletoFor,
  paymentAsk,
  pixCodeFor,
  renderFollowUpMessage,
  whatsAppNumbers,
  whatsAppUrl,
  type BoletoView,
  type PaymentAsk,
  type PixCode,
} from './follow-up-codes';

/** The templates a call can fill (no payment links in Quita yet). */
const TEMPLATES: readonly MessageTemplateId[] = ['pix_code', 'boleto_line', 'promise_reminder', 'thank_you'];

/** Opens an https link outside the app: Electron hands it to the shell's allow-list, the browser to a new tab. */
function openExternal(url: string): void {
  window.open(url, '_blank', 'noopener,noreferrer');
}

function useFollowUpCodes(): { account: Account; ask: PaymentAsk; pix: PixCode; boleto: BoletoView; today: string } | null {
  const view = useQuita((s) => (s.accountView && s.accountView.account.id === s.accountId ? s.accountView : null));
  const accepted = useQuita((s) => (s.offerAccepted && s.offerAccepted.accountId === s.accountId ? s.offerAccepted : null));
  const officeTimeZone = useQuita((s) => s.settings?.officeTimeZone ?? 'America/Sao_Paulo');
  return useMemo(() => {
    if (!view) return null;
    const today = todayIn(view.effectiveTimeZone, Date.now());
    const ask = paymentAsk(view.account, accepted, today);
    return { account: view.account, ask, pix: pixCodeFor(view.account, ask, officeTimeZone), boleto: boletoFor(view.account, today), today };
  }, [view, accepted, officeTimeZone]);
}

export function FollowUpPanel() {
  const { t } = useTranslation();
  const accountId = useQuita((s) => s.accountId);
  const resetFollowUp = useQuita((s) => s.resetFollowUp);
  const codes = useFollowUpCodes();

  useEffect(() => {
    resetFollowUp();
  }, [accountId, resetFollowUp]);

  if (!codes) return null;
  return (
    <Paper withBorder p="sm" data-testid="follow-up-panel">
      <Stack gap="xs">
        <Title order={3} size="sm">
          {t('followUp.title')}
        </Title>
        <FollowUpProblem />
        <PixSection pix={codes.pix} account={codes.account} ask={codes.ask} />
        <Divider />
        <BoletoSection boleto={codes.boleto} account={codes.account} today={codes.today} />
        <Divider />
        <WhatsAppSection />
      </Stack>
    </Paper>
  );
}

function FollowUpProblem() {
  const { t } = useTranslation();
  const problem = useQuita((s) => s.followUpProblem);
  if (!problem) return null;
  return (
    <Alert color="red" variant="light" p="xs" data-testid="follow-up-error">
      {problem.key === 'whatsapp_blocked'
        ? t('followUp.problem.whatsapp_blocked', { reasons: problem.reasons.map((code) => t(`reason.${code}`)).join(', ') })
        : problem.key === 'message_blocked'
          ? t('followUp.problem.message_blocked', {
              channel: t(`followUp.channel.${problem.channel}`),
              reasons: problem.reasons.map((code) => t(`reason.${code}`, { defaultValue: t('followUp.problem.flagged') })).join(', '),
            })
          : t(`followUp.problem.${problem.key}`)}
    </Alert>
  );
}

function Done({ action }: { action: string }) {
  const { t } = useTranslation();
  const done = useQuita((s) => s.followUpDone === action);
  if (!done) return null;
  return (
    <Text size="xs" c="teal.8">
      {t(`followUp.done.${action}`)}
    </Text>
  );
}

function PixSection({ pix, account, ask }: { pix: PixCode; account: Account; ask: PaymentAsk }) {
  const { t } = useTranslation();
  const locale = useQuita((s) => s.locale);
  const busy = useQuita((s) => s.followUpBusy);
  const copy = useQuita((s) => s.copyFollowUp);
  const [qr, setQr] = useState<{ payload: string; url: string } | null>(null);
  const payload = pix.ok ? pix.payload : null;

  useEffect(() => {
    if (payload === null) return;
    let current = true;
    // A data: URL keeps the CSP as it is (img-src allows data:); nothing leaves the machine.
    void QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 1, width: 176 }).then((url) => {
      if (current) setQr({ payload, url });
    });
    return () => {
      current = false;
    };
  }, [payload]);

  const amount = formatMoney({ amountCents: ask.amountCents, currency: account.currency }, locale);
  if (!pix.ok) {
    return (
      <Stack gap={4}>
        <Text size="xs" fw={600}>
          {t('followUp.pix.title')}
        </Text>
        <Text size="xs" c="red.7" data-testid="pix-error">
          {pix.errors.map((e) => t(`followUp.pix.error.${e.code}`)).join(' ')}
        </Text>
      </Stack>
    );
  }
  return (
    <Group align="flex-start" gap="sm" wrap="nowrap">
      {qr && qr.payload === pix.payload ? (
        <Image src={qr.url} w={120} h={120} alt={t('followUp.pix.qrAlt', { amount })} data-testid="pix-qr" />
      ) : (
        <div style={{ width: 120, height: 120 }} />
      )}
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Text size="xs" fw={600}>
          {t('followUp.pix.title')} · {t(ask.fromPlan ? 'followUp.pix.amountPlan' : 'followUp.pix.amountBalance', { amount })}
        </Text>
        <Code block data-testid="pix-code" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 11 }}>
          {pix.payload}
        </Code>
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            data-testid="pix-copy"
            disabled={busy}
            onClick={() => void copy('pix_copied', pix.payload, t('followUp.record.pix_copied', { amount, code: pix.payload }))}
          >
            {t('followUp.pix.copy')}
          </Button>
          <Done action="pix_copied" />
        </Group>
      </Stack>
    </Group>
  );
}

function BoletoSection({ boleto, account, today }: { boleto: BoletoView; account: Account; today: string }) {
  const { t } = useTranslation();
  const locale = useQuita((s) => s.locale);
  const busy = useQuita((s) => s.followUpBusy);
  const copy = useQuita((s) => s.copyFollowUp);
  if (!boleto.ok) {
    return (
      <Stack gap={4}>
        <Text size="xs" fw={600}>
          {t('followUp.boleto.title')}
        </Text>
        <Text size="xs" c="red.7" data-testid="boleto-error">
          {boleto.errors
            .map((e) => t(`followUp.boleto.error.${e.code}`, { field: 'field' in e.params ? e.params.field : '', length: 'length' in e.params ? e.params.length : '' }))
            .join(' ')}
        </Text>
      </Stack>
    );
  }
  const { info } = boleto;
  const amount = info.amountCents === null ? t('followUp.boleto.openAmount') : formatMoney({ amountCents: info.amountCents, currency: account.currency }, locale);
  const due = info.kind === 'bank' && info.dueDate ? formatCalendarDate(info.dueDate, locale) : t('followUp.boleto.noDueDate');
  const overdue = info.kind === 'bank' && info.dueDate !== null && info.dueDate < today;
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600}>
        {t('followUp.boleto.title')}
      </Text>
      <Code block data-testid="boleto-line" data-amount-cents={info.amountCents ?? ''} data-due-date={info.kind === 'bank' ? (info.dueDate ?? '') : ''} style={{ whiteSpace: 'pre-wrap', fontSize: 11 }}>
        {boleto.formatted}
      </Code>
      <Text size="xs" className="tabular" data-testid="boleto-decoded">
        {info.kind === 'bank' ? t('followUp.boleto.decodedBank', { amount, due, bank: info.bankCode }) : t('followUp.boleto.decodedOther', { amount })}
      </Text>
      {overdue && (
        <Text size="xs" c="orange.8">
          {t('followUp.boleto.overdue')}
        </Text>
      )}
      <Group gap="xs">
        <Button
          size="xs"
          variant="light"
          data-testid="boleto-copy"
          disabled={busy}
          onClick={() => void copy('boleto_copied', boleto.line, t('followUp.record.boleto_copied', { amount, due, line: boleto.formatted }))}
        >
          {t('followUp.boleto.copy')}
        </Button>
        <Done action="boleto_copied" />
      </Group>
    </Stack>
  );
}

function WhatsAppSection() {
  const { t } = useTranslation();
  const view = useQuita((s) => s.accountView);
  const region = useQuita((s) => s.settings?.defaultRegion ?? 'BR');
  const chosenTemplate = useQuita((s) => s.followUpTemplate);
  const edited = useQuita((s) => s.followUpText);
  const chosen = useQuita((s) => s.followUpPhone);
  const busy = useQuita((s) => s.followUpBusy);
  const setTemplate = useQuita((s) => s.setFollowUpTemplate);
  const setText = useQuita((s) => s.setFollowUpText);
  const setPhone = useQuita((s) => s.setFollowUpPhone);
  const sendWhatsApp = useQuita((s) => s.sendWhatsApp);
  const sendMessage = useQuita((s) => s.sendMessage);
  const codes = useFollowUpCodes();
  const emails = view?.customer.emails ?? [];
  const [chosenEmail, setEmail] = useState<string | null>(null);
  const email = chosenEmail ?? emails[0] ?? '';
  const [editedSubject, setSubject] = useState<string | null>(null);

  const template: MessageTemplateId = chosenTemplate ?? (codes?.pix.ok ? 'pix_code' : codes?.boleto.ok ? 'boleto_line' : 'promise_reminder');
  const numbers = useMemo(() => (view ? whatsAppNumbers(view.customer, region) : []), [view, region]);
  const rendered = useMemo(
    () => (view && codes ? renderFollowUpMessage(template, view.customer, view.account, codes.ask, { pix: codes.pix, boleto: codes.boleto }) : null),
    [view, codes, template],
  );
  if (!view || !rendered) return null;
  const number = numbers.find((n) => n.raw === chosen) ?? numbers[0] ?? null;
  const text = edited ?? (rendered.ok ? rendered.text : '');
  const url = number ? whatsAppUrl(number.e164, text) : null;
  const sms = smsInfo(text);
  const subject = editedSubject ?? t(`followUp.template.${template}`, { lng: view.customer.language }) + ' · ' + view.account.creditor;

  return (
    <Stack gap={6}>
      <Text size="xs" fw={600}>
        {t('followUp.whatsapp.title')}
      </Text>
      <Group gap="xs" grow>
        <NativeSelect
          size="xs"
          label={t('followUp.whatsapp.number')}
          data-testid="whatsapp-number"
          value={number?.raw ?? ''}
          onChange={(e) => setPhone(e.currentTarget.value)}
          data={numbers.length ? numbers.map((n) => ({ value: n.raw, label: n.e164 ? formatPhone(n.e164, 'national') : n.raw })) : [{ value: '', label: t('followUp.whatsapp.noNumber') }]}
        />
        <NativeSelect
          size="xs"
          label={t('followUp.whatsapp.template')}
          data-testid="whatsapp-template"
          value={template}
          onChange={(e) => setTemplate(e.currentTarget.value as MessageTemplateId)}
          data={TEMPLATES.map((id) => ({ value: id, label: t(`followUp.template.${id}`) }))}
        />
      </Group>
      {!rendered.ok && edited === null && (
        <Text size="xs" c="red.7" data-testid="whatsapp-template-error">
          {t('followUp.whatsapp.missing', {
            values: rendered.errors.map((e) => t(`followUp.placeholder.${e.params.placeholder ?? 'unknown'}`, { defaultValue: e.params.placeholder ?? '' })).join(', '),
          })}
        </Text>
      )}
      <Textarea
        size="xs"
        autosize
        minRows={3}
        maxRows={8}
        data-testid="whatsapp-text"
        label={t('followUp.whatsapp.text', { language: t(`shell.languages.${view.customer.language}`) })}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      {number && !number.e164 && (
        <Text size="xs" c="red.7" data-testid="whatsapp-number-error">
          {t('followUp.whatsapp.badNumber', { number: number.raw })}
        </Text>
      )}
      <Group gap="xs" justify="space-between">
        <Done action="whatsapp_opened" />
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            data-testid="sms-send"
            disabled={busy || !number?.e164 || text.trim() === ''}
            onClick={() => number?.e164 && void sendMessage({ channel: 'sms', to: number.e164, subject: null, text })}
          >
            {t('followUp.sms.send', { count: sms.segments })}
          </Button>
          <Button
            size="xs"
            color="green"
            data-testid="whatsapp-send"
            disabled={busy || !url || text.trim() === ''}
            onClick={() => url && number?.e164 && void sendWhatsApp({ to: number.e164, text, url }, openExternal)}
          >
            {t('followUp.whatsapp.send')}
          </Button>
        </Group>
      </Group>
      <Done action="sms_sent" />
      <Group gap="xs" grow align="flex-end">
        <NativeSelect
          size="xs"
          label={t('followUp.email.address')}
          data-testid="email-address"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          data={emails.length ? emails.map((e) => ({ value: e, label: e })) : [{ value: '', label: t('followUp.email.none') }]}
        />
        <TextInput size="xs" label={t('followUp.email.subject')} data-testid="email-subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
      </Group>
      <Group gap="xs" justify="space-between">
        <Done action="email_sent" />
        <Button
          size="xs"
          variant="light"
          data-testid="email-send"
          disabled={busy || email === '' || subject.trim() === '' || text.trim() === ''}
          onClick={() => void sendMessage({ channel: 'email', to: email, subject: subject.trim(), text })}
        >
          {t('followUp.email.send')}
        </Button>
      </Group>
    </Stack>
  );
}
