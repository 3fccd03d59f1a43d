import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { can } from '../abilities/role-abilities.ts';
import { useSignedInSession } from '../session/use-session.ts';
import { useTRPC } from '../trpc/trpc.ts';
import { TeamForm } from './team-form.tsx';

/** Creates a team (`id` absent) or edits one, for the roles that may; others are told why not. */
export function TeamEditPage({ id }: { id?: string }) {
  const trpc = useTRPC();
  const { user } = useSignedInSession();
  const allowed = can(user.role, 'manageTeams');
  const query = useQuery(trpc.teams.byId.queryOptions({ id: id ?? '' }, { enabled: Boolean(id) && allowed }));
  return (
    <section className="narrow">
      <p>
        <Link href="/teams">← Teams</Link>
      </p>
      <h1>{query.data ? query.data.name : id ? 'Edit team' : 'New team'}</h1>
      {!allowed ? (
        <p role="alert" className="alert alert-error">
          Your role ({user.role}) cannot change teams.
        </p>
      ) : !id ? (
        <TeamForm />
      ) : query.isError ? (
        <p role="alert" className="alert alert-error">
          {query.error.message}
        </p>
      ) : query.data ? (
        <TeamForm team={query.data} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
