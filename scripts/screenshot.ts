// Takes the README's screenshot (and any others asked for) of the web host in Debian's Chromium:
// `npx tsx scripts/screenshot.ts [out.png] [--lang en]`. Also how we look at what we built.
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../playwright.config';
import { startHost } from '../test/e2e/support/web-host';

const args = process.argv.slice(2);
const out = args.find((a) => a.endsWith('.png')) ?? 'docs/agent-screen.png';
const lang = args.includes('--lang') ? args[args.indexOf('--lang') + 1] : null;

// A weekday noon in São Paulo (frozen, as in the e2e tests), so the worklist is open whatever the hour.
const host = await startHost({ demo: true, fixedNow: '2026-11-24T15:00:00Z' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(host.url);
  if (lang) await page.getByTestId('language-select').selectOption(lang).catch(() => undefined);
  const first = page.getByTestId('queue-item').nth(2);
  await first.click();
  await page.getByTestId('account-header').waitFor();
  await page.getByTestId('disposition-select').selectOption('promise_to_pay');
  await page.waitForTimeout(300);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await host.stop();
}
