import type { BenchSection } from '../cli/bench-args.ts';
import { getPath } from './bench-results.ts';

/** Issue 13's web figures, the board's at the size the run added (1,000; 200 in a quick run). */
function webKeys(requests: number): string[] {
  const at = `web.board${requests}`;
  return [
    'web.initialJsKb',
    `${at}.renderMs`,
    `${at}.cardsRendered`,
    `${at}.longTasks`,
    `${at}.totalBlockingMs`,
  ];
}

/** The keys the issue asks `latest.json` to hold, by section: what the quick run in CI checks. */
export const requiredKeys: Record<BenchSection | 'rss', readonly string[]> = {
  api: [
    'api.throughputRps',
    'api.p50Ms',
    'api.p99Ms',
    'api.baseline.throughputRps',
    'api.baseline.p50Ms',
    'api.baseline.p99Ms',
    'api.overheadRatio',
    'api.bare.throughputRps',
    'api.bare.p50Ms',
    'api.bare.p99Ms',
    'api.observed.throughputRps',
    'api.observed.p50Ms',
    'api.observed.p99Ms',
    'api.observability.enabledCostPct',
    'api.observability.disabledCostPct',
    'api.observability.spansReceived',
  ],
  bus: [
    'bus.eventsPerSec.ours.workers1',
    'bus.eventsPerSec.ours.workers3',
    'bus.eventsPerSec.bullmq.workers1',
    'bus.eventsPerSec.bullmq.workers3',
    'bus.eventsPerSec.streamOnly.workers1',
    'bus.eventsPerSec.bareGroup.workers1',
    'bus.xaddCeilingPerSec',
    'bus.ratioVsBullmq',
    'bus.streamOnlyRatioVsBullmq',
    'bus.mongoRoundTripsPerEvent',
    'bus.redisRoundTripsPerEvent',
  ],
  email: [
    'email.mailsPerSec.worker',
    'email.mailsPerSec.limit',
    'email.mailsPerSec.bullmq',
    'email.ratioVsLimit',
    'email.ratioVsBullmq',
  ],
  e2e: [
    'e2e.rate50.p50Ms',
    'e2e.rate50.p95Ms',
    'e2e.rate50.p99Ms',
    'e2e.rate200.p50Ms',
    'e2e.rate200.p95Ms',
    'e2e.rate200.p99Ms',
    'e2e.halfCapacity.rate',
    'e2e.halfCapacity.p50Ms',
    'e2e.halfCapacity.p99Ms',
  ],
  recovery: ['recovery.sigkillToAllMailedS'],
  reads: ['reads.list100k.p50Ms', 'reads.list100k.p99Ms', 'reads.stats100k.p50Ms', 'reads.jobs100k.maxP99Ms'],
  webhooks: [
    'webhooks.throughputRps',
    'webhooks.p50Ms',
    'webhooks.p99Ms',
    'webhooks.limit.throughputRps',
    'webhooks.limit.p99Ms',
    'webhooks.ratio',
  ],
  timers: [
    'timers.scheduled',
    'timers.fired',
    'timers.duplicates',
    'timers.lagP50Ms',
    'timers.lagP99Ms',
    'timers.workerRssPeakMb',
    'timers.redisPeakMb',
  ],
  cron: ['cron.ticks', 'cron.expected', 'cron.duplicates', 'cron.delayP50Ms', 'cron.delayP99Ms'],
  web: webKeys(1_000),
  rss: [
    'rss.apiPeakMb',
    'rss.workerPeakMb',
    'rss.apiIdleMb',
    'rss.workerIdleMb',
    'startup.apiReadyMs',
    'startup.workerReadyMs',
  ],
};

/** Where a quick run asks for other keys: its read steps stop at 10,000 requests, its board at 200. */
export const quickRequiredKeys: Partial<Record<BenchSection, readonly string[]>> = {
  reads: [
    'reads.shapes.listDefault.10k.p50Ms',
    'reads.shapes.listDefault.10k.p99Ms',
    'reads.shapes.stats.10k.p50Ms',
    'reads.jobs.overdueCompany.10k.p99Ms',
  ],
  web: webKeys(200),
};

/**
 * The required keys of the sections that ran which are missing or not a finite number. Peak RSS is required when
 * any section ran the API or the worker; idle RSS and startup time where a section starts them fresh.
 */
export function missingKeys(results: unknown, sections: readonly BenchSection[]): string[] {
  const quick = getPath(results, 'meta.mode') === 'quick';
  const wanted = sections.flatMap(
    (section) => (quick && quickRequiredKeys[section]) || requiredKeys[section],
  );
  if (sections.includes('api') || sections.includes('e2e'))
    wanted.push('rss.apiPeakMb', 'rss.apiIdleMb', 'startup.apiReadyMs');
  if (sections.includes('email') || sections.includes('e2e') || sections.includes('webhooks'))
    wanted.push('rss.workerPeakMb');
  if (sections.includes('e2e')) wanted.push('rss.workerIdleMb', 'startup.workerReadyMs');
  return wanted.filter((key) => {
    const value = getPath(results, key);
    return typeof value !== 'number' || !Number.isFinite(value);
  });
}
