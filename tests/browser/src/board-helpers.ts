import { createClient, type FixstreamClient } from '@fixstream/client';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousA11yViolations } from './browser.ts';
import type { WebStack } from './web-stack.ts';

/** Signs in through the form and waits for the board. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Requests board' }).waitFor();
}

/** A typed API client signed in as a seeded user, to arrange data the page then shows. */
export async function apiAs(stack: WebStack, email: string): Promise<FixstreamClient> {
  let token: string | null = null;
  const client = createClient({ url: `${stack.baseUrl}/trpc`, token: () => token });
  token = (await client.auth.login.mutate({ email, password: stack.user(email).password })).token;
  return client;
}

export function column(page: Page, stage: 'new' | 'in_progress' | 'repaired' | 'scrap'): Locator {
  return page.locator(`section[data-stage="${stage}"]`);
}

export function card(page: Page, requestId: string): Locator {
  return page.locator(`article[data-request-id="${requestId}"]`);
}

/** No serious or critical axe-core finding on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await seriousA11yViolations(page), what).toEqual([]);
}

/** Drops a request on a stage's column the way a drag would end, whether or not the card can be dragged. */
export async function forceDrop(page: Page, requestId: string, stage: string): Promise<void> {
  await page.evaluate(
    ({ id, stage }) => {
      const target = document.querySelector(`section[data-stage="${stage}"]`);
      if (!target) throw new Error(`no column ${stage}`);
      const data = new DataTransfer();
      data.setData('application/x-fixstream-request', id);
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
    },
    { id: requestId, stage },
  );
}
