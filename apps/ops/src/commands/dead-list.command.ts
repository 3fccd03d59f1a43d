import { type DeadRun, listDeadRuns } from '@fixstream/run-storage';
import { functionIdArg, integerArg, parseCommandArgs } from '../cli/args.ts';
import type { OpsCommand } from '../cli/command.ts';
import { printJson, printLines } from '../cli/io.ts';
import { formatTable, truncate } from '../format/table.ts';

const usage = `Usage: pnpm ops dead list [--function ID] [--limit N] [--json]

Dead runs from the run ledger in MongoDB, newest first: the source of truth, even when a dead-letter stream in
Redis was trimmed or lost. Replay them with \`pnpm ops replay <eventId>\` once the cause is fixed.

Options:
  --function ID   only this function's dead runs
  --limit N       at most N runs (default 50, at most 10000)
  --json          print one JSON document: { dead: [{ key, function, eventId, eventName, attempts, error, finishedAt }] }
  -h, --help      show this help`;

const errorWidth = 60;

/** `pnpm ops dead list`: what failed for good, and why. */
export const deadListCommand: OpsCommand = {
  name: 'dead list',
  summary: 'dead runs from the ledger, newest first',
  usage,
  async run(args, runtime) {
    const { values } = parseCommandArgs(
      args,
      { function: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    const functionId = functionIdArg(values.function, usage);
    const limit = integerArg('limit', values.limit, { min: 1, max: 10_000, fallback: 50 }, usage);
    const dead = await listDeadRuns((await runtime.database()).storage, { functionId, limit });
    if (values.json) {
      printJson(runtime.io, { dead: dead.map(toJson) });
      return;
    }
    if (dead.length === 0) {
      printLines(runtime.io, functionId ? `No dead runs of ${functionId}.` : 'No dead runs.');
      return;
    }
    printLines(
      runtime.io,
      formatTable(
        [
          { header: 'FINISHED' },
          { header: 'KEY' },
          { header: 'FUNCTION' },
          { header: 'EVENT ID' },
          { header: 'EVENT' },
          { header: 'ATTEMPTS', align: 'right' },
          { header: 'ERROR' },
        ],
        dead.map((run) => [
          run.finishedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          run.key,
          run.functionId,
          run.eventId,
          run.eventName ?? '-',
          String(run.attempts),
          truncate(run.error, errorWidth),
        ]),
      ),
      dead.length === limit ? `(first ${limit}; --limit shows more)` : `(${dead.length} dead)`,
    );
  },
};

function toJson(run: DeadRun) {
  return {
    key: run.key,
    function: run.functionId,
    eventId: run.eventId,
    eventName: run.eventName,
    attempts: run.attempts,
    error: run.error,
    finishedAt: run.finishedAt.toISOString(),
  };
}
