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

/** A company with an admin, an employee, two technicians (one on the team, one not), a team and equipment. */
export interface CompanyFixture {
  companyId: string;
  admin: FixtureUser;
  employee: FixtureUser;
  technician: FixtureUser;
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
  const admin = await makeUser('admin', `${name} Admin`, 'admin');
  const employee = await makeUser('employee', `${name} Employee`, 'employee');
  const technician = await makeUser('tech', `${name} Tech`, 'technician');
  const outsider = await makeUser('outsider', `${name} Outsider`, 'technician');
  const team = await Team.create({ name: 'Electrical', company: company._id, members: [technician.id] });
  const equipment = await Equipment.create({
    name: 'Main Switchboard',
    serialNumber: 'MSB-1',
    company: company._id,
    team: team._id as Types.ObjectId,
  });
  return {
    companyId: company.id,
    admin,
    employee,
    technician,
    outsider,
    teamId: team.id,
    teamName: team.name,
    equipmentId: equipment.id,
  };
}
