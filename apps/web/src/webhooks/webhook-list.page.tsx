import { Link } from 'wouter';
import { CursorPagesError, CursorPagesFooter } from '../directory/cursor-pages-status.tsx';
import { useCursorPages } from '../directory/use-cursor-pages.ts';
import { useTRPC, useTRPCClient } from '../trpc/trpc.ts';
import { AdminsOnly } from './admins-only.tsx';
import { endpointState } from './webhook-meta.ts';

/** The company's webhook endpoints, newest first; an endpoint opens to edit it and see its deliveries. */
export function WebhookListPage() {
  return (
    <AdminsOnly>
      <WebhookTable />
    </AdminsOnly>
  );
}

function WebhookTable() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const pages = useCursorPages(trpc.webhooks.list.infiniteQueryKey({ limit: 100 }), (cursor) =>
    client.webhooks.list.query({ limit: 100, ...(cursor ? { cursor } : {}) }),
  );
  return (
    <>
      <h1>Webhooks</h1>
      <p>
        <Link href="/webhooks/new">New endpoint</Link>
      </p>
      <CursorPagesError pages={pages} />
      <table className="records">
        <caption className="visually-hidden">Webhook endpoints</caption>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Description</th>
            <th scope="col">Events</th>
            <th scope="col">State</th>
            <th scope="col">Failures in a row</th>
          </tr>
        </thead>
        <tbody>
          {pages.items.map((endpoint) => (
            <tr key={endpoint.id}>
              <td>
                <Link href={`/webhooks/${endpoint.id}`}>{endpoint.url}</Link>
              </td>
              <td>{endpoint.description || '—'}</td>
              <td>{endpoint.events.join(', ')}</td>
              <td>{endpointState(endpoint)}</td>
              <td>{endpoint.consecutiveFailures}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CursorPagesFooter pages={pages} empty="No endpoints yet." />
    </>
  );
}
