import { costPctFigure, type Figure, figureOf, ratioFigure } from '../stats/figure.ts';
import type { LoadRun } from './load-run.ts';
import type { ObservedEvidence } from './observability-sides.ts';

/** Throughput and latency of one side over its rounds. */
export interface SideFigures {
  throughputRps: Figure;
  p50Ms: Figure;
  p99Ms: Figure;
}

/**
 * The API figures: `requests.create` through tRPC (`ours`, as deployed: metrics on, tracing off) beside plain
 * Express + mongoose (`baseline`), and the API without observability (`bare`) and with metrics scraped and spans
 * exported (`observed`), all on the same database.
 */
export interface ApiFigures {
  connections: number;
  ours: SideFigures;
  baseline: SideFigures;
  bare: SideFigures;
  observed: SideFigures;
  overheadRatio: Figure;
  observability: {
    /** `100 × (1 - observed / bare)` per round: throughput lost to metrics (scraped) and tracing (exported). */
    enabledCostPct: Figure;
    /** `100 × (1 - ours / bare)` per round: the metrics alone, unscraped (ours has tracing off). */
    metricsCostPct: Figure;
    /** Microseconds per request of the tracing code with no SDK, timed in a loop (`noopTracingCostUs`). */
    noopTracingUs: Figure;
    /**
     * The no-op cost as a share of throughput if the API's main thread were its bound: `noop µs × bare req/s`
     * per round. An upper bound: the API waits on FerretDB much of the time. `API_METRICS=false` runs no metrics
     * code at all, so this is the whole cost of observability that is off.
     */
    disabledCostPct: Figure;
    spansReceived: Figure;
    spansPerRequest: Figure;
    scrapes: Figure;
  };
}

/** The section's figures from its rounds, paired per round as they ran. */
export function apiFiguresOf(measured: {
  connections: number;
  runs: Record<'ours' | 'baseline' | 'bare' | 'observed', readonly LoadRun[]>;
  noopUs: readonly number[];
  evidence: ObservedEvidence;
  /** Requests sent to the observed API, warm-up included: each is traced. */
  observedRequests: number;
}): ApiFigures {
  const { runs, evidence } = measured;
  const rps = (list: readonly LoadRun[]) => list.map((r) => r.throughputRps);
  const side = (list: readonly LoadRun[]): SideFigures => ({
    throughputRps: figureOf(rps(list), 'req/s'),
    p50Ms: figureOf(
      list.map((r) => r.p50Ms),
      'ms',
    ),
    p99Ms: figureOf(
      list.map((r) => r.p99Ms),
      'ms',
    ),
  });
  const bareRps = rps(runs.bare);
  return {
    connections: measured.connections,
    ours: side(runs.ours),
    baseline: side(runs.baseline),
    bare: side(runs.bare),
    observed: side(runs.observed),
    overheadRatio: ratioFigure(rps(runs.baseline), rps(runs.ours)),
    observability: {
      enabledCostPct: costPctFigure(rps(runs.observed), bareRps),
      metricsCostPct: costPctFigure(rps(runs.ours), bareRps),
      noopTracingUs: figureOf(measured.noopUs, 'µs/request'),
      disabledCostPct: figureOf(
        measured.noopUs.map((us, i) => (us * (bareRps[i] ?? Number.NaN)) / 10_000),
        '%',
      ),
      spansReceived: figureOf([evidence.spans], 'spans'),
      spansPerRequest: figureOf([evidence.spans / Math.max(measured.observedRequests, 1)], 'spans/request'),
      scrapes: figureOf([evidence.scrapes], 'scrapes'),
    },
  };
}
