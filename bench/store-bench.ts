// Store figures: logging one outcome durably vs a bare durable insert, and the cost of encryption at rest.
import Database from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Disposition } from '../src/shared/model';
import { dispatch } from '../src/main/dispatch';
import { createHandlers } from '../src/main/handlers';
import { seedDemoPortfolio } from '../src/main/services/demo-seed';
import { fileStandInCipher } from '../src/main/services/key-vault';
import { SipAccountStore } from '../src/main/services/softphone/sip-account-store';
import { SyncSessionStore } from '../src/main/services/sync/session-store';
import { SyncClient } from '../src/main/services/sync/sync-client';
import { openDatabase } from '../src/main/services/store/database';
import { Store } from '../src/main/services/store/repositories';
import { median, nowMs, round, summary } from './stats';

interface Rig {
  dir: string;
  store: Store;
  logOutcome: (i: number) => Promise<void>;
  readQueuePage: (i: number) => Promise<void>;
  bareInsert: (i: number) => void;
  close: () => void;
}

async function rig(key: string | null, accounts: number): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'quita-bench-'));
  const store = new Store(openDatabase({ path: join(dir, 'quita.db'), key }));
  seedDemoPortfolio(store, { seed: 5, accounts }, Date.now(), 'America/Sao_Paulo');
  // Not started and never logged in: outcomes stay in the outbox, as in a local-only desk.
  const sync = new SyncClient({ store, sessions: new SyncSessionStore(dir, fileStandInCipher(dir)), emit: () => {} });
  const handlers = createHandlers({ store, clock: Date.now, host: 'web', demo: true, version: 'bench', agentId: null, emit: () => {}, sync, sipAccounts: new SipAccountStore(dir, fileStandInCipher(dir)) });
  // Customers without flags: a do-not-contact customer cannot be logged as called (policy_blocked).
  const ids = store.db
    .prepare("SELECT a.id FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.status = 'open' AND c.flags_json NOT LIKE '%true%' LIMIT 500")
    .pluck()
    .all() as string[];
  const dispositions: Disposition[] = ['no_answer', 'busy', 'voicemail', 'refused', 'wrong_number'];

  // The baseline: one row, one statement, the same file settings (key, WAL, synchronous=FULL).
  const bare = new Database(join(dir, 'bare.db'));
  if (key) bare.pragma(`key="x'${key}'"`);
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = FULL');
  bare.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, account_id TEXT NOT NULL, disposition TEXT NOT NULL, at INTEGER NOT NULL)');
  const insert = bare.prepare('INSERT INTO rows (account_id, disposition, at) VALUES (?, ?, ?)');

  return {
    dir,
    store,
    logOutcome: async (i) => {
      const result = await dispatch(handlers, 'outcome:log', {
        accountId: ids[i % ids.length]!,
        disposition: dispositions[i % dispositions.length]!,
        notes: 'Cliente não atendeu; tentar novamente à tarde',
      });
      if (!result.ok) throw new Error(result.error.message);
    },
    readQueuePage: async (i) => {
      const result = await dispatch(handlers, 'queue:list', { offset: (i % 20) * 100, limit: 100 });
      if (!result.ok) throw new Error(result.error.message);
    },
    bareInsert: (i) => insert.run(ids[i % ids.length]!, dispositions[i % dispositions.length]!, Date.now()),
    close: () => {
      bare.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function storeBench(options: { samples: number; accounts: number }) {
  const encrypted = await rig(randomBytes(32).toString('hex'), options.accounts);
  const plain = await rig(null, options.accounts);
  const outcome: number[] = [];
  const bare: number[] = [];
  const outcomePlain: number[] = [];
  const outcomeEncrypted: number[] = [];
  const readEnc: number[] = [];
  const readPlain: number[] = [];
  // Each comparison is its own phase, interleaved with the order alternating (ABBA) so machine noise and warm
  // caches favour neither series; reads run apart so their CPU churn does not land on one write series.
  const timed = async (fn: () => unknown, into: number[]) => {
    const t = nowMs();
    await fn();
    into.push(nowMs() - t);
  };
  for (let i = 0; i < options.samples; i++) {
    const a = () => timed(() => encrypted.logOutcome(i), outcome);
    const b = () => timed(() => encrypted.bareInsert(i), bare);
    if (i % 2) await a().then(b);
    else await b().then(a);
  }
  for (let i = 0; i < options.samples; i++) {
    const a = () => timed(() => encrypted.logOutcome(options.samples + i), outcomeEncrypted);
    const b = () => timed(() => plain.logOutcome(i), outcomePlain);
    if (i % 2) await a().then(b);
    else await b().then(a);
  }
  for (let i = 0; i < Math.min(options.samples, 100); i++) {
    const a = () => timed(() => encrypted.readQueuePage(i), readEnc);
    const b = () => timed(() => plain.readQueuePage(i), readPlain);
    if (i % 2) await a().then(b);
    else await b().then(a);
  }
  encrypted.close();
  plain.close();
  const ratio = median(outcome) / median(bare);
  return {
    outcomeLog: {
      description: 'outcome:log through dispatch (schema check, attempt + outbox event, synchronous=FULL) vs a bare one-row insert on the same encrypted WAL/FULL settings',
      outcomeMs: summary(outcome),
      bareInsertMs: summary(bare),
      ratio: round(ratio, 3),
      target: 1.5,
      pass: ratio <= 1.5,
    },
    encryption: {
      description: 'the same workloads with and without the at-rest key (ratio = encrypted / plain)',
      writeOutcomeEncryptedMs: summary(outcomeEncrypted),
      writeOutcomePlainMs: summary(outcomePlain),
      writeRatio: round(median(outcomeEncrypted) / median(outcomePlain), 3),
      readQueuePageEncryptedMs: summary(readEnc),
      readQueuePagePlainMs: summary(readPlain),
      readRatio: round(median(readEnc) / median(readPlain), 3),
    },
  };
}
