// Call scripts in the local store (migration 6): validated documents per id, variant and version, the selection
// rules in force, and the path each attempt took. A document is never changed once stored: an attempt names
// (id, variant, version), and outcome:log replays the attempt's path on exactly that document.
import {
  defaultScriptRules,
  defaultScripts,
  Script,
  ScriptRules,
  validateScript,
  type ScriptIssue,
  type ScriptRef,
  type ScriptRequirements,
} from '../../../shared/domain/script';
import type { Db } from './database';

type Row = Record<string, unknown>;

/** What an attempt keeps of the script (contract.ts ScriptTrace). */
export interface StoredScriptPath {
  scriptId: string;
  version: number;
  variant: string;
  startedAt: number;
  path: Array<{ stepId: string; answerId: string; at: number; edited: boolean }>;
  objections: Array<{ objectionId: string; stepId: string | null; at: number }>;
  /** Re-derived by main from the replay, not the client's word. */
  rpcVerified: boolean;
}

function statements(db: Db) {
  return {
    insertDocument: db.prepare(`INSERT INTO script_documents (id, variant, version, body_json, source, created_at)
      VALUES (@id, @variant, @version, @body, @source, @at) ON CONFLICT DO NOTHING`),
    document: db.prepare('SELECT body_json FROM script_documents WHERE id = ? AND variant = ? AND version = ?').pluck(),
    refs: db.prepare('SELECT id, variant, version FROM script_documents ORDER BY id, variant, version'),
    documentCount: db.prepare('SELECT count(*) FROM script_documents').pluck(),
    insertRules: db.prepare('INSERT INTO script_rules (version, body_json, created_at) VALUES (?, ?, ?)'),
    latestRules: db.prepare('SELECT version, body_json FROM script_rules ORDER BY version DESC LIMIT 1'),
    setAttemptPath: db.prepare('UPDATE contact_attempts SET script_path_json = ? WHERE account_id = ? AND id = ?'),
    pathsOfAccount: db.prepare('SELECT id, script_path_json FROM contact_attempts WHERE account_id = ? AND script_path_json IS NOT NULL'),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof statements>>();
function stmts(db: Db): ReturnType<typeof statements> {
  let s = cache.get(db);
  if (!s) {
    s = statements(db);
    cache.set(db, s);
  }
  return s;
}

/** Parsed documents by key: a stored document never changes, so it is parsed once per process. */
const parsedCache = new WeakMap<Db, Map<string, Script>>();

const keyOf = (id: string, variant: string, version: number) => `${id}\u0000${variant}\u0000${version}`;

/**
 * Stores the shipped scripts and rules the desk does not hold yet (a new Quita release adds its new versions; what
 * is stored is never overwritten). Rules are seeded only when none exist: a supervisor's rules stay in force.
 */
export function seedDefaultScripts(db: Db, now: number): void {
  const s = stmts(db);
  db.transaction(() => {
    for (const script of defaultScripts) {
      s.insertDocument.run({ id: script.id, variant: script.variant, version: script.version, body: JSON.stringify(script), source: 'default', at: now });
    }
    if (s.latestRules.get() === undefined) s.insertRules.run(1, JSON.stringify(defaultScriptRules), now);
  })();
}

export type ScriptImportResult =
  | { ok: true; id: string; variant: string; version: number; duplicate: boolean }
  | { ok: false; issues: ImportIssue[] };

/** A validation issue (script/validate.ts), or `version_exists`. */
export type ImportIssue = Omit<ScriptIssue, 'code'> & { code: ScriptIssue['code'] | 'version_exists' };

/**
 * A script document from a supervisor or a file: refused with every issue and its JSON path (unknown placeholder,
 * branch to a missing step...) unless it validates. A new version of a script is a new document; an existing
 * (id, variant, version) with other content is refused (`version_exists`), never overwritten.
 */
export function importScript(
  db: Db,
  json: unknown,
  options: { now: number; requirements?: ScriptRequirements; source?: 'import' | 'sync' },
): ScriptImportResult {
  const checked = validateScript(json, options.requirements ? { requirements: options.requirements } : {});
  if (!checked.ok) return { ok: false, issues: checked.issues };
  const script = checked.script;
  const body = JSON.stringify(script);
  const s = stmts(db);
  const existing = s.document.get(script.id, script.variant, script.version) as string | undefined;
  if (existing !== undefined) {
    if (existing === body) return { ok: true, id: script.id, variant: script.variant, version: script.version, duplicate: true };
    return {
      ok: false,
      issues: [{ code: 'version_exists', path: 'version', params: { id: script.id, variant: script.variant, version: script.version } }],
    };
  }
  s.insertDocument.run({ id: script.id, variant: script.variant, version: script.version, body, source: options.source ?? 'import', at: options.now });
  return { ok: true, id: script.id, variant: script.variant, version: script.version, duplicate: false };
}

export function scriptRefs(db: Db): ScriptRef[] {
  return (stmts(db).refs.all() as Row[]).map((r) => ({ id: String(r.id), variant: String(r.variant), version: Number(r.version) }));
}

export function getScript(db: Db, id: string, variant: string, version: number): Script | null {
  let parsed = parsedCache.get(db);
  if (!parsed) {
    parsed = new Map();
    parsedCache.set(db, parsed);
  }
  const key = keyOf(id, variant, version);
  const hit = parsed.get(key);
  if (hit) return hit;
  const body = stmts(db).document.get(id, variant, version) as string | undefined;
  if (body === undefined) return null;
  const script = Script.parse(JSON.parse(body));
  parsed.set(key, script);
  return script;
}

export function scriptRules(db: Db): { version: number; rules: ScriptRules } {
  const row = stmts(db).latestRules.get() as Row | undefined;
  if (!row) return { version: 0, rules: defaultScriptRules };
  return { version: Number(row.version), rules: ScriptRules.parse(JSON.parse(String(row.body_json))) };
}

/** Saves new rules (the caller parsed them) as the next version. */
export function putScriptRules(db: Db, rules: ScriptRules, now: number): number {
  const version = scriptRules(db).version + 1;
  stmts(db).insertRules.run(version, JSON.stringify(rules), now);
  return version;
}

/** Call inside the transaction that inserts the attempt. */
export function setAttemptScriptPath(db: Db, accountId: string, attemptId: string, path: StoredScriptPath): void {
  stmts(db).setAttemptPath.run(JSON.stringify(path), accountId, attemptId);
}

export function scriptPathsOfAccount(db: Db, accountId: string): Map<string, StoredScriptPath> {
  const out = new Map<string, StoredScriptPath>();
  for (const r of stmts(db).pathsOfAccount.all(accountId) as Row[]) out.set(String(r.id), JSON.parse(String(r.script_path_json)) as StoredScriptPath);
  return out;
}

export function scriptDocumentCount(db: Db): number {
  return Number(stmts(db).documentCount.get());
}
