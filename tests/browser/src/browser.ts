import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchHeadlessChromium } from '@fixstream/test-support/chromium';
import type { Result } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface OpenBrowser {
  page: Page;
  context: BrowserContext;
  /** Messages the page logged about Content-Security-Policy violations. */
  cspViolations: string[];
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile in a temp dir, removed on close, reporting CSP violations. */
export async function openBrowser(baseURL: string): Promise<OpenBrowser> {
  const browser = await launchHeadlessChromium(baseURL);
  const cspViolations: string[] = [];
  browser.page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { ...browser, cspViolations };
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
