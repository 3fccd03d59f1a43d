import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { testSupportEnv } from './env.ts';

/** The Chromium the browser tests and the web bench drive (`CHROMIUM_PATH`, Debian's by default). */
export const chromiumPath = testSupportEnv.CHROMIUM_PATH;

/** A headless Chromium on a profile of its own, its first page, and how to close both. */
export interface HeadlessChromium {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless with the flags a container needs, on a fresh profile in a temp dir removed
 * on close, so every browser test and bench round starts with an empty cache and storage. Its own entry point
 * (`@fixstream/test-support/chromium`), so tests that need no browser never load playwright.
 */
export async function launchHeadlessChromium(
  baseURL: string,
  options: { viewport?: { width: number; height: number }; profilePrefix?: string } = {},
): Promise<HeadlessChromium> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: run tools/setup.sh`);
  const userDataDir = await mkdtemp(join(tmpdir(), options.profilePrefix ?? 'fixstream-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    baseURL,
    ...(options.viewport ? { viewport: options.viewport } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
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
