import { parseCommandArgs } from '../cli/args.ts';
import type { OpsCommand } from '../cli/command.ts';
import { printJson, printLines } from '../cli/io.ts';
import { formatDuration } from '../format/duration.ts';
import { type Column, formatTable } from '../format/table.ts';
import { collectStatus, type StatusReport } from '../status/collect-status.ts';

const usage = `Usage: pnpm ops status [--json]

Per event stream and function (consumer group): stream length, consumers, lag (entries not yet delivered;
"?" when Redis cannot tell), pending entries and the age of the oldest one, dead letters in Redis, and the
runs the ledger in MongoDB counts as succeeded, dead, cancelled (while asleep, by a cancelOn event) and in
progress (of which sleeping at a durable step). Below the table: the events MongoDB still
owes (written, not yet finished by every function), which the worker's relay publishes again if Redis loses them,
the wake-ups of sleeping runs Redis holds, and the scheduled functions with their cron, next tick and how their
last tick ran.

Options:
  --json       print one JSON document:
               { prefix, streams: [{ stream, event, exists, length, wakeUps, groups: [...] }], outbox: { owedEvents, oldestOwedAgeMs },
                 schedules: [{ functionId, cron, timezone, nextAt, lastTickAt, lastRun }] }
  -h, --help   show this help`;

/** `pnpm ops status`: Redis' view and the ledger's view of every function, side by side. */
export const statusCommand: OpsCommand = {
  name: 'status',
  summary: 'streams, consumer groups, dead letters and run counts per function',
  usage,
  async run(args, runtime) {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
    const [db, redis] = await Promise.all([runtime.database(), runtime.redis()]);
    const report = await collectStatus(redis, db, runtime.env().FIXSTREAM_KEY_PREFIX);
    if (values.json) printJson(runtime.io, report);
    else printLines(runtime.io, renderStatus(report));
  },
};

const columns: Column[] = [
  { header: 'STREAM' },
  { header: 'EVENT' },
  { header: 'LENGTH', align: 'right' },
  { header: 'FUNCTION' },
  { header: 'CONSUMERS', align: 'right' },
  { header: 'LAG', align: 'right' },
  { header: 'PENDING', align: 'right' },
  { header: 'OLDEST PENDING', align: 'right' },
  { header: 'DEAD LETTERS', align: 'right' },
  { header: 'SUCCEEDED', align: 'right' },
  { header: 'DEAD', align: 'right' },
  { header: 'CANCELLED', align: 'right' },
  { header: 'IN PROGRESS', align: 'right' },
  { header: 'SLEEPING', align: 'right' },
];

/** The human table: one row per function, the stream's cells only on its first row. */
export function renderStatus(report: StatusReport): string {
  const streams =
    report.streams.length === 0
      ? `No streams under the prefix "${report.prefix}" and no runs in the ledger.`
      : renderStreams(report);
  const schedules = report.schedules.length === 0 ? '' : `\n\n${renderSchedules(report.schedules)}`;
  return `${streams}\n\n${renderOutbox(report.outbox)}${renderWakeUps(report)}${schedules}`;
}

/** One line when runs sleep: how many wake-ups Redis holds, per event. */
function renderWakeUps(report: StatusReport): string {
  const waiting = report.streams.filter((stream) => stream.wakeUps > 0);
  if (waiting.length === 0) return '';
  const parts = waiting.map((stream) => `${stream.wakeUps} for ${stream.event}`);
  return `\nWake-ups of sleeping runs in Redis: ${parts.join(', ')}.`;
}

function renderSchedules(schedules: StatusReport['schedules']): string {
  return formatTable(
    [
      { header: 'SCHEDULED FUNCTION' },
      { header: 'CRON' },
      { header: 'TIME ZONE' },
      { header: 'NEXT TICK' },
      { header: 'LAST TICK' },
      { header: 'LAST RUN' },
    ],
    schedules.map((s) => [
      s.functionId,
      s.cron,
      s.timezone,
      s.nextAt?.toISOString() ?? 'never',
      s.lastTickAt?.toISOString() ?? '-',
      s.lastRun ?? '-',
    ]),
  );
}

function renderOutbox(outbox: StatusReport['outbox']): string {
  if (outbox.owedEvents === 0) return 'Owed in MongoDB: nothing; every written event is finished.';
  const events = outbox.owedEvents === 1 ? '1 event' : `${outbox.owedEvents} events`;
  const age =
    outbox.oldestOwedAgeMs === null
      ? ''
      : `, the oldest written ${formatDuration(outbox.oldestOwedAgeMs)} ago`;
  return `Owed in MongoDB: ${events} not yet finished by every function${age}.`;
}

function renderStreams(report: StatusReport): string {
  const rows = report.streams.flatMap((stream) => {
    const streamCells = [stream.stream, stream.event, stream.exists ? String(stream.length) : 'missing'];
    if (stream.groups.length === 0) return [[...streamCells, '(no consumer group)']];
    return stream.groups.map((group, i) => [
      ...(i === 0 ? streamCells : ['', '', '']),
      group.groupExists ? group.function : `${group.function} (no group)`,
      group.groupExists ? String(group.consumers) : '-',
      group.groupExists ? (group.lag === null ? '?' : String(group.lag)) : '-',
      group.groupExists ? String(group.pending) : '-',
      group.oldestPendingAgeMs === null ? '-' : formatDuration(group.oldestPendingAgeMs),
      String(group.deadLetters),
      String(group.runs.succeeded),
      String(group.runs.dead),
      String(group.runs.cancelled),
      String(group.runs.inProgress),
      String(group.runs.sleeping),
    ]);
  });
  return formatTable(columns, rows);
}
