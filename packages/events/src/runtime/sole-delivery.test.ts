import { describe, expect, it } from 'vitest';
import { deliveredMarginMs } from './relay-decisions.ts';
import { type DeliveryFacts, isSoleDelivery } from './sole-delivery.ts';

const occurred = Date.parse('2026-11-29T10:00:00.000Z');
const facts = (over: Partial<DeliveryFacts> = {}): DeliveryFacts => ({
  entryId: `${occurred + 5}-0`,
  newToGroup: true,
  trustedSinceMs: occurred - 60_000,
  republished: false,
  occurredAt: new Date(occurred).toISOString(),
  ...over,
});

describe('isSoleDelivery', () => {
  it('trusts a new delivery of an original entry added right after its event', () => {
    expect(isSoleDelivery(facts())).toBe(true);
    expect(isSoleDelivery(facts({ entryId: `${occurred + deliveredMarginMs}-3` }))).toBe(true);
  });

  it('claims retries and takeovers: the entry was delivered before', () => {
    expect(isSoleDelivery(facts({ newToGroup: false }))).toBe(false);
  });

  it('claims copies published again by the relay or an operator', () => {
    expect(isSoleDelivery(facts({ republished: true }))).toBe(false);
  });

  it('claims an entry added later than the relay still counts as the original', () => {
    expect(isSoleDelivery(facts({ entryId: `${occurred + deliveredMarginMs + 1}-0` }))).toBe(false);
  });

  it('claims entries older than the connection: Redis may have delivered them before losing data', () => {
    expect(isSoleDelivery(facts({ trustedSinceMs: occurred + 6 }))).toBe(false);
    expect(isSoleDelivery(facts({ trustedSinceMs: Number.POSITIVE_INFINITY }))).toBe(false);
  });

  it('claims what it cannot read a time from', () => {
    expect(isSoleDelivery(facts({ occurredAt: 'yesterday' }))).toBe(false);
    expect(isSoleDelivery(facts({ entryId: 'x-0' }))).toBe(false);
  });
});
