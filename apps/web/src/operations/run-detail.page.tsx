import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { FormAlert } from '../forms/form-alert.tsx';
import { useTRPC } from '../trpc/trpc.ts';
import { LiveNote } from './live-note.tsx';
import { formatMoment } from './ops-format.ts';
import { opsPolling } from './ops-polling.ts';
import { RunAttemptsTable, RunStepsTable } from './run-attempts-table.tsx';
import { RunMessageIds } from './run-message-ids.tsx';
import { RunStatusBadge } from './run-status-badge.tsx';
import { useReplay } from './use-replay.ts';

/** Functions whose run ends in a mail (the ones named `send-…`): their Message-ID shows even when none was recorded. */
const sendsMail = (functionId: string) => functionId.startsWith('send-');

/**
 * One run: its outcome, the Message-IDs of its mails, attempts, steps and timers, and its event (or why it is not
 * kept); Replay when it is dead.
 */
export function RunDetailPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.ops.run.queryOptions({ id }), ...opsPolling });
  const replay = useReplay();
  if (query.isPending) return <p className="muted">Loading…</p>;
  if (query.isError)
    return (
      <>
        <h1>Run</h1>
        <p role="alert" className="alert alert-error">
          {query.error.message}
        </p>
        <Link href="/ops/runs">Back to the runs</Link>
      </>
    );
  const run = query.data;
  return (
    <article className="detail">
      <h1>
        Run of {run.functionId} <RunStatusBadge status={run.status} />
      </h1>
      <LiveNote updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />
      <dl className="facts">
        <dt>Run key</dt>
        <dd>
          <code>{run.id}</code>
        </dd>
        <dt>Event</dt>
        <dd>
          {run.eventName} (<code>{run.eventId}</code>)
        </dd>
        <dt>Request</dt>
        <dd>{run.requestId ? <Link href={`/requests/${run.requestId}`}>Open the request</Link> : '—'}</dd>
        {run.nextAttemptAt ? (
          <>
            <dt>Due again</dt>
            <dd>{formatMoment(run.nextAttemptAt)}</dd>
          </>
        ) : null}
        {run.messageIds.length > 0 || sendsMail(run.functionId) ? (
          <>
            <dt>{run.messageIds.length > 1 ? 'Message-IDs' : 'Message-ID'}</dt>
            <dd>
              <RunMessageIds messageIds={run.messageIds} omitted={run.messageIdsOmitted} />
            </dd>
          </>
        ) : null}
      </dl>
      {run.status === 'dead' ? (
        <button type="button" disabled={replay.pendingId === run.id} onClick={() => replay.replay(run.id)}>
          Replay
        </button>
      ) : null}
      <FormAlert error={replay.error} success={replay.success} />
      <h2>Attempts</h2>
      <RunAttemptsTable attempts={run.attempts} />
      {run.steps.length > 0 ? (
        <>
          <h2>Steps and timers</h2>
          <RunStepsTable steps={run.steps} />
        </>
      ) : null}
      <h2>Event payload</h2>
      {run.event ? (
        <pre className="payload">{JSON.stringify(run.event, null, 2)}</pre>
      ) : (
        <p className="muted">
          Not kept: the ledger has no copy of this event (the run finished before results kept their event, or
          its event could not be read).
        </p>
      )}
    </article>
  );
}
