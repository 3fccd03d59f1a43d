import type { EventPublisher } from '@fixstream/events';
import { type ApiMetrics, createApiMetrics } from './api-metrics.registry.ts';
import { countingPublisher } from './counting-publisher.ts';

/** What `API_METRICS` decides: the registry `createServer` mounts, and the publisher the outbox is given. */
export interface ApiMetricsChoice {
  /** Undefined when off: `createServer` then mounts neither `/metrics` nor the timing middleware. */
  metrics: ApiMetrics | undefined;
  publisher: EventPublisher;
}

/**
 * With metrics off the publisher is returned as it is, not wrapped with a counter that nobody reads, so an API
 * without metrics runs none of their code on any request (issue 13: about zero cost when not enabled).
 */
export function apiMetricsChoice(enabled: boolean, publisher: EventPublisher): ApiMetricsChoice {
  if (!enabled) return { metrics: undefined, publisher };
  const metrics = createApiMetrics();
  return { metrics, publisher: countingPublisher(publisher, metrics) };
}
