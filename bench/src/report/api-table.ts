import { type BenchResults, getPath } from './bench-results.ts';
import { showFigure } from './markdown.ts';

/** "API: `requests.create`" in latest.md: the four sides, the overhead against the baseline, observability's cost. */
export function apiMarkdown(results: BenchResults): string[] {
  const fig = (path: string) => results.figures[path];
  const row = (label: string, at: string) =>
    `| ${label} | ${showFigure(fig(`${at}.throughputRps`))} | ${showFigure(fig(`${at}.p50Ms`))} | ${showFigure(fig(`${at}.p99Ms`))} |`;
  const lines = [
    '## API: `requests.create`',
    '',
    `Fixed concurrency of ${String(getPath(results, 'api.connections'))} keep-alive connections (autocannon), one seeded database on FerretDB; the sides take turns round by round${apiRounds(results)}, and each ratio is a median of the ratios of one round's sides, run next to each other.`,
    '',
    '| | requests/s | p50 ms | p99 ms |',
    '| --- | --- | --- | --- |',
    row(
      'fixstream API as deployed (tRPC, auth, checks, insert with outbox, XADD; metrics on, unscraped; tracing off)',
      'api',
    ),
    row('baseline (Express + mongoose, same auth and checks, no tRPC, no event)', 'api.baseline'),
    row('bare: fixstream API with `API_METRICS=false`, tracing off', 'api.bare'),
    row('observed: metrics scraped every second, spans exported (OTLP/HTTP JSON) to a sink', 'api.observed'),
    '',
    `\`api.overheadRatio\` (baseline / ours): ${showFigure(fig('api.overheadRatio'), 2)}`,
  ];
  if (!fig('api.observability.enabledCostPct')) return [...lines, ''];
  return [
    ...lines,
    '',
    '| observability cost | % of throughput |',
    '| --- | --- |',
    `| enabled: \`1 - observed / bare\` per round (\`api.observability.enabledCostPct\`) | ${showFigure(fig('api.observability.enabledCostPct'))} |`,
    `| metrics alone, unscraped: \`1 - ours / bare\` per round (\`api.observability.metricsCostPct\`) | ${showFigure(fig('api.observability.metricsCostPct'))} |`,
    `| disabled, upper bound: no-op tracing µs per request × bare requests/s (\`api.observability.disabledCostPct\`) | ${showFigure(fig('api.observability.disabledCostPct'), 3)} |`,
    '',
    `Tracing was on in the observed API: the bench's OTLP sink received ${showFigure(fig('api.observability.spansReceived'), 0)} spans, ${showFigure(fig('api.observability.spansPerRequest'), 2)} per request sent (a traced call has its procedure span and the publish span of its event), and \`/metrics\` was scraped ${showFigure(fig('api.observability.scrapes'), 0)} times (every scrape answered 200). The API kept its defaults: one call in ten traced (the bench's calls carry no \`traceparent\`), a batch of spans every 5 s or 512 spans. The sink and the scraper run in the bench process beside the load generator.`,
    '',
    `"Disabled" cannot be a load run: the tracing code is always in the API, and without an endpoint it runs \`@opentelemetry/api\`'s no-op tracer, so no process measures without it. The API's own span helpers are instead timed in a loop against the same awaits without them (${showFigure(fig('api.observability.noopTracingUs'), 3)} µs per request) and multiplied by the bare API's requests/s: the share of the main thread's time they would take if the main thread were the bound, which it is not (the API waits on FerretDB). With \`API_METRICS=false\` no metrics code runs at all (no route, no timing middleware, no counting publisher).`,
    '',
  ];
}

/** ` (15 rounds)`: the API's rounds outnumber the run's (see `BenchPlan.api.rounds`); empty for older results. */
function apiRounds(results: BenchResults): string {
  const rounds = results.figures['api.throughputRps']?.runs.length;
  return rounds ? ` (${rounds} rounds)` : '';
}
