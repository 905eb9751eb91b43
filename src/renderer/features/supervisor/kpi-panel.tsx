// KPIs for a period, team, agent and portfolio: cards, a daily chart (promises and contact rate), the agents
// side by side, and the A/B comparison of strategy or script variants with 95% intervals (Wilson for each rate,
// Newcombe's hybrid score interval for the difference, and the two-proportion z-test's p-value).
import { Alert, Card, Group, Loader, NativeSelect, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { KPI_KEYS, RATE_KEYS, type KpiKey, type KpiValues, type RateKey } from '../../../shared/domain/kpi/kpi';
import { formatMoney } from '../../../shared/domain/money';
import type { Locale } from '../../../shared/model';
import { formatCalendarDate } from '../../i18n/format';
import { useQuita } from '../../store';
import { formatDecimal, formatDuration, formatPercent } from './console-format';

const RATE_SET: ReadonlySet<string> = new Set(RATE_KEYS);

export function KpiPanel() {
  const { t } = useTranslation();
  const error = useQuita((s) => s.kpiError);
  return (
    <Stack gap="md">
      <KpiFilters />
      {error && (
        <Alert color="red" title={t(`errors.${error.code}.title`)}>
          {t(`errors.${error.code}.action`)}
        </Alert>
      )}
      <KpiCards />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <DailyChart />
        <AgentChart />
      </SimpleGrid>
      <VariantComparison />
    </Stack>
  );
}

function KpiFilters() {
  const { t } = useTranslation();
  const filters = useQuita((s) => s.kpiFilters);
  const options = useQuita((s) => s.consoleOptions);
  const role = useQuita((s) => s.syncStatus?.role ?? null);
  const setFilters = useQuita((s) => s.setKpiFilters);
  const loading = useQuita((s) => s.kpiLoading);
  if (!filters) return null;
  const agents = (options?.agents ?? []).filter((a) => !filters.team || a.teamId === filters.team);
  return (
    <Card withBorder padding="sm" data-testid="report-filters">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          type="date"
          size="xs"
          label={t('console.filters.from')}
          data-testid="report-filter-from"
          value={filters.from}
          max={filters.to}
          onChange={(e) => e.currentTarget.value && setFilters({ from: e.currentTarget.value })}
        />
        <TextInput
          type="date"
          size="xs"
          label={t('console.filters.to')}
          data-testid="report-filter-to"
          value={filters.to}
          min={filters.from}
          onChange={(e) => e.currentTarget.value && setFilters({ to: e.currentTarget.value })}
        />
        {role === 'admin' && (
          <NativeSelect
            size="xs"
            label={t('console.filters.team')}
            data-testid="report-filter-team"
            value={filters.team}
            data={[{ value: '', label: t('console.filters.allTeams') }, ...(options?.teams ?? []).map((x) => ({ value: x.id, label: x.name }))]}
            onChange={(e) => setFilters({ team: e.currentTarget.value })}
          />
        )}
        <NativeSelect
          size="xs"
          label={t('console.filters.agent')}
          data-testid="report-filter-agent"
          value={filters.agent}
          data={[{ value: '', label: t('console.filters.allAgents') }, ...agents.map((a) => ({ value: a.id, label: a.displayName }))]}
          onChange={(e) => setFilters({ agent: e.currentTarget.value })}
        />
        <NativeSelect
          size="xs"
          label={t('console.filters.portfolio')}
          data-testid="report-filter-portfolio"
          value={filters.portfolio}
          data={[{ value: '', label: t('console.filters.allPortfolios') }, ...(options?.portfolios ?? []).map((p) => ({ value: p, label: p }))]}
          onChange={(e) => setFilters({ portfolio: e.currentTarget.value })}
        />
        {loading && <Loader size="xs" mb={6} />}
      </Group>
    </Card>
  );
}

function kpiText(key: KpiKey, kpis: KpiValues, locale: Locale, currency: 'BRL' | 'USD' | 'EUR' | 'GBP'): string {
  if (RATE_SET.has(key)) return formatPercent(kpis[key as RateKey].value, locale);
  switch (key) {
    case 'promisedCents':
      return formatMoney({ amountCents: kpis.promisedCents, currency }, locale);
    case 'collectedCents':
      return kpis.collectedCents === null ? '—' : formatMoney({ amountCents: kpis.collectedCents, currency }, locale);
    case 'averageHandleMs':
      return formatDuration(kpis.averageHandleMs);
    case 'callsPerHour':
      return formatDecimal(kpis.callsPerHour, locale);
    default:
      return String(kpis[key as 'attempts' | 'contacts' | 'rightPartyContacts' | 'promises']);
  }
}

function KpiCards() {
  const { t } = useTranslation();
  const report = useQuita((s) => s.kpiTotals);
  const locale = useQuita((s) => s.locale);
  const currency = useQuita((s) => s.settings?.currency ?? 'BRL');
  if (!report) return null;
  const { kpis } = report;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 4, xl: 6 }} spacing="sm" data-testid="kpi-cards" data-from={report.from} data-to={report.to}>
      {KPI_KEYS.map((key) => {
        const rate = RATE_SET.has(key) ? kpis[key as RateKey] : null;
        return (
          <Card key={key} withBorder padding="sm" data-testid="kpi-card" data-kpi={key} data-value={kpiValue(key, kpis)}>
            <Text size="xs" c="dimmed" truncate>
              {t(`console.kpi.${key}`)}
            </Text>
            <Text size="xl" fw={700} data-testid="kpi-value">
              {kpiText(key, kpis, locale, currency)}
            </Text>
            <Text size="xs" c="dimmed" mih={18}>
              {rate?.interval
                ? t('console.kpi.interval', {
                    low: formatPercent(rate.interval.low, locale),
                    high: formatPercent(rate.interval.high, locale),
                    n: rate.trials,
                  })
                : key === 'callsPerHour' || key === 'averageHandleMs'
                  ? kpis.pauseShare
                    ? t('console.kpi.paused', { share: formatPercent(kpis.pauseShare.value, locale) })
                    : ''
                  : ''}
            </Text>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

/** The raw figure behind a card (for tests and copy): counts, cents, ms, or a rate's fraction. */
function kpiValue(key: KpiKey, kpis: KpiValues): string {
  const value = RATE_SET.has(key) ? kpis[key as RateKey].value : (kpis[key as Exclude<KpiKey, RateKey>] as number | null);
  return value === null ? '' : String(value);
}

// Legend text in the page's ink; the swatch carries the series colour (pale colours are unreadable as text).
const legendProps = {
  wrapperStyle: { fontSize: 12 },
  formatter: (value: string) => <span style={{ color: 'var(--mantine-color-gray-7)' }}>{value}</span>,
};

const percentAxis = (locale: Locale) => (v: number) => formatPercent(v, locale);

function DailyChart() {
  const { t } = useTranslation();
  const report = useQuita((s) => s.kpiDaily);
  const locale = useQuita((s) => s.locale);
  if (!report) return null;
  const data = report.groups.map((g) => ({
    day: formatCalendarDate(g.key, locale).replace(/\/\d{2,4}$/, ''),
    promises: g.kpis.promises,
    attempts: g.kpis.attempts,
    contactRate: g.kpis.contactRate.value,
  }));
  return (
    <Card withBorder padding="sm" data-testid="kpi-chart" data-chart="daily" data-points={data.length}>
      <Title order={6} mb="xs">
        {t('console.charts.daily')}
      </Title>
      <div style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer>
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e9ecef" />
            <XAxis dataKey="day" fontSize={11} />
            <YAxis yAxisId="count" allowDecimals={false} domain={[0, (max: number) => Math.max(1, Math.ceil(max * 1.15))]} fontSize={11} />
            <YAxis yAxisId="rate" orientation="right" domain={[0, 1]} tickFormatter={percentAxis(locale)} fontSize={11} />
            <Tooltip formatter={(value, name) => (name === t('console.kpi.contactRate') ? formatPercent(Number(value), locale) : String(value))} />
            <Legend {...legendProps} />
            <Bar yAxisId="count" dataKey="attempts" name={t('console.kpi.attempts')} fill="#a5d8ff" isAnimationActive={false} />
            <Bar yAxisId="count" dataKey="promises" name={t('console.kpi.promises')} fill="#0ca678" isAnimationActive={false} />
            <Line yAxisId="rate" dataKey="contactRate" name={t('console.kpi.contactRate')} stroke="#e8590c" strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

function AgentChart() {
  const { t } = useTranslation();
  const report = useQuita((s) => s.kpiByAgent);
  const locale = useQuita((s) => s.locale);
  if (!report) return null;
  const data = report.groups
    .filter((g) => g.key !== '')
    .map((g) => ({ agent: g.label, contactRate: g.kpis.contactRate.value, rpcRate: g.kpis.rpcRate.value, promiseRate: g.kpis.promiseRate.value }));
  return (
    <Card withBorder padding="sm" data-testid="kpi-chart" data-chart="agents" data-points={data.length}>
      <Title order={6} mb="xs">
        {t('console.charts.agents')}
      </Title>
      <div style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e9ecef" />
            <XAxis dataKey="agent" fontSize={11} />
            <YAxis domain={[0, 1]} tickFormatter={percentAxis(locale)} fontSize={11} />
            <Tooltip formatter={(value) => formatPercent(Number(value), locale)} />
            <Legend {...legendProps} />
            <Bar dataKey="contactRate" name={t('console.kpi.contactRate')} fill="#4dabf7" isAnimationActive={false} />
            <Bar dataKey="rpcRate" name={t('console.kpi.rpcRate')} fill="#7950f2" isAnimationActive={false} />
            <Bar dataKey="promiseRate" name={t('console.kpi.promiseRate')} fill="#0ca678" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

function VariantComparison() {
  const { t } = useTranslation();
  const report = useQuita((s) => s.kpiVariants);
  const filters = useQuita((s) => s.kpiFilters);
  const setFilters = useQuita((s) => s.setKpiFilters);
  const locale = useQuita((s) => s.locale);
  if (!report || !filters) return null;
  const variantName = (key: string) => (key === '' ? t('console.ab.none') : key);
  // Each rate with its Wilson interval as whiskers (recharts takes the distances below and above the value).
  const data = report.groups.map((g) => {
    const row: Record<string, unknown> = { variant: variantName(g.key) };
    for (const rate of RATE_KEYS) {
      const r = g.kpis[rate];
      row[rate] = r.value;
      row[`${rate}Ci`] = r.value !== null && r.interval ? [r.value - r.interval.low, r.interval.high - r.value] : [0, 0];
    }
    return row;
  });
  const colors: Record<RateKey, string> = { contactRate: '#4dabf7', rpcRate: '#7950f2', promiseRate: '#0ca678', keptRate: '#f59f00' };
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="xs">
        <Title order={6}>{t('console.ab.title')}</Title>
        <SegmentedControl
          size="xs"
          data-testid="ab-variants"
          value={filters.variants}
          data={[
            { value: 'strategyVariant', label: t('console.ab.strategy') },
            { value: 'scriptVariant', label: t('console.ab.script') },
          ]}
          onChange={(value) => setFilters({ variants: value as 'strategyVariant' | 'scriptVariant' })}
        />
      </Group>
      {report.groups.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('console.ab.noData')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <div data-testid="kpi-chart" data-chart="variants" data-points={data.length} style={{ width: '100%', height: 260 }}>
            <ResponsiveContainer>
              <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e9ecef" />
                <XAxis dataKey="variant" fontSize={11} />
                <YAxis domain={[0, 1]} tickFormatter={percentAxis(locale)} fontSize={11} />
                <Tooltip formatter={(value) => formatPercent(Number(value), locale)} />
                <Legend {...legendProps} />
                {RATE_KEYS.map((rate) => (
                  <Bar key={rate} dataKey={rate} name={t(`console.kpi.${rate}`)} fill={colors[rate]} isAnimationActive={false}>
                    <ErrorBar dataKey={`${rate}Ci`} width={4} strokeWidth={1.5} stroke="#343a40" direction="y" />
                  </Bar>
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <Stack gap={4}>
            <Table striped withTableBorder fz="xs" data-testid="ab-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('console.ab.rate')}</Table.Th>
                  <Table.Th>{t('console.ab.variant')}</Table.Th>
                  <Table.Th>{t('console.ab.difference')}</Table.Th>
                  <Table.Th>{t('console.ab.pValue')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.comparisons.flatMap((c) =>
                  c.against.map((a) => (
                    <Table.Tr key={`${c.rate}-${a.variant}`} data-testid="ab-row" data-significant={a.comparison?.significant ? 'true' : 'false'}>
                      <Table.Td>{t(`console.kpi.${c.rate}`)}</Table.Td>
                      <Table.Td>
                        {variantName(a.variant)} × {variantName(c.baseline)}
                      </Table.Td>
                      <Table.Td>
                        {a.comparison
                          ? `${formatSignedPoints(a.comparison.difference, locale)} (${formatSignedPoints(a.comparison.differenceInterval.low, locale)} … ${formatSignedPoints(a.comparison.differenceInterval.high, locale)})`
                          : '—'}
                      </Table.Td>
                      <Table.Td fw={a.comparison?.significant ? 700 : undefined}>
                        {a.comparison?.pValue == null ? '—' : formatDecimal(a.comparison.pValue, locale, 3)}
                      </Table.Td>
                    </Table.Tr>
                  )),
                )}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">
              {report.groups.length < 2 ? t('console.ab.needTwo') : t('console.ab.method')}
            </Text>
          </Stack>
        </SimpleGrid>
      )}
    </Card>
  );
}

/** A difference of rates in percentage points: "+12,5 p.p." / "+12.5 pp". */
function formatSignedPoints(value: number, locale: Locale): string {
  const points = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value * 100);
  return locale === 'pt-BR' ? `${points} p.p.` : `${points} pp`;
}
