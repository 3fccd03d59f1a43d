import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useTRPC } from '../trpc/trpc.ts';
import { AdminsOnly } from './admins-only.tsx';
import { WebhookDeliveries } from './webhook-deliveries.tsx';
import { WebhookEditForm } from './webhook-edit-form.tsx';
import { endpointState } from './webhook-meta.ts';
import { WebhookSecretActions } from './webhook-secret-actions.tsx';

/** One endpoint: its state, the edit form, secret rotation and deletion, and its deliveries. */
export function WebhookDetailPage({ id }: { id: string }) {
  return (
    <AdminsOnly>
      <WebhookDetail id={id} />
    </AdminsOnly>
  );
}

function WebhookDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  // the API has no webhooks.byId: endpoints are few, and the newest 100 are one list call
  const list = useQuery(trpc.webhooks.list.queryOptions({ limit: 100 }));
  const endpoint = list.data?.items.find((item) => item.id === id);
  return (
    <article className="detail">
      <p>
        <Link href="/webhooks">← Webhooks</Link>
      </p>
      <h1>{endpoint ? endpoint.url : 'Webhook endpoint'}</h1>
      {list.isPending ? <p className="muted">Loading…</p> : null}
      {list.isError ? (
        <p role="alert" className="alert alert-error">
          {list.error.message}
        </p>
      ) : null}
      {list.isSuccess && !endpoint ? (
        <p role="alert" className="alert alert-error">
          Webhook endpoint not found.
        </p>
      ) : null}
      {endpoint ? (
        <>
          <p className="badges">
            <span className="badge">{endpointState(endpoint)}</span>
            <span className="badge">Failures in a row: {endpoint.consecutiveFailures}</span>
          </p>
          <div className="detail-actions">
            <WebhookEditForm endpoint={endpoint} />
            <WebhookSecretActions endpoint={endpoint} />
          </div>
          <WebhookDeliveries id={endpoint.id} />
        </>
      ) : null}
    </article>
  );
}
