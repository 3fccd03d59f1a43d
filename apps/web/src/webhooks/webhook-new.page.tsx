import { createWebhookInput, type WebhookEventName, webhookEventNames } from '@fixstream/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { FormAlert } from '../forms/form-alert.tsx';
import { textOf } from '../forms/form-text.ts';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { useTRPC } from '../trpc/trpc.ts';
import { AdminsOnly } from './admins-only.tsx';
import { SecretReveal } from './secret-reveal.tsx';
import { WebhookFields } from './webhook-fields.tsx';

/** Creates an endpoint, then shows its signing secret the one time the API returns it. */
export function WebhookNewPage() {
  return (
    <AdminsOnly>
      <CreateWebhook />
    </AdminsOnly>
  );
}

function CreateWebhook() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useFormErrors(['url', 'description', 'events']);
  const [events, setEvents] = useState<WebhookEventName[]>([...webhookEventNames]);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() }),
      onError: form.fromApi,
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const candidate = { url: textOf(data, 'url'), description: textOf(data, 'description'), events };
    if (form.accepts(createWebhookInput, candidate)) create.mutate(candidate);
  };
  if (create.data)
    return (
      <section className="narrow">
        <h1>Endpoint created</h1>
        <p>
          Deliveries to <strong>{create.data.url}</strong> start with the next event.
        </p>
        <SecretReveal secret={create.data.secret} />
        <p>
          <Link href={`/webhooks/${create.data.id}`}>Open the endpoint</Link> ·{' '}
          <Link href="/webhooks">All endpoints</Link>
        </p>
      </section>
    );
  return (
    <section className="narrow">
      <p>
        <Link href="/webhooks">← Webhooks</Link>
      </p>
      <h1>New webhook endpoint</h1>
      <form onSubmit={submit} noValidate>
        <FormAlert error={form.formError} />
        <WebhookFields errors={form.errors} events={events} onEventsChange={setEvents} />
        <button type="submit" disabled={create.isPending}>
          Create endpoint
        </button>
      </form>
    </section>
  );
}
