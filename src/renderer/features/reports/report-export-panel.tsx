// The console's export tab: filters (period, team, agent, outcomes, portfolios), how many calls they match, the
// file's language and CSV separator, and CSV / XLSX / PDF buttons. Main streams the file to disk and reports
// progress (export-progress); in the web host the finished file is offered as a download, in the desktop app it
// is where the supervisor saved it.
import { Alert, Anchor, Button, Card, Group, Loader, MultiSelect, NativeSelect, Progress, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Disposition, type Locale } from '../../../shared/model';
import type { ReportFormat } from '../../../shared/contract';
import { useQuita, useQuitaStore } from '../../store';
import { exportFraction, type ReportExportRun } from './reports-slice';

export function formatBytes(bytes: number, locale: Locale): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

export function ReportExportPanel() {
  const { t } = useTranslation();
  const store = useQuitaStore();
  const filters = useQuita((s) => s.reportFilters);

  // Start from the period, team, agent and portfolio the console's KPI filters show, once.
  const seeded = useRef(false);
  useEffect(() => {
    if (seeded.current) return;
    seeded.current = true;
    const state = store.getState();
    const kpi = state.kpiFilters;
    const today = state.appInfo?.today ?? '';
    if (!state.reportFilters.from && !state.reportFilters.to) {
      state.setReportFilters({
        from: kpi?.from ?? today,
        to: kpi?.to ?? today,
        team: kpi?.team || null,
        agent: kpi?.agent || null,
        portfolios: kpi?.portfolio ? [kpi.portfolio] : [],
      });
    }
    if (!state.consoleOptions) void state.loadConsoleOptions();
  }, [store]);

  // The count follows the filters (debounced: dates are typed a digit at a time).
  useEffect(() => {
    const timer = setTimeout(() => void store.getState().countReportRows(), 250);
    return () => clearTimeout(timer);
  }, [store, filters]);

  return (
    <Stack gap="md" data-testid="report-export">
      <div>
        <Title order={4}>{t('reportExport.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('reportExport.subtitle')}
        </Text>
      </div>
      <ExportFilters />
      <ExportActions />
      <ExportProgressCard />
    </Stack>
  );
}

function ExportFilters() {
  const { t } = useTranslation();
  const filters = useQuita((s) => s.reportFilters);
  const options = useQuita((s) => s.consoleOptions);
  const role = useQuita((s) => s.syncStatus?.role ?? null);
  const setFilters = useQuita((s) => s.setReportFilters);
  const agents = (options?.agents ?? []).filter((a) => !filters.team || a.teamId === filters.team);
  return (
    <Card withBorder padding="sm" data-testid="report-filters">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          type="date"
          size="xs"
          label={t('reportExport.from')}
          data-testid="export-filter-from"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(e) => setFilters({ from: e.currentTarget.value })}
        />
        <TextInput
          type="date"
          size="xs"
          label={t('reportExport.to')}
          data-testid="export-filter-to"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(e) => setFilters({ to: e.currentTarget.value })}
        />
        {role === 'admin' && (
          <NativeSelect
            size="xs"
            label={t('reportExport.team')}
            data-testid="export-filter-team"
            value={filters.team ?? ''}
            data={[{ value: '', label: t('reportExport.allTeams') }, ...(options?.teams ?? []).map((x) => ({ value: x.id, label: x.name }))]}
            onChange={(e) => {
              const team = e.currentTarget.value || null;
              const agent = agents.find((a) => a.id === filters.agent);
              setFilters({ team, ...(team && agent && agent.teamId !== team ? { agent: null } : {}) });
            }}
          />
        )}
        <NativeSelect
          size="xs"
          label={t('reportExport.agent')}
          data-testid="export-filter-agent"
          value={filters.agent ?? ''}
          data={[{ value: '', label: t('reportExport.allAgents') }, ...agents.map((a) => ({ value: a.id, label: a.displayName }))]}
          onChange={(e) => setFilters({ agent: e.currentTarget.value || null })}
        />
        <MultiSelect
          size="xs"
          miw={220}
          label={t('reportExport.dispositions')}
          placeholder={filters.dispositions.length ? undefined : t('reportExport.allDispositions')}
          data-testid="export-filter-dispositions"
          value={filters.dispositions}
          data={Disposition.options.map((d) => ({ value: d, label: t(`disposition.${d}`) }))}
          onChange={(dispositions) => setFilters({ dispositions })}
          clearable
        />
        <MultiSelect
          size="xs"
          miw={200}
          label={t('reportExport.portfolios')}
          placeholder={filters.portfolios.length ? undefined : t('reportExport.allPortfolios')}
          data-testid="export-filter-portfolios"
          value={filters.portfolios}
          data={[...new Set([...(options?.portfolios ?? []), ...filters.portfolios])]}
          onChange={(portfolios) => setFilters({ portfolios })}
          searchable
          clearable
        />
      </Group>
      <ExportCount />
    </Card>
  );
}

function ExportCount() {
  const { t } = useTranslation();
  const count = useQuita((s) => s.reportCount);
  const error = useQuita((s) => s.reportCountError);
  const loading = useQuita((s) => s.reportCountLoading);
  const locale = useQuita((s) => s.locale);
  if (error) {
    return (
      <Alert color="red" mt="sm" data-testid="export-error" data-code={error.code} title={t(`errors.${error.code}.title`)}>
        {t(`errors.${error.code}.action`)}
      </Alert>
    );
  }
  return (
    <Group gap="xs" mt="sm" data-testid="export-count" data-rows={count?.rows ?? ''}>
      {loading && <Loader size="xs" />}
      {count && (
        <Text size="sm" fw={500}>
          {count.rows === 0 ? t('reportExport.countZero') : t('reportExport.count', { count: count.rows, formatParams: { count: { locale } } })}
        </Text>
      )}
      {count && (
        <Text size="xs" c="dimmed">
          {t('reportExport.timeZone', { zone: count.timeZone })}
        </Text>
      )}
    </Group>
  );
}

const FORMATS: readonly ReportFormat[] = ['csv', 'xlsx', 'pdf'];

function ExportActions() {
  const { t } = useTranslation();
  const locale = useQuita((s) => s.locale);
  const exportLocale = useQuita((s) => s.exportLocale) ?? locale;
  const separator = useQuita((s) => s.exportSeparator) ?? (exportLocale === 'pt-BR' ? ';' : ',');
  const setOptions = useQuita((s) => s.setExportOptions);
  const startExport = useQuita((s) => s.startExport);
  const running = useQuita((s) => s.reportExport?.phase === 'counting' || s.reportExport?.phase === 'writing');
  return (
    <Card withBorder padding="sm">
      <Group gap="lg" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Text size="xs" fw={500}>
            {t('reportExport.fileLanguage')}
          </Text>
          <SegmentedControl
            size="xs"
            data-testid="export-locale"
            value={exportLocale}
            data={[
              { value: 'pt-BR', label: 'Português (Brasil)' },
              { value: 'en', label: 'English' },
            ]}
            onChange={(value) => setOptions({ locale: value as Locale })}
          />
        </Stack>
        <Stack gap={4}>
          <Text size="xs" fw={500}>
            {t('reportExport.separator')}
          </Text>
          <SegmentedControl
            size="xs"
            data-testid="export-separator"
            value={separator}
            data={[
              { value: ';', label: t('reportExport.separatorSemicolon') },
              { value: ',', label: t('reportExport.separatorComma') },
            ]}
            onChange={(value) => setOptions({ separator: value as ';' | ',' })}
          />
        </Stack>
        <Group gap="xs" ml="auto">
          <Text size="sm" c="dimmed">
            {t('reportExport.exportAs')}
          </Text>
          {FORMATS.map((format) => (
            <Button
              key={format}
              size="sm"
              data-testid={`export-${format}`}
              disabled={running}
              onClick={() => void startExport(format).then((result) => result?.downloadUrl && offerDownload(result.downloadUrl, result.fileName))}
            >
              {t(`reportExport.${format}`)}
            </Button>
          ))}
        </Group>
      </Group>
    </Card>
  );
}

/** The web host's finished file: the browser's own download (same origin, the host serves only files main wrote). */
function offerDownload(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

function progressText(t: (key: string, values?: Record<string, unknown>) => string, run: ReportExportRun, locale: Locale): string {
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  if (run.phase === 'counting') return t('reportExport.phase.counting');
  if (run.rows !== null && run.totalRows !== null) return t('reportExport.rowsProgress', { rows: number(run.rows), total: number(run.totalRows) });
  return t('reportExport.bytesProgress', { size: formatBytes(run.bytes, locale), total: number(run.totalRows ?? 0) });
}

function ExportProgressCard() {
  const { t } = useTranslation();
  const run = useQuita((s) => s.reportExport);
  const locale = useQuita((s) => s.locale);
  const cancel = useQuita((s) => s.cancelExport);
  const dismiss = useQuita((s) => s.dismissExport);
  if (!run) return null;
  const active = run.phase === 'counting' || run.phase === 'writing';
  const fraction = exportFraction(run);
  const color = run.phase === 'failed' ? 'red' : run.phase === 'cancelled' ? 'gray' : run.phase === 'done' ? 'teal' : 'blue';
  return (
    <Card
      withBorder
      padding="sm"
      data-testid="export-progress"
      data-format={run.format}
      data-phase={run.phase}
      data-rows={run.rows ?? ''}
      data-total={run.totalRows ?? ''}
      data-bytes={run.bytes}
    >
      <Group justify="space-between" mb={6}>
        <Text size="sm" fw={600}>
          {t(`reportExport.${run.format}`)} · {t(`reportExport.phase.${run.phase}`)}
        </Text>
        {active ? (
          <Button size="xs" variant="default" data-testid="export-cancel" onClick={() => void cancel()}>
            {t('reportExport.cancel')}
          </Button>
        ) : (
          <Button size="xs" variant="subtle" onClick={dismiss}>
            {t('reportExport.close')}
          </Button>
        )}
      </Group>
      <Progress
        value={fraction === null ? 100 : fraction * 100}
        animated={active}
        striped={active && fraction === null}
        color={color}
        aria-label={t(`reportExport.phase.${run.phase}`)}
      />
      {active && (
        <Text size="xs" c="dimmed" mt={4}>
          {progressText(t, run, locale)}
        </Text>
      )}
      {run.phase === 'done' && run.result && (
        <Stack gap={2} mt={6}>
          <Text size="sm">
            {t('reportExport.doneSummary', {
              name: run.result.fileName,
              rows: new Intl.NumberFormat(locale).format(run.result.rows ?? run.result.totalRows),
              size: formatBytes(run.result.bytes, locale),
            })}
          </Text>
          {run.result.downloadUrl && (
            <Anchor size="sm" href={run.result.downloadUrl} download={run.result.fileName} data-testid="export-download">
              {t('reportExport.download', { name: run.result.fileName })}
            </Anchor>
          )}
          {run.result.savedTo && (
            <Text size="xs" c="dimmed" data-testid="export-saved-to">
              {t('reportExport.savedTo', { path: run.result.savedTo })}
            </Text>
          )}
        </Stack>
      )}
      {run.phase === 'failed' && run.error && (
        <Alert color="red" mt={6} data-testid="export-error" data-code={run.error.code} title={t(`errors.${run.error.code}.title`)}>
          {t(`errors.${run.error.code}.action`)}
        </Alert>
      )}
    </Card>
  );
}
