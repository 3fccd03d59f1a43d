import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, expectAccessible, signIn } from './board-helpers.ts';
import { type OpenBrowser, openBrowser } from './browser.ts';
import { buildWebApp } from './web-build.ts';
import { startWebStack, type WebStack } from './web-stack.ts';

let distDir: string;
let stack: WebStack;
let browser: OpenBrowser | null = null;

beforeAll(async () => {
  distDir = await buildWebApp();
  stack = await startWebStack(distDir);
}, 240_000);
afterEach(async () => {
  const violations = browser?.cspViolations ?? [];
  await closeBrowser();
  expect(violations, 'Content-Security-Policy violations').toEqual([]);
});
afterAll(async () => {
  await stack?.stop();
  if (distDir) rmSync(distDir, { recursive: true, force: true });
});

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 8)}`;

async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

async function signedIn(email: string): Promise<Page> {
  browser = await openBrowser(stack.baseUrl);
  await signIn(browser.page, email, stack.user(email).password);
  return browser.page;
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

describe('management pages, in Chromium', () => {
  it('an admin creates equipment and a team, with errors next to the fields, and sees them listed', async () => {
    const page = await signedIn('admin@acme.example');
    await nav(page).getByRole('link', { name: 'Equipment' }).click();
    await page.getByRole('heading', { name: 'Equipment' }).waitFor();
    await page.getByRole('cell', { name: 'CNC Mill 3000' }).waitFor();
    await expectAccessible(page, 'equipment list (admin)');

    await page.getByRole('link', { name: 'New equipment' }).click();
    await page.getByRole('button', { name: 'Create equipment' }).click();
    await page.getByText('must not be empty').first().waitFor();
    expect(await page.getByLabel('Serial number').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Preventive maintenance every (days)').fill('0');
    await page.getByRole('button', { name: 'Create equipment' }).click();
    await page
      .getByText('Too small: expected number to be >=1')
      .or(page.getByText(/at least 1/))
      .first()
      .waitFor();
    await expectAccessible(page, 'equipment form with errors');

    const taken = stack.seed.equipment[0];
    const name = unique('Boiler');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Serial number').fill(taken?.serialNumber ?? '');
    await page.getByLabel('Location').fill('Basement');
    await page.getByLabel('Team').selectOption({ label: 'Mechanical' });
    await page.getByLabel('Preventive maintenance every (days)').fill('30');
    await page.getByRole('button', { name: 'Create equipment' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `Equipment with serial number ${taken?.serialNumber} already exists` })
      .waitFor();
    const serial = unique('BOIL').replace(' ', '-');
    await page.getByLabel('Serial number').fill(serial);
    await page.getByRole('button', { name: 'Create equipment' }).click();
    await page.getByRole('heading', { name: 'Equipment', exact: true }).waitFor();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    expect(await row.textContent()).toContain(serial);
    expect(await row.textContent()).toContain('30 days');

    await row.getByRole('link', { name }).click();
    await page.getByRole('heading', { name }).waitFor();
    await page.getByLabel('Location').fill('Roof');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await nav(page).getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('link', { name: 'New team' }).click();
    const team = unique('Boiler room');
    await page.getByLabel('Name').fill(team);
    await page.getByLabel(/Tara Torque/).check();
    await expectAccessible(page, 'team form');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByRole('heading', { name: 'Teams' }).waitFor();
    await page.getByRole('row').filter({ hasText: team }).filter({ hasText: 'Tara Torque' }).waitFor();
    await expectAccessible(page, 'team list (admin)');

    await nav(page).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'New user' }).click();
    await page.getByLabel('Name').fill('Nina New');
    await page.getByLabel('Email').fill('employee@acme.example');
    await page.getByLabel('First password').fill('short');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('must be at least 10 characters').waitFor();
    await page.getByLabel('First password').fill('nina-first-pass');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('alert').filter({ hasText: 'cannot be used for a new user' }).waitFor();
    await expectAccessible(page, 'user form with errors');
    await page.getByLabel('Email').fill(`${unique('nina').replace(' ', '.')}@acme.example`);
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'Deactivate Nina New' }).click();
    await page.getByRole('status').filter({ hasText: 'Nina New is deactivated.' }).waitFor();
    await page.getByRole('button', { name: 'Activate Nina New' }).waitFor();
    await expectAccessible(page, 'user list (admin)');
  }, 120_000);

  it('a manager manages equipment and teams and reads users; technicians and employees read equipment and teams', async () => {
    const manager = await signedIn('manager@acme.example');
    await nav(manager).getByRole('link', { name: 'Users' }).click();
    await manager.getByRole('cell', { name: 'employee@acme.example' }).waitFor();
    expect(await manager.getByRole('link', { name: 'New user' }).count()).toBe(0);
    expect(await manager.getByRole('button', { name: /^(Deactivate|Activate) / }).count()).toBe(0);
    expect(await nav(manager).getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
    await expectAccessible(manager, 'user list (manager)');
    await nav(manager).getByRole('link', { name: 'Equipment' }).click();
    await manager.getByRole('link', { name: 'New equipment' }).waitFor();
    await manager.getByRole('link', { name: 'CNC Mill 3000' }).click();
    await manager.getByRole('button', { name: 'Save changes' }).waitFor();
    await manager.goto('/webhooks');
    await manager
      .getByRole('alert')
      .filter({ hasText: 'Your role (manager) cannot manage webhook endpoints' })
      .waitFor();
    await closeBrowser();

    for (const email of ['eli@acme.example', 'employee@acme.example']) {
      const role = stack.user(email).role;
      const page = await signedIn(email);
      expect(await nav(page).getByRole('link', { name: 'Users' }).count()).toBe(0);
      expect(await nav(page).getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
      await nav(page).getByRole('link', { name: 'Equipment' }).click();
      await page.getByRole('cell', { name: 'CNC Mill 3000' }).waitFor();
      expect(await page.getByRole('link', { name: 'New equipment' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'CNC Mill 3000' }).count()).toBe(0);
      await expectAccessible(page, `equipment list (${role})`);
      await nav(page).getByRole('link', { name: 'Teams' }).click();
      await page.getByRole('cell', { name: 'Mechanical' }).waitFor();
      expect(await page.getByRole('link', { name: 'New team' }).count()).toBe(0);
      await expectAccessible(page, `team list (${role})`);
      await page.goto('/equipment/new');
      await page
        .getByRole('alert')
        .filter({ hasText: `Your role (${role}) cannot change equipment` })
        .waitFor();
      await page.goto('/users');
      await page
        .getByRole('alert')
        .filter({ hasText: `Your role (${role}) cannot list users` })
        .waitFor();
      await expectAccessible(page, `users page refused (${role})`);
      await closeBrowser();
    }
  }, 240_000);

  it('the calendar shows a scheduled request on its day, preventive ones marked, and opens it', async () => {
    const admin = await apiAs(stack, 'admin@acme.example');
    const now = new Date();
    const day = new Date(now.getFullYear(), now.getMonth(), 15, 10, 30);
    const month = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}`;
    const mill = stack.seed.equipment.find((item) => item.name === 'CNC Mill 3000');
    const mechanical = stack.seed.teams.find((item) => item.name === 'Mechanical');
    if (!mill || !mechanical) throw new Error('the seed is not what these tests expect');
    const base = {
      equipment: mill.id,
      maintenanceTeam: mechanical.id,
      assignedTechnician: stack.user('tomas@acme.example').id,
      scheduledDate: day.toISOString(),
    };
    const corrective = await admin.requests.create.mutate({
      ...base,
      subject: unique('Spindle check'),
      type: 'corrective',
    });
    const preventive = await admin.requests.create.mutate({
      ...base,
      subject: unique('Lubrication'),
      type: 'preventive',
    });

    const page = await signedIn('admin@acme.example');
    await nav(page).getByRole('link', { name: 'Calendar' }).click();
    await page.getByRole('heading', { name: 'Calendar' }).waitFor();
    await page.goto(`/calendar?month=${month}`);
    const cell = page.locator(`td[data-day="${month}-15"]`);
    await cell.getByRole('link', { name: corrective.subject }).waitFor();
    const preventiveEntry = cell.locator('li').filter({ hasText: preventive.subject });
    expect(await preventiveEntry.locator('.badge-preventive').count()).toBe(1);
    expect(await cell.locator('li').filter({ hasText: corrective.subject }).locator('.badge').count()).toBe(
      0,
    );
    await expectAccessible(page, 'calendar');

    await page.getByRole('link', { name: 'Next month →' }).click();
    await page
      .locator(`td[data-day="${month}-15"]`)
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    expect(await page.getByRole('link', { name: corrective.subject }).count()).toBe(0);
    await page.getByRole('link', { name: '← Previous month' }).click();
    await cell.getByRole('link', { name: corrective.subject }).click();
    await page.getByRole('heading', { name: corrective.subject }).waitFor();
  }, 120_000);

  it('an admin creates a webhook endpoint and sees its secret once; rotates it; deletes it', async () => {
    const page = await signedIn('admin@acme.example');
    await browser?.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await nav(page).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await expectAccessible(page, 'webhook list');
    await page.getByRole('link', { name: 'New endpoint' }).click();
    await page.getByLabel(/Technician assigned/).uncheck();
    await page.getByLabel(/Stage changed/).uncheck();
    await page.getByLabel(/Request created/).uncheck();
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByText('must not be empty').waitFor();
    await page.getByText('subscribe to at least one event').waitFor();
    await expectAccessible(page, 'webhook form with errors');

    const url = `https://hooks.example.com/${unique('fixstream').replace(' ', '-')}`;
    await page.getByLabel('URL').fill('ftp://hooks.example.com/in');
    await page.getByLabel(/Request created/).check();
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.locator('[role="alert"], .field-error').first().waitFor();
    await page.getByLabel('URL').fill(url);
    await page.getByLabel('Description').fill('ERP bridge');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('heading', { name: 'Endpoint created' }).waitFor();
    const secret = (await page.locator('[data-secret]').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy the secret' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Copied|Copying was refused/ })
      .waitFor();
    await expectAccessible(page, 'webhook secret shown once');

    await page.getByRole('link', { name: 'Open the endpoint' }).click();
    await page.getByRole('heading', { name: url }).waitFor();
    await page.getByText('No deliveries yet.').waitFor();
    expect(await page.content()).not.toContain(secret);
    await expectAccessible(page, 'webhook detail');
    await page.getByLabel('Description').fill('ERP bridge (prod)');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    const rotated = (await page.locator('[data-secret]').textContent()) ?? '';
    expect(rotated.length).toBeGreaterThan(20);
    expect(rotated).not.toBe(secret);

    await page.reload();
    await page.getByRole('heading', { name: url }).waitFor();
    expect(await page.locator('[data-secret]').count()).toBe(0);
    await page.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByText('No endpoints yet.').waitFor();
  }, 120_000);
});
