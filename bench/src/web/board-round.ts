import type { Page } from 'playwright-core';
import { type Blocking, blockingOf, type LongTask } from './long-tasks.ts';
import { openWebBrowser } from './web-chromium.ts';

/** Cards per column the board shows before "Show more": the first page of `requests.list` it asks for. */
export const boardColumnPageSize = 50;

/** What the board should show per stage: the stage's total (its header) and the cards of its first page. */
export type BoardExpectation = Record<string, { total: number; cards: number }>;

/** One round in a fresh browser: the board's load, then scripted use of its filters. */
export interface BoardRound {
  /** Navigation start → the frame in which every column holds the cards of its first page. */
  renderMs: number;
  cardsRendered: number;
  load: Blocking;
  interaction: Blocking;
  all: Blocking;
}

/** After a phase, time for trailing work (effects, late renders) to show up as long tasks of that phase. */
const settleMs = 1_000;

/**
 * Signs in as `user` through the form, then opens `/` afresh (a full navigation; the app's scripts are in the
 * browser's cache by then, as for anyone coming back to the board) and times it until every column shows its
 * cards. Then, as a person would: types "leak" into "Search subjects" a key at a time and clears it, switches
 * "Type" to Preventive and back, and scrolls to the bottom and back, each time waiting for the board to show what
 * it should. Long tasks are split at the start of that use.
 */
export async function boardRound(
  baseUrl: string,
  user: { email: string; password: string },
  expected: BoardExpectation,
): Promise<BoardRound> {
  const browser = await openWebBrowser(baseUrl);
  try {
    const { page } = browser;
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Requests board' }).waitFor();

    await page.goto('/', { waitUntil: 'commit' });
    const renderMs = await boardShown(page, expected);
    const cardsRendered = await page.locator('section[data-stage] article.card').count();
    await page.waitForTimeout(settleMs);

    const interactionFrom = await page.evaluate(() => performance.now());
    const search = page.getByLabel('Search subjects');
    await search.pressSequentially('leak', { delay: 120 });
    await page.waitForTimeout(300);
    await search.fill('');
    await boardShown(page, expected);
    await page.getByLabel('Type').selectOption({ label: 'Preventive' });
    await page.waitForFunction(
      () =>
        !Array.from(document.querySelectorAll('section[data-stage] p.muted')).some(
          (note) => note.textContent === 'Loading…',
        ),
      undefined,
      { polling: 'raf', timeout: 60_000 },
    );
    await page.getByLabel('Type').selectOption({ label: 'Any type' });
    await boardShown(page, expected);
    await page.mouse.wheel(0, 20_000);
    await page.waitForTimeout(300);
    await page.mouse.wheel(0, -20_000);
    await page.waitForTimeout(settleMs);

    const tasks = await page.evaluate(
      () => (window as unknown as { __benchLongTasks: LongTask[] }).__benchLongTasks,
    );
    return {
      renderMs,
      cardsRendered,
      load: blockingOf(tasks, 0, interactionFrom),
      interaction: blockingOf(tasks, interactionFrom),
      all: blockingOf(tasks),
    };
  } finally {
    await browser.close();
  }
}

/**
 * Waits, checking once per frame, until each column's header shows its total and the column holds its first page
 * of cards; resolves with `performance.now()` (ms since navigation start) of the first frame where that held.
 */
async function boardShown(page: Page, expected: BoardExpectation): Promise<number> {
  const handle = await page.waitForFunction(
    (want) => {
      for (const [stage, { total, cards }] of Object.entries(want)) {
        const column = document.querySelector(`section[data-stage="${stage}"]`);
        if (!column) return false;
        if (column.querySelector('h2 .count')?.textContent !== String(total)) return false;
        if (column.querySelectorAll('article.card').length !== cards) return false;
      }
      return performance.now();
    },
    expected,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}
