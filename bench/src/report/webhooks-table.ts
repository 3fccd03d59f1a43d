import { type BenchResults, getPath } from './bench-results.ts';
import { showFigure } from './markdown.ts';

/** "Webhook delivery" in latest.md: one row per side and endpoint count. Empty when the section did not run. */
export function webhooksMarkdown(results: BenchResults): string[] {
  const byEndpoints = Object.keys((getPath(results, 'webhooks') as Record<string, unknown> | undefined) ?? {})
    .filter((key) => /^endpoints\d+$/.test(key))
    .sort((a, b) => Number(a.slice(9)) - Number(b.slice(9)));
  if (byEndpoints.length === 0) return [];
  const fig = (path: string) => results.figures[path];
  const perEndpoint = getPath(results, 'webhooks.concurrencyPerEndpoint');
  return [
    '## Webhook delivery',
    '',
    `\`request.created\` events published on the request streams in one burst per round, fanned out by the worker to N endpoints and delivered by \`deliver-webhook\` (${String(perEndpoint)} in flight per endpoint, the default) to a node:http receiver on 127.0.0.1 that verifies every signature with \`standardwebhooks\` and answers 200. The limit signs and POSTs with the same \`deliverWebhook\` in one loop, as many in flight as the worker in total, no Redis, no database. Worker latency runs from the burst's publish to receipt (so it includes the queue behind the burst); the limit's from each delivery's own start. The worker also mails the technician of each request, as deployed. Commands per delivery are counted on the servers over the worker's rounds (Redis \`total_commands_processed\`: each command of a pipeline and each blocking read; MongoDB \`serverStatus\` opcounters, where the server reports them), the bench's own left out, the mail and idle polling included.`,
    '',
    '| endpoints | deliveries/round | worker deliveries/s | p50 ms | p99 ms | limit deliveries/s | p50 ms | p99 ms | worker / limit | Redis commands / delivery | MongoDB ops / delivery |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...byEndpoints.map((key) => {
      const at = `webhooks.${key}`;
      return `| ${key.slice(9)} | ${String(getPath(results, `${at}.deliveriesPerRound`) ?? '—')} | ${showFigure(fig(`${at}.ours.throughputRps`))} | ${showFigure(fig(`${at}.ours.p50Ms`))} | ${showFigure(fig(`${at}.ours.p99Ms`))} | ${showFigure(fig(`${at}.limit.throughputRps`))} | ${showFigure(fig(`${at}.limit.p50Ms`))} | ${showFigure(fig(`${at}.limit.p99Ms`))} | ${showFigure(fig(`${at}.ratio`), 2)} | ${showFigure(fig(`${at}.redisCommandsPerDelivery`))} | ${showFigure(fig(`${at}.mongoOpsPerDelivery`))} |`;
    }),
    '',
    "What bounds the worker's figure: with one delivery in flight per endpoint, each endpoint's deliveries go one after the other, and every run pays the runtime's claim and ledger writes, reading the endpoint and its state and the deliveries-log insert around its POST, where the limit pays only signing and the POST. Runs of a burst waiting for their endpoint's slot are not queued but ask the flow gate again every 100–300 ms (jittered, `packages/events/src/runtime/flow/flow-gate.ts`), a Redis script call and a retry each time: likely most of the Redis commands per delivery at 1 endpoint (not broken down by command here), and part of why 10 endpoints deliver more per second than 1. `WEBHOOK_CONCURRENCY_PER_ENDPOINT` above 1 lets an endpoint take more at once (not measured here).",
    '',
  ];
}
