import { lazy, Suspense } from 'react';
import { can } from '../abilities/role-abilities.ts';
import { useSignedInSession } from '../session/use-session.ts';

const OperationsRoutes = lazy(() => import('./operations.routes.tsx'));

/**
 * The entry to `/ops/*`: admins get the Operations pages, loaded on first visit so the initial bundle stays small;
 * other roles get a sentence instead of a chunk they may not use (the API refuses them with 403 anyway).
 */
export function OperationsRoute() {
  const { user } = useSignedInSession();
  if (!can(user.role, 'operate'))
    return (
      <>
        <h1>Operations</h1>
        <p role="alert" className="alert alert-error">
          Operations is for admins only; your role ({user.role}) cannot open it.
        </p>
      </>
    );
  return (
    <Suspense fallback={<p className="muted">Loading Operations…</p>}>
      <OperationsRoutes />
    </Suspense>
  );
}
