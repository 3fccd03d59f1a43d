import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { can } from '../abilities/role-abilities.ts';
import { CursorPagesError, CursorPagesFooter } from '../directory/cursor-pages-status.tsx';
import { useCursorPages } from '../directory/use-cursor-pages.ts';
import { errorMessage } from '../forms/error-message.ts';
import { FormAlert } from '../forms/form-alert.tsx';
import { useSignedInSession } from '../session/use-session.ts';
import { useTRPC, useTRPCClient } from '../trpc/trpc.ts';

const input = { limit: 100 };

/**
 * The company's people, for the roles that may list them (admins, managers); admins also create, edit, deactivate
 * and reactivate them. A change of role or of `active` ends that user's sessions (the API says so in docs/api.md).
 */
export function UserListPage() {
  const { user } = useSignedInSession();
  if (!can(user.role, 'listUsers'))
    return (
      <>
        <h1>Users</h1>
        <p role="alert" className="alert alert-error">
          Your role ({user.role}) cannot list users.
        </p>
      </>
    );
  return <UserTable />;
}

function UserTable() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { user } = useSignedInSession();
  const manages = can(user.role, 'manageUsers');
  const pages = useCursorPages(trpc.users.list.infiniteQueryKey(input), (cursor) =>
    client.users.list.query({ ...input, ...(cursor ? { cursor } : {}) }),
  );
  const setActive = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() }),
    }),
  );
  const done = setActive.data
    ? `${setActive.data.name} is ${setActive.data.active ? 'active again' : 'deactivated'}.`
    : null;
  return (
    <>
      <h1>Users</h1>
      {manages ? (
        <p>
          <Link href="/users/new">New user</Link>
        </p>
      ) : null}
      <FormAlert error={setActive.isError ? errorMessage(setActive.error) : null} success={done} />
      <CursorPagesError pages={pages} />
      <table className="records">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            {manages ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {pages.items.map((person) => (
            <tr key={person.id} className={person.active ? undefined : 'inactive'}>
              <td>{manages ? <Link href={`/users/${person.id}`}>{person.name}</Link> : person.name}</td>
              <td>{person.email}</td>
              <td>{person.role}</td>
              <td>{person.active ? 'Active' : 'Deactivated'}</td>
              {manages ? (
                <td>
                  {person.id === user.id ? (
                    <span className="muted">You</span>
                  ) : (
                    <button
                      type="button"
                      className="secondary small"
                      disabled={setActive.isPending}
                      aria-label={`${person.active ? 'Deactivate' : 'Activate'} ${person.name}`}
                      onClick={() => setActive.mutate({ id: person.id, active: !person.active })}
                    >
                      {person.active ? 'Deactivate' : 'Activate'}
                    </button>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <CursorPagesFooter pages={pages} />
    </>
  );
}
