import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from 'axe-core';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium (tools/setup.sh installs it): playwright-core downloads no browser of its own. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface OpenBrowser {
  page: Page;
  context: BrowserContext;
  /** Messages the page logged about Content-Security-Policy violations. */
  cspViolations: string[];
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile in a temp dir, removed on close. */
export async function openBrowser(baseURL: string): Promise<OpenBrowser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: run tools/setup.sh`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'fixstream-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    baseURL,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return {
    page,
    context,
    cspViolations,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs axe-core on the page as it is and returns the serious and critical violations. The script is evaluated
 * through the DevTools protocol, which the page's CSP does not govern, so the CSP stays as strict as in production.
 */
export async function seriousA11yViolations(
  page: Page,
): Promise<Pick<Result, 'id' | 'impact' | 'help' | 'nodes'>[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Result[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.slice(0, 3) }));
}
