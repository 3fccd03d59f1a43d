import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium, as the browser tests use it (tools/setup.sh installs it; `CHROMIUM_PATH` overrides). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A headless Chromium on a fresh profile, and the page it opened. */
export interface WebBrowser {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Chromium with the browser tests' flags on a new profile in a temp dir (removed on close), so every
 * round starts with an empty cache and storage, and records every long task of every document the page loads
 * from before its first script: the observer goes in through the DevTools protocol, which the app's CSP does not
 * govern.
 */
export async function openWebBrowser(baseURL: string): Promise<WebBrowser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: run tools/setup.sh`);
  const userDataDir = await mkdtemp(join(tmpdir(), 'fixstream-bench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    baseURL,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await context.addInitScript(() => {
    const tasks: { startTime: number; duration: number }[] = [];
    (window as unknown as { __benchLongTasks: typeof tasks }).__benchLongTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        tasks.push({ startTime: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
