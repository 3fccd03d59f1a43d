import { createCompany, type FixturePerson } from '@fixstream/test-support';
import type { TestApi } from './test-deps.ts';

/** A person of the fixture with a session token the test API accepts. */
export interface FixtureUser extends FixturePerson {
  token: string;
}

/**
 * A company with one user per role (the technician and a teammate on the team, an outsider technician not on it),
 * a team and equipment, each user signed in.
 */
export interface CompanyFixture {
  companyId: string;
  admin: FixtureUser;
  manager: FixtureUser;
  employee: FixtureUser;
  technician: FixtureUser;
  teammate: FixtureUser;
  outsider: FixtureUser;
  teamId: string;
  teamName: string;
  equipmentId: string;
}

/**
 * The shared fixture company (`createCompany`) as the router tests name its people, with the API's own password
 * hasher and a token from its token service for each user: users `admin`, `manager`, `employee`, `tech`,
 * `teammate` and `outsider` at `<name>.example`, team `Electrical`, equipment `Main Switchboard` on that team.
 */
export async function createCompanyFixture(api: TestApi, name: string): Promise<CompanyFixture> {
  const company = await createCompany(api.db, {
    name,
    passwords: api.deps.passwords,
    technicians: [
      { key: 'tech', name: `${name} Tech` },
      { key: 'teammate', name: `${name} Teammate` },
    ],
    outsiders: [{ key: 'outsider', name: `${name} Outsider` }],
    teamName: 'Electrical',
    equipment: [{ name: 'Main Switchboard', serialNumber: 'MSB-1', defaultTechnician: null }],
  });
  const signIn = async (person: FixturePerson | undefined): Promise<FixtureUser> => {
    if (!person) throw new Error(`the fixture company ${name} lacks a person`);
    const { token } = await api.deps.tokens.sign({ userId: person.id, companyId: company.companyId });
    return { ...person, token };
  };
  const [admin, manager, employee, technician, teammate, outsider] = await Promise.all(
    [
      company.admin,
      company.manager,
      company.employee,
      company.technicians[0],
      company.technicians[1],
      company.outsiders[0],
    ].map(signIn),
  );
  const [equipment] = company.equipment;
  if (!admin || !manager || !employee || !technician || !teammate || !outsider || !equipment)
    throw new Error(`the fixture company ${name} is incomplete`);
  return {
    companyId: company.companyId,
    admin,
    manager,
    employee,
    technician,
    teammate,
    outsider,
    teamId: company.team.id,
    teamName: company.team.name,
    equipmentId: equipment.id,
  };
}
