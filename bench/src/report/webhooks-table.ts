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
    "What bounds the worker's figure: with one delivery in flight per endpoint, each endpoint's deliveries go one after the other, and every run pays the runtime's claim and ledger writes, reading the endpoint and its state and the deliveries-log insert around its POST, where the limit pays only signing and the POST. A run waiting for its endpoint's slot is handed it when the previous delivery's handler is done (announced on `fixstream:flow-released`), so the wait itself costs little; the deliveries of one endpoint still run one after the other, each with its whole pipeline, while the same worker mails the technician of each request on the same 2 cores (the Redis commands per delivery include the mail runs and the fan-out). With 10 endpoints, 10 pipelines overlap. `WEBHOOK_CONCURRENCY_PER_ENDPOINT` above 1 lets an endpoint take more at once (not measured here).",
    '',
  ];
}
