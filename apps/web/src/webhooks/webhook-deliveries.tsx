import { CursorPagesError, CursorPagesFooter } from '../directory/cursor-pages-status.tsx';
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
      <CursorPagesError pages={pages} />
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
      <CursorPagesFooter pages={pages} empty="No deliveries yet." />
    </section>
  );
}
