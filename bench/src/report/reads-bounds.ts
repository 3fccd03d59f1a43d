import type { Figure } from '../stats/figure.ts';

const p50 = (figure: Figure | undefined) =>
  figure ? figure.median.toFixed(figure.median >= 100 ? 0 : 1) : '—';

/**
 * The "Reads" entry of "What bounds the figures": why a list call costs what it does at each size. The probe
 * figures quoted (per-document cost, driver straight against FerretDB) were timed by hand beside the quick run.
 */
export function readsBounds(f: (path: string) => Figure | undefined): string[] {
  const at = (shape: string, size: string) => p50(f(`reads.shapes.${shape}.${size}.p50Ms`));
  const off = (shape: string, size: string) => p50(f(`reads.unpatched.${shape}.${size}.p50Ms`));
  return [
    `- **Reads** (default list p50 ${at('listDefault', '1k')} / ${at('listDefault', '10k')} / ${at('listDefault', '100k')} ms at 1k / 10k / 100k`,
    `  requests; stats counted afresh ${at('statsAfterStageMove', '1k')} / ${at('statsAfterStageMove', '10k')} / ${at('statsAfterStageMove', '100k')} ms): with the index pushdown every list shape reads about a page`,
    '  per branch from an index range in `_id` order, so a call costs the documents it returns,',
    '  not the history behind them. FerretDB decodes each returned document from its JSON text in SQLite and applies',
    '  the projection in Go after that: about 0.35 ms per request document (with the driver straight against',
    '  FerretDB at 10,000 requests: 1.6 ms for a page of 1, 7.4 ms for 21, 36 ms for 101, 9 ms for 21 projected to',
    '  `_id` alone; the same page of 21 took 8–13 ms at 1,000, 10,000 and 100,000). The API adds its session lookup,',
    `  the Redis rate-limit check, tRPC and zod over the 20 items (\`teams.list\`, ten small documents, p50 ${at('teamsList', '10k')} ms at 10k,`,
    "  is about that floor). The technician's list merges three branches (own work and two teams), so it reads up to",
    '  three pages; the priority order reads priority 3 first and stops once a page is full. `requests.stats` comes',
    "  from the Redis cache, kept per team; after a stage move only the moved request's team is counted again: 4",
    '  index-only `count` commands (its 4 stages, each counting its index range; the 100k step holds nine other',
    '  companies of 100,000 in the same collection), the 9 other teams from the cache. Before the pushdown patch every read decoded the whole collection, so the cost followed the',
    `  history: the default list took p50 ${off('listDefault', '1k')} ms at 1k and ${off('listDefault', '10k')} ms at 10k, stats counted afresh`,
    `  ${off('statsAfterStageMove', '10k')} ms at 10k. Runs before 2026-11-30 04:48 moved one request before every`,
    '  "after a stage move" call, and with no worker nothing settled the events those moves recorded: that request, on',
    '  the first page of the in-progress and the technician lists, carried hundreds of them by the end and slowed',
    '  both; the bench now moves a hundred requests in turn.',
  ];
}
