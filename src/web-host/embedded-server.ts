// The demo's own sync server, embedded in the web host (`npm start`): PGlite in the data folder, the same demo
// portfolio the desk was seeded with, a demo team and users, on 127.0.0.1. It lets a new user see the whole
// system — outcomes pushed to a server, sync status, the supervisor console (ana and bruno on sup's team) — with
// one command. Not for production: a real office runs
// `npm run server -- serve` against PostgreSQL.
import { join } from 'node:path';
import { generatePortfolio } from '../shared/demo/portfolio';
import { todayIn } from '../shared/domain/dates';
import { assignAccounts, createTeam, createUser, upsertPortfolio } from '../server/admin';
import { createServer } from '../server/app';
import { demoProviders } from '../server/messages/providers';
import { openDatabase } from '../server/db/database';

/** Demo-only credentials, printed at start: the server listens on loopback and holds demo data only. */
export const DEMO_PASSWORD = 'quita-demo';
export const DEMO_USERS = [
  { username: 'ana', role: 'agent', displayName: 'Ana Souza' },
  { username: 'bruno', role: 'agent', displayName: 'Bruno Lima' },
  { username: 'sup', role: 'supervisor', displayName: 'Carla Supervisora' },
] as const;

export interface EmbeddedServer {
  url: string;
  close(): Promise<void>;
}

export async function startEmbeddedDemoServer(options: {
  dataDir: string;
  port: number;
  demo: { seed: number; accounts: number };
  officeTimeZone: string;
  now?: number;
  /** TEST ONLY: the server's clock (the web host's QUITA_FIXED_NOW), so "today" on the board is the desk's. */
  clock?: () => number;
}): Promise<EmbeddedServer> {
  const now = options.now ?? Date.now();
  const db = await openDatabase({ kind: 'pglite', dataDir: join(options.dataDir, 'server') });
  const seeded = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (!seeded) {
    const actor = { userId: null, now };
    await createTeam(db, 'demo', actor);
    for (const user of DEMO_USERS) {
      await createUser(db, { username: user.username, password: DEMO_PASSWORD, role: user.role, team: 'demo', displayName: user.displayName }, actor);
    }
    // Same seed and day as the desk's local store, so both hold the same accounts with the same ids.
    const portfolio = generatePortfolio({ ...options.demo, today: todayIn(options.officeTimeZone, now), now });
    await upsertPortfolio(db, portfolio.customers, portfolio.accounts, actor);
    await assignAccounts(db, portfolio.accounts.map((a) => a.id), { team: 'demo' }, actor);
  }
  // SMS and email land as files in the data folder unless QUITA_SMTP_URL / QUITA_SMS_WEBHOOK_* name real ones.
  const messageProviders = demoProviders(process.env, join(options.dataDir, 'server', 'outbox'));
  const app = await createServer({ db, messageProviders, ...(options.clock ? { clock: options.clock } : {}) });
  await app.listen({ host: '127.0.0.1', port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}
