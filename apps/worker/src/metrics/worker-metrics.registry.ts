import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every metric the worker exposes, on a registry of its own (not prom-client's global one, so tests and several
 * workers in one process never share series). Labels are function ids, event names, group names and fixed
 * outcome words: all bounded by the deployment's code, never by its data. docs/metrics.md lists them.
 */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    runs: new Counter({
      name: 'fixstream_runs_total',
      help: 'Run attempts ended, by function and outcome (succeeded, failed: will retry, dead, sleeping), and runs cancelled',
      labelNames: ['function', 'outcome'] as const,
      registers,
    }),
    runDuration: new Histogram({
      name: 'fixstream_run_duration_seconds',
      help: "How long a run attempt's handler ran, by function",
      labelNames: ['function'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    deadLettered: new Counter({
      name: 'fixstream_dead_lettered_total',
      help: "Entries written to a function's dead-letter stream, by function and reason (failed, invalid-event)",
      labelNames: ['function', 'reason'] as const,
      registers,
    }),
    mailSendDuration: new Histogram({
      name: 'fixstream_mail_send_duration_seconds',
      help: 'How long one SMTP send took (waiting for a pooled connection included), by result',
      labelNames: ['result'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    streamLag: new Gauge({
      name: 'fixstream_stream_lag',
      help: "Entries of an event's stream not yet delivered to a consumer group (XINFO GROUPS lag), read on scrape",
      labelNames: ['event', 'group'] as const,
      registers,
    }),
    streamPending: new Gauge({
      name: 'fixstream_stream_pending',
      help: 'Entries delivered to a consumer group and not acknowledged yet (XINFO GROUPS pending), read on scrape',
      labelNames: ['event', 'group'] as const,
      registers,
    }),
    timersWaiting: new Gauge({
      name: 'fixstream_timers_waiting',
      help: "Sleeping runs' wake-ups Redis holds for an event's functions, read on scrape",
      labelNames: ['event'] as const,
      registers,
    }),
    deadLetters: new Gauge({
      name: 'fixstream_dead_letter_stream_length',
      help: "Entries in a function's dead-letter stream (XLEN), read on scrape",
      labelNames: ['function'] as const,
      registers,
    }),
    streamStateUp: new Gauge({
      name: 'fixstream_stream_state_up',
      help: '1 when the last scrape read the stream gauges from Redis in time, 0 when it did not (they are then absent)',
      registers,
    }),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
