import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { can } from '../abilities/role-abilities.ts';
import { useSignedInSession } from '../session/use-session.ts';
import { useTRPC } from '../trpc/trpc.ts';
import { UserForm } from './user-form.tsx';

/** Creates a user (`id` absent) or edits one: admins only, as the API's policy says. */
export function UserEditPage({ id }: { id?: string }) {
  const trpc = useTRPC();
  const { user } = useSignedInSession();
  const allowed = can(user.role, 'manageUsers');
  const query = useQuery(trpc.users.byId.queryOptions({ id: id ?? '' }, { enabled: Boolean(id) && allowed }));
  return (
    <section className="narrow">
      <p>
        <Link href="/users">← Users</Link>
      </p>
      <h1>{query.data ? query.data.name : id ? 'Edit user' : 'New user'}</h1>
      {!allowed ? (
        <p role="alert" className="alert alert-error">
          Your role ({user.role}) cannot change users.
        </p>
      ) : !id ? (
        <UserForm />
      ) : query.isError ? (
        <p role="alert" className="alert alert-error">
          {query.error.message}
        </p>
      ) : query.data ? (
        <UserForm user={query.data} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
