import type { Directory, Equipment, Team } from '../directory/use-directory.ts';

/**
 * The teams a request on this equipment may go to: the equipment's own team when it has one (the team that
 * maintains it), any team otherwise.
 */
export function teamsFor(directory: Directory, equipment: Equipment | undefined): Team[] {
  if (!equipment) return [];
  const own = directory.team(equipment.team);
  return own ? [own] : directory.teams;
}

/** The technicians a request of this team may be assigned to: its members (the API refuses anyone else). */
export function techniciansFor(team: Team | undefined): string[] {
  return team ? [...team.members] : [];
}

/** The technician to preselect: the equipment's default one when that person is on the team. */
export function defaultTechnician(equipment: Equipment | undefined, team: Team | undefined): string {
  const preferred = equipment?.defaultTechnician;
  return preferred && team?.members.includes(preferred) ? preferred : (team?.members[0] ?? '');
}

/**
 * How to name a technician in a picker. Names come from `users.list`, which only managers may call; others see the
 * equipment's default technician named as such and other members told apart by position.
 */
export function technicianLabel(
  directory: Directory,
  id: string,
  position: number,
  equipment: Equipment | undefined,
): string {
  if (directory.knowsName(id)) return directory.personName(id);
  if (id === equipment?.defaultTechnician) return `Default technician of ${equipment.name}`;
  return `Team member ${position + 1}`;
}
