import { rmSync } from 'node:fs';
import { MailSinkClient } from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, card, column, expectAccessible, forceDrop, signIn } from './board-helpers.ts';
import { type OpenBrowser, openBrowser } from './browser.ts';
import { buildWebApp } from './web-build.ts';
import { startWebStack, type WebStack } from './web-stack.ts';

let distDir: string;
let stack: WebStack;
let browser: OpenBrowser | null = null;
const sink = () => new MailSinkClient(inject('services').mailSinkUrl);

beforeAll(async () => {
  distDir = await buildWebApp();
  stack = await startWebStack(distDir);
}, 240_000);
afterEach(async () => {
  const violations = browser?.cspViolations ?? [];
  await browser?.close();
  browser = null;
  expect(violations, 'Content-Security-Policy violations').toEqual([]);
});
afterAll(async () => {
  await stack?.stop();
  if (distDir) rmSync(distDir, { recursive: true, force: true });
});

async function open(): Promise<OpenBrowser> {
  browser = await openBrowser(stack.baseUrl);
  return browser;
}

/** A request by the demo employee, as the API stores it, to show on boards. */
async function employeeRequest(subject: string, equipmentName: string, teamName: string, technician: string) {
  const employee = await apiAs(stack, 'employee@acme.example');
  const equipment = stack.seed.equipment.find((item) => item.name === equipmentName);
  const team = stack.seed.teams.find((item) => item.name === teamName);
  if (!equipment || !team) throw new Error('the seed is not what these tests expect');
  return employee.requests.create.mutate({
    subject,
    type: 'corrective',
    equipment: equipment.id,
    maintenanceTeam: team.id,
    assignedTechnician: stack.user(technician).id,
  });
}

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 8)}`;

describe('the web app, served by the API, in Chromium', () => {
  it('signs in and creates a request through the form; the technician gets the mail', async () => {
    const { page } = await open();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'sign-in page');
    await signIn(page, 'employee@acme.example', stack.user('employee@acme.example').password);
    await expectAccessible(page, 'board (employee)');

    await page.getByRole('link', { name: 'New request' }).click();
    await page.getByRole('heading', { name: 'New request' }).waitFor();
    await page.getByRole('button', { name: 'Create request' }).click();
    await page.getByText('must not be empty').waitFor();
    await expectAccessible(page, 'request form with errors');

    const subject = unique('Compressor rattles');
    await page.getByLabel('Subject').fill(subject);
    await page.getByLabel('Equipment').selectOption({ label: 'Air Compressor AC-75 (AIR-0075-0007)' });
    await expect.poll(() => page.getByLabel('Maintenance team').inputValue()).not.toBe('');
    expect(await page.getByLabel('Maintenance team').locator('option:checked').textContent()).toBe(
      'Mechanical',
    );
    expect(await page.getByLabel('Technician').locator('option:checked').textContent()).toBe(
      'Default technician of Air Compressor AC-75',
    );
    await page.getByLabel('Priority').selectOption({ label: 'High' });
    await page.getByRole('button', { name: 'Create request' }).click();
    await page.getByRole('heading', { name: subject }).waitFor();
    expect(page.url()).toMatch(/\/requests\/[a-f\d]{24}$/);
    await expectAccessible(page, 'request detail (employee)');

    const [mail] = await sink().waitFor((mails) => mails.filter((m) => m.subject?.includes(subject)), {
      to: 'tara@acme.example',
      timeoutMs: 30_000,
    });
    expect(mail?.subject).toBe(`[Corrective] New maintenance request: ${subject}`);
  }, 120_000);

  it('a manager drags a card to In progress and the requester gets the mail; a refused move shows why', async () => {
    const subject = unique('Forklift brakes squeal');
    const request = await employeeRequest(subject, 'Forklift FL-20', 'Mechanical', 'tomas@acme.example');
    const { page } = await open();
    await signIn(page, 'manager@acme.example', stack.user('manager@acme.example').password);
    await card(page, request.id).waitFor();
    expect(await card(page, request.id).getAttribute('draggable')).toBe('true');
    await expectAccessible(page, 'board (manager)');

    await forceDrop(page, request.id, 'repaired');
    await page
      .getByRole('alert')
      .filter({ hasText: 'A request in stage New cannot move to Repaired (allowed next: In progress)' })
      .waitFor();

    await card(page, request.id).dragTo(column(page, 'in_progress'));
    await column(page, 'in_progress').locator(`article[data-request-id="${request.id}"]`).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `Moved “${subject}” to In progress.` })
      .waitFor();
    await page.getByLabel('Type').selectOption({ label: 'Preventive' });
    await card(page, request.id).waitFor({ state: 'detached' });
    await page.getByLabel('Type').selectOption({ label: 'Any type' });
    await card(page, request.id).waitFor();
    // the header's count comes from requests.stats; with no filter it matches the cards shown
    await expect
      .poll(async () => {
        const shown = await column(page, 'in_progress').locator('article').count();
        return (await column(page, 'in_progress').locator('.count').textContent()) === String(shown);
      })
      .toBe(true);

    const [mail] = await sink().waitFor((mails) => mails.filter((m) => m.subject?.includes(subject)), {
      to: 'employee@acme.example',
      timeoutMs: 30_000,
    });
    expect(mail?.subject).toBe(`[In progress] ${subject}`);

    await page.getByRole('link', { name: 'List' }).click();
    await page.getByRole('link', { name: subject }).waitFor();
    await expectAccessible(page, 'request list (manager)');
    await page.getByRole('link', { name: subject }).click();
    await page.getByRole('heading', { name: 'Assign' }).waitFor();
    await expectAccessible(page, 'request detail (manager)');
  }, 120_000);

  it('an employee cannot move cards: no drag affordance, and a forced move is refused with the message', async () => {
    const subject = unique('Switchboard hums');
    const request = await employeeRequest(subject, 'Main Switchboard', 'Electrical', 'eli@acme.example');
    const { page } = await open();
    await signIn(page, 'employee@acme.example', stack.user('employee@acme.example').password);
    const employeeCard = card(page, request.id);
    await employeeCard.waitFor();
    expect(await employeeCard.getAttribute('draggable')).toBe('false');
    expect(await employeeCard.getByRole('button').count()).toBe(0);

    await forceDrop(page, request.id, 'in_progress');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Your role (employee) cannot move requests to another stage' })
      .waitFor();
    const manager = await apiAs(stack, 'manager@acme.example');
    expect((await manager.requests.byId.query({ id: request.id })).status).toBe('new');
  }, 120_000);

  it('a technician sees what the roles table says: their teams’ requests, moves by keyboard, the plan only', async () => {
    const own = await employeeRequest(
      unique('Breaker trips'),
      'Main Switchboard',
      'Electrical',
      'eli@acme.example',
    );
    const other = await employeeRequest(
      unique('Mill coolant leak'),
      'CNC Mill 3000',
      'Mechanical',
      'tomas@acme.example',
    );
    const { page } = await open();
    await signIn(page, 'eli@acme.example', stack.user('eli@acme.example').password);
    await card(page, own.id).waitFor();
    expect(await card(page, other.id).count()).toBe(0);
    await expectAccessible(page, 'board (technician)');

    const move = card(page, own.id).getByRole('button', { name: 'Move to In progress' });
    await move.focus();
    await page.keyboard.press('Enter');
    await column(page, 'in_progress').locator(`article[data-request-id="${own.id}"]`).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-request-id')))
      .toBe(own.id);

    await card(page, own.id).getByRole('link', { name: own.subject }).click();
    await page.getByRole('heading', { name: 'Stage' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Assign' }).count()).toBe(0);
    await page.getByLabel('Priority').waitFor();
    expect(await page.getByLabel('Description').count()).toBe(0);
    await page.getByLabel('Priority').selectOption({ label: 'Urgent' });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expectAccessible(page, 'request detail (technician)');
  }, 120_000);

  it('sends a user whose session the API refuses (401) to sign-in with a message', async () => {
    const { page } = await open();
    await signIn(page, 'manager@acme.example', stack.user('manager@acme.example').password);
    await page.evaluate(() => {
      const key = 'fixstream.session';
      const session = JSON.parse(localStorage.getItem(key) ?? '{}');
      localStorage.setItem(key, JSON.stringify({ ...session, token: 'not-a-token' }));
    });
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'sign in again' }).waitFor();
    await waitFor(() => new URL(page.url()).pathname === '/sign-in', 'the sign-in URL');
    await page.goto('/account/password');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  }, 60_000);

  it('resets a forgotten password by mail, then signs in with the new one', async () => {
    const email = 'tomas@acme.example';
    const { page } = await open();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').waitFor();
    await expectAccessible(page, 'forgot password');

    const [mail] = await sink().waitFor(
      (mails) => mails.filter((m) => /\/reset\?token=[\w-]{43}/.test(m.text ?? '')),
      { to: email, timeoutMs: 30_000 },
    );
    const link = mail?.text?.match(/https?:\/\/\S+\/reset\?token=[\w-]{43}/)?.[0];
    expect(link?.startsWith(stack.baseUrl)).toBe(true);
    await page.goto(link ?? '');
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('New password again').fill('short');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByText('must be at least 10 characters').waitFor();
    await expectAccessible(page, 'reset password with an error');
    await page.getByLabel('New password', { exact: true }).fill('tomas-new-pass-1');
    await page.getByLabel('New password again').fill('tomas-new-pass-1');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByRole('link', { name: 'Sign in with your new password' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('tomas-new-pass-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Requests board' }).waitFor();

    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByLabel('Current password').fill('wrong-password-1');
    await page.getByLabel('New password').fill('tomas-newer-pass-2');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('is not your current password').waitFor();
    expect(await page.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Current password').fill('tomas-new-pass-1');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
    await expectAccessible(page, 'change password');
  }, 120_000);
});
