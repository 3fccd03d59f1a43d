import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { equipmentSchema } from '../../../packages/db/src/models/equipment.model.ts';
import { teamSchema } from '../../../packages/db/src/models/team.model.ts';
import { userSchema } from '../../../packages/db/src/models/user.model.ts';
import { companyData, companyRoster } from './company-data.ts';
import { seededRandom } from './seeded-random.ts';

const company = companyData({
  index: 3,
  random: seededRandom(7),
  passwordHash: '$2b$04$hash',
  historyStart: new Date('2024-03-01T00:00:00Z'),
});

describe('companyData', () => {
  it('has people of every role, with unique emails and the one password hash', () => {
    expect(company.people.admin).toHaveLength(companyRoster.admins);
    expect(company.people.manager).toHaveLength(companyRoster.managers);
    expect(company.people.technician).toHaveLength(companyRoster.technicians);
    expect(company.people.employee).toHaveLength(companyRoster.employees);
    const emails = company.docs.users.map((user) => user.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(company.docs.users.every((user) => user.passwordHash === '$2b$04$hash')).toBe(true);
  });

  it('puts every technician in a team of three or four, some in two teams', () => {
    expect(company.teams).toHaveLength(companyRoster.teams);
    for (const team of company.teams) expect(team.members.length).toBeGreaterThanOrEqual(3);
    for (const team of company.teams) expect(team.members.length).toBeLessThanOrEqual(4);
    const teamsOf = (id: mongoose.Types.ObjectId) =>
      company.teams.filter((t) => t.members.some((m) => m.equals(id)));
    expect(company.people.technician.every((tech) => teamsOf(tech.id).length >= 1)).toBe(true);
    expect(company.people.technician.filter((tech) => teamsOf(tech.id).length === 2).length).toBeGreaterThan(
      0,
    );
    // The technician the benchmark signs in as sees two teams' work.
    expect(teamsOf(company.people.technician[0]?.id as mongoose.Types.ObjectId)).toHaveLength(2);
  });

  it('gives each piece of equipment a team whose member is its default technician', () => {
    expect(company.docs.equipment).toHaveLength(companyRoster.equipment);
    for (const item of company.docs.equipment) {
      const team = company.teams.find((t) => t.id.equals(item.team as never));
      expect(team?.members.some((m) => m.equals(item.defaultTechnician as never))).toBe(true);
    }
  });

  it('makes documents the models accept as they are', async () => {
    const models = new mongoose.Mongoose();
    const check = async (name: string, schema: mongoose.Schema, docs: Record<string, unknown>[]) => {
      const Model = models.model(name, schema);
      for (const doc of docs) await expect(new Model(doc).validate()).resolves.toBeUndefined();
    };
    await check('User', userSchema, company.docs.users);
    await check('MaintenanceTeam', teamSchema, company.docs.teams);
    await check('Equipment', equipmentSchema, company.docs.equipment);
  });
});
