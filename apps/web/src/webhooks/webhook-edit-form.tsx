import { updateWebhookInput, type WebhookEventName } from '@fixstream/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormAlert } from '../forms/form-alert.tsx';
import { textOf } from '../forms/form-text.ts';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { useTRPC } from '../trpc/trpc.ts';
import { WebhookFields } from './webhook-fields.tsx';
import type { WebhookEndpoint } from './webhook-meta.ts';

/** Edits an endpoint; ticking "Deliver events" again also restarts one that failures disabled. */
export function WebhookEditForm({ endpoint }: { endpoint: WebhookEndpoint }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useFormErrors(['url', 'description', 'events', 'enabled']);
  const [events, setEvents] = useState(endpoint.events as WebhookEventName[]);
  const update = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() }),
      onError: form.fromApi,
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const enabled = data.get('enabled') === 'on';
    const changes = {
      id: endpoint.id,
      url: textOf(data, 'url'),
      description: textOf(data, 'description'),
      events,
      // re-enabling resets the failure count, so send it only when it changes or the endpoint needs restarting
      ...(enabled !== endpoint.active ? { enabled } : {}),
    };
    if (form.accepts(updateWebhookInput, changes)) update.mutate(changes);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="edit-endpoint">
      <h2 id="edit-endpoint">Edit</h2>
      <FormAlert error={form.formError} success={update.isSuccess ? 'Saved.' : null} />
      <WebhookFields
        errors={form.errors}
        url={endpoint.url}
        description={endpoint.description}
        events={events}
        onEventsChange={setEvents}
      />
      <label className="checkbox">
        <input type="checkbox" name="enabled" defaultChecked={endpoint.active} /> Deliver events
      </label>
      <p>
        <button type="submit" disabled={update.isPending}>
          Save changes
        </button>
      </p>
    </form>
  );
}
