import { percentile } from '../stats/percentiles.ts';

/** One delivery as the receiver saw it: when its source was handed over (published, or the loop began it) and when it arrived. */
export interface Arrival {
  sentAt: number;
  receivedAt: number;
}

/**
 * Deliveries per second from the round's start to the last arrival, and the latency from hand-over to arrival:
 * the same arithmetic for the worker and the limit loop, so their figures compare.
 */
export function deliveryStats(startedAt: number, arrivals: readonly Arrival[]) {
  if (arrivals.length === 0) return { throughputRps: Number.NaN, p50Ms: Number.NaN, p99Ms: Number.NaN };
  const last = Math.max(...arrivals.map((a) => a.receivedAt));
  const latencies = arrivals.map((a) => a.receivedAt - a.sentAt);
  return {
    throughputRps: arrivals.length / (Math.max(1, last - startedAt) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/** The source event id of a `webhook-id`: fixstream names a delivery `<source event id>_<endpoint id>`. */
export function sourceEventIdOf(webhookId: string): string {
  const cut = webhookId.lastIndexOf('_');
  return cut > 0 ? webhookId.slice(0, cut) : webhookId;
}
