import type { Figure } from '../stats/figure.ts';
import type { WebFigures } from '../web/web-bench.ts';

/**
 * Puts the web figures at their paths: `web.initialJsKb`, and the board's under `web.board<N>` by the requests
 * the bench added (`web.board1000` in the full run, `web.board200` in the quick one), so a quick run's smaller
 * board is never read as the budget's 1,000.
 */
export function putWebFigures(
  web: WebFigures,
  put: (path: string, figure: Figure | undefined) => void,
  set: (path: string, value: number) => void,
): void {
  put('web.initialJsKb', web.initialJsKb);
  const { board } = web;
  const at = `web.board${board.requestsInserted}`;
  set(`${at}.requestsInserted`, board.requestsInserted);
  set(`${at}.requestsOnBoard`, board.requestsOnBoard);
  set(`${at}.columnPageSize`, board.columnPageSize);
  for (const key of [
    'renderMs',
    'cardsRendered',
    'longTasks',
    'totalBlockingMs',
    'longestTaskMs',
    'loadBlockingMs',
    'interactionBlockingMs',
  ] as const)
    put(`${at}.${key}`, board[key]);
}
