import type { UserRole } from '@fixstream/db';
import type { Types } from 'mongoose';
import { objectIdAt } from './ids-at.ts';
import type { SeededRandom } from './seeded-random.ts';

/** How many of each a company of the read benchmark has: a mid-sized site with one maintenance department. */
export const companyRoster = {
  admins: 1,
  managers: 3,
  technicians: 30,
  employees: 100,
  teams: 10,
  equipment: 200,
} as const;

const teamNames = [
  'Mechanical',
  'Electrical',
  'HVAC',
  'Plumbing',
  'Instrumentation',
  'Facilities',
  'Vehicles',
  'Production line A',
  'Production line B',
  'Safety',
];
const equipmentKinds = [
  'Pump',
  'Compressor',
  'Conveyor',
  'Boiler',
  'Chiller',
  'Forklift',
  'Press',
  'Lathe',
  'Generator',
  'Air handler',
];

export interface ReadsPerson {
  id: Types.ObjectId;
  email: string;
  role: UserRole;
}

/** One company's people, teams and equipment: the documents to insert, and the ids requests refer to. */
export interface ReadsCompany {
  index: number;
  id: Types.ObjectId;
  name: string;
  people: Record<UserRole, ReadsPerson[]>;
  teams: { id: Types.ObjectId; name: string; members: Types.ObjectId[] }[];
  equipment: { id: Types.ObjectId; name: string; kind: string; team: Types.ObjectId }[];
  /** For the models' `insertMany` (mongoose fills the defaults, as when the API creates them). */
  docs: {
    company: Record<string, unknown>;
    users: Record<string, unknown>[];
    teams: Record<string, unknown>[];
    equipment: Record<string, unknown>[];
  };
}

/**
 * A company as it stands after years of use: every role, teams of three or four technicians (a few technicians in
 * two teams), equipment each maintained by a team. Everyone has `passwordHash`, so the bench signs in as any of
 * them. Records are dated before `historyStart`, when the first request of the history was made.
 */
export function companyData(opts: {
  index: number;
  random: SeededRandom;
  passwordHash: string;
  historyStart: Date;
}): ReadsCompany {
  const { index, random, passwordHash } = opts;
  const createdAt = new Date(opts.historyStart.getTime() - 30 * 86_400_000);
  const stamp = () => ({ createdAt, updatedAt: createdAt });
  const id = objectIdAt(createdAt, random);
  const name = `Reads Company ${index}`;
  const domain = `reads-company-${index}.bench.test`;

  const roles: [UserRole, number][] = [
    ['admin', companyRoster.admins],
    ['manager', companyRoster.managers],
    ['technician', companyRoster.technicians],
    ['employee', companyRoster.employees],
  ];
  const people = { admin: [], manager: [], technician: [], employee: [] } as Record<UserRole, ReadsPerson[]>;
  const users: Record<string, unknown>[] = [];
  for (const [role, count] of roles) {
    for (let n = 1; n <= count; n++) {
      const person = { id: objectIdAt(createdAt, random), email: `${role}-${n}@${domain}`, role };
      people[role].push(person);
      users.push({
        _id: person.id,
        name: `${capitalized(role)} ${n} of company ${index}`,
        email: person.email,
        passwordHash,
        role,
        company: id,
        active: true,
        ...stamp(),
      });
    }
  }

  const technicians = people.technician.map((person) => person.id);
  const perTeam = Math.floor(technicians.length / companyRoster.teams);
  const teams = teamNames.slice(0, companyRoster.teams).map((teamName, t) => {
    const members = technicians.slice(t * perTeam, (t + 1) * perTeam);
    // Every other team lends its first technician to the next team too.
    const lent = t % 2 === 1 ? technicians[(t - 1) * perTeam] : undefined;
    if (lent) members.push(lent);
    return { id: objectIdAt(createdAt, random), name: teamName, members };
  });

  const equipment = Array.from({ length: companyRoster.equipment }, (_, i) => {
    const kind = equipmentKinds[i % equipmentKinds.length] as string;
    const team = teams[i % teams.length] as (typeof teams)[number];
    return {
      id: objectIdAt(createdAt, random),
      name: `${kind} ${Math.floor(i / equipmentKinds.length) + 1}`,
      kind,
      team: team.id,
      defaultTechnician: team.members[0] ?? null,
      serialNumber: `SN-${index}-${String(i + 1).padStart(5, '0')}`,
      location: `Building ${'ABCD'[random.int(4)]}, floor ${random.int(3) + 1}`,
      preventiveIntervalDays: random.pick([null, 30, 90, 180]),
    };
  });

  return {
    index,
    id,
    name,
    people,
    teams,
    equipment: equipment.map(({ id: equipmentId, name: equipmentName, kind, team }) => ({
      id: equipmentId,
      name: equipmentName,
      kind,
      team,
    })),
    docs: {
      company: { _id: id, name, ...stamp() },
      users,
      teams: teams.map((team) => ({
        _id: team.id,
        name: team.name,
        members: team.members,
        company: id,
        ...stamp(),
      })),
      equipment: equipment.map((item) => ({
        _id: item.id,
        name: item.name,
        serialNumber: item.serialNumber,
        location: item.location,
        category: item.kind,
        team: item.team,
        defaultTechnician: item.defaultTechnician,
        preventiveIntervalDays: item.preventiveIntervalDays,
        company: id,
        ...stamp(),
      })),
    },
  };
}

function capitalized(word: string): string {
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}
