import { deliveredMarginMs } from './relay-decisions.ts';

/** What decides whether an entry may run without a ledger claim. */
export interface DeliveryFacts {
  entryId: string;
  /** Handed to this consumer by XREADGROUP `>`: no consumer had it before. */
  newToGroup: boolean;
  /**
   * Redis' clock, in ms, when this consumer last (re)connected: entries added before it may be ones Redis already
   * delivered and then lost with its data (a restart without persistence, a failover to a replica behind).
   */
  trustedSinceMs: number;
  /** The entry is a copy published again (`republished 1`). */
  republished: boolean;
  /** The event's `occurredAt`. */
  occurredAt: string;
}

/**
 * Whether this delivery is the only one its run can ever have had, so the run may start at once and record only
 * its result: Redis handed the entry to this consumer and to no one before (XREADGROUP `>`, since a connection that
 * saw no data loss), it is not a copy, and it was added within `deliveredMarginMs` of the event, which is exactly
 * when the relay counts it as the event's original entry and never publishes a copy while it may be undelivered.
 * Everything else (retries, takeovers, copies, late or suspect entries) claims the run in the ledger first.
 */
export function isSoleDelivery(facts: DeliveryFacts): boolean {
  if (!facts.newToGroup || facts.republished) return false;
  const addedAt = Number(facts.entryId.split('-')[0]);
  const occurredAt = Date.parse(facts.occurredAt);
  if (!Number.isFinite(addedAt) || !Number.isFinite(occurredAt)) return false;
  return addedAt >= facts.trustedSinceMs && addedAt <= occurredAt + deliveredMarginMs;
}
