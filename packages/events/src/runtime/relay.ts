import type { Redis } from 'ioredis';
import type { StreamKeys } from '../keys.ts';
import type { EventPublisher } from '../publisher.ts';
import { finalRunStatuses, type RunLedger, type RunState, runKey } from './ledger.ts';
import type { RuntimeLogger } from './logger.ts';
import type { DueEvent, OutboxStore } from './outbox.ts';
import { type GroupInfo, streamGroups } from './stream-info.ts';

export interface RelaySettings {
  /** Owed events looked at per pass. */
  batchSize: number;
  /** A run whose lease or retry time passed this long ago is presumed lost with Redis' data. */
  staleAfterMs: number;
  /** Events older than this whose group's lag Redis cannot tell are presumed lost. */
  unknownLagAfterMs: number;
}

export interface RelayDeps {
  store: OutboxStore;
  ledger: RunLedger;
  redis: Redis;
  keys: StreamKeys;
  publisher: EventPublisher;
  /** Event name → ids of the functions subscribed to it. */
  subscriptions: ReadonlyMap<string, readonly string[]>;
  settings: RelaySettings;
  logger: RuntimeLogger;
}

export interface RelayPass {
  /** Events that were due and looked at. */
  events: number;
  /** Of those, events still queued in their streams, left for later without reading MongoDB. */
  queued: number;
  settled: number;
  republished: number;
}

/**
 * One pass of the relay. MongoDB is the source of truth: an event stays owed until every subscribed function has
 * a final run in the ledger. Events that the evidence says Redis does not hold (never published, or lost with its
 * data) are published again; duplicates are harmless, since the ledger runs each (event, function) once. The
 * pass works from the index of owed events: events still waiting in a backlog are postponed on Redis' word
 * alone, the rest on the ledger's, and a document is read only to take a finished event out of its outbox or
 * to publish one again.
 */
export async function relayOnce(deps: RelayDeps, now = new Date()): Promise<RelayPass> {
  const due = await deps.store.due(now, deps.settings.batchSize);
  if (due.length === 0) return { events: 0, queued: 0, settled: 0, republished: 0 };
  const groups = await groupsByEvent(deps, [...new Set(due.map((event) => event.eventName))]);
  const queued = due.filter((event) => isQueued(subscribers(deps, event.eventName), groups, event));
  const toCheck = due.filter((event) => !queued.includes(event));

  const keys = toCheck.flatMap((event) =>
    subscribers(deps, event.eventName).map((fnId) => runKey(event.eventId, fnId)),
  );
  const states = await deps.ledger.states(keys);
  const runStatesOf = (event: DueEvent) =>
    subscribers(deps, event.eventName).map((fnId) => states.get(runKey(event.eventId, fnId)));
  const finished = toCheck.filter((event) =>
    runStatesOf(event).every((state) => state && finalRunStatuses.includes(state.status)),
  );
  const open = toCheck.filter((event) => !finished.includes(event));
  const lost = open.filter((event) => {
    const eventGroups = groups.get(event.eventName) ?? new Map<string, GroupInfo>();
    const fnIds = subscribers(deps, event.eventName);
    return runStatesOf(event).some((state, i) =>
      isLost(deps.settings, state, eventGroups.get(fnIds[i] ?? ''), event.occurredAt, now),
    );
  });

  const republish = lost.length > 0 ? await deps.store.envelopes(lost, now) : [];
  let published = true;
  if (republish.length > 0) {
    try {
      await deps.publisher.publishMany(republish);
      deps.logger.info({ count: republish.length }, 'relay published owed events');
    } catch (error) {
      published = false;
      deps.logger.warn({ err: error, count: republish.length }, 'relay could not publish; will try again');
    }
  }
  const republishedIds = new Set(republish.map((event) => event.id));
  const retrySoon = new Date(now.getTime() + 1_000);
  await deps.store.finish(finished);
  await deps.store.postpone([
    ...queued.map((event) => ({ event, until: recheckAt(event.occurredAt, now) })),
    ...open
      .filter((event) => !lost.includes(event) || republishedIds.has(event.eventId))
      .map((event) => ({ event, until: published ? recheckAt(event.occurredAt, now) : retrySoon })),
  ]);
  return {
    events: due.length,
    queued: queued.length,
    settled: finished.length,
    republished: published ? republish.length : 0,
  };
}

/**
 * Still waiting in every subscribed group: the group has entries left to deliver and has not yet delivered
 * anything as recent as the event. Stream ids carry Redis' clock and `occurredAt` the API's; skew only moves the
 * moment the relay looks closer, and a group with nothing left to deliver (lag 0, or unknown) is always looked at.
 */
function isQueued(
  fnIds: readonly string[],
  groups: ReadonlyMap<string, ReadonlyMap<string, GroupInfo>>,
  event: DueEvent,
): boolean {
  const eventGroups = groups.get(event.eventName);
  return (
    fnIds.length > 0 &&
    fnIds.every((fnId) => {
      const group = eventGroups?.get(fnId);
      if (!group || group.lag === null || group.lag === 0) return false;
      return idTimestamp(group.lastDeliveredId) < event.occurredAt.getTime();
    })
  );
}

/** Stream ids are `<milliseconds>-<sequence>`. */
function idTimestamp(id: string): number {
  return Number(id.split('-')[0]);
}

function subscribers(deps: RelayDeps, eventName: string): readonly string[] {
  return deps.subscriptions.get(eventName) ?? [];
}

async function groupsByEvent(
  deps: RelayDeps,
  names: readonly string[],
): Promise<Map<string, Map<string, GroupInfo>>> {
  const lists = await Promise.all(names.map((name) => streamGroups(deps.redis, deps.keys.stream(name))));
  return new Map(
    names.map((name, i) => [name, new Map((lists[i] ?? []).map((group) => [group.name, group]))]),
  );
}

function isLost(
  settings: RelaySettings,
  state: RunState | undefined,
  group: GroupInfo | undefined,
  occurredAt: Date,
  now: Date,
): boolean {
  if (!state) {
    if (!group) return true;
    if (group.lag === 0) return true;
    if (group.lag === null) return now.getTime() - occurredAt.getTime() > settings.unknownLagAfterMs;
    return false;
  }
  const staleBefore = now.getTime() - settings.staleAfterMs;
  if (state.status === 'running') return state.leaseUntil.getTime() < staleBefore;
  if (state.status === 'failed') return state.nextAttemptAt.getTime() < staleBefore;
  return false;
}

/** Young events are checked again soon, old ones less often: at half their age, between 2 s and 60 s. */
function recheckAt(occurredAt: Date, now: Date): Date {
  const age = Math.max(0, now.getTime() - occurredAt.getTime());
  return new Date(now.getTime() + Math.min(60_000, Math.max(2_000, age / 2)));
}
