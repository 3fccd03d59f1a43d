import { isMessage } from '../proc/child-ipc.ts';
import type { NodeChild } from '../proc/node-child.ts';
import type { RoundTrips } from './round-trip-counters.ts';

/** Asks a runtime worker child started with `countRoundTrips` how many round trips it has made so far. */
export async function roundTripsOf(child: NodeChild): Promise<RoundTrips> {
  const reply = child.waitForMessage(isMessage('roundTrips'), 10_000);
  child.send({ type: 'roundTrips' });
  const { mongo, redis } = await reply;
  return { mongo: Number(mongo), redis: Number(redis) };
}

/**
 * Runs one bus round and reads the worker's counters just before and just after it, so warm-up, start-up and
 * the idle time between rounds are left out. Returns the round's events per second and its round trips per
 * event.
 */
export async function countedRound(
  child: NodeChild,
  events: number,
  run: () => Promise<number>,
): Promise<{ perSec: number; perEvent: RoundTrips }> {
  const before = await roundTripsOf(child);
  const perSec = await run();
  const after = await roundTripsOf(child);
  return {
    perSec,
    perEvent: { mongo: (after.mongo - before.mongo) / events, redis: (after.redis - before.redis) / events },
  };
}
