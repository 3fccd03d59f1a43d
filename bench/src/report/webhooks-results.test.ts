import { describe, expect, it } from 'vitest';
import { figureOf } from '../stats/figure.ts';
import type { WebhookFigures } from '../webhooks/webhooks-bench.ts';
import { buildResults, type RunMeta } from './bench-results.ts';
import { missingKeys } from './required-keys.ts';
import { webhooksMarkdown } from './webhooks-table.ts';

const side = (rps: number) => ({
  throughputRps: figureOf([rps], 'deliveries/s'),
  p50Ms: figureOf([10], 'ms'),
  p99Ms: figureOf([20], 'ms'),
});
const row = (endpoints: number, ours: number, limit: number) => ({
  endpoints,
  deliveries: 100,
  ours: side(ours),
  limit: side(limit),
  ratio: figureOf([ours / limit], 'ratio'),
  redisCommandsPerDelivery: figureOf([40], 'commands/delivery'),
  mongoOpsPerDelivery: null,
});
const webhooks: WebhookFigures = {
  concurrencyPerEndpoint: 1,
  byEndpoints: [row(10, 70, 1_400), row(1, 30, 1_800)],
};
const meta = { mode: 'full' } as RunMeta;

describe('webhook figures in the results', () => {
  it('puts each endpoint count at its path and the largest count as the headline keys the section requires', () => {
    const results = buildResults(meta, { webhooks, rss: { apiPeakMb: null, workerPeakMb: 100 } });
    expect(results.figures['webhooks.endpoints1.ours.throughputRps']?.median).toBe(30);
    expect(results.figures['webhooks.throughputRps']?.median).toBe(70);
    expect(results.figures['webhooks.limit.throughputRps']?.median).toBe(1_400);
    expect(results.figures['webhooks.ratio']?.median).toBe(0.05);
    expect(results.figures['webhooks.mongoOpsPerDelivery']).toBeUndefined();
    expect(missingKeys(results, ['webhooks'])).toEqual([]);
  });

  it('draws one table row per endpoint count, fewest first, and nothing when the section did not run', () => {
    const lines = webhooksMarkdown(buildResults(meta, { webhooks }));
    expect(lines.filter((line) => /^\| \d+ \|/.test(line)).map((line) => line.split(' | ')[0])).toEqual([
      '| 1',
      '| 10',
    ]);
    expect(webhooksMarkdown(buildResults(meta, {}))).toEqual([]);
  });
});
