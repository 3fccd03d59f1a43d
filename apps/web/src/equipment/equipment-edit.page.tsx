import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { can } from '../abilities/role-abilities.ts';
import { useSignedInSession } from '../session/use-session.ts';
import { useTRPC } from '../trpc/trpc.ts';
import { EquipmentForm } from './equipment-form.tsx';

/** Creates equipment (`id` absent) or edits it, for the roles that may; others are told why not. */
export function EquipmentEditPage({ id }: { id?: string }) {
  const trpc = useTRPC();
  const { user } = useSignedInSession();
  const allowed = can(user.role, 'manageEquipment');
  const query = useQuery(
    trpc.equipment.byId.queryOptions({ id: id ?? '' }, { enabled: Boolean(id) && allowed }),
  );
  const title = id ? 'Edit equipment' : 'New equipment';
  return (
    <section className="narrow">
      <p>
        <Link href="/equipment">← Equipment</Link>
      </p>
      <h1>{query.data ? query.data.name : title}</h1>
      {!allowed ? (
        <p role="alert" className="alert alert-error">
          Your role ({user.role}) cannot change equipment.
        </p>
      ) : !id ? (
        <EquipmentForm />
      ) : query.isError ? (
        <p role="alert" className="alert alert-error">
          {query.error.message}
        </p>
      ) : query.data ? (
        <EquipmentForm equipment={query.data} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
