import type { RouterOutputs } from '@fixstream/client';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { formatDuration, formatMoment, runPath } from './ops-format.ts';
import { RunStatusBadge } from './run-status-badge.tsx';

export type RunSummary = RouterOutputs['ops']['runs']['items'][number];

/**
 * Finished runs as a table, newest first, each linking to its detail and its request. `action` adds a last column
 * (the Dead letters page's Replay button), so both lists share one layout.
 */
export function RunSummaryTable(props: {
  caption: string;
  runs: readonly RunSummary[];
  action?: { header: string; cell: (run: RunSummary) => ReactNode };
}) {
  return (
    <table className="requests ops-table">
      <caption className="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Function</th>
          <th scope="col">Status</th>
          <th scope="col">Event</th>
          <th scope="col">Request</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last attempt</th>
          <th scope="col">Finished</th>
          <th scope="col">Error</th>
          {props.action ? <th scope="col">{props.action.header}</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.runs.map((run) => (
          <tr key={run.id} data-run-id={run.id}>
            <td>
              <Link href={runPath(run.id)} aria-label={`Run ${run.functionId} of event ${run.eventId}`}>
                {run.functionId}
              </Link>
            </td>
            <td>
              <RunStatusBadge status={run.status} />
            </td>
            <td>{run.eventName}</td>
            <td>{run.requestId ? <Link href={`/requests/${run.requestId}`}>Request</Link> : '—'}</td>
            <td>{run.attempts}</td>
            <td>{formatDuration(run.durationMs)}</td>
            <td>{formatMoment(run.finishedAt)}</td>
            <td className="run-error">{run.error ?? '—'}</td>
            {props.action ? <td>{props.action.cell(run)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
