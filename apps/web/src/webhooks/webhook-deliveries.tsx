import { useCursorPages } from '../directory/use-cursor-pages.ts';
import { formatDate } from '../requests/request-meta.ts';
import { useTRPC, useTRPCClient } from '../trpc/trpc.ts';

/** An endpoint's delivery attempts, newest first, a page at a time (`webhooks.deliveries`). */
export function WebhookDeliveries({ id }: { id: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { id, limit: 20 };
  const pages = useCursorPages(trpc.webhooks.deliveries.infiniteQueryKey(input), (cursor) =>
    client.webhooks.deliveries.query({ ...input, ...(cursor ? { cursor } : {}) }),
  );
  return (
    <section aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Deliveries</h2>
      {pages.isError ? (
        <p role="alert" className="alert alert-error">
          {pages.error.message}
        </p>
      ) : null}
      <table className="records">
        <caption className="visually-hidden">Delivery attempts</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Attempt</th>
            <th scope="col">Outcome</th>
            <th scope="col">HTTP status</th>
            <th scope="col">Took</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {pages.items.map((delivery) => (
            <tr key={delivery.id}>
              <td>{formatDate(delivery.at)}</td>
              <td>
                {delivery.eventName} <span className="muted">{delivery.messageId}</span>
              </td>
              <td>{delivery.attempt}</td>
              <td>{delivery.outcome}</td>
              <td>{delivery.status ?? '—'}</td>
              <td>{delivery.durationMs} ms</td>
              <td>{delivery.error ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages.isPending ? <p className="muted">Loading…</p> : null}
      {pages.isSuccess && pages.items.length === 0 ? <p className="muted">No deliveries yet.</p> : null}
      {pages.hasNextPage ? (
        <button type="button" onClick={() => pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
