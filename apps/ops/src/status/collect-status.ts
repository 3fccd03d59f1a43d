import type { Database } from '@fixstream/db';
import {
  type GroupInfo,
  oldestPendingId,
  parseDeadLetter,
  type RedisConnection,
  scanStreams,
  streamGroups,
  streamIdTimestamp,
  streamKeys,
} from '@fixstream/events';
import {
  type FunctionRunCounts,
  owedEventsSummary,
  runCounts,
  type ScheduleStatus,
  scheduleStatus,
} from '@fixstream/run-storage';

/** One function (consumer group) on a stream, as `pnpm ops status --json` reports it. */
export interface GroupStatus {
  function: string;
  /** False for a function known only from the ledger or its dead letters: no consumer group on the stream. */
  groupExists: boolean;
  consumers: number;
  /** Entries not yet delivered to the group; null when Redis cannot tell (after XDEL or trimming). */
  lag: number | null;
  /** Delivered but not acknowledged (in flight, or waiting for a retry). */
  pending: number;
  /** Age of the oldest pending entry, from its id's timestamp; null when nothing is pending. */
  oldestPendingAgeMs: number | null;
  /** Length of the function's dead-letter stream (it may be trimmed; the ledger keeps every dead run). */
  deadLetters: number;
  runs: { succeeded: number; dead: number; cancelled: number; inProgress: number; sleeping: number };
}

export interface StreamStatus {
  stream: string;
  event: string;
  /** False when only the ledger knows the event (nothing published yet, or Redis lost its data). */
  exists: boolean;
  length: number;
  /** Wake-ups of sleeping runs of the stream's functions that Redis holds (`step.sleep`). */
  wakeUps: number;
  groups: GroupStatus[];
}

/** Events MongoDB holds as owed until every subscribed function has finished them; the relay watches these. */
export interface OutboxStatus {
  owedEvents: number;
  /** How long ago the oldest owed event was written; null when none are owed. */
  oldestOwedAgeMs: number | null;
}

export interface StatusReport {
  prefix: string;
  streams: StreamStatus[];
  outbox: OutboxStatus;
  /** Scheduled functions: their cron, next tick and last tick's run. */
  schedules: ScheduleStatus[];
}

const noRuns = { succeeded: 0, dead: 0, cancelled: 0, inProgress: 0, sleeping: 0 };

/**
 * Gathers what an operator checks first: per event stream and function, what Redis holds (length, consumers,
 * lag, pending, oldest pending, dead letters) next to what the ledger says (runs succeeded, dead, in progress).
 * Functions known only from the ledger or a dead-letter stream are listed too, under the stream they consume,
 * and the events MongoDB still owes are counted: they survive Redis losing its data.
 */
export async function collectStatus(
  redis: RedisConnection,
  db: Database,
  prefix: string,
  now = Date.now(),
): Promise<StatusReport> {
  const keys = streamKeys(prefix);
  const [streamNames, deadNames, counts, owed, schedules] = await Promise.all([
    scanStreams(redis, keys.streamKeyStart),
    scanStreams(redis, keys.deadLettersKeyStart),
    runCounts(db.storage),
    owedEventsSummary(db.storage),
    scheduleStatus(db.storage, new Date(now)),
  ]);
  const runsOf = new Map(counts.map((c) => [c.functionId, c]));
  const deadFunctions = new Set(deadNames.flatMap((key) => keys.functionIdOf(key) ?? []));

  const streams = await Promise.all(
    streamNames.map(async (stream): Promise<StreamStatus> => {
      const eventName = keys.eventNameOf(stream) ?? stream;
      const [length, groups, wakeUps] = await Promise.all([
        redis.xlen(stream),
        streamGroups(redis, stream),
        redis.zcard(keys.timers(eventName)),
      ]);
      return {
        stream,
        event: eventName,
        exists: true,
        length,
        wakeUps,
        groups: await Promise.all(
          groups.map((group) => groupStatus(redis, keys, stream, group, runsOf, deadFunctions, now)),
        ),
      };
    }),
  );

  const listed = new Set(streams.flatMap((s) => s.groups.map((g) => g.function)));
  const unlisted = [...new Set([...runsOf.keys(), ...deadFunctions])].filter((fn) => !listed.has(fn));
  for (const functionId of unlisted) {
    const event =
      runsOf.get(functionId)?.eventName ?? (await deadLetterEvent(redis, keys.deadLetters(functionId)));
    const stream = event ? keys.stream(event) : '-';
    let entry = streams.find((s) => s.stream === stream);
    if (!entry) {
      entry = { stream, event: event ?? '-', exists: false, length: 0, wakeUps: 0, groups: [] };
      streams.push(entry);
    }
    entry.groups.push({
      function: functionId,
      groupExists: false,
      consumers: 0,
      lag: null,
      pending: 0,
      oldestPendingAgeMs: null,
      deadLetters: deadFunctions.has(functionId) ? await redis.xlen(keys.deadLetters(functionId)) : 0,
      runs: runCountsOf(runsOf.get(functionId)),
    });
  }

  for (const entry of streams) entry.groups.sort((a, b) => a.function.localeCompare(b.function));
  streams.sort((a, b) => a.event.localeCompare(b.event));
  const oldestOwedAgeMs = owed.oldestSince ? Math.max(0, now - owed.oldestSince.getTime()) : null;
  return { prefix, streams, outbox: { owedEvents: owed.owed, oldestOwedAgeMs }, schedules };
}

async function groupStatus(
  redis: RedisConnection,
  keys: ReturnType<typeof streamKeys>,
  stream: string,
  group: GroupInfo,
  runsOf: ReadonlyMap<string, FunctionRunCounts>,
  deadFunctions: ReadonlySet<string>,
  now: number,
): Promise<GroupStatus> {
  const [oldest, deadLetters] = await Promise.all([
    group.pending > 0 ? oldestPendingId(redis, stream, group.name) : null,
    deadFunctions.has(group.name) ? redis.xlen(keys.deadLetters(group.name)) : 0,
  ]);
  return {
    function: group.name,
    groupExists: true,
    consumers: group.consumers,
    lag: group.lag,
    pending: group.pending,
    oldestPendingAgeMs: oldest === null ? null : Math.max(0, now - streamIdTimestamp(oldest)),
    deadLetters,
    runs: runCountsOf(runsOf.get(group.name)),
  };
}

function runCountsOf(counts: FunctionRunCounts | undefined) {
  if (!counts) return noRuns;
  const { succeeded, dead, cancelled, inProgress, sleeping } = counts;
  return { succeeded, dead, cancelled, inProgress, sleeping };
}

/** The event a function consumes, read from its newest dead letter, for functions the ledger does not know. */
async function deadLetterEvent(redis: RedisConnection, deadStream: string): Promise<string | null> {
  const [entry] = await redis.xrevrange(deadStream, '+', '-', 'COUNT', 1);
  const name = entry ? parseDeadLetter(entry[1]).eventName : '';
  return name || null;
}
