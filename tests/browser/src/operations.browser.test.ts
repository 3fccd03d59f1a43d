import { rmSync } from 'node:fs';
import { type SmtpSink, startSmtpSink } from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, expectAccessible, signIn } from './board-helpers.ts';
import { type OpenBrowser, openBrowser } from './browser.ts';
import { buildWebApp } from './web-build.ts';
import { startWebStack, type WebStack } from './web-stack.ts';

let distDir: string;
let sink: SmtpSink;
let stack: WebStack;
let browser: OpenBrowser | null = null;

/** The mail server is this file's own, so a test can make it refuse a recipient (451, retryable) and then accept. */
beforeAll(async () => {
  distDir = await buildWebApp();
  sink = await startSmtpSink({ quiet: true });
  stack = await startWebStack(distDir, {
    MAIL_HOST: sink.host,
    MAIL_PORT: String(sink.smtpPort),
    // one retry 200 ms later: a refused mail's run dies within a second or two
    WORKER_RETRIES: '1',
    WORKER_RETRY_DELAY_MS: '200',
    WORKER_RETRY_FACTOR: '1',
  });
}, 240_000);
afterEach(async () => {
  const violations = browser?.cspViolations ?? [];
  await browser?.close();
  browser = null;
  sink?.rejectRecipients(null);
  expect(violations, 'Content-Security-Policy violations').toEqual([]);
});
afterAll(async () => {
  await stack?.stop();
  await sink?.stop();
  if (distDir) rmSync(distDir, { recursive: true, force: true });
});

async function openAs(email: string): Promise<Page> {
  browser = await openBrowser(stack.baseUrl);
  await signIn(browser.page, email, stack.user(email).password);
  return browser.page;
}

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 8)}`;

/** A request created by the admin through the API, assigned to a technician of the seed. */
async function adminRequest(subject: string, equipmentName: string, teamName: string, technician: string) {
  const admin = await apiAs(stack, 'admin@acme.example');
  const equipment = stack.seed.equipment.find((item) => item.name === equipmentName);
  const team = stack.seed.teams.find((item) => item.name === teamName);
  if (!equipment || !team) throw new Error('the seed is not what these tests expect');
  return admin.requests.create.mutate({
    subject,
    type: 'corrective',
    equipment: equipment.id,
    maintenanceTeam: team.id,
    assignedTechnician: stack.user(technician).id,
  });
}

/** The row of a runs table for the notification run of one request. */
function notificationRow(page: Page, requestId: string): Locator {
  return page
    .locator('tbody tr')
    .filter({ has: page.locator(`a[href="/requests/${requestId}"]`) })
    .filter({ hasText: 'send-request-notification' });
}

const mailsFor = (subject: string) => sink.messages().filter((mail) => mail.subject?.includes(subject));

describe('the Operations pages and the request history, in Chromium', () => {
  it('an admin watches the notification run of a new request succeed, without reloading', async () => {
    const page = await openAs('admin@acme.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    await page.getByText('Updates every 5 s').waitFor();
    await page.getByRole('heading', { name: 'Streams and consumer groups' }).waitFor();
    await page.getByRole('rowheader', { name: 'send-request-notification' }).first().waitFor();
    await expectAccessible(page, 'operations overview');

    await page.getByRole('navigation', { name: 'Operations' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    await page.getByLabel(/^Function/).selectOption('send-request-notification');
    const subject = unique('Compressor overheats');
    const request = await adminRequest(subject, 'Air Compressor AC-75', 'Mechanical', 'tara@acme.example');
    // the page polls: the run shows up once the worker has sent the mail, with no reload
    const row = notificationRow(page, request.id);
    await row.waitFor({ timeout: 45_000 });
    expect(await row.getByText('Succeeded').count()).toBe(1);
    expect(mailsFor(subject)).toHaveLength(1);
    await page.getByLabel(/^Status/).selectOption({ label: 'Succeeded' });
    await row.waitFor();
    await expectAccessible(page, 'runs list');

    await row.getByRole('link', { name: /^Run send-request-notification/ }).click();
    await page.getByRole('heading', { name: /Run of send-request-notification/ }).waitFor();
    await page.getByText('Message-ID').waitFor();
    // the Message-ID the mail went out with, as the run recorded it
    const [sent] = mailsFor(subject);
    await page
      .locator('dd code')
      .filter({ hasText: sent?.messageId ?? 'no mail' })
      .waitFor();
    await page.getByRole('heading', { name: 'Event payload' }).waitFor();
    expect(await page.locator('pre.payload').textContent()).toContain(request.id);
    await page.getByRole('table', { name: 'Attempts' }).getByText('Succeeded').waitFor();
    await expectAccessible(page, 'run detail');

    await page.getByRole('link', { name: 'Open the request' }).click();
    await page.getByRole('heading', { name: subject }).waitFor();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByRole('heading', { name: /maintenance\/request.created/ }).waitFor();
    const historyRow = history.getByRole('row').filter({ hasText: 'send-request-notification' });
    await historyRow.waitFor({ timeout: 30_000 });
    expect(await historyRow.getByText('Succeeded').count()).toBe(1);
    expect(await historyRow.getByText('Mail').count()).toBe(1);
    await expectAccessible(page, 'request detail with history');
  }, 150_000);

  it('a run that died on a refused mail shows in Dead letters, and Replay delivers the mail', async () => {
    sink.rejectRecipients((address) =>
      address === 'eli@acme.example' ? { code: 451, message: 'Mailbox busy, try again later' } : null,
    );
    const subject = unique('Breaker sparks');
    const request = await adminRequest(subject, 'Main Switchboard', 'Electrical', 'eli@acme.example');
    const page = await openAs('admin@acme.example');
    await page.getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await page.getByRole('heading', { name: 'Dead letters' }).waitFor();
    const row = notificationRow(page, request.id);
    await row.waitFor({ timeout: 45_000 });
    expect(await row.getByText('451').count()).toBe(1);
    await page.getByRole('button', { name: 'Redrive send-request-notification' }).waitFor();
    await expectAccessible(page, 'dead letters');

    await row.getByRole('link', { name: /^Run send-request-notification/ }).click();
    const attempts = page.getByRole('table', { name: 'Attempts' });
    await attempts.getByText('Dead').waitFor();
    expect(await attempts.getByRole('row').count()).toBe(3);
    await page.getByRole('heading', { name: 'Event payload' }).waitFor();
    expect(await page.locator('pre.payload').textContent()).toContain(request.id);
    await expectAccessible(page, 'run detail of a dead run');
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await row.waitFor();

    expect(mailsFor(subject)).toHaveLength(0);
    sink.rejectRecipients(null);
    await row.getByRole('button', { name: /^Replay send-request-notification/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Replayed: the run starts over at attempt 1.' })
      .waitFor();
    await waitFor(() => mailsFor(subject).length > 0, 'the replayed mail in the sink', { timeoutMs: 30_000 });
    const [mail] = mailsFor(subject);
    expect(mail?.to).toContain('eli@acme.example');
    expect(mail?.subject).toBe(`[Corrective] New maintenance request: ${subject}`);
    await row.waitFor({ state: 'detached', timeout: 20_000 });
    await expectAccessible(page, 'dead letters after a replay');
  }, 150_000);

  it('a manager has no Operations in the nav, and its URL says it is for admins', async () => {
    const page = await openAs('manager@acme.example');
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Operations' }).count(),
    ).toBe(0);
    await page.goto('/ops/dead-letters');
    await page.getByRole('alert').filter({ hasText: 'Operations is for admins only' }).waitFor();
    await expectAccessible(page, 'operations refused (manager)');
  }, 60_000);
});
