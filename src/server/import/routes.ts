// HTTP routes of the portfolio import, for supervisors and admins:
//   POST /v1/imports/portfolio?creditor=…&dryRun=true|false[&team=<id>][&mapping={"balance":"Saldo Atual"}][&numberFormat=pt-BR|en]
//     body: the file itself (text/csv, the XLSX type, or application/octet-stream), up to 64 MB.
//     200 with the report (a dry run, or a committed import); 422 with the same report when a real import found
//     problems and wrote nothing. A supervisor imports into their own team's pool and may not touch accounts
//     of other teams; an admin may name any team (or none).
//   GET /v1/imports/portfolio/mapping?creditor=…  the creditor's saved mapping, the fields and default headers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AdminError } from '../admin';
import type { ServerDb } from '../db/database';
import { HttpError, invalidInput } from '../http-error';
import { DEFAULT_HEADERS, isPortfolioField, REQUIRED_FIELDS, type Mapping } from './fields';
import { loadMapping, canonicalCreditor } from './mappings';
import { importPortfolio } from './portfolio';
import { PORTFOLIO_FIELDS } from './report';

export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;
/** Issues listed in one answer; `rowIssueCount` always has the total. */
export const MAX_ISSUES_IN_RESPONSE = 10_000;

const IMPORT_CONTENT_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  // What browsers on Windows call a .csv file.
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

const Creditor = z.string().trim().min(1).max(120);
const MappingParam = z
  .string()
  .max(8000)
  .transform((text, ctx): Mapping => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'mapping is a JSON object {"field": "Header"}' });
      return z.NEVER;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'mapping is a JSON object {"field": "Header"}' });
      return z.NEVER;
    }
    const out: Mapping = {};
    for (const [key, header] of Object.entries(value)) {
      if (!isPortfolioField(key) || typeof header !== 'string' || !header.trim()) {
        ctx.addIssue({ code: 'custom', message: `unknown field or empty header: ${key}` });
        return z.NEVER;
      }
      out[key] = header;
    }
    return out;
  });

const ImportQuery = z
  .object({
    creditor: Creditor,
    dryRun: z.enum(['true', 'false']).default('true'),
    team: z.string().min(1).max(64).optional(),
    mapping: MappingParam.optional(),
    numberFormat: z.enum(['pt-BR', 'en']).optional(),
  })
  .strict();

const MappingQuery = z.object({ creditor: Creditor }).strict();

/** Supervisors and admins only (app.ts's requireRole, without importing app.ts back). */
async function importer(request: FastifyRequest): Promise<void> {
  if (!request.auth) throw new HttpError(401, 'unauthenticated', 'Sign in first (missing, expired or revoked token)');
  if (request.auth.user.role !== 'supervisor' && request.auth.user.role !== 'admin') throw new HttpError(403, 'forbidden', 'Your role may not do this');
}

export function registerImportRoutes(app: FastifyInstance, deps: { db: ServerDb; clock: () => number }): void {
  const { db, clock } = deps;
  void app.register(async (scope) => {
    // Raw bytes only inside this scope; the rest of the API stays JSON.
    scope.addContentTypeParser(IMPORT_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

    scope.post('/v1/imports/portfolio', { onRequest: importer, bodyLimit: IMPORT_BODY_LIMIT }, async (request: FastifyRequest, reply) => {
      const query = ImportQuery.safeParse(request.query ?? {});
      if (!query.success) throw invalidInput(query.error, 'query');
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw new HttpError(400, 'invalid_input', 'Send the file itself as the request body (text/csv or the XLSX content type)');
      const me = request.auth!.user;
      let team: { id: string } | null = query.data.team ? { id: query.data.team } : null;
      if (me.role === 'supervisor') {
        // A supervisor's accounts live in their team; an import of theirs lands in its pool.
        if (!me.teamId) throw new HttpError(403, 'forbidden', 'A supervisor without a team cannot import');
        if (team && team.id !== me.teamId) throw new HttpError(403, 'forbidden', 'Supervisors import into their own team only');
        team = { id: me.teamId };
      }
      try {
        const report = await importPortfolio(
          db,
          body,
          {
            dryRun: query.data.dryRun === 'true',
            creditor: query.data.creditor,
            team,
            mapping: query.data.mapping ?? {},
            numberFormat: query.data.numberFormat ?? null,
            scopeTeamId: me.role === 'supervisor' ? me.teamId : null,
          },
          { userId: me.id, now: clock() },
        );
        void reply.status(report.dryRun || report.committed ? 200 : 422);
        return { ...report, rowIssues: report.rowIssues.slice(0, MAX_ISSUES_IN_RESPONSE) };
      } catch (error) {
        if (error instanceof AdminError && error.code === 'team_not_found') throw new HttpError(404, 'not_found', 'No such team');
        throw error;
      }
    });

    scope.get('/v1/imports/portfolio/mapping', { onRequest: importer }, async (request) => {
      const query = MappingQuery.safeParse(request.query ?? {});
      if (!query.success) throw invalidInput(query.error, 'query');
      return {
        creditor: canonicalCreditor(query.data.creditor),
        saved: await loadMapping(db, query.data.creditor),
        fields: PORTFOLIO_FIELDS,
        required: REQUIRED_FIELDS,
        defaults: DEFAULT_HEADERS,
      };
    });
  });
}
