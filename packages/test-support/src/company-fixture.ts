import { randomUUID } from 'node:crypto';
import {
  createPasswordHasher,
  type Database,
  type PasswordHasher,
  type RequestStatus,
  type RequestType,
  type UserRole,
} from '@fixstream/db';

/** One person of a fixture company: what a test needs to find, name or sign them in. */
export interface FixturePerson {
  id: string;
  name: string;
  email: string;
  /** The password in clear; the database holds its hash. */
  password: string;
  role: UserRole;
}

/** How to make one person. Whatever is left out follows from the role and the company (see {@link createCompany}). */
export interface PersonOptions {
  /** A handle for the person: the local part of the default email and the stem of the default password. */
  key?: string;
  name?: string;
  email?: string;
  password?: string;
}

/** How to make one piece of equipment. */
export interface EquipmentOptions {
  name?: string;
  serialNumber?: string;
  location?: string | null;
  category?: string | null;
  /** Maintained by the company's team. Default true. */
  onTeam?: boolean;
  /** Index in `technicians` of its default technician, or null for none. Default 0: the first technician. */
  defaultTechnician?: number | null;
  preventiveIntervalDays?: number | null;
}

export interface CompanyOptions {
  /** Unique within a database. Default `Company <8 random hex digits>`. */
  name?: string;
  /** Domain of everyone's default email. Default from the name: `Acme Corp` → `acme-corp.example`. */
  emailDomain?: string;
  admin?: PersonOptions;
  manager?: PersonOptions;
  employee?: PersonOptions;
  /** The team's members: how many (default 2), or one entry each. */
  technicians?: number | PersonOptions[];
  /** Technicians of the company on no team: how many (default 0), or one entry each. */
  outsiders?: number | PersonOptions[];
  /** Name of the maintenance team. Default `Maintenance`. */
  teamName?: string;
  /** How many pieces (default 1), or one entry each. */
  equipment?: number | EquipmentOptions[];
  /** Hashes the passwords. Default bcrypt at cost 4: the production format, cheaply. */
  passwords?: PasswordHasher;
}

export interface FixtureEquipment {
  id: string;
  name: string;
  serialNumber: string;
  location: string | null;
  teamId: string | null;
  defaultTechnicianId: string | null;
}

/** What {@link createCompany} made: ids as strings, people with their passwords in clear. */
export interface CompanyFixture {
  companyId: string;
  name: string;
  emailDomain: string;
  admin: FixturePerson;
  manager: FixturePerson;
  employee: FixturePerson;
  /** The team's members, in the order asked for. */
  technicians: FixturePerson[];
  /** Technicians on no team. */
  outsiders: FixturePerson[];
  team: { id: string; name: string; memberIds: string[] };
  equipment: FixtureEquipment[];
  /** Everyone above: admin, manager, employee, technicians, outsiders. */
  people: FixturePerson[];
}

const cheapPasswords = createPasswordHasher(4);

/**
 * Creates, in `db`, a company with its people and the records requests need, as the API would store them: an
 * admin, a manager and an employee, technicians who are the members of one maintenance team, technicians on no
 * team, and equipment (by default maintained by that team, with the first technician as default technician).
 * Every password is hashed, so anyone can sign in through the API with the email and password returned.
 *
 * Defaults, for a company named `Acme`: people are `Acme Admin`, `Acme Manager`, `Acme Employee`, `Acme Tech 1`…,
 * `Acme Outsider 1`…, with the keys `admin`, `manager`, `employee`, `tech1`…, `outsider1`…; a person's email is
 * `<key>@acme.example` and their password `<key>-password`. Tests that check what a person sees (a name in a
 * mail) pass the names; tests that need a fresh company per case leave the company name out.
 */
export async function createCompany(db: Database, options: CompanyOptions = {}): Promise<CompanyFixture> {
  const { Company, User, Team, Equipment } = db.models;
  const name = options.name ?? `Company ${randomUUID().slice(0, 8)}`;
  const emailDomain = options.emailDomain ?? `${slug(name)}.example`;
  const passwords = options.passwords ?? cheapPasswords;

  const person = (role: UserRole, given: PersonOptions, key: string, title: string) => {
    const personKey = given.key ?? key;
    return {
      role,
      key: personKey,
      name: given.name ?? `${name} ${title}`,
      email: given.email ?? `${personKey}@${emailDomain}`,
      password: given.password ?? `${personKey}-password`,
    };
  };
  const technicianSpecs = several(options.technicians, 2).map((given, i) =>
    person('technician', given, `tech${i + 1}`, `Tech ${i + 1}`),
  );
  const outsiderSpecs = several(options.outsiders, 0).map((given, i) =>
    person('technician', given, `outsider${i + 1}`, `Outsider ${i + 1}`),
  );
  const specs = [
    person('admin', options.admin ?? {}, 'admin', 'Admin'),
    person('manager', options.manager ?? {}, 'manager', 'Manager'),
    person('employee', options.employee ?? {}, 'employee', 'Employee'),
    ...technicianSpecs,
    ...outsiderSpecs,
  ];

  const equipmentSpecs = several(options.equipment, 1);
  const defaultTechnicianIndex = (given: EquipmentOptions) =>
    given.defaultTechnician === undefined ? (technicianSpecs.length > 0 ? 0 : null) : given.defaultTechnician;
  for (const [i, given] of equipmentSpecs.entries()) {
    const index = defaultTechnicianIndex(given);
    if (index !== null && !technicianSpecs[index])
      throw new Error(`equipment ${i} names technician ${index}, but there are ${technicianSpecs.length}`);
  }

  const company = await Company.create({ name });
  const hashes = await Promise.all(specs.map((spec) => passwords.hash(spec.password)));
  const users = await User.insertMany(
    specs.map((spec, i) => ({
      name: spec.name,
      email: spec.email,
      role: spec.role,
      company: company._id,
      passwordHash: hashes[i],
    })),
  );
  const people: FixturePerson[] = specs.map((spec, i) => ({
    id: String(users[i]?._id),
    name: spec.name,
    email: spec.email.toLowerCase(),
    password: spec.password,
    role: spec.role,
  }));
  const [admin, manager, employee] = people as [FixturePerson, FixturePerson, FixturePerson];
  const technicians = people.slice(3, 3 + technicianSpecs.length);
  const outsiders = people.slice(3 + technicianSpecs.length);

  const teamName = options.teamName ?? 'Maintenance';
  const memberIds = technicians.map((technician) => technician.id);
  const team = await Team.create({ name: teamName, company: company._id, members: memberIds });

  const equipmentRows = equipmentSpecs.map((given, i) => {
    const technicianIndex = defaultTechnicianIndex(given);
    const defaultTechnician = technicianIndex === null ? null : technicians[technicianIndex];
    return {
      name: given.name ?? `Equipment ${i + 1}`,
      serialNumber: given.serialNumber ?? `EQ-${i + 1}`,
      location: given.location ?? null,
      category: given.category ?? null,
      team: (given.onTeam ?? true) ? team.id : null,
      defaultTechnician: defaultTechnician?.id ?? null,
      preventiveIntervalDays: given.preventiveIntervalDays ?? null,
      company: company.id,
    };
  });
  const stored = await Equipment.insertMany(equipmentRows);
  const equipment = equipmentRows.map(
    (row, i): FixtureEquipment => ({
      id: String(stored[i]?._id),
      name: row.name,
      serialNumber: row.serialNumber,
      location: row.location,
      teamId: row.team,
      defaultTechnicianId: row.defaultTechnician,
    }),
  );

  return {
    companyId: company.id,
    name,
    emailDomain,
    admin,
    manager,
    employee,
    technicians,
    outsiders,
    team: { id: team.id, name: teamName, memberIds },
    equipment,
    people,
  };
}

/** What {@link createRequest} may set; the rest comes from the company. */
export interface RequestOptions {
  subject?: string;
  description?: string | null;
  type?: RequestType;
  status?: RequestStatus;
  priority?: number;
  scheduledDate?: Date | null;
  duration?: number | null;
  /** Default: now for a request repaired or scrapped (the API sets it on the move), else null. */
  closedAt?: Date | null;
  /** Default: the company's first equipment. */
  equipmentId?: string;
  /** Default: the company's team. */
  teamId?: string;
  /** Default: the first technician; null for a request assigned to nobody. */
  assignedTechnicianId?: string | null;
  /** Default: the employee. */
  requestedById?: string;
}

/** A request {@link createRequest} stored, by ids. */
export interface FixtureRequest {
  id: string;
  subject: string;
  type: RequestType;
  status: RequestStatus;
  companyId: string;
  equipmentId: string;
  teamId: string;
  assignedTechnicianId: string | null;
  requestedById: string;
}

/**
 * Stores one maintenance request of `company`, as it stands once every event about it has been handled: no
 * outbox, nothing owed. Tests that hand a function an event about it build the event themselves; requests whose
 * events are still owed come from `insertRequests` (or through the API).
 */
export async function createRequest(
  db: Database,
  company: CompanyFixture,
  options: RequestOptions = {},
): Promise<FixtureRequest> {
  const equipmentId = options.equipmentId ?? company.equipment[0]?.id;
  if (!equipmentId) throw new Error(`company ${company.name} has no equipment to make a request about`);
  const assignedTechnicianId =
    options.assignedTechnicianId === undefined
      ? (company.technicians[0]?.id ?? null)
      : options.assignedTechnicianId;
  const fields = {
    subject: options.subject ?? `Request of ${company.name}`,
    type: options.type ?? 'corrective',
    status: options.status ?? 'new',
    companyId: company.companyId,
    equipmentId,
    teamId: options.teamId ?? company.team.id,
    assignedTechnicianId,
    requestedById: options.requestedById ?? company.employee.id,
  } satisfies Omit<FixtureRequest, 'id'>;
  const request = await db.models.Request.create({
    subject: fields.subject,
    description: options.description ?? null,
    type: fields.type,
    status: fields.status,
    priority: options.priority ?? 1,
    scheduledDate: options.scheduledDate ?? null,
    duration: options.duration ?? null,
    closedAt:
      options.closedAt === undefined
        ? fields.status === 'repaired' || fields.status === 'scrap'
          ? new Date()
          : null
        : options.closedAt,
    equipment: fields.equipmentId,
    maintenanceTeam: fields.teamId,
    assignedTechnician: fields.assignedTechnicianId,
    requestedBy: fields.requestedById,
    company: fields.companyId,
  });
  return { id: request.id, ...fields };
}

/** `count` entries of defaults, or the entries given. */
function several<T extends object>(given: number | T[] | undefined, count: number): T[] {
  return typeof given === 'object' ? given : Array.from({ length: given ?? count }, () => ({}) as T);
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/\W+/g, '-')
    .replace(/^-+|-+$/g, '');
}
