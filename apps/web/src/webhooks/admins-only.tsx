import type { ReactNode } from 'react';
import { can } from '../abilities/role-abilities.ts';
import { useSignedInSession } from '../session/use-session.ts';

/** Webhook endpoints are the company admins' (the API's policy); other roles are told so, not shown a form. */
export function AdminsOnly({ children }: { children: ReactNode }) {
  const { user } = useSignedInSession();
  if (can(user.role, 'manageWebhooks')) return children;
  return (
    <>
      <h1>Webhooks</h1>
      <p role="alert" className="alert alert-error">
        Your role ({user.role}) cannot manage webhook endpoints.
      </p>
    </>
  );
}
