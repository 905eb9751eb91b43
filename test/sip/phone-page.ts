// Chromium pages running the softphone test page, one phone each, for the e2e spec and the bench (Node only).
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgs } from '../../playwright.config';
import type { Pbx } from './pbx';
import type { SoftphoneTestDriver } from './page/main';

/** Fake microphone and no permission prompt; loopback candidates are essential on 127.0.0.1 (toolchain.md). */
export const webrtcArgs = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--allow-loopback-in-peer-connection',
];

export function launchPhoneBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...chromiumArgs, ...webrtcArgs],
  });
}

export interface PhonePage {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export type PhoneSettings = Parameters<SoftphoneTestDriver['start']>[1];

/** A fresh context (its own cookies and media permissions) with the softphone started as `user`. */
export async function openPhone(
  browser: Browser,
  pageUrl: string,
  pbx: Pbx,
  user: string,
  options: { password?: string; settings?: PhoneSettings } = {},
): Promise<PhonePage> {
  const context = await browser.newContext();
  await context.grantPermissions(['microphone'], { origin: new URL(pageUrl).origin });
  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.waitForFunction(() => !!window.softphoneTest);
  const password = options.password ?? pbx.users.find((u) => u.user === user)?.password ?? '';
  const account = { serverUrl: pbx.wsUrl, sipUri: `sip:${user}@${pbx.domain}`, password };
  await page.evaluate(([a, s]) => window.softphoneTest.start(a, s), [account, options.settings ?? {}] as const);
  return {
    context,
    page,
    async close() {
      // Unregister first: the registrar would otherwise keep the closed page's contact, and Kamailio refuses to fork
      // a call when one branch's WebSocket is gone ("failure to add branches"), so the next page of the same user
      // could not be reached.
      await page.evaluate(() => window.softphoneTest.client?.stop()).catch(() => {});
      await context.close();
    },
  };
}
