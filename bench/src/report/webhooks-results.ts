import type { Figure } from '../stats/figure.ts';
import type { WebhookFigures } from '../webhooks/webhooks-bench.ts';

/**
 * Puts the webhook figures at their paths: `webhooks.endpoints<N>.{ours,limit}.{throughputRps,p50Ms,p99Ms}` and
 * `webhooks.endpoints<N>.ratio` per endpoint count, and the headline `webhooks.throughputRps`, `p50Ms`, `p99Ms`,
 * `webhooks.limit.*` and `webhooks.ratio` from the largest endpoint count (the most deliveries in flight).
 */
export function putWebhookFigures(
  webhooks: WebhookFigures,
  put: (path: string, figure: Figure | undefined) => void,
  set: (path: string, value: number) => void,
): void {
  set('webhooks.concurrencyPerEndpoint', webhooks.concurrencyPerEndpoint);
  for (const row of webhooks.byEndpoints) {
    const at = `webhooks.endpoints${row.endpoints}`;
    set(`${at}.deliveriesPerRound`, row.deliveries);
    for (const side of ['ours', 'limit'] as const)
      for (const key of ['throughputRps', 'p50Ms', 'p99Ms'] as const)
        put(`${at}.${side}.${key}`, row[side][key]);
    put(`${at}.ratio`, row.ratio);
    put(`${at}.redisCommandsPerDelivery`, row.redisCommandsPerDelivery);
    put(`${at}.mongoOpsPerDelivery`, row.mongoOpsPerDelivery ?? undefined);
  }
  const headline = webhooks.byEndpoints.reduce<WebhookFigures['byEndpoints'][number] | undefined>(
    (best, row) => (!best || row.endpoints > best.endpoints ? row : best),
    undefined,
  );
  if (!headline) return;
  set('webhooks.endpoints', headline.endpoints);
  put('webhooks.throughputRps', headline.ours.throughputRps);
  put('webhooks.p50Ms', headline.ours.p50Ms);
  put('webhooks.p99Ms', headline.ours.p99Ms);
  put('webhooks.limit.throughputRps', headline.limit.throughputRps);
  put('webhooks.limit.p50Ms', headline.limit.p50Ms);
  put('webhooks.limit.p99Ms', headline.limit.p99Ms);
  put('webhooks.ratio', headline.ratio);
  put('webhooks.redisCommandsPerDelivery', headline.redisCommandsPerDelivery);
  put('webhooks.mongoOpsPerDelivery', headline.mongoOpsPerDelivery ?? undefined);
}
