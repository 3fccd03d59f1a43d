import { Link } from 'wouter';
import { can } from '../abilities/role-abilities.ts';
import { CursorPagesError, CursorPagesFooter } from '../directory/cursor-pages-status.tsx';
import { useCursorPages } from '../directory/use-cursor-pages.ts';
import { useDirectory } from '../directory/use-directory.ts';
import { useSignedInSession } from '../session/use-session.ts';
import { useTRPC, useTRPCClient } from '../trpc/trpc.ts';

const input = { limit: 100 };

/** The maintenance teams and their members; admins and managers open one to edit it. */
export function TeamListPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { user } = useSignedInSession();
  const directory = useDirectory();
  const manages = can(user.role, 'manageTeams');
  const pages = useCursorPages(trpc.teams.list.infiniteQueryKey(input), (cursor) =>
    client.teams.list.query({ ...input, ...(cursor ? { cursor } : {}) }),
  );
  const members = (ids: string[]) =>
    ids.every((id) => directory.knowsName(id))
      ? ids.map((id) => directory.personName(id)).join(', ') || '—'
      : `${ids.length} ${ids.length === 1 ? 'member' : 'members'}`;
  return (
    <>
      <h1>Teams</h1>
      {manages ? (
        <p>
          <Link href="/teams/new">New team</Link>
        </p>
      ) : null}
      <CursorPagesError pages={pages} />
      <table className="records">
        <caption className="visually-hidden">Teams</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Members</th>
          </tr>
        </thead>
        <tbody>
          {pages.items.map((team) => (
            <tr key={team.id}>
              <td>{manages ? <Link href={`/teams/${team.id}`}>{team.name}</Link> : team.name}</td>
              <td>{members(team.members)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CursorPagesFooter pages={pages} empty="No teams yet." />
    </>
  );
}
