import { describe, expect, it } from 'vitest';
import { apiFiguresOf } from '../api/api-figures.ts';
import type { LoadRun } from '../api/load-run.ts';
import { figureOf } from '../stats/figure.ts';
import { apiMarkdown } from './api-table.ts';
import { buildResults, type RunMeta } from './bench-results.ts';
import { missingKeys } from './required-keys.ts';
import { asHigherIsBetter, targetMet, targets } from './targets.ts';

const load = (throughputRps: number): LoadRun => ({
  throughputRps,
  sent: throughputRps,
  p50Ms: 40,
  p99Ms: 90,
  failures: 0,
});
const api = apiFiguresOf({
  connections: 16,
  runs: {
    ours: [290, 300, 310].map(load),
    baseline: [400, 420, 410].map(load),
    bare: [300, 320, 300].map(load),
    observed: [282, 288, 297].map(load),
  },
  noopUs: [1, 2, 1.5],
  evidence: { spans: 1_734, spansByName: {}, refusedExports: 0, scrapes: 9, scrapeFailures: 0 },
  observedRequests: 867,
});
const meta = { mode: 'quick' } as RunMeta;
const enabledCost = targets.find((target) => target.path === 'api.observability.enabledCostPct');

describe('API figures in the results', () => {
  it('pairs the observability costs by round and keeps the keys of the sides', () => {
    const results = buildResults(meta, { api, rss: { apiPeakMb: 200, workerPeakMb: null } });
    // 1 - 282/300, 1 - 288/320, 1 - 297/300: the median of 6, 10 and 1 percent.
    expect(results.figures['api.observability.enabledCostPct']).toMatchObject({ median: 6, min: 1, max: 10 });
    expect(results.figures['api.observability.metricsCostPct']?.median).toBe(3.33);
    // µs × req/s / 10⁴: 0.03, 0.064, 0.045 percent.
    expect(results.figures['api.observability.disabledCostPct']?.median).toBe(0.045);
    expect(results.figures['api.observability.spansPerRequest']?.median).toBe(2);
    expect(results.api).toMatchObject({ throughputRps: 300, bare: { throughputRps: 300 } });
    expect(
      missingKeys({ ...results, rss: { apiPeakMb: 200, apiIdleMb: 100 }, startup: { apiReadyMs: 1 } }, [
        'api',
      ]),
    ).toEqual([]);
    expect(missingKeys(buildResults(meta, {}), ['api'])).toContain('api.observability.enabledCostPct');
  });

  it('reads the 5 % target off the enabled cost and charts the throughput kept', () => {
    const results = buildResults(meta, { api });
    if (!enabledCost) throw new Error('no target on api.observability.enabledCostPct');
    const figure = results.figures[enabledCost.path];
    expect(targetMet(enabledCost, figure)).toBe(false);
    expect(targetMet(enabledCost, figureOf([-0.5, 2, 4], '%'))).toBe(true);
    expect(asHigherIsBetter(enabledCost, figureOf([-2], '%')).median).toBeCloseTo(102 / 95);
  });

  it('shows the four sides, the costs and the spans received, and no cost table without the figures', () => {
    const lines = apiMarkdown(buildResults(meta, { api }));
    expect(lines.filter((line) => line.startsWith('| bare') || line.startsWith('| observed'))).toHaveLength(
      2,
    );
    expect(lines.join('\n')).toMatch(/enabledCostPct.*\| 6\.0 \(1\.0–10\.0\) \|/);
    expect(lines.join('\n')).toContain('received 1734 (1734–1734) spans');
    const older = buildResults(meta, { api });
    for (const path of Object.keys(older.figures)) if (path.includes('observ')) delete older.figures[path];
    expect(apiMarkdown(older).join('\n')).not.toContain('observability cost');
  });
});
