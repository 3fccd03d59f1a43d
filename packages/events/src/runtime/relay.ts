import type { Redis } from 'ioredis';
import type { EventEnvelope } from '../event.ts';
import type { StreamKeys } from '../keys.ts';
import type { EventPublisher } from '../publisher.ts';
import { finalRunStatuses, type RunLedger, type RunState, runKey } from './ledger.ts';
import type { RuntimeLogger } from './logger.ts';
import type { OutboxSettlement, OutboxStore } from './outbox.ts';
import { type GroupInfo, streamGroups } from './stream-info.ts';

export interface RelaySettings {
  /** Documents looked at per pass. */
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
  documents: number;
  /** Events that were due and looked at. */
  events: number;
  settled: number;
  republished: number;
}

/**
 * One pass of the relay. MongoDB is the source of truth: an event stays in its document's outbox until every
 * subscribed function has a final run in the ledger. Events that the evidence says Redis does not hold (never
 * published, or lost with its data) are published again; duplicates are harmless, since the ledger runs each
 * (event, function) once.
 */
export async function relayOnce(deps: RelayDeps, now = new Date()): Promise<RelayPass> {
  const docs = await deps.store.due(now, deps.settings.batchSize);
  if (docs.length === 0) return { documents: 0, events: 0, settled: 0, republished: 0 };
  const dueEvents = docs.flatMap((doc) => doc.events.filter((event) => doc.dueEventIds.includes(event.id)));
  const keys = dueEvents.flatMap((event) => subscribers(deps, event).map((fnId) => runKey(event.id, fnId)));
  const [states, groups] = await Promise.all([deps.ledger.states(keys), groupsByEvent(deps, dueEvents)]);

  const republish: EventEnvelope[] = [];
  const settlements: OutboxSettlement[] = docs.map((doc) => {
    const finished = new Set<string>();
    const owed: EventEnvelope[] = [];
    for (const event of doc.events) {
      if (!doc.dueEventIds.includes(event.id)) continue;
      const fnIds = subscribers(deps, event);
      const runStates = fnIds.map((fnId) => states.get(runKey(event.id, fnId)));
      if (runStates.every((state) => state && finalRunStatuses.includes(state.status))) {
        finished.add(event.id);
        continue;
      }
      const eventGroups = groups.get(event.name) ?? new Map<string, GroupInfo>();
      const lost = fnIds.some((fnId, i) =>
        isLost(deps.settings, runStates[i], eventGroups.get(fnId), event, now),
      );
      if (lost) republish.push(event);
      owed.push(event);
    }
    return {
      ref: doc.ref,
      rev: doc.rev,
      remaining: doc.events.filter((event) => !finished.has(event.id)),
      finishedEventIds: [...finished],
      owedEventIds: owed.map((event) => event.id),
      nextDueAt: owed.length ? recheckAt(owed, now) : null,
    };
  });

  if (republish.length > 0) {
    try {
      await deps.publisher.publishMany(republish);
      deps.logger.info({ count: republish.length }, 'relay published owed events');
    } catch (error) {
      deps.logger.warn({ err: error, count: republish.length }, 'relay could not publish; will try again');
      const retrySoon = new Date(now.getTime() + 1_000);
      for (const settlement of settlements) if (settlement.nextDueAt) settlement.nextDueAt = retrySoon;
    }
  }
  await deps.store.settle(settlements);
  return {
    documents: docs.length,
    events: dueEvents.length,
    settled: settlements.reduce((sum, s) => sum + s.finishedEventIds.length, 0),
    republished: republish.length,
  };
}

function subscribers(deps: RelayDeps, event: EventEnvelope): readonly string[] {
  return deps.subscriptions.get(event.name) ?? [];
}

async function groupsByEvent(
  deps: RelayDeps,
  events: EventEnvelope[],
): Promise<Map<string, Map<string, GroupInfo>>> {
  const names = [...new Set(events.map((event) => event.name))];
  const lists = await Promise.all(names.map((name) => streamGroups(deps.redis, deps.keys.stream(name))));
  return new Map(
    names.map((name, i) => [name, new Map((lists[i] ?? []).map((group) => [group.name, group]))]),
  );
}

function isLost(
  settings: RelaySettings,
  state: RunState | undefined,
  group: GroupInfo | undefined,
  event: EventEnvelope,
  now: Date,
): boolean {
  if (!state) {
    if (!group) return true;
    if (group.lag === 0) return true;
    if (group.lag === null) return now.getTime() - Date.parse(event.occurredAt) > settings.unknownLagAfterMs;
    return false;
  }
  const staleBefore = now.getTime() - settings.staleAfterMs;
  if (state.status === 'running') return state.leaseUntil.getTime() < staleBefore;
  if (state.status === 'failed') return state.nextAttemptAt.getTime() < staleBefore;
  return false;
}

/** Young events are checked again soon, old ones less often: at half their age, between 2 s and 60 s. */
function recheckAt(events: EventEnvelope[], now: Date): Date {
  const oldest = Math.min(...events.map((event) => Date.parse(event.occurredAt)));
  const age = Math.max(0, now.getTime() - oldest);
  return new Date(now.getTime() + Math.min(60_000, Math.max(2_000, age / 2)));
}
