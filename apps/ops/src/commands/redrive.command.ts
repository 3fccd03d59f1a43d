import { type GroupInfo, streamGroups, streamKeys } from '@fixstream/events';
import { createOutbox, eventRuns, findEvent, type LedgerRunState } from '@fixstream/run-storage';
import { eventIdArg, parseCommandArgs } from '../cli/args.ts';
import type { OpsCommand } from '../cli/command.ts';
import { OpsError, UsageError } from '../cli/errors.ts';
import { printJson, printLines } from '../cli/io.ts';
import { describePublish, publishNow } from '../cli/publish-now.ts';
import { messageOf, type OpsRuntime } from '../cli/runtime.ts';
import { formatTable } from '../format/table.ts';

const usage = `Usage: pnpm ops redrive <eventId> [--json]

Publishes an event again, so that every function subscribed to it that has no final result in the ledger runs
it; functions that finished it only acknowledge it. For events Redis lost before every function ran them. The
event is taken from the run ledger, else from the outbox of the request that owes it, else from replays;
it is made owed in MongoDB (the worker's relay publishes it if Redis is down) and published right away.
To run a function that already finished an event again, use \`pnpm ops replay\`.

Options:
  --json       print one JSON document: { event, source, functions: [{ function, state, runs }], published, publishError }
  -h, --help   show this help`;

type FunctionState = LedgerRunState | 'not-started';

/** `pnpm ops redrive`: publish an event again for the functions that have not finished it. */
export const redriveCommand: OpsCommand = {
  name: 'redrive',
  summary: 'publish an event again for the functions that have not finished it',
  usage,
  async run(args, runtime) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage, 1);
    const [eventArg] = positionals;
    if (eventArg === undefined) throw new UsageError('give the id of the event to redrive', usage);
    const eventId = eventIdArg(eventArg, usage);

    const db = await runtime.database();
    const found = await findEvent(db.storage, eventId);
    if (!found) throw new OpsError(`unknown event ${eventId}: no run, request outbox or replay holds it`);
    const { event, source } = found;
    const [runs, groups] = await Promise.all([eventRuns(db.storage, eventId), groupsOf(runtime, event.name)]);
    await createOutbox(db.storage).oweAgain([event], 'redrive');
    const publish = await publishNow(runtime, [event]);

    const states = new Map<string, FunctionState>(runs.map((run) => [run.functionId, run.state]));
    for (const group of groups.list) if (!states.has(group.name)) states.set(group.name, 'not-started');
    const functions = [...states.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([fn, state]) => ({
        function: fn,
        state,
        runs: state === 'in-progress' || state === 'not-started',
      }));

    if (values.json) {
      printJson(runtime.io, {
        event: { id: event.id, name: event.name },
        source,
        functions,
        published: publish.published,
        publishError: publish.error,
      });
      return;
    }
    const lines = [`Event ${event.id} (${event.name}), found in ${source}.`];
    if (functions.length > 0) {
      lines.push(
        formatTable(
          [{ header: 'FUNCTION' }, { header: 'LEDGER' }, { header: 'ON REDRIVE' }],
          functions.map((f) => [f.function, f.state, f.runs ? 'runs it' : 'acknowledges without running']),
        ),
      );
    }
    if (groups.error) lines.push(`(consumer groups unknown: ${groups.error})`);
    else if (functions.length > 0 && functions.every((f) => !f.runs)) {
      lines.push('Every function has finished this event; `pnpm ops replay` runs one again.');
    }
    lines.push(describePublish(publish, 1));
    printLines(runtime.io, ...lines);
  },
};

/** The consumer groups (functions) on the event's stream; Redis being down is reported, not fatal. */
async function groupsOf(
  runtime: OpsRuntime,
  eventName: string,
): Promise<{ list: GroupInfo[]; error: string | null }> {
  try {
    const redis = await runtime.redis();
    const stream = streamKeys(runtime.env().FIXSTREAM_KEY_PREFIX).stream(eventName);
    return { list: await streamGroups(redis, stream), error: null };
  } catch (error) {
    return { list: [], error: messageOf(error) };
  }
}
