import type { RunObserver } from '@fixstream/events';
import type { WorkerMetrics } from './worker-metrics.registry.ts';

/** The runtime's `RunObserver` as prom-client counters and a histogram: one increment or observation per call. */
export function runMetricsObserver(metrics: WorkerMetrics): RunObserver {
  return {
    onAttemptFinished(functionId, outcome, durationMs) {
      metrics.runs.inc({ function: functionId, outcome });
      metrics.runDuration.observe({ function: functionId }, durationMs / 1_000);
    },
    onRunsCancelled(functionId, count) {
      metrics.runs.inc({ function: functionId, outcome: 'cancelled' }, count);
    },
    onDeadLettered(functionId, reason) {
      metrics.deadLettered.inc({ function: functionId, reason });
    },
  };
}
