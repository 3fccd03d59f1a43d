import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalServices } from '@fixstream/dev-services';
import type { Page } from 'playwright-core';
import { apiAs, signIn } from './board-helpers.ts';
import { openBrowser } from './browser.ts';
import { buildWebApp } from './web-build.ts';
import { repoRoot, startWebStack, type WebStack } from './web-stack.ts';

const outDir = join(repoRoot, 'docs/screenshots');
const viewport = { width: 1280, height: 800 };

/** A few requests in several stages, some scheduled this month, so the board and the calendar look lived-in. */
async function addDemoRequests(stack: WebStack): Promise<void> {
  const employee = await apiAs(stack, 'employee@acme.example');
  const manager = await apiAs(stack, 'manager@acme.example');
  const equipment = (name: string) => stack.seed.equipment.find((item) => item.name === name)?.id ?? '';
  const team = (name: string) => stack.seed.teams.find((item) => item.name === name)?.id ?? '';
  const now = new Date();
  const inMonth = (day: number, hour: number) =>
    new Date(now.getFullYear(), now.getMonth(), day, hour).toISOString();
  const plans = [
    ['Spindle vibrates above 8000 rpm', 'corrective', 'CNC Mill 3000', 'Mechanical', 'tomas', 2, null, 'new'],
    [
      'Quarterly lubrication',
      'preventive',
      'CNC Mill 3000',
      'Mechanical',
      'tara',
      1,
      inMonth(9, 9),
      'in_progress',
    ],
    [
      'Breaker B4 trips at shift start',
      'corrective',
      'Main Switchboard',
      'Electrical',
      'eli',
      3,
      inMonth(12, 14),
      'new',
    ],
    [
      'Pressure relief valve test',
      'preventive',
      'Air Compressor AC-75',
      'Mechanical',
      'tara',
      1,
      inMonth(18, 10),
      'new',
    ],
    [
      'Forklift brakes squeal',
      'corrective',
      'Forklift FL-20',
      'Mechanical',
      'tomas',
      2,
      inMonth(4, 11),
      'repaired',
    ],
    [
      'Thermal scan of busbars',
      'preventive',
      'Main Switchboard',
      'Electrical',
      'eli',
      1,
      inMonth(23, 8),
      'new',
    ],
  ] as const;
  for (const [subject, type, item, teamName, technician, priority, scheduledDate, stage] of plans) {
    const request = await employee.requests.create.mutate({
      subject,
      type,
      equipment: equipment(item),
      maintenanceTeam: team(teamName),
      assignedTechnician: stack.user(`${technician}@acme.example`).id,
      priority,
      ...(scheduledDate ? { scheduledDate } : {}),
    });
    if (stage === 'new') continue;
    await manager.requests.updateStatus.mutate({ id: request.id, status: 'in_progress' });
    if (stage === 'repaired')
      await manager.requests.updateStatus.mutate({ id: request.id, status: 'repaired' });
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  // let fonts and late queries settle, so the picture is of the page at rest
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(outDir, `${name}.png`) });
  console.log(`[screenshots] docs/screenshots/${name}.png`);
}

/**
 * `pnpm screenshots`: starts the demo stack as the browser tests do (its own Redis, FerretDB and SMTP sink, the
 * built app served by the API, the worker, the seeded demo company plus a few requests), signs in as the demo
 * admin and writes PNGs of the main pages into docs/screenshots/. The Operations page is shot only where the app
 * has it.
 */
async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const services = await startLocalServices({ quiet: true, syncEachCommit: false });
  let distDir: string | null = null;
  let stack: WebStack | null = null;
  try {
    distDir = await buildWebApp();
    stack = await startWebStack(distDir, {}, services.endpoints);
    await addDemoRequests(stack);
    const browser = await openBrowser(stack.baseUrl);
    try {
      const { page } = browser;
      await page.setViewportSize(viewport);
      await signIn(page, 'admin@acme.example', stack.user('admin@acme.example').password);
      await page.locator('article[data-request-id]').first().waitFor();
      await shoot(page, 'board');

      await page.getByRole('link', { name: 'Quarterly lubrication' }).click();
      await page.getByRole('heading', { name: 'Quarterly lubrication' }).waitFor();
      await shoot(page, 'request-detail');

      await page.getByRole('link', { name: 'Calendar' }).click();
      await page.getByRole('heading', { name: 'Calendar' }).waitFor();
      await page.locator('.day-entries').first().waitFor();
      await shoot(page, 'calendar');

      await page.getByRole('link', { name: 'Operations' }).click();
      await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
      await page
        .getByRole('link', { name: 'send-request-notification' })
        .first()
        .waitFor({ timeout: 60_000 });
      await shoot(page, 'operations');
    } finally {
      await browser.close();
    }
  } finally {
    await stack?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
    await services.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
