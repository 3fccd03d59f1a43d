import { type DestinationPolicy, deliverWebhook } from '@fixstream/webhooks';
import { nowMs } from '../stats/now-ms.ts';
import type { Arrival } from './delivery-stats.ts';

/**
 * The limit: `count` deliveries signed and POSTed by `deliverWebhook` (packages/webhooks: the same signing,
 * SSRF guard and HTTP code as the worker's) in one loop, `concurrency` at a time, no Redis, no database.
 * Returns each delivery's start (its hand-over) keyed by its id, for the receiver's arrivals.
 */
export async function limitLoop(opts: {
  url: (i: number) => string;
  secret: string;
  count: number;
  concurrency: number;
  tag: string;
  policy: DestinationPolicy;
}): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  let next = 0;
  const lane = async () => {
    while (next < opts.count) {
      const i = next++;
      const id = `${opts.tag}-${i}_limit`;
      sentAt.set(id, nowMs());
      const payload = JSON.stringify({
        type: 'maintenance/request.created',
        timestamp: new Date().toISOString(),
        data: { requestId: id },
      });
      const result = await deliverWebhook({
        url: opts.url(i),
        id,
        payload,
        secret: opts.secret,
        policy: opts.policy,
        timeoutMs: 15_000,
      });
      if (!result.ok) throw new Error(`limit delivery failed: ${result.error ?? result.outcome}`);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  return sentAt;
}

/** Pairs hand-over times with the receiver's arrival times. */
export function arrivalsOf(
  sentAt: ReadonlyMap<string, number>,
  received: ReadonlyMap<string, number>,
): Arrival[] {
  const arrivals: Arrival[] = [];
  for (const [id, at] of sentAt) {
    const receivedAt = received.get(id);
    if (receivedAt !== undefined) arrivals.push({ sentAt: at, receivedAt });
  }
  return arrivals;
}
