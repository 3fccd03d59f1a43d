import type { RouterOutputs } from '@fixstream/client';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { can } from '../abilities/role-abilities.ts';
import { useSignedInSession } from '../session/use-session.ts';
import { useTRPC } from '../trpc/trpc.ts';

export type Team = RouterOutputs['teams']['list']['items'][number];
export type Equipment = RouterOutputs['equipment']['list']['items'][number];

/** What `personName` says of someone the caller may not look up. */
export const unknownPerson = 'A team member';

/** The largest page the API gives; the demo and small sites fit in one. */
const pageSize = 100;

export interface Directory {
  teams: Team[];
  equipment: Equipment[];
  team(id: string | null | undefined): Team | undefined;
  equipmentById(id: string | null | undefined): Equipment | undefined;
  /**
   * A person's name where the caller may list users (admins, managers); otherwise "You" for the caller and a
   * neutral label for others, since the API shows other people's names to managers only.
   */
  personName(id: string | null | undefined): string;
  /** False where `personName` can only say `unknownPerson`. */
  knowsName(id: string): boolean;
  ready: boolean;
}

/** Teams, equipment and (for those allowed) people, to turn the ids requests carry into names. */
export function useDirectory(): Directory {
  const trpc = useTRPC();
  const { user } = useSignedInSession();
  const teams = useQuery(trpc.teams.list.queryOptions({ limit: pageSize }, { staleTime: 60_000 }));
  const equipment = useQuery(trpc.equipment.list.queryOptions({ limit: pageSize }, { staleTime: 60_000 }));
  const people = useQuery(
    trpc.users.list.queryOptions(
      { limit: pageSize },
      { staleTime: 60_000, enabled: can(user.role, 'listUsers') },
    ),
  );
  return useMemo(() => {
    const teamItems = teams.data?.items ?? [];
    const equipmentItems = equipment.data?.items ?? [];
    const names = new Map((people.data?.items ?? []).map((person) => [person.id, person.name]));
    names.set(user.id, names.get(user.id) ?? `${user.name} (you)`);
    return {
      teams: teamItems,
      equipment: equipmentItems,
      team: (id) => teamItems.find((team) => team.id === id),
      equipmentById: (id) => equipmentItems.find((item) => item.id === id),
      personName: (id) => (id ? (names.get(id) ?? unknownPerson) : 'Unassigned'),
      knowsName: (id) => names.has(id),
      ready: teams.isSuccess && equipment.isSuccess,
    };
  }, [teams.data, teams.isSuccess, equipment.data, equipment.isSuccess, people.data, user]);
}
