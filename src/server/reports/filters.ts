// What a call-outcome report may be asked for (the same fields for the HTTP routes and the CLI) and how a
// request becomes concrete SQL bounds: office-local dates turn into instants in the office's time zone.
import { z } from 'zod';
import { isCalendarDate, startOfDayIn, addDays } from '../../shared/domain/dates';
import { isValidTimeZone } from '../../shared/domain/time-zone';
import { Disposition, Id, Locale } from '../../shared/model';

/** The office's time zone when neither the request nor QUITA_OFFICE_TIME_ZONE names one. */
export const DEFAULT_OFFICE_TIME_ZONE = 'America/Sao_Paulo';

export function officeTimeZone(): string {
  const configured = process.env.QUITA_OFFICE_TIME_ZONE;
  return configured && isValidTimeZone(configured) ? configured : DEFAULT_OFFICE_TIME_ZONE;
}

/** An office-local calendar date ('YYYY-MM-DD') or an instant in epoch milliseconds. */
const PeriodBound = z.union([
  z.string().refine(isCalendarDate, 'a date YYYY-MM-DD'),
  z.coerce.number().int().min(0).max(8.64e15),
]);

/** One value, a repeated query parameter or a comma-separated list, as a list. */
const listOf = <T extends z.ZodType>(item: T, splitCommas: boolean) =>
  z.preprocess((v) => {
    const values = Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v];
    return splitCommas ? values.flatMap((s) => String(s).split(',').map((x) => x.trim()).filter(Boolean)) : values;
  }, z.array(item).max(50));

export const ReportFilters = z
  .object({
    /** Inclusive: a date means that day's local midnight; an instant is taken as is. */
    from: PeriodBound.optional(),
    /** A date is inclusive (the whole day); an instant is exclusive. */
    to: PeriodBound.optional(),
    timeZone: z.string().refine(isValidTimeZone, 'an IANA time zone such as America/Sao_Paulo').optional(),
    team: Id.optional(),
    agent: Id.optional(),
    disposition: listOf(Disposition, true).optional(),
    /** Creditor names; repeat the parameter for several (names may hold commas). */
    portfolio: listOf(z.string().min(1).max(200), false).optional(),
    /** Rows received after this instant are left out, so a count and the export that follows agree. */
    asOf: z.coerce.number().int().min(0).max(8.64e15).optional(),
  })
  .strict();
export type ReportFilters = z.infer<typeof ReportFilters>;

export const CsvSeparator = z.enum([',', ';']);
export type CsvSeparator = z.infer<typeof CsvSeparator>;

/** Query of the export routes: the filters plus how the file is written. */
export const ExportQuery = ReportFilters.extend({
  locale: Locale.default('pt-BR'),
  /** Default: ';' for pt-BR (its decimal separator is the comma), ',' for en. */
  separator: CsvSeparator.optional(),
}).strict();
export type ExportQuery = z.infer<typeof ExportQuery>;

/** Filters with every bound resolved: instants, ids and the zone dates are shown in. */
export interface ResolvedFilters {
  fromMs: number | null;
  /** Exclusive. */
  toMs: number | null;
  timeZone: string;
  teamId: string | null;
  agentId: string | null;
  dispositions: Disposition[];
  portfolios: string[];
  asOf: number;
}

export function resolveFilters(filters: ReportFilters, now: number): ResolvedFilters {
  const timeZone = filters.timeZone ?? officeTimeZone();
  const bound = (value: string | number | undefined, end: boolean): number | null => {
    if (value === undefined) return null;
    if (typeof value === 'number') return value;
    return startOfDayIn(end ? addDays(value, 1) : value, timeZone);
  };
  return {
    fromMs: bound(filters.from, false),
    toMs: bound(filters.to, true),
    timeZone,
    teamId: filters.team ?? null,
    agentId: filters.agent ?? null,
    dispositions: [...new Set(filters.disposition ?? [])],
    portfolios: [...new Set(filters.portfolio ?? [])],
    asOf: filters.asOf ?? now,
  };
}
