// The report's one-page-or-so PDF summary (pdfmake): period, filters, totals per disposition and per agent,
// promise totals, and bar charts drawn as vector SVG (no raster images). Built from the database's totals,
// never from the rows, so its size does not grow with the period.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell } from 'pdfmake/interfaces';
import { formatMoney } from '../../shared/domain/money';
import type { Currency, Locale } from '../../shared/model';
import { WORDS } from './labels';
import type { ResolvedFilters } from './filters';
import type { OutcomeSummary } from './outcomes-query';
import { OfficeClock, formatWallDateTime } from './report-row';

const require = createRequire(import.meta.url);
const fontDir = dirname(require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'));
let fontsReady = false;

function ensureFonts(): void {
  if (fontsReady) return;
  pdfmake.addFonts({
    Roboto: {
      normal: `${fontDir}/Roboto-Regular.ttf`,
      bold: `${fontDir}/Roboto-Medium.ttf`,
      italics: `${fontDir}/Roboto-Italic.ttf`,
      bolditalics: `${fontDir}/Roboto-MediumItalic.ttf`,
    },
  });
  // The document holds user text only; it may read no file but the fonts, and fetch no URL.
  pdfmake.setLocalAccessPolicy((path) => path.startsWith(fontDir));
  pdfmake.setUrlAccessPolicy(() => false);
  fontsReady = true;
}

export interface SummaryContext {
  locale: Locale;
  filters: ResolvedFilters;
  /** Names for the ids in the filters (the PDF shows names). */
  teamName: string | null;
  agentName: string | null;
  generatedAt: number;
}

const BAR_WIDTH = 180;
const BAR_COLOR = '#2f6fde';
const PROMISE_COLOR = '#2e9e5b';

/** A horizontal bar as vector SVG; `value / max` of the full width. */
function bar(value: number, max: number, color: string): Content {
  const width = max > 0 ? Math.max(value > 0 ? 1 : 0, Math.round((value / max) * BAR_WIDTH)) : 0;
  const rect = width > 0 ? `<rect x="0" y="2" width="${width}" height="9" fill="${color}"/>` : '';
  return { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${BAR_WIDTH}" height="13" viewBox="0 0 ${BAR_WIDTH} 13">${rect}</svg>`, width: BAR_WIDTH };
}

export async function renderSummaryPdf(summary: OutcomeSummary, context: SummaryContext): Promise<Buffer> {
  ensureFonts();
  const { locale, filters } = context;
  const w = WORDS[locale].pdf;
  const labels = WORDS[locale].dispositions;
  const clock = new OfficeClock(filters.timeZone);
  const when = (ms: number) => formatWallDateTime(clock.wall(ms), locale);
  const int = (n: number) => n.toLocaleString(locale);
  const pct = (n: number) => (summary.rows > 0 ? ((n / summary.rows) * 100).toLocaleString(locale, { maximumFractionDigits: 1 }) : '0');
  const period =
    filters.fromMs === null && filters.toMs === null
      ? w.periodAll
      : `${filters.fromMs === null ? '…' : when(filters.fromMs)} ${w.until} ${filters.toMs === null ? '…' : when(filters.toMs)}`;
  const filterLines: string[] = [];
  if (context.teamName) filterLines.push(`${w.team}: ${context.teamName}`);
  if (context.agentName) filterLines.push(`${w.agent}: ${context.agentName}`);
  if (filters.dispositions.length) filterLines.push(`${w.dispositions}: ${filters.dispositions.map((d) => labels[d]).join(', ')}`);
  if (filters.portfolios.length) filterLines.push(`${w.portfolios}: ${filters.portfolios.join(', ')}`);

  const header = (cells: string[]): TableCell[] => cells.map((text) => ({ text, bold: true }));
  const maxDisposition = Math.max(0, ...summary.byDisposition.map((d) => d.attempts));
  const maxAgent = Math.max(0, ...summary.byAgent.map((a) => a.attempts));
  const content: Content[] = [
    { text: w.title, fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
    { text: `${w.period}: ${period}` },
    { text: `${w.timeZone}: ${filters.timeZone}` },
    { text: `${w.filters}: ${filterLines.length ? filterLines.join(' · ') : w.none}` },
    { text: `${w.generatedAt}: ${when(context.generatedAt)}`, color: '#666666', margin: [0, 0, 0, 4] },
    { text: `${w.attempts}: ${int(summary.rows)}`, bold: true, fontSize: 12, margin: [0, 4, 0, 10] },
  ];
  if (summary.rows === 0) {
    content.push({ text: w.noRows, italics: true });
  } else {
    content.push(
      { text: w.byDisposition, bold: true, fontSize: 12, margin: [0, 6, 0, 4] },
      {
        table: {
          headerRows: 1,
          widths: ['*', 'auto', 'auto', BAR_WIDTH],
          body: [
            header([WORDS[locale].columns.disposition, w.attempts, w.share, '']),
            ...summary.byDisposition.map((d): TableCell[] => [
              labels[d.disposition] ?? d.disposition,
              { text: int(d.attempts), alignment: 'right' },
              { text: pct(d.attempts), alignment: 'right' },
              bar(d.attempts, maxDisposition, BAR_COLOR),
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      { text: w.byAgent, bold: true, fontSize: 12, margin: [0, 12, 0, 4] },
      {
        table: {
          headerRows: 1,
          widths: ['*', 'auto', 'auto', 'auto', BAR_WIDTH],
          body: [
            header([w.agent, w.attempts, w.promiseCount, w.promiseAmount, '']),
            ...summary.byAgent.map((a): TableCell[] => [
              a.agent,
              { text: int(a.attempts), alignment: 'right' },
              { text: int(a.promises), alignment: 'right' },
              // Per-agent amounts are summed across currencies only when there is one (the usual case).
              { text: summary.promises.length <= 1 ? formatMoney({ amountCents: a.promiseAmountCents, currency: (summary.promises[0]?.currency ?? 'BRL') as Currency }, locale) : '—', alignment: 'right' },
              { stack: [bar(a.attempts, maxAgent, BAR_COLOR), bar(a.promises, maxAgent, PROMISE_COLOR)] },
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      { text: w.promises, bold: true, fontSize: 12, margin: [0, 12, 0, 4] },
      {
        table: {
          headerRows: 1,
          widths: ['auto', 'auto'],
          body: [
            header([w.promiseCount, w.promiseAmount]),
            ...(summary.promises.length
              ? summary.promises.map((p): TableCell[] => [
                  { text: int(p.count), alignment: 'right' },
                  { text: formatMoney({ amountCents: p.amountCents, currency: p.currency as Currency }, locale), alignment: 'right' },
                ])
              : [[{ text: '0', alignment: 'right' }, { text: formatMoney({ amountCents: 0, currency: 'BRL' }, locale), alignment: 'right' }] as TableCell[]]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
    );
  }
  return pdfmake
    .createPdf({
      info: { title: w.title, creator: 'Quita' },
      pageSize: 'A4',
      pageMargins: [36, 36, 36, 36],
      defaultStyle: { font: 'Roboto', fontSize: 9 },
      content,
    })
    .getBuffer();
}
