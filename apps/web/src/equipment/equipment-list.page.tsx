import { Link } from 'wouter';
import { can } from '../abilities/role-abilities.ts';
import { CursorPagesError, CursorPagesFooter } from '../directory/cursor-pages-status.tsx';
import { useCursorPages } from '../directory/use-cursor-pages.ts';
import { useDirectory } from '../directory/use-directory.ts';
import { useSignedInSession } from '../session/use-session.ts';
import { useTRPC, useTRPCClient } from '../trpc/trpc.ts';
import { formatDay } from './equipment-format.ts';

const input = { limit: 100 };

/** Every piece of equipment; admins and managers open one to edit it, others read. */
export function EquipmentListPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { user } = useSignedInSession();
  const directory = useDirectory();
  const manages = can(user.role, 'manageEquipment');
  const pages = useCursorPages(trpc.equipment.list.infiniteQueryKey(input), (cursor) =>
    client.equipment.list.query({ ...input, ...(cursor ? { cursor } : {}) }),
  );
  return (
    <>
      <h1>Equipment</h1>
      {manages ? (
        <p>
          <Link href="/equipment/new">New equipment</Link>
        </p>
      ) : null}
      <CursorPagesError pages={pages} />
      <table className="records">
        <caption className="visually-hidden">Equipment</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Serial number</th>
            <th scope="col">Location</th>
            <th scope="col">Category</th>
            <th scope="col">Team</th>
            <th scope="col">Default technician</th>
            <th scope="col">Preventive every</th>
            <th scope="col">Next preventive</th>
          </tr>
        </thead>
        <tbody>
          {pages.items.map((item) => (
            <tr key={item.id}>
              <td>{manages ? <Link href={`/equipment/${item.id}`}>{item.name}</Link> : item.name}</td>
              <td>{item.serialNumber}</td>
              <td>{item.location ?? '—'}</td>
              <td>{item.category ?? '—'}</td>
              <td>{directory.team(item.team)?.name ?? '—'}</td>
              <td>{item.defaultTechnician ? directory.personName(item.defaultTechnician) : '—'}</td>
              <td>{item.preventiveIntervalDays ? `${item.preventiveIntervalDays} days` : '—'}</td>
              <td>{formatDay(item.nextPreventiveAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CursorPagesFooter pages={pages} empty="No equipment yet." />
    </>
  );
}
