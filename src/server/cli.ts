// The server's command line: `npm run server -- <command>`. Runs the server and its administration against
// the same database it serves: PGlite in --data-dir (default ./server-data) or PostgreSQL from DATABASE_URL.
// Passwords are read from stdin or a hidden prompt, never from argv unless --password is forced.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Role } from '../shared/sync';
import { AdminError, assignAccounts, createTeam, createUser, resetPassword, serverStatus } from './admin';
import { createServer } from './app';
import { providersFromEnv } from './messages/providers';
import { DatabaseOpenError, openDatabase, type DatabaseTarget, type ServerDb } from './db/database';
import { IMPORT_PORTFOLIO_USAGE, importPortfolioCommand } from './import/cli-command';
import { importPayments, type RowError } from './import/payments';
import { EXPORT_USAGE, ExportCliError, exportOutcomesCommand } from './reports/cli-command';

const USAGE = `Usage: npm run server -- <command> [options]

  serve [--port 8787] [--host 127.0.0.1]         run the sync server
  create-team <name>
  create-user <username> --role agent|supervisor|admin [--team <name>] [--display-name <text>] [--password-stdin]
  reset-password <username> [--password-stdin]  (ends the user's sessions)
  assign <accountId...> --to-user <username> | --to-team <name>
  status                                         counts of users, accounts, events
${IMPORT_PORTFOLIO_USAGE}
  import-payments <file.csv> [--dry-run]
      columns account_number|contrato, amount|valor, paid_on|data_pagamento, external_id|id
      Records each payment once (by external id), lowers the balance, marks covered promises kept.
${EXPORT_USAGE}

Database: --data-dir <folder> (PGlite, default ./server-data) or DATABASE_URL=postgres://...`;

class CliError extends Error {}

async function readPassword(flags: { 'password-stdin'?: boolean; password?: string }): Promise<string> {
  if (flags.password !== undefined) {
    console.error('Warning: --password puts the password in your shell history and the process list; prefer --password-stdin.');
    return flags.password;
  }
  if (flags['password-stdin'] || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
    if (!password) throw new CliError('No password on stdin.');
    return password;
  }
  const first = await prompt('Password: ');
  const second = await prompt('Repeat password: ');
  if (first !== second) throw new CliError('The passwords differ; nothing was changed.');
  return first;
}

/** Reads a line from the terminal without echoing it. */
function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    let asked = false;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (!asked) {
        asked = true;
        write(s);
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

function target(dataDir: string | undefined): DatabaseTarget {
  const url = process.env.DATABASE_URL;
  if (url && dataDir) throw new CliError('Give either --data-dir or DATABASE_URL, not both.');
  return url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: dataDir ?? './server-data' };
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'import-portfolio') return importPortfolioCommand(argv.slice(1), async (dataDir) => openDatabase(target(dataDir)));
  if (argv[0] === 'export-outcomes') return exportOutcomesCommand(argv.slice(1), async (dataDir) => openDatabase(target(dataDir)));
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string' },
      'display-name': { type: 'string' },
      'password-stdin': { type: 'boolean' },
      password: { type: 'string' },
      'to-user': { type: 'string' },
      'to-team': { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...args] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const known = ['serve', 'create-team', 'create-user', 'reset-password', 'assign', 'status', 'import-portfolio', 'import-payments'];
  if (!known.includes(command)) throw new CliError(`Unknown command "${command}".\n\n${USAGE}`);

  const db = await openDatabase(target(values['data-dir']));
  const actor = { userId: null, now: Date.now() };
  if (command === 'serve') return serve(db, values.host, values.port);
  try {
    switch (command) {
      case 'create-team': {
        const name = args.join(' ').trim();
        if (!name) throw new CliError('create-team needs a name: create-team <name>');
        const team = await createTeam(db, name, actor);
        console.log(`Team "${team.name}" created (${team.id}).`);
        return 0;
      }
      case 'create-user': {
        const [username] = args;
        const role = Role.safeParse(values.role);
        if (!username || !role.success) throw new CliError('create-user needs <username> and --role agent|supervisor|admin');
        const password = await readPassword(values);
        const user = await createUser(
          db,
          { username, password, role: role.data, team: values.team ?? null, ...(values['display-name'] ? { displayName: values['display-name'] } : {}) },
          actor,
        );
        console.log(`User "${user.username}" (${user.role}) created (${user.id}).`);
        return 0;
      }
      case 'reset-password': {
        const [username] = args;
        if (!username) throw new CliError('reset-password needs <username>');
        const { revokedSessions } = await resetPassword(db, username, await readPassword(values), actor);
        console.log(`Password of "${username}" changed; ${revokedSessions} session(s) ended.`);
        return 0;
      }
      case 'assign': {
        if (args.length === 0) throw new CliError('assign needs at least one account id');
        const toUser = values['to-user'];
        const toTeam = values['to-team'];
        if (!toUser === !toTeam) throw new CliError('assign needs exactly one of --to-user <username> or --to-team <name>');
        const n = await assignAccounts(db, args, toUser ? { user: toUser } : { team: toTeam! }, actor);
        console.log(`${n} account(s) assigned to ${toUser ? `user "${toUser}"` : `team "${toTeam}"`}.`);
        return 0;
      }
      case 'import-payments': {
        const [file] = args;
        if (!file) throw new CliError(`${command} needs a file: ${command} <file.csv>`);
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          throw new CliError(`Cannot read "${file}".`);
        }
        const dryRun = values['dry-run'] ?? false;
        return printImport(await importPayments(db, text, { dryRun }, actor));
      }
      case 'status': {
        console.log(JSON.stringify(await serverStatus(db, actor.now), null, 2));
        return 0;
      }
    }
    return 2;
  } finally {
    await db.destroy();
  }
}

function printImport(report: { dryRun: boolean; rows: number; errors: RowError[] }): number {
  for (const e of report.errors) console.error(`Line ${e.line}: ${e.message}`);
  if (report.errors.length) {
    console.error(`${report.errors.length} bad row(s) of ${report.rows}; nothing was written. Fix them and import again.`);
    return 1;
  }
  const { errors: _errors, ...summary } = report;
  console.log(`${report.dryRun ? 'Dry run, nothing written: ' : ''}${JSON.stringify(summary)}`);
  return 0;
}

async function serve(db: ServerDb, host: string, portText: string): Promise<number> {
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, not "${portText}"`);
  const app = await createServer({ db, logger: { level: process.env.LOG_LEVEL ?? 'info' }, messageProviders: providersFromEnv(process.env) });
  const stop = async () => {
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const address = await app.listen({ port, host });
  console.log(`Quita server listening on ${address}`);
  return new Promise<number>(() => {});
}

const isEntry = process.argv[1] && /cli\.(ts|js|mjs)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof CliError || error instanceof AdminError || error instanceof DatabaseOpenError || error instanceof ExportCliError) {
        console.error(`Error${'code' in error ? ` (${String(error.code)})` : ''}: ${error.message}`);
        process.exit(1);
      }
      if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
        console.error(`Error: ${(error as Error).message}\n\n${USAGE}`);
        process.exit(2);
      }
      console.error(error);
      process.exit(1);
    },
  );
}
