import type { Figure } from '../stats/figure.ts';

/** A target of the issue, read off one figure: "≥ 2×", "≤ 15 ms". Not asserted anywhere; reported. */
export interface Target {
  path: string;
  label: string;
  /** The chart's row label: what the bar shows, higher is better. */
  chartLabel: string;
  op: '>=' | '<=' | '>';
  value: number;
}

export const targets: readonly Target[] = [
  {
    chartLabel: 'Bus, 1 worker: ours with ledger ÷ BullMQ',
    path: 'bus.ratioVsBullmq',
    label: 'Bus ≥ 2× BullMQ (1 worker, with the MongoDB ledger)',
    op: '>=',
    value: 2,
  },
  {
    chartLabel: 'Bus, 3 workers: ours with ledger ÷ BullMQ',
    path: 'bus.ratioVsBullmqWorkers3',
    label: 'Bus ≥ 2× BullMQ (3 workers, with the MongoDB ledger)',
    op: '>=',
    value: 2,
  },
  {
    chartLabel: 'Bus, 1 worker: stream only ÷ BullMQ',
    path: 'bus.streamOnlyRatioVsBullmq',
    label: 'Bus ≥ 2× BullMQ (1 worker, stream only, no ledger)',
    op: '>=',
    value: 2,
  },
  {
    chartLabel: 'Bus: 0.05 ÷ MongoDB round trips per event',
    path: 'bus.mongoRoundTripsPerEvent',
    label: 'MongoDB round trips per event ≤ 0.05 (bus, 1 worker, with the ledger; counted in the worker)',
    op: '<=',
    value: 0.05,
  },
  {
    chartLabel: 'Email: worker ÷ render + send limit',
    path: 'email.ratioVsLimit',
    label: 'Email ≥ 0.9× the render + send limit',
    op: '>=',
    value: 0.9,
  },
  {
    chartLabel: 'Email: worker ÷ BullMQ, same handler',
    path: 'email.ratioVsBullmq',
    label: 'Email ahead of BullMQ',
    op: '>',
    value: 1,
  },
  {
    chartLabel: 'E2E 200/s: 15 ms ÷ p50',
    path: 'e2e.rate200.p50Ms',
    label: 'E2E p50 ≤ 15 ms at 200 requests/s',
    op: '<=',
    value: 15,
  },
  {
    chartLabel: 'E2E 200/s: 60 ms ÷ p99',
    path: 'e2e.rate200.p99Ms',
    label: 'E2E p99 ≤ 60 ms at 200 requests/s',
    op: '<=',
    value: 60,
  },
  {
    chartLabel: 'E2E half capacity: 15 ms ÷ p50',
    path: 'e2e.halfCapacity.p50Ms',
    label: 'E2E p50 ≤ 15 ms at half the measured capacity',
    op: '<=',
    value: 15,
  },
  {
    chartLabel: 'E2E half capacity: 60 ms ÷ p99',
    path: 'e2e.halfCapacity.p99Ms',
    label: 'E2E p99 ≤ 60 ms at half the measured capacity',
    op: '<=',
    value: 60,
  },
  {
    chartLabel: 'Recovery: 15 s ÷ SIGKILL → all mailed',
    path: 'recovery.sigkillToAllMailedS',
    label: 'Every request mailed ≤ 15 s after the worker is SIGKILLed (default settings)',
    op: '<=',
    value: 15,
  },
  {
    chartLabel: 'API memory: 120 MiB ÷ peak RSS',
    path: 'rss.apiPeakMb',
    label: 'API peak RSS ≤ 120 MiB (compiled, over every round that ran it)',
    op: '<=',
    value: 120,
  },
  {
    chartLabel: 'Worker memory: 120 MiB ÷ peak RSS',
    path: 'rss.workerPeakMb',
    label: 'Worker peak RSS ≤ 120 MiB (compiled, over every round that ran it)',
    op: '<=',
    value: 120,
  },
  {
    chartLabel: 'API: ours ÷ baseline requests/s',
    path: 'api.overheadRatio',
    label: 'API overhead ≤ 1.15',
    op: '<=',
    value: 1.15,
  },
  {
    chartLabel: 'API: throughput kept with metrics and tracing on ÷ 95 %',
    path: 'api.observability.enabledCostPct',
    label: 'Metrics and tracing cost ≤ 5 % of API throughput (1 - observed / bare, per round)',
    op: '<=',
    value: 5,
  },
  {
    chartLabel: 'Timers: 1 s ÷ wake-up lag p99',
    path: 'timers.lagP99Ms',
    label: 'Timers: wake-up lag p99 ≤ 1 s (100,000 sleepers due within one minute)',
    op: '<=',
    value: 1_000,
  },
  {
    chartLabel: 'Web: 250 kB ÷ initial JS gzipped',
    path: 'web.initialJsKb',
    label: 'Initial JavaScript ≤ 250 kB gzipped',
    op: '<=',
    value: 250,
  },
  {
    chartLabel: 'Web board, 1,000 requests: 200 ms ÷ total blocking time',
    path: 'web.board1000.totalBlockingMs',
    label: 'Board with 1,000 requests: total blocking time ≤ 200 ms (load and use; Lighthouse\'s "good" TBT)',
    op: '<=',
    value: 200,
  },
];

/** Whether the median meets the target; null when the figure was not measured. */
export function targetMet(target: Target, figure: Figure | undefined): boolean | null {
  if (!figure) return null;
  const v = figure.median;
  return target.op === '>=' ? v >= target.value : target.op === '<=' ? v <= target.value : v > target.value;
}

/**
 * The figure as "higher is better" relative to its target's reference, for the chart: a ratio stays as it is,
 * an overhead becomes its inverse, and any other upper bound (latency, seconds, round trips) target / measured.
 */
export function asHigherIsBetter(target: Target, figure: Figure) {
  if (target.path === 'api.overheadRatio')
    return { median: 1 / figure.median, min: 1 / figure.max, max: 1 / figure.min, target: 1 / target.value };
  if (target.path === 'api.observability.enabledCostPct') {
    // A cost near 0 (or below, by noise) would be an unbounded bar as target / measured: chart what is kept.
    const kept = (costPct: number) => (100 - costPct) / (100 - target.value);
    return { median: kept(figure.median), min: kept(figure.max), max: kept(figure.min), target: 1 };
  }
  if (target.op === '<=') {
    // A count can be 0; the log-scale chart needs a finite bar.
    const of = (measured: number) => target.value / Math.max(measured, target.value / 1000);
    return { median: of(figure.median), min: of(figure.max), max: of(figure.min), target: 1 };
  }
  return { median: figure.median, min: figure.min, max: figure.max, target: target.value };
}
