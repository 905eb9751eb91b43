// `npm run bench`: measures and writes figures as JSON under bench/results/ (benchmarks are not tests).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { accountBench } from './account-bench';
import { exportBench } from './export-bench';
import { importBench } from './import-bench';
import { queueBench } from './queue-bench';
import { softphoneBench } from './softphone-bench';
import { storeBench } from './store-bench';
import { syncBench } from './sync-bench';
import { uiBench } from './ui-bench';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const resultsDir = join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });

function write(name: string, figures: unknown): void {
  const body = {
    name,
    at: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    figures,
  };
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(body, null, 2)}\n`);
  console.log(`${name}: ${JSON.stringify(figures, null, 2)}`);
}

async function main(): Promise<void> {
  if (want('store')) write('store', await storeBench({ samples: 300, accounts: 5_000 }));
  if (want('ui')) write('ui', await uiBench({ accounts: 50_000, navigations: 7 }));
  if (want('softphone')) write('softphone', await softphoneBench());
  if (want('queue')) write('queue', await queueBench({ storeAccounts: 50_000, rankAccounts: 20_000, samples: 200 }));
  if (want('sync')) write('sync', await syncBench());
  if (want('import')) write('import', await importBench());
  if (want('account')) write('account', await accountBench({ accounts: 40, samples: 20 }));
  if (want('export')) write('export', await exportBench());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
