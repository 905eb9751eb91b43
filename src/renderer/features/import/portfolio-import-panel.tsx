// The console's import tab: creditor, file (import-file), the dry run (import-dry-run) with the file's shape,
// the counts and every bad row by line (import-errors / import-row-error) in the supervisor's language, the
// column mapping (editable; saved per creditor by the server on import), and the real import (import-commit),
// enabled only by a clean dry run of exactly this file and these settings.
import { Alert, Autocomplete, Badge, Button, Card, Group, NativeSelect, Progress, ScrollArea, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { PortfolioImportReport } from '../../../shared/contract';
import type { Locale } from '../../../shared/model';
import { useQuita, useQuitaStore } from '../../store';
import { IMPORT_FIELDS, issueText } from './import-issues';
import { importReady } from './import-slice';

/** Issues listed on screen; the count always says how many there are. */
const SHOWN_ISSUES = 2000;

const number = (n: number, locale: Locale) => new Intl.NumberFormat(locale).format(n);
const formatSize = (bytes: number, locale: Locale) =>
  bytes < 1024 * 1024 ? `${number(Math.max(1, Math.round(bytes / 1024)), locale)} KB` : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;

export function PortfolioImportPanel() {
  const { t } = useTranslation();
  const store = useQuitaStore();
  useEffect(() => {
    if (!store.getState().consoleOptions) void store.getState().loadConsoleOptions();
  }, [store]);
  return (
    <Stack gap="md" data-testid="portfolio-import">
      <div>
        <Title order={4}>{t('import.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('import.subtitle')}
        </Text>
      </div>
      <ImportForm />
      <ImportOutcome />
      <ImportMapping />
    </Stack>
  );
}

function ImportForm() {
  const { t } = useTranslation();
  const store = useQuitaStore();
  const creditor = useQuita((s) => s.importCreditor);
  const portfolios = useQuita((s) => s.consoleOptions?.portfolios ?? []);
  const file = useQuita((s) => s.importFile);
  const busy = useQuita((s) => s.importBusy);
  const uploaded = useQuita((s) => s.importUploaded);
  const numberFormat = useQuita((s) => s.importNumberFormat);
  const ready = useQuita((s) => importReady(s));
  const dryRun = useQuita((s) => s.importDryRun);
  const locale = useQuita((s) => s.locale);
  const setCreditor = useQuita((s) => s.setImportCreditor);

  return (
    <Card withBorder padding="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Autocomplete
          size="sm"
          miw={260}
          label={t('import.creditor')}
          placeholder={t('import.creditorPlaceholder')}
          data-testid="import-creditor"
          value={creditor}
          data={portfolios}
          onChange={setCreditor}
          onBlur={() => void store.getState().loadImportMapping()}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('import.file')}
          </Text>
          {/* A translated button: the label opens the hidden input's picker (the browser's own control speaks the OS language). */}
          <Group gap="xs" wrap="nowrap">
            <Button component="label" variant="default" size="sm" data-testid="import-file" data-disabled={busy !== null || undefined}>
              {t(file ? 'import.changeFile' : 'import.chooseFile')}
              <input
                type="file"
                hidden
                accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                disabled={busy !== null}
                onChange={(e) => {
                  const picked = e.currentTarget.files?.[0];
                  if (picked) void store.getState().pickImportFile(picked);
                  // The same file picked again (after fixing it on disk) must fire a change too.
                  e.currentTarget.value = '';
                }}
              />
            </Button>
            <Text size="sm" c={file ? undefined : 'dimmed'} data-testid="import-file-name" maw={260} truncate>
              {file ? `${file.name} · ${formatSize(file.size, locale)}` : t('import.noFile')}
            </Text>
          </Group>
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('import.numberFormat')}
          </Text>
          <SegmentedControl
            size="xs"
            data-testid="import-number-format"
            value={numberFormat ?? 'auto'}
            data={[
              { value: 'auto', label: t('import.numberFormatAuto') },
              { value: 'pt-BR', label: t('import.numberFormatPt') },
              { value: 'en', label: t('import.numberFormatEn') },
            ]}
            onChange={(value) => store.getState().setImportNumberFormat(value === 'auto' ? null : (value as 'pt-BR' | 'en'))}
          />
        </Stack>
        <Group gap="xs" ml="auto">
          <Button
            variant="light"
            data-testid="import-dry-run"
            disabled={!file || !creditor.trim() || busy !== null}
            loading={busy === 'checking'}
            onClick={() => void store.getState().runImportDryRun()}
          >
            {t('import.dryRun')}
          </Button>
          <Button data-testid="import-commit" disabled={!ready} loading={busy === 'importing'} onClick={() => void store.getState().commitImport()}>
            {t('import.commit', { count: dryRun?.rows ?? 0, formatParams: { count: { locale } } })}
          </Button>
        </Group>
      </Group>
      {!creditor.trim() && file && (
        <Text size="xs" c="orange.8" mt={4}>
          {t('import.creditorRequired')}
        </Text>
      )}
      {busy === 'uploading' && (
        <Stack gap={2} mt={6}>
          <Text size="xs">{t('import.uploading', { size: formatSize(uploaded, locale) })}</Text>
          <Progress value={100} animated striped size="sm" />
        </Stack>
      )}
      {busy === 'checking' && (
        <Text size="xs" mt={6}>
          {t('import.checking')}
        </Text>
      )}
      {busy === 'importing' && (
        <Text size="xs" mt={6}>
          {t('import.importing')}
        </Text>
      )}
    </Card>
  );
}

function Counts({ report }: { report: PortfolioImportReport }) {
  const { t } = useTranslation();
  const locale = useQuita((s) => s.locale);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      {(['accounts', 'customers'] as const).map((kind) => (
        <Card key={kind} withBorder padding="xs" data-testid={`import-counts-${kind}`}>
          <Text size="xs" c="dimmed">
            {t(`import.${kind}`)}
          </Text>
          <Group gap="md">
            {(['created', 'updated', 'unchanged'] as const).map((k) => (
              <Text key={k} size="sm" data-count={k} data-value={report[kind][k]}>
                <b>{number(report[kind][k], locale)}</b> {t(`import.${k}`)}
              </Text>
            ))}
          </Group>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function ImportOutcome() {
  const { t } = useTranslation();
  const dryRun = useQuita((s) => s.importDryRun);
  const result = useQuita((s) => s.importResult);
  const error = useQuita((s) => s.importError);
  const locale = useQuita((s) => s.locale);
  const creditor = useQuita((s) => s.importCreditor);
  const report = dryRun ?? result;
  return (
    <>
      {error && (
        <Alert color="red" data-testid="import-error" data-code={error.code} title={t(`errors.${error.code}.title`)}>
          {error.issues?.some((i) => i.message === 'file_too_large') ? t('import.fileTooLarge') : t(`errors.${error.code}.action`)}
        </Alert>
      )}
      {result?.committed && (
        <Alert color="teal" data-testid="import-result" data-committed="true" title={t('import.committed', { ...result.accounts, pooled: result.pooled })}>
          {result.mappingSaved && t('import.mappingSaved', { creditor: result.creditor ?? creditor })}
        </Alert>
      )}
      {result && !result.committed && (
        <Alert color="red" data-testid="import-result" data-committed="false">
          {t('import.refused')}
        </Alert>
      )}
      {report && !report.committed && (
        <Card withBorder padding="sm" data-testid="import-report" data-ok={report.ok} data-rows={report.rows} data-bad-rows={report.badRows}>
          <Stack gap="sm">
            <Group gap="sm">
              <Text size="sm" fw={600}>
                {t('import.rowsRead', { count: report.rows, formatParams: { count: { locale } } })}
              </Text>
              {report.format && (
                <Text size="xs" c="dimmed">
                  {t('import.fileInfo', {
                    format: report.format.toUpperCase(),
                    encoding: report.encoding === 'windows-1252' ? 'Latin-1 (Windows-1252)' : (report.encoding ?? '—').toUpperCase(),
                    delimiter: report.delimiter ?? '—',
                    numberFormat: report.numberFormat === 'pt-BR' ? '1.234,56' : report.numberFormat === 'en' ? '1234.56' : '—',
                  })}
                </Text>
              )}
            </Group>
            {report.ok ? (
              <>
                <Alert color="teal" data-testid="import-clean">
                  {t('import.wouldImport', report.accounts)}
                </Alert>
                <Counts report={report} />
              </>
            ) : (
              <ImportErrors report={report} />
            )}
          </Stack>
        </Card>
      )}
    </>
  );
}

function ImportErrors({ report }: { report: PortfolioImportReport }) {
  const { t } = useTranslation();
  const locale = useQuita((s) => s.locale);
  const shown = report.rowIssues.slice(0, SHOWN_ISSUES);
  const total = report.rowIssueCount + report.fileIssues.length;
  return (
    <Stack gap="xs" data-testid="import-errors" data-count={total}>
      <Alert color="red" title={t('import.problems', { count: total, rows: number(report.badRows, locale), formatParams: { count: { locale } } })}>
        {report.fileIssues.length > 0 && (
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {t('import.fileProblems')}
            </Text>
            {report.fileIssues.map((issue, i) => (
              <Text key={i} size="sm" data-testid="import-file-error" data-code={issue.code}>
                {issueText(t, issue, locale)}
              </Text>
            ))}
          </Stack>
        )}
              </Alert>
      {shown.length > 0 && (
        <ScrollArea.Autosize mah={360} type="auto">
          <Table striped withTableBorder verticalSpacing={4} fz="sm">
            <Table.Tbody>
              {shown.map((issue, i) => (
                <Table.Tr key={`${issue.line}-${issue.code}-${i}`} data-testid="import-row-error" data-line={issue.line} data-code={issue.code}>
                  <Table.Td w={90} style={{ whiteSpace: 'nowrap' }}>
                    <Badge variant="light" color="red" radius="sm">
                      {t('import.line', { line: issue.line })}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{issueText(t, issue, locale)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      {report.rowIssueCount > shown.length && (
        <Text size="xs" c="dimmed">
          {t('import.moreIssues', { shown: number(shown.length, locale), count: number(report.rowIssueCount, locale) })}
        </Text>
      )}
    </Stack>
  );
}

function ImportMapping() {
  const { t } = useTranslation();
  const store = useQuitaStore();
  const report = useQuita((s) => s.importLastReport);
  const chosen = useQuita((s) => s.importMapping);
  const info = useQuita((s) => s.importMappingInfo);
  const creditor = useQuita((s) => s.importCreditor.trim());
  const busy = useQuita((s) => s.importBusy);
  const required = new Set(info?.required ?? ['name', 'document', 'accountNumber', 'balance', 'dueDate']);

  if (!report || report.header.length === 0) {
    // Before a file: what is saved for this creditor, so the supervisor knows what Quita will read.
    if (!info || !creditor) return null;
    const pairs = Object.entries(info.saved);
    return (
      <Text size="sm" c="dimmed" data-testid="import-saved-mapping">
        {pairs.length
          ? t('import.savedMapping', { creditor: info.creditor, pairs: pairs.map(([f, h]) => `${t(`import.field.${f}`)} ← “${h}”`).join('; ') })
          : t('import.noSavedMapping', { creditor: info.creditor })}
      </Text>
    );
  }
  const options = [{ value: '', label: t('import.notMapped') }, ...report.header.filter((h) => h.trim()).map((h) => ({ value: h, label: h }))];
  return (
    <Card withBorder padding="sm" data-testid="import-mapping">
      <Title order={5}>{t('import.mapping')}</Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('import.mappingHelp')}
      </Text>
      <Table withTableBorder verticalSpacing={2} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('import.mappingField')}</Table.Th>
            <Table.Th>{t('import.mappingColumn')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {IMPORT_FIELDS.map((field) => {
            const used = report.mapping[field];
            const value = chosen[field] ?? used?.header ?? '';
            const source = chosen[field] ? 'given' : used?.source;
            return (
              <Table.Tr key={field} data-testid="import-mapping-row" data-field={field}>
                <Table.Td>
                  {t(`import.field.${field}`)}{' '}
                  {required.has(field) && (
                    <Text span size="xs" c="red.7">
                      ({t('import.required')})
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <NativeSelect
                    size="xs"
                    aria-label={t(`import.field.${field}`)}
                    data-testid="import-mapping-select"
                    value={options.some((o) => o.value === value) ? value : ''}
                    data={options}
                    disabled={busy !== null}
                    onChange={(e) => store.getState().setImportMappingField(field, e.currentTarget.value || null)}
                  />
                </Table.Td>
                <Table.Td>
                  {source && (
                    <Badge size="xs" variant="light" color={source === 'given' ? 'blue' : source === 'saved' ? 'teal' : 'gray'}>
                      {t(`import.mappingSource.${source}`)}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
