import type { StreamKeys } from '../keys.ts';
import type { EventPublisher } from '../publisher.ts';
import type { RedisConnection } from '../redis/connection.ts';
import { finalRunStatuses, type RunLedger, runKey } from './ledger.ts';
import type { RuntimeLogger } from './logger.ts';
import type { DueEvent, OutboxStore, Postponement } from './outbox.ts';
import {
  decideOwedEvent,
  isQueued,
  type RunEvidence,
  recheckAt,
  type Verdict,
  type VerdictSettings,
} from './relay-decisions.ts';
import { runOwnership } from './run-ownership.ts';
import { type GroupInfo, streamGroups } from './stream-info.ts';

export interface RelaySettings extends VerdictSettings {
  /** Owed events looked at per pass. */
  batchSize: number;
}

export interface RelayDeps {
  store: OutboxStore;
  ledger: RunLedger;
  redis: RedisConnection;
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
  settled: number;
  republished: number;
  /** Claimed runs Redis holds no entry of, waiting to be confirmed lost. */
  suspect: number;
}

/**
 * One pass of the relay. MongoDB is the source of truth: an event stays owed until every subscribed function has
 * a final result in the ledger. For each due event the relay gathers what the ledger and Redis say about each run
 * (`RunEvidence`) and follows `decideOwedEvent`: settle, wait, publish again, or wait for a suspicion to be
 * confirmed. Publishing again is always safe to repeat: a run's first claim is an insert on its unique key, later
 * ones go through `runOwnership`, so a second entry of one run never runs it twice.
 */
export async function relayOnce(deps: RelayDeps, now = new Date()): Promise<RelayPass> {
  const due = await deps.store.due(now, deps.settings.batchSize);
  if (due.length === 0) return { events: 0, settled: 0, republished: 0, suspect: 0 };
  const groups = await groupsOf(deps, due);
  const backlogged = due.map((event) =>
    subscribers(deps, event.eventName).every((fnId) =>
      isQueued(groups.get(event.eventName)?.get(fnId), event),
    ),
  );
  const evidence = await gatherEvidence(
    deps,
    due.filter((_, i) => !backlogged[i]),
    groups,
  );
  let looked = 0;
  const verdicts = due.map((event, i): Verdict => {
    if (backlogged[i]) return { kind: 'wait' };
    return decideOwedEvent({ ...event, runs: evidence[looked++] ?? [] }, deps.settings, now);
  });
  const pick = (kind: Verdict['kind']) => due.filter((_, i) => verdicts[i]?.kind === kind);
  const settled = pick('settle');
  const toPublish = pick('publish');

  const envelopes = toPublish.length > 0 ? await deps.store.envelopes(toPublish, now) : [];
  const entryIds = new Map<string, string>();
  let published = true;
  if (envelopes.length > 0) {
    try {
      const ids = await deps.publisher.publishMany(envelopes, { republished: true });
      for (const [i, envelope] of envelopes.entries()) entryIds.set(envelope.id, ids[i] as string);
      deps.logger.info({ count: envelopes.length }, 'relay published owed events');
    } catch (error) {
      published = false;
      deps.logger.warn({ err: error, count: envelopes.length }, 'relay could not publish; will try again');
    }
  }
  await deps.store.settle(settled);
  const held = new Set(envelopes.map((envelope) => envelope.id));
  const postponements = due.flatMap((event, i) => {
    const verdict = verdicts[i] ?? { kind: 'wait' };
    if (verdict.kind === 'publish' && !held.has(event.eventId)) return [];
    const next = nextLook(event, verdict, { published, entryId: entryIds.get(event.eventId) }, now);
    return next ? [next] : [];
  });
  await deps.store.postpone(postponements);
  return {
    events: due.length,
    settled: settled.length,
    republished: published ? envelopes.length : 0,
    suspect: pick('suspect').length,
  };
}

/** When to look at an event again after this pass, and what to remember of it; null once it is settled. */
function nextLook(
  event: DueEvent,
  verdict: Verdict,
  publish: { published: boolean; entryId: string | undefined },
  now: Date,
): Postponement | null {
  const recheck = recheckAt(event.occurredAt, now);
  switch (verdict.kind) {
    case 'settle':
      return null;
    case 'publish':
      return publish.published
        ? { event, until: recheck, suspectSince: null, publishedEntryId: publish.entryId ?? null }
        : { ...keep(event), until: new Date(now.getTime() + 1_000) };
    case 'suspect': {
      const confirmAt = verdict.since.getTime() + verdict.confirmAfterMs;
      return {
        event,
        until: new Date(Math.min(recheck.getTime(), confirmAt)),
        suspectSince: verdict.since,
        publishedEntryId: event.publishedEntryId,
      };
    }
    case 'wait':
      return { ...keep(event), until: verdict.until ?? recheck, suspectSince: null };
  }
}

const keep = (event: DueEvent) => ({
  event,
  suspectSince: event.suspectSince,
  publishedEntryId: event.publishedEntryId,
});

type GroupsByEvent = ReadonlyMap<string, ReadonlyMap<string, GroupInfo>>;

/** The consumer groups of every stream these events are in, by event name and group name. */
async function groupsOf(deps: RelayDeps, due: readonly DueEvent[]): Promise<GroupsByEvent> {
  const names = [...new Set(due.map((event) => event.eventName))];
  const lists = await Promise.all(names.map((name) => streamGroups(deps.redis, deps.keys.stream(name))));
  return new Map(
    names.map((name, i) => [name, new Map((lists[i] ?? []).map((group) => [group.name, group]))]),
  );
}

/**
 * For each event, the evidence of each subscribed function's run: the ledger's records by key, and from Redis
 * whether an entry of it is pending. Events still in a backlog never get here: Redis alone says to wait.
 */
async function gatherEvidence(
  deps: RelayDeps,
  due: readonly DueEvent[],
  groups: GroupsByEvent,
): Promise<RunEvidence[][]> {
  if (due.length === 0) return [];
  const pairs = due.flatMap((event) =>
    subscribers(deps, event.eventName).map((functionId) => ({ event, functionId })),
  );
  const states = await deps.ledger.states(pairs.map((p) => runKey(p.event.eventId, p.functionId)));
  const open = pairs.filter((p) => {
    const state = states.get(runKey(p.event.eventId, p.functionId));
    return !state || !finalRunStatuses.includes(state.status);
  });
  const live = await liveRuns(deps, open, groups, states);
  return due.map((event) =>
    subscribers(deps, event.eventName).map((functionId): RunEvidence => {
      const key = runKey(event.eventId, functionId);
      const state = states.get(key);
      return {
        final: state !== undefined && finalRunStatuses.includes(state.status),
        recorded: state !== undefined,
        live: live.has(key),
        group: groups.get(event.eventName)?.get(functionId),
        sleepingUntil: state?.status === 'sleeping' ? state.nextAttemptAt : null,
      };
    }),
  );
}

/**
 * Keys of the open runs that have an entry pending in their group, found by the entry the ledger recorded or the
 * one Redis maps the event to (every run starting marks it): one script per (stream, group).
 */
async function liveRuns(
  deps: RelayDeps,
  open: readonly { event: DueEvent; functionId: string }[],
  groups: GroupsByEvent,
  states: Awaited<ReturnType<RunLedger['states']>>,
): Promise<Set<string>> {
  const byGroup = new Map<string, { eventName: string; functionId: string; events: DueEvent[] }>();
  for (const { event, functionId } of open) {
    if (!groups.get(event.eventName)?.has(functionId)) continue;
    const id = `${event.eventName}\n${functionId}`;
    const entry = byGroup.get(id) ?? { eventName: event.eventName, functionId, events: [] };
    entry.events.push(event);
    byGroup.set(id, entry);
  }
  const live = new Set<string>();
  await Promise.all(
    [...byGroup.values()].map(async ({ eventName, functionId, events }) => {
      const answers = await runOwnership.live(
        deps.redis,
        {
          stream: deps.keys.stream(eventName),
          group: functionId,
          runs: deps.keys.runs(eventName, functionId),
        },
        events.map((event) => ({
          eventId: event.eventId,
          firstEntryId: states.get(runKey(event.eventId, functionId))?.firstEntryId ?? null,
        })),
      );
      events.forEach((event, i) => {
        if (answers[i]) live.add(runKey(event.eventId, functionId));
      });
    }),
  );
  return live;
}

function subscribers(deps: RelayDeps, eventName: string): readonly string[] {
  return deps.subscriptions.get(eventName) ?? [];
}
