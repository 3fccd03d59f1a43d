import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { can } from '../abilities/role-abilities.ts';
import { formatMoment, runPath } from '../operations/ops-format.ts';
import { RunStatusBadge } from '../operations/run-status-badge.tsx';
import { useSignedInSession } from '../session/use-session.ts';
import { useTRPC } from '../trpc/trpc.ts';
import { historyItems } from './request-history-items.ts';

/** While some event is still owed, its runs are on their way: ask again this often. */
const owedPollMs = 5_000;

/**
 * The request's events in time order, each with the mails, jobs and webhook deliveries it caused
 * (`requests.history`), for whoever may see the request. Admins get links to each run in Operations.
 */
export function RequestHistory({ requestId }: { requestId: string }) {
  const trpc = useTRPC();
  const { user } = useSignedInSession();
  const query = useQuery({
    ...trpc.requests.history.queryOptions({ id: requestId }),
    refetchInterval: (current) =>
      current.state.data?.events.some((event) => event.owed) ? owedPollMs : false,
  });
  const linkRuns = can(user.role, 'operate');
  return (
    <section className="history" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {query.isPending ? <p className="muted">Loading…</p> : null}
      {query.isError ? (
        <p role="alert" className="alert alert-error">
          {query.error.message}
        </p>
      ) : null}
      {query.data?.events.length === 0 ? <p className="muted">No events recorded.</p> : null}
      {query.data?.events.some((event) => event.owed) ? (
        <p className="muted">Some work is still on its way; updates every {owedPollMs / 1_000} s.</p>
      ) : null}
      <ol className="history-events">
        {query.data?.events.map((event) => {
          const items = historyItems(event);
          return (
            <li key={event.eventId}>
              <h3>
                {event.eventName}{' '}
                <span className="muted">
                  · {event.occurredAt ? formatMoment(event.occurredAt) : 'time not kept'}
                </span>
                {event.owed ? <span className="badge">In progress</span> : null}
              </h3>
              {items.length === 0 ? (
                <p className="muted">Nothing finished for this event yet.</p>
              ) : (
                <table className="requests ops-table">
                  <caption className="visually-hidden">What {event.eventName} caused</caption>
                  <thead>
                    <tr>
                      <th scope="col">Kind</th>
                      <th scope="col">What</th>
                      <th scope="col">Outcome</th>
                      <th scope="col">Attempts</th>
                      <th scope="col">Finished</th>
                      <th scope="col">Error</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((item) => (
                      <tr key={item.key}>
                        <td>{item.kind}</td>
                        <td>{linkRuns ? <Link href={runPath(item.runId)}>{item.what}</Link> : item.what}</td>
                        <td>
                          <RunStatusBadge status={item.status} />
                        </td>
                        <td>{item.attempts}</td>
                        <td>{formatMoment(item.finishedAt)}</td>
                        <td className="run-error">{item.error ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          );
        })}
      </ol>
      {query.data?.truncated ? <p className="muted">Only the oldest 500 runs are shown.</p> : null}
    </section>
  );
}
