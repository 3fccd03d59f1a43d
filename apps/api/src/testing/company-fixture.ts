import type { UserRole } from '@fixstream/db';
import type { Types } from 'mongoose';
import type { TestApi } from './test-deps.ts';

interface FixtureUser {
  id: string;
  email: string;
  password: string;
  name: string;
  token: string;
}

/**
 * A company with one user per role (the technician and a teammate on the team, an outsider technician not on it),
 * a team and equipment.
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

export async function createCompanyFixture(api: TestApi, name: string): Promise<CompanyFixture> {
  const { Company, User, Team, Equipment } = api.db.models;
  const company = await Company.create({ name });
  const slug = name.toLowerCase().replace(/\W+/g, '-');
  const makeUser = async (key: string, displayName: string, role: UserRole): Promise<FixtureUser> => {
    const password = `${key}-password`;
    const email = `${key}@${slug}.example`;
    const user = await User.create({
      name: displayName,
      email,
      role,
      company: company._id,
      passwordHash: await api.deps.passwords.hash(password),
    });
    const { token } = await api.deps.tokens.sign({ userId: user.id, companyId: company.id });
    return { id: user.id, email, password, name: displayName, token };
  };
  const [admin, manager, employee, technician, teammate, outsider] = await Promise.all([
    makeUser('admin', `${name} Admin`, 'admin'),
    makeUser('manager', `${name} Manager`, 'manager'),
    makeUser('employee', `${name} Employee`, 'employee'),
    makeUser('tech', `${name} Tech`, 'technician'),
    makeUser('teammate', `${name} Teammate`, 'technician'),
    makeUser('outsider', `${name} Outsider`, 'technician'),
  ]);
  const team = await Team.create({
    name: 'Electrical',
    company: company._id,
    members: [technician.id, teammate.id],
  });
  const equipment = await Equipment.create({
    name: 'Main Switchboard',
    serialNumber: 'MSB-1',
    company: company._id,
    team: team._id as Types.ObjectId,
  });
  return {
    companyId: company.id,
    admin,
    manager,
    employee,
    technician,
    teammate,
    outsider,
    teamId: team.id,
    teamName: team.name,
    equipmentId: equipment.id,
  };
}
