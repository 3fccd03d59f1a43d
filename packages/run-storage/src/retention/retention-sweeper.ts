import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Lease } from '@fixstream/events';
import type { RunStorage } from '../run-storage.ts';
import { sweepOrphanReplays } from './replay-retention.ts';
import { type SweptFunction, sweepFinishedRuns } from './run-retention.ts';
import { sweepOldTicks } from './tick-retention.ts';

/** How long records are kept (see docs/retention.md). */
export interface RetentionWindows {
  /** Succeeded runs (run and result), from when they finished. */
  runsMs: number;
  /** Dead runs, from when they died: long enough to look into them and replay them. */
  deadRunsMs: number;
  /** Replay documents that nothing owes any more; a day by default. */
  orphanReplaysMs?: number;
}

export interface RetentionSweeperOptions {
  windows: RetentionWindows;
  /** The functions the workers run: runs of functions subscribed to one event are kept or swept together. */
  functions: readonly SweptFunction[];
  /** The lease replays take (`replayLeaseName`): runs are swept only while no replay runs. */
  replayLease: Lease;
  /** Documents looked at per find; each batch then costs two deletes by `_id` per run. Default 500. */
  batchSize?: number;
}

/** What one pass deleted, for the log. */
export interface RetentionSweep {
  runs: number;
  /** Finished runs past their window kept because a run of the same event must stay, or the event is owed. */
  runsKept: number;
  /** A replay held its lease: runs are swept at the next pass. */
  replayRunning: boolean;
  replays: number;
  /** Schedule ticks older than the runs' window that nothing owes. */
  ticks: number;
  durationMs: number;
  /** The pass stopped early (lease lost or shutdown); the next one goes on. */
  aborted: boolean;
}

export interface RetentionSweeper {
  /** One pass over every kept collection, in bounded batches; stops at the next batch once `signal` aborts. */
  sweep(options?: { signal?: AbortSignal; now?: Date }): Promise<RetentionSweep>;
}

const defaultOrphanReplaysMs = 24 * 60 * 60_000;

/**
 * Deletes what the database would otherwise keep forever: finished runs and their results past their windows,
 * replay documents nothing owes, and schedule ticks past the runs' window that nothing owes. FerretDB has no TTL indexes, so a worker (the
 * holder of the leader lease) runs this every few minutes. Each find reads only expired documents, from an
 * index, `batchSize` at a time, and deletes them by `_id`, so no command holds the database for long. Owed-event rows are never swept: an event is owed until the relay settles it.
 */
export function createRetentionSweeper(
  storage: RunStorage,
  options: RetentionSweeperOptions,
): RetentionSweeper {
  const holder = `retention-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const batchSize = options.batchSize ?? 500;
  const { windows } = options;
  return {
    async sweep({ signal, now = new Date() } = {}) {
      const started = performance.now();
      const replays = await sweepOrphanReplays(storage, {
        orphanAfterMs: windows.orphanReplaysMs ?? defaultOrphanReplaysMs,
        batchSize,
        now,
        signal,
      });
      const runs = await sweepFinishedRuns(storage, {
        windows: { succeededMs: windows.runsMs, deadMs: windows.deadRunsMs },
        functions: options.functions,
        replayLease: options.replayLease,
        holder,
        batchSize,
        now,
        signal,
      });
      const ticks = await sweepOldTicks(storage, {
        before: new Date(now.getTime() - windows.runsMs),
        batchSize,
        signal,
      });
      return {
        runs: runs.deleted,
        runsKept: runs.kept,
        replayRunning: runs.replayRunning,
        replays: replays.deleted,
        ticks: ticks.deleted,
        durationMs: Math.round(performance.now() - started),
        aborted: signal?.aborted ?? false,
      };
    },
  };
}
