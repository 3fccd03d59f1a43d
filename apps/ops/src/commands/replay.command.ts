import { createRedisLease, streamKeys } from '@fixstream/events';
import {
  findEvent,
  ReplayBusyError,
  type ReplayOutcome,
  replayLeaseName,
  replayRuns,
} from '@fixstream/run-storage';
import { eventIdArg, functionIdArg, parseCommandArgs } from '../cli/args.ts';
import type { OpsCommand } from '../cli/command.ts';
import { OpsError, UsageError } from '../cli/errors.ts';
import { printJson, printLines } from '../cli/io.ts';
import { describePublish, type PublishOutcome, publishNow } from '../cli/publish-now.ts';
import { plural } from '../format/plural.ts';
import { formatTable } from '../format/table.ts';

const usage = `Usage: pnpm ops replay <eventId> [--function ID] [--force] [--json]
       pnpm ops replay --all [--function ID] [--force] [--json]

Runs dead runs again, once their cause is fixed. Each replayed run starts over at attempt 1; its event is made
owed in MongoDB (so the worker's relay publishes it even if Redis is down) and published right away. Functions
of the event that already finished just acknowledge it. Runs still in progress are never touched.

Options:
  --all           every dead run, instead of one event's
  --function ID   only this function's runs
  --force         also run again runs that succeeded (their effects happen again, e.g. a second mail);
                  with --all, --function is required
  --json          print one JSON document: { replayed, skipped, succeededLeftAlone, events, published, publishError }
  -h, --help      show this help`;

const shownSkips = 50;

/** `pnpm ops replay`: the way back for dead runs, within what the ledger allows. */
export const replayCommand: OpsCommand = {
  name: 'replay',
  summary: 'run dead runs again (--force: succeeded ones too); never runs in progress',
  usage,
  async run(args, runtime) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        all: { type: 'boolean' },
        function: { type: 'string' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      usage,
      1,
    );
    const [eventArg] = positionals;
    if (eventArg !== undefined && values.all)
      throw new UsageError('give an event id or --all, not both', usage);
    if (eventArg === undefined && !values.all) throw new UsageError('give an event id, or --all', usage);
    const eventId = eventArg === undefined ? undefined : eventIdArg(eventArg, usage);
    const functionId = functionIdArg(values.function, usage);
    const force = values.force ?? false;
    if (values.all && force && !functionId) {
      throw new UsageError(
        '--all --force runs every succeeded run again; name the function with --function',
        usage,
      );
    }

    const db = await runtime.database();
    const lease = createRedisLease(
      await runtime.redis(),
      streamKeys(runtime.env().FIXSTREAM_KEY_PREFIX).lease(replayLeaseName),
    );
    let outcome: ReplayOutcome;
    try {
      outcome = await replayRuns(
        db.storage,
        lease,
        eventId ? { eventId, functionId, force } : { all: true, functionId, force },
      );
    } catch (error) {
      if (error instanceof ReplayBusyError) throw new OpsError(error.message);
      throw error;
    }
    if (eventId && outcome.matched === 0) {
      if (functionId) throw new OpsError(`event ${eventId} has no run of ${functionId} in the ledger`);
      if (await findEvent(db.storage, eventId)) {
        throw new OpsError(
          `event ${eventId} has no runs in the ledger; \`pnpm ops redrive ${eventId}\` publishes it`,
        );
      }
      throw new OpsError(`unknown event ${eventId}: no run, request outbox or replay holds it`);
    }
    const publish = await publishNow(runtime, outcome.events);
    if (values.json) printJson(runtime.io, toJson(outcome, publish));
    else printLines(runtime.io, ...renderReplay(outcome, publish));
  },
};

function toJson(outcome: ReplayOutcome, publish: PublishOutcome) {
  return {
    replayed: outcome.replayed.map((run) => ({
      key: run.key,
      function: run.functionId,
      eventId: run.event.id,
      eventName: run.event.name,
      previous: run.previous,
    })),
    skipped: outcome.skipped.map((run) => ({ key: run.key, function: run.functionId, reason: run.reason })),
    succeededLeftAlone: outcome.succeededLeftAlone,
    events: outcome.events.map((event) => ({ id: event.id, name: event.name })),
    published: publish.published,
    publishError: publish.error,
  };
}

function renderReplay(outcome: ReplayOutcome, publish: PublishOutcome): string[] {
  const lines: string[] = [];
  const { replayed, skipped, events } = outcome;
  if (replayed.length === 0) lines.push('Nothing replayed.');
  else {
    lines.push(`Replayed ${plural(replayed.length, 'run')} of ${plural(events.length, 'event')}:`);
    lines.push(
      formatTable(
        [{ header: 'KEY' }, { header: 'FUNCTION' }, { header: 'EVENT' }, { header: 'BEFORE' }],
        replayed.map((run) => [run.key, run.functionId, run.event.name, run.previous]),
      ),
    );
  }
  if (skipped.length > 0) {
    lines.push('', `Skipped ${plural(skipped.length, 'run')}:`);
    lines.push(
      formatTable(
        [{ header: 'KEY' }, { header: 'REASON' }],
        skipped.slice(0, shownSkips).map((run) => [run.key, run.reason]),
      ),
    );
    if (skipped.length > shownSkips)
      lines.push(`… and ${skipped.length - shownSkips} more (--json lists all)`);
  }
  if (outcome.succeededLeftAlone > 0) {
    lines.push(
      '',
      `${plural(outcome.succeededLeftAlone, 'succeeded run')} left alone (--force runs them again).`,
    );
  }
  if (events.length > 0) lines.push('', describePublish(publish, events.length));
  return lines;
}
