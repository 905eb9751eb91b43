// HTTP routes of the call-outcome report, for supervisors and admins:
//   GET /v1/reports/outcomes/count?<filters>          → { rows, asOf, timeZone } (progress total before export)
//   GET /v1/reports/outcomes.csv|.xlsx|.pdf?<filters>&locale=pt-BR|en&separator=;|,
// The file streams as it is written; `x-report-rows` carries its row count (and `x-report-as-of` its snapshot
// bound) before the first byte, so a client can show progress. Filters: from/to (office-local YYYY-MM-DD or
// epoch ms), timeZone, team, agent, disposition (list), portfolio (creditor, repeatable), asOf.
// A supervisor exports only their own team (asking for another team is 403); an agent gets 403. Whole
// customer documents (CPF/CNPJ) only for admins; everyone else gets the last digits.
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerDb } from '../db/database';
import { HttpError, invalidInput } from '../http-error';
import { auditExport, ExportAborted, prepareExport, type ExportFormat } from './export';
import { ExportQuery, ReportFilters, resolveFilters, type ResolvedFilters } from './filters';
import { countOutcomes, mayReadDocuments, type ReportViewer } from './outcomes-query';

export interface ReportRouteDeps {
  db: ServerDb;
  clock: () => number;
}

/** The caller as a report viewer, or the refusal the route answers with. */
function viewerOf(request: FastifyRequest, filters: ResolvedFilters): ReportViewer {
  const user = request.auth?.user;
  if (!user) throw new HttpError(401, 'unauthenticated', 'Sign in first (missing, expired or revoked token)');
  if (user.role !== 'supervisor' && user.role !== 'admin') throw new HttpError(403, 'forbidden', 'Your role may not do this');
  if (user.role === 'supervisor' && filters.teamId !== null && filters.teamId !== user.teamId) {
    throw new HttpError(403, 'forbidden', 'A supervisor exports their own team only');
  }
  return { role: user.role, teamId: user.teamId, fullDocuments: mayReadDocuments(user.role) };
}

export function registerReportRoutes(app: FastifyInstance, deps: ReportRouteDeps): void {
  const { db, clock } = deps;

  app.get('/v1/reports/outcomes/count', async (request) => {
    const parsed = ReportFilters.safeParse(request.query ?? {});
    if (!parsed.success) throw invalidInput(parsed.error, 'query');
    const filters = resolveFilters(parsed.data, clock());
    const viewer = viewerOf(request, filters);
    return { rows: await countOutcomes(db, filters, viewer), asOf: filters.asOf, timeZone: filters.timeZone };
  });

  for (const format of ['csv', 'xlsx', 'pdf'] as const satisfies readonly ExportFormat[]) {
    app.get(`/v1/reports/outcomes.${format}`, async (request, reply) => {
      // Who comes first: an agent hears 403 whatever the query says.
      viewerOf(request, resolveFilters({}, clock()));
      const parsed = ExportQuery.safeParse(request.query ?? {});
      if (!parsed.success) throw invalidInput(parsed.error, 'query');
      const { locale, separator, ...rest } = parsed.data;
      const now = clock();
      const filters = resolveFilters(rest, now);
      const viewer = viewerOf(request, filters);
      const prepared = await prepareExport(db, { format, filters, viewer, locale, ...(separator ? { separator } : {}) }, now);
      await auditExport(db, {
        at: now,
        actorUserId: request.auth!.user.id,
        address: request.ip,
        format,
        filters,
        rows: prepared.total,
        fullDocuments: viewer.fullDocuments,
      });
      const body = new PassThrough();
      prepared.write(body).catch((error: unknown) => {
        // The client hung up: nothing to tell anyone. Anything else cuts the download short, visibly.
        if (!(error instanceof ExportAborted)) request.log.error({ err: error }, 'report export failed');
        body.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return reply
        .header('content-type', prepared.contentType)
        .header('content-disposition', `attachment; filename="${prepared.fileName}"`)
        .header('cache-control', 'no-store')
        .header('x-report-rows', String(prepared.total))
        .header('x-report-as-of', String(filters.asOf))
        .send(body);
    });
  }
}
