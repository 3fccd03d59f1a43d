import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { errorMessage } from '../forms/error-message.ts';
import { FormAlert } from '../forms/form-alert.tsx';
import { useTRPC } from '../trpc/trpc.ts';
import { SecretReveal } from './secret-reveal.tsx';
import type { WebhookEndpoint } from './webhook-meta.ts';

/** Rotating the secret (the new one shown once) and deleting the endpoint, each behind a second click. */
export function WebhookSecretActions({ endpoint }: { endpoint: WebhookEndpoint }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [confirming, setConfirming] = useState<'rotate' | 'delete' | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        navigate('/webhooks');
      },
    }),
  );
  const failure = rotate.error ?? remove.error;
  return (
    <section aria-labelledby="secret-actions">
      <h2 id="secret-actions">Secret and removal</h2>
      <FormAlert error={failure ? errorMessage(failure) : null} />
      {rotate.data ? <SecretReveal secret={rotate.data.secret} /> : null}
      {confirming === 'rotate' ? (
        <p>
          The old secret stops working at once.{' '}
          <button
            type="button"
            onClick={() => rotate.mutate({ id: endpoint.id }, { onSettled: () => setConfirming(null) })}
          >
            Rotate now
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </p>
      ) : confirming === 'delete' ? (
        <p>
          Deletes the endpoint and its deliveries log.{' '}
          <button type="button" onClick={() => remove.mutate({ id: endpoint.id })}>
            Delete for good
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </p>
      ) : (
        <p>
          <button type="button" className="secondary" onClick={() => setConfirming('rotate')}>
            Rotate secret
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming('delete')}>
            Delete endpoint
          </button>
        </p>
      )}
    </section>
  );
}
