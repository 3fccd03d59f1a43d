import { type BenchResults, getPath } from './bench-results.ts';
import { showFigure } from './markdown.ts';

/** "Web" in latest.md: the initial JS and the board at each size measured. Empty when the section did not run. */
export function webMarkdown(results: BenchResults): string[] {
  const web = getPath(results, 'web') as Record<string, unknown> | undefined;
  if (!web) return [];
  const fig = (path: string) => results.figures[path];
  const boards = Object.keys(web)
    .filter((key) => /^board\d+$/.test(key))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  const value = (path: string) => String(getPath(results, path) ?? '—');
  return [
    '## Web',
    '',
    'Initial JavaScript: the gzipped size of the entry chunk and its static imports, as the web build measures them (`apps/web/dist/.vite/bundle-report.json`, `initialJs.gzipBytes`; kB of 1,000 bytes). Board: the demo company (`pnpm seed`) with N more requests, an even share in each of the four stages, on the compiled API serving the built app (`WEB_DIST_DIR`), opened in Debian\'s headless Chromium (the browser tests\' flags, a fresh profile per round, no CPU throttling). Each round signs in as the manager through the form, then navigates to `/` afresh (scripts from the browser\'s cache) and times, in the page, from navigation start to the first frame in which every column\'s header shows the stage\'s total (`requests.stats`) and the column holds its cards. The board renders the first page of each column (50 cards) with "Show more" below: that is what a person sees, so the cards rendered stay at 200 however many requests there are. Then it types "leak" into "Search subjects" a key at a time and clears it, switches "Type" to Preventive and back, and scrolls down and back. Long tasks come from a `PerformanceObserver` (`longtask`) installed before the app\'s first script; total blocking time is the sum of each long task\'s time past 50 ms (Lighthouse\'s arithmetic, here over the whole load and the use that follows, not only FCP to TTI). Jank, for the target: a total blocking time over 200 ms, the bound of Lighthouse\'s "good" TBT; the longest task is shown beside it.',
    '',
    '| | |',
    '| --- | --- |',
    `| initial JS, kB gzipped (budget 250) | ${showFigure(fig('web.initialJsKb'))} |`,
    '',
    ...(boards.length === 0
      ? []
      : [
          '| board | on the board | cards rendered | render ms | long tasks | longest task ms | TBT ms, load | TBT ms, use | TBT ms, all |',
          '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
          ...boards.map((key) => {
            const at = `web.${key}`;
            return `| ${value(`${at}.requestsInserted`)} added | ${value(`${at}.requestsOnBoard`)} | ${showFigure(fig(`${at}.cardsRendered`), 0)} | ${showFigure(fig(`${at}.renderMs`), 0)} | ${showFigure(fig(`${at}.longTasks`), 0)} | ${showFigure(fig(`${at}.longestTaskMs`), 0)} | ${showFigure(fig(`${at}.loadBlockingMs`), 0)} | ${showFigure(fig(`${at}.interactionBlockingMs`), 0)} | ${showFigure(fig(`${at}.totalBlockingMs`), 0)} |`;
          }),
          '',
        ]),
  ];
}
