import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * Every metric the API exposes, on a registry of its own (not prom-client's global one, so tests and several
 * servers in one process never share series). Labels are procedure paths of the router, tRPC error codes and
 * event names of the catalog: bounded by the code, never by the data. docs/metrics.md lists them.
 */
export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    requestDuration: new Histogram({
      name: 'fixstream_http_request_duration_seconds',
      help: 'Duration of the HTTP requests to /trpc, once per procedure call (a batch counts each of its calls), by procedure and result code (OK or the tRPC error code)',
      labelNames: ['procedure', 'code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    eventsPublished: new Counter({
      name: 'fixstream_events_published_total',
      help: "Events the API's outbox appended to their streams (XADD), by event name",
      labelNames: ['event'] as const,
      registers,
    }),
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;
